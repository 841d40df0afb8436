"""Values as a damaged notes file gives them to the rescue (:mod:`.rescue`, :mod:`.rescue_agenda`):
text whose bytes are not UTF-8 is kept with the bad bytes replaced and marked as mended, and a
number or a blob where text belongs is read as text, so that reading a row never raises.
"""

from __future__ import annotations

from typing import Any

from mxdesk.core.i18n import N_

#: One row as the rescue reads it: (rowid, the columns it asked for…).
Row = tuple[Any, ...]
#: What a problem says of a record whose text had to be mended.
MENDED = N_("its text was not valid UTF-8; unreadable bytes replaced by �")


class Mended(str):
    """Text whose stored bytes were not UTF-8: each bad sequence was replaced by U+FFFD."""

    __slots__ = ()


def decode(raw: bytes) -> str:
    """The rescue connection's text factory: UTF-8 *raw* as text; never raises, and returns a
    :class:`Mended` text when it had to replace bytes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Mended(raw.decode("utf-8", errors="replace"))


def text(value: object) -> str:
    """A stored value as text ("" for NULL), whatever SQLite holds in the column (a damaged
    file can put a number or a blob where text belongs); a :class:`Mended` one stays so."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return decode(value)
    return value if isinstance(value, str) else str(value)


def mended(values: list[str]) -> bool:
    """Whether any of *values* (from :func:`text`) had bytes replaced."""
    return any(isinstance(v, Mended) for v in values)


def row_id(value: object) -> int | None:
    """*value* when it is a whole number (an id), else None (NULL, text, a float…)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
