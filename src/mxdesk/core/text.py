"""Text folding shared by the build and the lookups: case- and accent-insensitive keys."""

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Return *text* without accents, case or punctuation, words separated by one space.

    >>> fold("  Querétaro ")
    'queretaro'
    >>> fold("IT@Baja")
    'it baja'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def slug(text: str) -> str:
    """Return an ASCII slug of *text*: ``"Nuevo León"`` becomes ``"nuevo-leon"``."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    return "-".join(ascii_text.split())
