"""Text folding shared by the build and the lookups: case- and accent-insensitive keys."""

import functools
import re
import unicodedata
from collections.abc import Sequence

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


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where in *text* a word starts with one of the folded *terms*: ``[(start, end), ...]``.

    Offsets are in the original text, so "Querétaro" is highlighted whole for "queretaro".

    >>> match_spans("Clúster Querétaro", ["queret"])
    [(8, 14)]
    """
    if not terms:
        return []
    if text.isascii():
        # (Most cells: folding is lower-casing, one character for one.)
        flat = text.lower()
        origin: Sequence[int] = range(len(text))
    else:
        folded: list[str] = []
        origin = []
        for index, ch in enumerate(text):
            for out in _fold_char(ch):
                folded.append(out)
                origin.append(index)
        flat = "".join(folded)
    spans: list[tuple[int, int]] = []
    for pos, ch in enumerate(flat):
        if not ch.isalnum() or (pos > 0 and flat[pos - 1].isalnum()):
            continue
        best = max((len(t) for t in terms if t and flat.startswith(t, pos)), default=0)
        if best:
            spans.append((origin[pos], origin[pos + best - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
