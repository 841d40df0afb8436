"""What can go wrong with the notes file, told apart: damage, a lock, a permission, a full disk.

Only :class:`CorruptStoreError` ever moves a file aside, and only when SQLite itself reports the
file corrupt. Every other failure leaves the file where it is and says what is in the way.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext

# SQLite's primary result codes (https://sqlite.org/rescode.html); an extended code's low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_AUTH = 23
SQLITE_NOTADB = 26


class StoreError(MxdeskError):
    """The notes file cannot be read or written (disk full, permissions, locked too long)."""


class StoreBusyError(StoreError):
    """Another program or window holds a lock on the notes file; nothing was changed."""


class ReadOnlyStoreError(StoreError):
    """The notes can be read but not written here (read-only folder, file or media)."""


class DiskFullError(StoreError):
    """The disk (or the user's quota) is full: nothing of the change was written."""


class UnreadableStoreError(StoreError):
    """The notes file exists but cannot be read (permissions, another account's file)."""


class CorruptStoreError(StoreError):
    """SQLite reports the notes file corrupt; it was moved aside (never deleted)."""

    def __init__(self, moved_to: Path, newest_backup: Path | None, detail: str) -> None:
        self.moved_to = moved_to
        self.newest_backup = newest_backup
        if newest_backup:
            message = _("the notes file was damaged ({detail}); it was moved to {moved_to}; "
                        "the newest good backup is {backup}").format(
                            detail=detail, moved_to=moved_to, backup=newest_backup.name)
        else:
            message = _("the notes file was damaged ({detail}); it was moved to {moved_to}; "
                        "there is no backup to restore").format(detail=detail,
                                                                moved_to=moved_to)
        super().__init__(message)


class RecoveryNeededError(StoreError):
    """There is no usable notes file, but traces of one exist: its journal, a damaged or
    moved-aside copy, or backups. Nothing is started empty until the user chooses.

    *leftovers* are the files found; *newest_backup* the newest sound backup of a schema this
    mxdesk reads (None when there is none); *recovered* a notes file rebuilt from a journal
    left without its database (None when there was none or it could not be rebuilt).
    """

    def __init__(self, path: Path, leftovers: list[Path], newest_backup: Path | None,
                 recovered: Path | None) -> None:
        self.path = path
        self.leftovers = leftovers
        self.newest_backup = newest_backup
        self.recovered = recovered
        names = ", ".join(p.name for p in leftovers[:4]) + (" …" if len(leftovers) > 4 else "")
        offer = (_("the newest good backup is {backup}").format(backup=newest_backup.name)
                 if newest_backup else _("there is no sound backup"))
        # Translators: {names} are the files found (one or more); {offer} says whether there
        # is a backup. The command `mxdesk notes restore --newest` stays as it is.
        super().__init__(ngettext(
            "the notes file {path} is missing or empty, but {names} is there; {offer}. Nothing "
            "was started empty: open the window to choose, or run `mxdesk notes restore "
            "--newest`",
            "the notes file {path} is missing or empty, but {names} are there; {offer}. "
            "Nothing was started empty: open the window to choose, or run `mxdesk notes "
            "restore --newest`", len(leftovers)).format(path=path, names=names, offer=offer))


def result_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code of an error (0 when the error carries none)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return int(code) & 0xFF if isinstance(code, int) else 0


def is_corrupt(exc: sqlite3.Error) -> bool:
    """True only when SQLite says the file is damaged or not a database at all."""
    return result_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def is_busy(exc: sqlite3.Error) -> bool:
    """True when SQLite says another connection holds a lock (SQLITE_BUSY or SQLITE_LOCKED)."""
    return result_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED)


def write_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """The user's message for a write that SQLite refused; nothing of it was written."""
    code = result_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusyError(_(
            "the notes file {path} is busy (another program or mxdesk window holds it); nothing "
            "of this change was written; everything saved before is intact").format(path=path))
    if code == SQLITE_FULL:
        return DiskFullError(_(
            "could not save to {path}: the disk is full; nothing of this change was written; "
            "everything saved before is intact").format(path=path))
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH):
        return ReadOnlyStoreError(_(
            "could not save to {path}: it cannot be written (read-only file, folder or media); "
            "nothing of this change was written; everything saved before is intact").format(
                path=path))
    # Translators: {reason} is SQLite's own message, in English.
    return StoreError(_(
        "could not save to {path}: {reason}; nothing of this change was written; everything "
        "saved before is intact").format(path=path, reason=exc))


def os_error(exc: OSError, what: str) -> StoreError:
    """The user's message for an operating-system refusal (*what* says what was tried)."""
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        # Translators: {what} says what was tried ("could not back up the notes to …"),
        # {reason} is the system's own words.
        return ReadOnlyStoreError(_("{what}: {reason} (read-only folder or media)").format(
            what=what, reason=exc.strerror or exc))
    if exc.errno == errno.ENOSPC:
        return DiskFullError(_("{what}: the disk is full").format(what=what))
    return StoreError(_("{what}: {reason}").format(what=what, reason=exc.strerror or exc))
