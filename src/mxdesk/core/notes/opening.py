"""Opening the notes file only as far as it safely can be, and migrating it to this schema.

Opening tells apart what stands in the way (:mod:`mxdesk.core.notes.errors`): a file SQLite
reports corrupt is moved aside and the newest sound backup offered; a lock is waited for, then
reported as busy; a file or folder that cannot be written is opened read-only, with writes
refused in one clear line; a missing or empty file is only started afresh when nothing of an
earlier one (its journal, a damaged copy, backups) is left, or when the caller says so.

:class:`NotesFile` does the checks and makes the connection; :func:`open_store` then migrates
the file through the store (a migration backs the file up first) and tidies its backups. When
the file does not open, the functions at the end list and restore its backups (recovery at
start), with no store open.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import tempfile
from contextlib import suppress
from pathlib import Path

from mxdesk.core import paths
from mxdesk.core.i18n import _
from mxdesk.core.notes import backups as bk
from mxdesk.core.notes.errors import (
    CorruptStoreError,
    ReadOnlyStoreError,
    RecoveryNeededError,
    StoreBusyError,
    StoreError,
    UnreadableStoreError,
    is_busy,
    is_corrupt,
    result_code,
)
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.schema import MIGRATIONS, NOTES_SCHEMA_VERSION, REBUILDS
from mxdesk.core.notes.stored_text import decode

log = logging.getLogger("mxdesk.notes")

STORE_NAME = "notes.db"
#: Less free space than this, and a notes file is opened read-only (SQLite needs room for its
#: journal's index and a transaction's pages; a 4 KB page and 32 KB index are the least).
DISK_FULL_BYTES = 256 * 1024
#: What SQLite says when a WAL file's shared-memory index cannot be made beside it (read-only
#: media gives CANTOPEN, a folder the user may not write READONLY): then the file is read
#: as immutable, which needs no index. (14, 8, 10: SQLITE_CANTOPEN, SQLITE_READONLY, and
#: SQLITE_IOERR; errors.py names them.)
_NO_SHM = (14, 8, 10)


def default_path() -> Path:
    """The notes file in the user's data folder (:func:`mxdesk.core.paths.user_data_dir`)."""
    return paths.user_data_dir() / STORE_NAME


def _disk_full(folder: Path) -> bool:
    """True when the disk holding *folder* has no room left for SQLite to work in."""
    try:
        return shutil.disk_usage(folder).free < DISK_FULL_BYTES
    except OSError:
        return False


def _stamp() -> str:
    """The UTC time to the second, as the names of files moved aside carry it."""
    return dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def leftovers(path: Path) -> list[Path]:
    """What an earlier notes file left beside *path*: a journal, damaged, moved-aside or
    recovered copies, unsaved drafts, backups (the newest stands for all). Newest first."""
    found: list[Path] = []
    wal = Path(f"{path}-wal")
    with suppress(OSError):
        if wal.exists() and wal.stat().st_size > 0:
            found.append(wal)
    patterns = (f"{path.name}.damaged-*", f"{path.name}.before-restore-*",
                f"{path.name}.recovered-*", f"{path.name}-wal.orphan-*",
                f"{path.name}.drafts.json")
    for pattern in patterns:
        found.extend(p for p in path.parent.glob(pattern) if not p.name.endswith(("-shm",)))
    newest = bk.backup_files(path.parent / bk.BACKUP_FOLDER)
    if newest:
        found.append(newest[0][1])
    return found


class NotesFile:
    """The notes file on disk, checked and connected to as far as it safely can be.

    Attributes:
        path: the notes file; backup_dir: its backups' folder.
        busy_timeout_ms: how long opening waits for another program's lock (ms).
        read_only: why it cannot be written here ("" when it can), found by :meth:`connect`.
        read_path: where it is read from: *path*, or a private copy with its journal in
            *copy_dir* (removed by :meth:`close`) when its journal cannot be read in place.
    """

    def __init__(self, path: Path, backup_dir: Path, busy_timeout_ms: int) -> None:
        self.path = path
        self.backup_dir = backup_dir
        self.busy_timeout_ms = busy_timeout_ms
        self.read_only = ""
        self.read_path = path
        self.copy_dir: Path | None = None

    def connect(self, allow_new: bool) -> sqlite3.Connection:
        """Check the file and connect to it, read-only when it cannot be written; the
        connection reads text with :func:`~.stored_text.decode`. Not yet migrated.

        Raises :class:`StoreError` and its kinds (see ``NotesStore``)."""
        folder = self.path.parent
        if not folder.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(_("cannot create the data folder {folder}: {reason}").format(
                    folder=folder, reason=exc.strerror or exc)) from exc
        if not folder.is_dir():
            raise StoreError(_("cannot create the data folder {folder}: a file of that name is "
                               "in the way").format(folder=folder))
        exists = self.path.exists()
        if exists:
            self._check_readable()
        writable = os.access(folder, os.W_OK) and (not exists or os.access(self.path, os.W_OK))
        if not writable:
            self.read_only = (_("the folder {folder} cannot be written (read-only folder or "
                                "media)").format(folder=folder)
                              if not os.access(folder, os.W_OK)
                              else _("the file {path} cannot be written").format(
                                  path=self.path))
        elif exists and _disk_full(folder):
            # SQLite cannot even make the index it reads a WAL file with: read, don't write.
            self.read_only = _("the disk holding {folder} is full: free some space, then start "
                               "mxdesk again to change your notes").format(folder=folder)
        fresh = not exists or self.path.stat().st_size == 0
        if self.read_only and not fresh:
            self._read_journal_from_a_copy()
        if fresh:
            self._before_fresh(allow_new)
        else:
            self._check_integrity()
        return self._connect()

    def close(self) -> None:
        """Remove the private copy, if one was read."""
        if self.copy_dir is not None:
            shutil.rmtree(self.copy_dir, ignore_errors=True)
            self.copy_dir = None

    def _check_readable(self) -> None:
        """Permission to read, asked of the system without opening the file: closing any
        descriptor of a file drops every POSIX lock this process holds on it, SQLite's
        included (SQLite's "How To Corrupt Your Database Files", 2.2), so an open() and close()
        here while another store of this process has the file open (the window's, during
        File ▸ Import) let the next mxdesk command to close delete the journal from under it."""
        try:
            self.path.stat()
        except OSError as exc:
            raise UnreadableStoreError(_("your notes file {path} cannot be read: {reason}. "
                                         "Nothing was changed").format(
                                             path=self.path, reason=exc.strerror or exc)) \
                from exc
        if not os.access(self.path, os.R_OK, effective_ids=os.access in os.supports_effective_ids):
            raise UnreadableStoreError(_(
                "your notes file {path} cannot be read: permission denied (it may belong "
                "to another account, or its permissions were changed). Nothing was changed; "
                "mxdesk did not touch it").format(path=self.path))

    def _before_fresh(self, allow_new: bool) -> None:
        """No notes file, or an empty one: start afresh only when nothing of an earlier one is
        left (or the caller says so); a journal left alone is never handed to SQLite, which
        would delete it."""
        found = leftovers(self.path)
        wal = Path(f"{self.path}-wal")
        orphan = None
        if wal in found and not self.read_only:
            orphan = Path(f"{self.path}-wal.orphan-{_stamp()}")
            wal.replace(orphan)
            Path(f"{self.path}-shm").unlink(missing_ok=True)
            log.info("a journal without its notes file was kept as %s", orphan)
        if found and not allow_new:
            recovered = self._rebuild_from(orphan) if orphan else None
            good = bk.good_backups(self.backup_dir, NOTES_SCHEMA_VERSION)
            raise RecoveryNeededError(self.path, [orphan or p for p in found],
                                      good[0].path if good else None, recovered)
        if self.read_only:
            raise ReadOnlyStoreError(_("there is no notes file in {folder}, and {reason}; "
                                       "nothing can be stored there").format(
                                           folder=self.path.parent, reason=self.read_only))

    def _rebuild_from(self, orphan: Path) -> Path | None:
        from mxdesk.core.notes import wal

        out = self.path.with_name(f"{self.path.name}.recovered-{_stamp()}")
        try:
            return out if wal.rebuild(orphan, out) else None
        except OSError as exc:
            log.warning("could not rebuild the notes from %s: %s", orphan, exc)
            return None

    def _ro_uri(self, immutable: bool = False) -> str:
        return f"file:{self.read_path}?{'immutable=1' if immutable else 'mode=ro'}"

    def _read_journal_from_a_copy(self) -> None:
        """A read-only notes file with changes still in its journal, where SQLite cannot make
        the journal's index beside it (read-only media, a full disk): read a private copy of
        the file and its journal in the system's temporary folder, so nothing saved is
        missing."""
        wal = Path(f"{self.path}-wal")
        try:
            if not wal.exists() or wal.stat().st_size == 0:
                return
            if Path(f"{self.path}-shm").exists() and not _disk_full(self.path.parent):
                return  # SQLite reads the journal in place
            copy = Path(tempfile.mkdtemp(prefix="mxdesk-notes-"))
            shutil.copyfile(self.path, copy / self.path.name)
            shutil.copyfile(wal, copy / wal.name)
        except OSError as exc:
            log.warning("could not copy %s to read its journal: %s", self.path, exc)
            return
        self.copy_dir = copy
        self.read_path = copy / self.path.name
        log.info("reading %s and its journal from a copy in %s", self.path, copy)

    def _check_integrity(self) -> None:
        """Move the file aside only when SQLite reports it corrupt; a lock or a permission is
        reported as what it is, and the file is left where it is."""
        detail = ""
        for immutable in (False, True):
            try:
                conn = sqlite3.connect(self._ro_uri(immutable), uri=True,
                                       timeout=self.busy_timeout_ms / 1000)
                try:
                    result = conn.execute("PRAGMA integrity_check").fetchall()
                finally:
                    conn.close()
                if result != [("ok",)]:
                    detail = "; ".join(str(r[0]) for r in result[:3])
                break
            except sqlite3.Error as exc:
                if is_corrupt(exc):
                    detail = str(exc)
                    break
                if is_busy(exc):
                    raise self._busy(exc) from exc
                if result_code(exc) in _NO_SHM and self.read_only and not immutable:
                    continue  # a WAL file where its -shm cannot be made: read it as immutable
                raise UnreadableStoreError(_("your notes file {path} cannot be read: {reason}. "
                                             "Nothing was changed").format(path=self.path,
                                                                          reason=exc)) from exc
        if not detail:
            return
        if self.read_only:
            raise StoreError(_("your notes file {path} is damaged ({detail}), and {reason}, so "
                               "it was left where it is; copy the folder somewhere writable "
                               "and start mxdesk there to recover it").format(
                                   path=self.path, detail=detail, reason=self.read_only))
        moved = self.path.with_name(f"{self.path.name}.damaged-{_stamp()}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{moved}{suffix}"))
        # The error raised tells the user; the log file keeps the record (a command's terminal
        # shows warnings, which would say it twice).
        log.info("notes file %s failed its check (%s); moved to %s", self.path, detail, moved)
        good = bk.good_backups(self.backup_dir, NOTES_SCHEMA_VERSION)
        raise CorruptStoreError(moved, good[0].path if good else None, detail)

    def _busy(self, exc: sqlite3.Error) -> StoreBusyError:
        return StoreBusyError(_(
            "your notes file {path} is in use by another program, which holds a lock on it "
            "(mxdesk waited {seconds} s). Nothing was changed: close that program and try "
            "again ({reason})").format(path=self.path,
                                       seconds=f"{self.busy_timeout_ms / 1000:g}", reason=exc))

    def _connect(self) -> sqlite3.Connection:
        timeout = self.busy_timeout_ms / 1000
        try:
            if self.read_only:
                try:
                    conn = sqlite3.connect(self._ro_uri(), uri=True, timeout=timeout,
                                           isolation_level=None, check_same_thread=False)
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                except sqlite3.Error as exc:
                    if result_code(exc) not in _NO_SHM:
                        raise
                    wal = Path(f"{self.read_path}-wal")
                    if wal.exists() and wal.stat().st_size > 0:
                        self.read_only += _("; the last changes, still in its journal {name}, "
                                            "cannot be read here").format(name=wal.name)
                        log.info("%s is read as immutable: %s is not read", self.path, wal)
                    conn = sqlite3.connect(self._ro_uri(immutable=True), uri=True,
                                           isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA query_only = 1")
            else:
                # isolation_level=None: we open and commit every transaction ourselves.
                conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise self._busy(exc) from exc
            raise StoreError(_("cannot open the notes file {path}: {reason}").format(
                path=self.path, reason=exc)) from exc
        conn.text_factory = decode
        return conn


def open_store(store: OpenStore, found: NotesFile, allow_new: bool,
               upgrade_backup: bool) -> sqlite3.Connection:
    """Connect to *found* for *store* (setting its ``read_only``), migrate the file, and
    remove what interrupted backups left; returns the connection.

    Raises :class:`StoreError` and its kinds (see ``NotesStore``); the connection is closed."""
    conn = found.connect(allow_new)
    store.read_only = found.read_only
    try:
        migrate(store, conn, upgrade_backup)
    except BaseException:
        conn.close()
        raise
    if not store.read_only:
        for leftover in bk.clean_partials(store.backup_dir):
            log.info("removed %s, left by an interrupted backup", leftover)
    return conn


def migrate(store: OpenStore, conn: sqlite3.Connection, upgrade_backup: bool) -> None:
    """Bring the file behind *conn* to :data:`~.schema.NOTES_SCHEMA_VERSION`, one migration per
    transaction; a file of an earlier schema is backed up first when *upgrade_backup*.

    Raises :class:`StoreError` for a file of a newer mxdesk or broken links (undone),
    :class:`ReadOnlyStoreError` for an older file that cannot be written."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > NOTES_SCHEMA_VERSION:
        raise StoreError(_("the notes file {path} was written by a newer mxdesk (schema "
                           "{version}, this one knows {known}); it was left untouched: install "
                           "the newer mxdesk to use it").format(
                               path=store.path, version=version, known=NOTES_SCHEMA_VERSION))
    if version == NOTES_SCHEMA_VERSION:
        return
    if store.read_only:
        raise ReadOnlyStoreError(_(
            "the notes file {path} was written by an older mxdesk (schema {version}) and "
            "{reason}, so it cannot be upgraded; nothing was changed. Copy the folder "
            "somewhere writable to use it").format(path=store.path, version=version,
                                                   reason=store.read_only))
    store.conn = conn
    if version > 0 and upgrade_backup:
        # Before changing a file written by an older version, keep a copy of it.
        bk.backup(store, reason=f"before-upgrade-v{version}")
    for number in range(version + 1, NOTES_SCHEMA_VERSION + 1):
        rebuild = number in REBUILDS
        if rebuild:
            conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with store.transaction() as tx:
                MIGRATIONS[number - 1](tx)
                if rebuild and tx.execute("PRAGMA foreign_key_check").fetchall():
                    raise StoreError(_("the notes file {path} holds broken links; its upgrade "
                                       "was undone and nothing was changed").format(
                                           path=store.path))
                tx.execute(f"PRAGMA user_version = {number}")
        finally:
            if rebuild:
                conn.execute("PRAGMA foreign_keys = ON")
        log.info("notes file %s migrated to schema %d", store.path, number)


# -- recovery at start: the backups of a store that does not open ------------------------------


def backup_dir(store_path: Path | None = None) -> Path:
    """The backups' folder of the notes file *store_path* (default: :func:`default_path`)."""
    return (store_path or default_path()).parent / bk.BACKUP_FOLDER


def list_backups(store_path: Path | None = None) -> list[bk.BackupInfo]:
    """Backups of a store that may not open (for recovery), newest first."""
    return bk.read_backups(backup_dir(store_path))


def good_backups(store_path: Path | None = None) -> list[bk.BackupInfo]:
    """Backups of a store that may not open that this mxdesk can restore, newest first."""
    return bk.good_backups(backup_dir(store_path), NOTES_SCHEMA_VERSION)


def restore_backup(backup: Path, store_path: Path | None = None) -> Path | None:
    """Put a backup file in place of a store no window has open (recovery at start). The
    backup is copied beside the store first; only then is a current file moved aside (never
    deleted) and the copy renamed into place, so a full disk changes nothing. Returns where
    the current file went (None when there was none); raises :class:`StoreError` (a damaged
    or newer backup, a full disk) having changed nothing."""
    return bk.restore_file(backup, store_path or default_path())
