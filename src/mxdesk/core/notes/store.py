"""The notes file: opened only as far as it safely can be, written one short transaction at a
time, and merged field by field when two windows edit the same record.

Opening tells apart what stands in the way (:mod:`mxdesk.core.notes.errors`): a file SQLite
reports corrupt is moved aside and the newest sound backup offered; a lock is waited for, then
reported as busy; a file or folder that cannot be written is opened read-only, with writes
refused in one clear line; a missing or empty file is only started afresh when nothing of an
earlier one (its journal, a damaged copy, backups) is left, or when the caller says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from mxdesk.core import gcpause, paths
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
    os_error,
    result_code,
    write_error,
)
from mxdesk.core.notes.records import (
    Conflict,
    Contact,
    ContactPoint,
    Note,
    NoteHit,
    SaveResult,
    Shortlist,
    ShortlistItem,
    format_points,
    new_uid,
    now_utc,
)
from mxdesk.core.notes.schema import (
    MANY,
    MIGRATIONS,
    PART_BITS,
    REBUILDS,
    SCHEMA_VERSION,
    contact_sort_key,
    contact_text,
    index_record,
    note_label,
    record_of,
    record_rowids,
    unindex,
)
from mxdesk.core.search import Term, fts_query, search_terms
from mxdesk.core.text import match_spans, snippet

log = logging.getLogger("mxdesk.notes")

STORE_NAME = "notes.db"
BACKUP_FOLDER = bk.BACKUP_FOLDER
#: Backups kept unless the user says otherwise (setting ``backups_kept``).
DEFAULT_BACKUPS_KEPT = 10
#: A backup is made at start when the notes changed, and at least this often.
BACKUP_EVERY = dt.timedelta(days=1)
#: How long opening or a write waits for another program's or window's lock to go.
BUSY_TIMEOUT_MS = 5000
#: Less free space than this, and a notes file is opened read-only (SQLite needs room for its
#: journal's index and a transaction's pages; a 4 KB page and 32 KB index are the least).
DISK_FULL_BYTES = 256 * 1024
#: What SQLite says when a WAL file's shared-memory index cannot be made beside it (read-only
#: media gives CANTOPEN, a folder the user may not write READONLY): then the file is read
#: as immutable, which needs no index.
_NO_SHM = (14, 8, 10)

_WHITE = re.compile(r"\s")

_FIELD_LABELS = {"name": "the name", "role": "the role", "organisation": "the organisation",
                 "cluster_id": "the cluster", "emails": "the e-mail addresses",
                 "phones": "the phone numbers",
                 "met_where": "where you met", "met_on": "when you met", "tags": "the tags",
                 "comment": "the comment", "body": "the text", "contact_uid": "the contact"}


def default_path() -> Path:
    return paths.user_data_dir() / STORE_NAME


class _Undecodable(str):
    """Stored text that is not UTF-8: its bad bytes are lone surrogates."""

    __slots__ = ()
    #: How many such values were ever read: a bulk read that saw none need check no value.
    seen = 0


def _decode(raw: bytes) -> str:
    """Text as stored; bytes that are not UTF-8 survive as lone surrogates (in an
    :class:`_Undecodable`), so one damaged value is found and reported by its record
    instead of failing every read."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        _Undecodable.seen += 1
        return _Undecodable(raw.decode("utf-8", "surrogateescape"))


def _disk_full(folder: Path) -> bool:
    """True when the disk holding *folder* has no room left for SQLite to work in."""
    try:
        return shutil.disk_usage(folder).free < DISK_FULL_BYTES
    except OSError:
        return False


def _undecodable(*values: object) -> bool:
    """Whether any of *values* was read from bytes that are not UTF-8."""
    return any(type(value) is _Undecodable for value in values)


class _UnreadableError(Exception):
    """A record whose stored text is not valid UTF-8."""


def nfc(text: str) -> str:
    """*text* in Unicode's composed form (NFC): what the store writes, so "é" typed on macOS
    (e + U+0301) and on Windows (U+00E9) is one text."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _nfc_points(found: tuple[ContactPoint, ...]) -> tuple[ContactPoint, ...]:
    return tuple(ContactPoint(nfc(p.value), tuple(nfc(t) for t in p.types)) for p in found)


_CONTACT_TEXTS = ("name", "role", "organisation", "cluster_id", "met_where", "met_on",
                  "comment")


def _nfc_contact(contact: Contact) -> Contact:
    """*contact* with every text in NFC (itself when all of it already is)."""
    changed: dict[str, Any] = {}
    for name in _CONTACT_TEXTS:
        value = getattr(contact, name)
        if value and nfc(value) != value:
            changed[name] = nfc(value)
    for name in ("emails", "phones"):
        found = _nfc_points(getattr(contact, name))
        if found != getattr(contact, name):
            changed[name] = found
    tags = tuple(nfc(t) for t in contact.tags)
    if tags != contact.tags:
        changed["tags"] = tags
    return replace(contact, **changed) if changed else contact


def _nfc_note(note: Note) -> Note:
    changed: dict[str, Any] = {name: nfc(value) for name in ("body", "cluster_id")
                               if (value := getattr(note, name)) and nfc(value) != value}
    return replace(note, **changed) if changed else note


def _nfc_items(items: Iterable[ShortlistItem]) -> tuple[ShortlistItem, ...]:
    return tuple(ShortlistItem(nfc(i.cluster_id), nfc(i.remark)) for i in items)


def _normal(value: object) -> object:
    """A field's value as compared for a merge: text in NFC, points and lists item by item."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, ContactPoint):
        return ContactPoint(nfc(value.value), tuple(nfc(t) for t in value.types))
    if isinstance(value, tuple | list):
        return type(value)(_normal(v) for v in value)
    return value


def _same(a: object, b: object) -> bool:
    """Whether two values of a field are the same text: a difference of Unicode form alone
    (composed or decomposed accents) is none."""
    a, b = _normal(a), _normal(b)
    if _is_points(a) or _is_points(b):
        return tuple(a or ()) == tuple(b or ())  # type: ignore[arg-type]
    if isinstance(a, tuple | list) or isinstance(b, tuple | list):
        return sorted(map(str, a or ())) == sorted(map(str, b or ()))  # type: ignore[call-overload]
    return (a or "") == (b or "")


def _is_points(value: object) -> bool:
    return isinstance(value, tuple | list) and any(isinstance(v, ContactPoint) for v in value)


def _text(value: object) -> str:
    if _is_points(value):
        return format_points(value)  # type: ignore[arg-type]
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value or "")


def _insert_points(conn: sqlite3.Connection, contact_id: int, contact: Contact) -> None:
    """A contact's e-mail addresses and phone numbers, in order, blanks dropped."""
    rows = []
    for kind, found in (("email", contact.emails), ("phone", contact.phones)):
        kept = [p for p in found if p.value.strip()]
        rows += [(contact_id, kind, n, p.value.strip(), ",".join(p.types))
                 for n, p in enumerate(kept)]
    conn.executemany("INSERT INTO contact_points (contact_id, kind, position, value, types) "
                     "VALUES (?, ?, ?, ?, ?)", rows)


def _insert_items(conn: sqlite3.Connection, shortlist_id: int,
                  items: Iterable[ShortlistItem]) -> None:
    """A shortlist's clusters at positions 0, 1, …; a cluster already on it is skipped."""
    conn.executemany("INSERT OR IGNORE INTO shortlist_items (shortlist_id, cluster_id, position, "
                     "remark) VALUES (?, ?, ?, ?)",
                     [(shortlist_id, i.cluster_id, n, i.remark) for n, i in enumerate(items)])


def _index_contact(conn: sqlite3.Connection, contact_id: int, contact: Contact) -> None:
    """Index a contact as :func:`write_contact` stored it (blanks dropped, values trimmed)."""
    name = contact.name.strip() or "(no name)"
    values = [p.value.strip() for p in (*contact.emails, *contact.phones) if p.value.strip()]
    tags = sorted({t.strip() for t in contact.tags if t.strip()})
    index_record(conn, "contact", contact_id, name, name, contact_text(
        contact.role, contact.organisation, contact.met_where, values, tags, contact.comment))


#: A hit's passage is cut from this many characters of its part around the first match.
_AROUND = (200, 600)


def _passage(part: str, terms: Sequence[Term], before: bool, after: bool) -> str:
    """About ten words of *part* around a match, the matches marked ``[…]``; "…" where the
    record's text goes on (*before*, *after*: other parts do). The passage is cut around the
    first match of the term matched least often (the one that tells this hit from others).
    The work is bounded by the part's length, never the record's."""
    found = [spans for spans in (match_spans(part, [term]) for term in terms) if spans]
    anchor = min(found, key=len)[0] if found else None
    low, high = 0, min(len(part), _AROUND[0] + _AROUND[1])
    if anchor is not None:
        low = max(0, anchor[0] - _AROUND[0])
        high = min(len(part), anchor[1] + _AROUND[1])
        if low > 0:  # start at a word
            white = _WHITE.search(part, low, anchor[0])
            low = white.end() if white else anchor[0]
    if high < len(part):  # end at a word
        space = max(part.rfind(" ", low, high), part.rfind("\n", low, high))
        high = space if space > (anchor[1] if anchor else low) else high
    passage = snippet(part[low:high], terms, ("[", "]"), size=10)
    if (before or low > 0) and not passage.startswith("…"):
        passage = "…" + passage
    if (after or high < len(part)) and not passage.endswith("…"):
        passage += "…"
    return passage


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
    newest = bk.backup_files(path.parent / BACKUP_FOLDER)
    if newest:
        found.append(newest[0][1])
    return found


class NotesStore:
    """The user's notes file: open it, check it, migrate it, and read and write records.

    *allow_new* starts an empty file even where an earlier one left traces (the user chose
    to); otherwise :class:`RecoveryNeededError` says what is there. A store that cannot be
    written has ``read_only`` set to the reason; every write then raises
    :class:`ReadOnlyStoreError` and changes nothing.

    Raises :class:`StoreError` and its kinds: busy, unreadable, corrupt (moved aside),
    recovery needed, or a file from a newer mxdesk (left untouched).
    """

    def __init__(self, path: Path | None = None, *, allow_new: bool = False,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS, upgrade_backup: bool = True) -> None:
        self.path = Path(path) if path else default_path()
        self.backup_dir = self.path.parent / BACKUP_FOLDER
        self.busy_timeout_ms = busy_timeout_ms
        self._upgrade_backup = upgrade_backup
        #: Why the notes cannot be written here ("" when they can).
        self.read_only = ""
        #: True for :meth:`unavailable`'s empty stand-in: none of the user's notes are here.
        self.stand_in = False
        #: Where they are read from: the file, or a private copy with its journal.
        self._read_path = self.path
        self._copy_dir: Path | None = None
        #: Records that could not be read (kind, id) -> why; filled as lists are read.
        self.unreadable: dict[tuple[str, int], str] = {}
        self.conn = self._open(allow_new)

    @classmethod
    def unavailable(cls, path: Path | None, reason: str) -> NotesStore:
        """An empty, read-only stand-in for notes that cannot be opened at all (unreadable,
        from a newer mxdesk, no file on read-only media): the window still opens, shows no
        notes and refuses every write with *reason*. Nothing is written anywhere."""
        store = cls.__new__(cls)
        store.path = Path(path) if path else default_path()
        store.backup_dir = store.path.parent / BACKUP_FOLDER
        store.busy_timeout_ms = BUSY_TIMEOUT_MS
        store._upgrade_backup = False
        store.unreadable = {}
        store.read_only = ""
        store.stand_in = True
        store._read_path = store.path
        store._copy_dir = None
        store.conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store._migrate(store.conn)
        store.read_only = reason
        return store

    def unreadable_report(self) -> str:
        """One line on the records left out because they cannot be read ("" when none)."""
        if not self.unreadable:
            return ""
        names = ", ".join(f"{kind} {record_id}" for kind, record_id in sorted(self.unreadable))
        return (f"{len(self.unreadable)} record(s) could not be read and were left out: {names} "
                "(their text is not valid UTF-8); `mxdesk notes rescue` exports what can be "
                "read of them")

    # -- opening ------------------------------------------------------------------------------

    def _open(self, allow_new: bool) -> sqlite3.Connection:
        folder = self.path.parent
        if not folder.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the data folder {folder}: "
                                 f"{exc.strerror or exc}") from exc
        if not folder.is_dir():
            raise StoreError(f"cannot create the data folder {folder}: a file of that name is "
                             "in the way")
        exists = self.path.exists()
        if exists:
            self._check_readable()
        writable = os.access(folder, os.W_OK) and (not exists or os.access(self.path, os.W_OK))
        if not writable:
            self.read_only = (f"the folder {folder} cannot be written (read-only folder or "
                              "media)" if not os.access(folder, os.W_OK)
                              else f"the file {self.path} cannot be written")
        elif exists and _disk_full(folder):
            # SQLite cannot even make the index it reads a WAL file with: read, don't write.
            self.read_only = (f"the disk holding {folder} is full: free some space, then start "
                              "mxdesk again to change your notes")
        fresh = not exists or self.path.stat().st_size == 0
        if self.read_only and not fresh:
            self._read_journal_from_a_copy()
        if fresh:
            self._before_fresh(allow_new)
        else:
            self._check_integrity()
        conn = self._connect()
        try:
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        if not self.read_only:
            for leftover in bk.clean_partials(self.backup_dir):
                log.info("removed %s, left by an interrupted backup", leftover)
        return conn

    def _check_readable(self) -> None:
        """Permission to read, asked of the system without opening the file: closing any
        descriptor of a file drops every POSIX lock this process holds on it, SQLite's
        included (SQLite's "How To Corrupt Your Database Files", 2.2), so an open() and close()
        here while another store of this process has the file open (the window's, during
        File ▸ Import) let the next mxdesk command to close delete the journal from under it."""
        try:
            self.path.stat()
        except OSError as exc:
            raise UnreadableStoreError(f"your notes file {self.path} cannot be read: "
                                       f"{exc.strerror or exc}. Nothing was changed") from exc
        if not os.access(self.path, os.R_OK, effective_ids=os.access in os.supports_effective_ids):
            raise UnreadableStoreError(
                f"your notes file {self.path} cannot be read: permission denied (it may belong "
                "to another account, or its permissions were changed). Nothing was changed; "
                "mxdesk did not touch it")

    def _before_fresh(self, allow_new: bool) -> None:
        """No notes file, or an empty one: start afresh only when nothing of an earlier one is
        left (or the caller says so); a journal left alone is never handed to SQLite, which
        would delete it."""
        found = leftovers(self.path)
        wal = Path(f"{self.path}-wal")
        orphan = None
        if wal in found and not self.read_only:
            stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            orphan = Path(f"{self.path}-wal.orphan-{stamp}")
            wal.replace(orphan)
            Path(f"{self.path}-shm").unlink(missing_ok=True)
            log.info("a journal without its notes file was kept as %s", orphan)
        if found and not allow_new:
            recovered = self._rebuild_from(orphan) if orphan else None
            good = bk.good_backups(self.backup_dir, SCHEMA_VERSION)
            raise RecoveryNeededError(self.path, [orphan or p for p in found],
                                      good[0].path if good else None, recovered)
        if self.read_only:
            raise ReadOnlyStoreError(f"there is no notes file in {self.path.parent}, and "
                                     f"{self.read_only}; nothing can be stored there")

    def _rebuild_from(self, orphan: Path) -> Path | None:
        from mxdesk.core.notes import wal

        stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        out = self.path.with_name(f"{self.path.name}.recovered-{stamp}")
        try:
            return out if wal.rebuild(orphan, out) else None
        except OSError as exc:
            log.warning("could not rebuild the notes from %s: %s", orphan, exc)
            return None

    def _ro_uri(self, immutable: bool = False) -> str:
        return f"file:{self._read_path}?{'immutable=1' if immutable else 'mode=ro'}"

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
        self._copy_dir = copy
        self._read_path = copy / self.path.name
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
                raise UnreadableStoreError(f"your notes file {self.path} cannot be read: "
                                           f"{exc}. Nothing was changed") from exc
        if not detail:
            return
        if self.read_only:
            raise StoreError(f"your notes file {self.path} is damaged ({detail}), and "
                             f"{self.read_only}, so it was left where it is; copy the folder "
                             "somewhere writable and start mxdesk there to recover it")
        stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        moved = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{self.path}{suffix}")
            if part.exists():
                part.replace(Path(f"{moved}{suffix}"))
        # The error raised tells the user; the log file keeps the record (a command's terminal
        # shows warnings, which would say it twice).
        log.info("notes file %s failed its check (%s); moved to %s", self.path, detail, moved)
        good = bk.good_backups(self.backup_dir, SCHEMA_VERSION)
        raise CorruptStoreError(moved, good[0].path if good else None, detail)

    def _busy(self, exc: sqlite3.Error) -> StoreBusyError:
        return StoreBusyError(
            f"your notes file {self.path} is in use by another program, which holds a lock on "
            f"it (mxdesk waited {self.busy_timeout_ms / 1000:g} s). Nothing was changed: close "
            f"that program and try again ({exc})")

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
                    wal = Path(f"{self._read_path}-wal")
                    if wal.exists() and wal.stat().st_size > 0:
                        self.read_only += ("; the last changes, still in its journal "
                                           f"{wal.name}, cannot be read here")
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
            raise StoreError(f"cannot open the notes file {self.path}: {exc}") from exc
        conn.text_factory = _decode
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the notes file {self.path} was written by a newer mxdesk "
                             f"(schema {version}, this one knows {SCHEMA_VERSION}); it was "
                             "left untouched: install the newer mxdesk to use it")
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise ReadOnlyStoreError(
                f"the notes file {self.path} was written by an older mxdesk (schema {version}) "
                f"and {self.read_only}, so it cannot be upgraded; nothing was changed. Copy "
                "the folder somewhere writable to use it")
        self.conn = conn
        if version > 0 and self._upgrade_backup:
            # Before changing a file written by an older version, keep a copy of it.
            self.backup(reason=f"before-upgrade-v{version}")
        for number in range(version + 1, SCHEMA_VERSION + 1):
            rebuild = number in REBUILDS
            if rebuild:
                conn.execute("PRAGMA foreign_keys = OFF")
            try:
                with self.transaction() as tx:
                    MIGRATIONS[number - 1](tx)
                    if rebuild and tx.execute("PRAGMA foreign_key_check").fetchall():
                        raise StoreError(f"the notes file {self.path} holds broken links; "
                                         "its upgrade was undone and nothing was changed")
                    tx.execute(f"PRAGMA user_version = {number}")
            finally:
                if rebuild:
                    conn.execute("PRAGMA foreign_keys = ON")
            log.info("notes file %s migrated to schema %d", self.path, number)

    def close(self) -> None:
        self.conn.close()
        if self._copy_dir is not None:
            shutil.rmtree(self._copy_dir, ignore_errors=True)
            self._copy_dir = None

    def __enter__(self) -> NotesStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another writer's lock from now on (ms)."""
        self.busy_timeout_ms = ms
        self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection (another
        window, a command) commits to the file; a window polls it to follow their changes."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed when the block ends, rolled back on error.

        Raises :class:`ReadOnlyStoreError` on a read-only store, :class:`StoreBusyError` when
        another writer holds the file longer than the busy timeout, :class:`StoreError` on a
        full disk or another write failure; in every case nothing of the block was written.
        """
        if self.read_only:
            raise ReadOnlyStoreError(f"your notes are read-only here: {self.read_only}; "
                                     "nothing was changed")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise write_error(exc, self.path) from exc
        try:
            yield self.conn
            if self.conn.execute("PRAGMA user_version").fetchone()[0] >= 2:
                self.conn.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 "
                                  "WHERE key = 'changes'")
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError:
            self._rollback()
            raise
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise write_error(exc, self.path) from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite rolls back by itself on some errors (a full disk): only roll back what is open.
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # -- settings -------------------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row and row[0] is not None else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value", [key, value])

    def changes(self) -> int:
        return int(self.setting("changes", "0") or 0)

    # -- contacts -------------------------------------------------------------------------

    _CONTACT_COLUMNS = ("id, uid, name, role, organisation, cluster_id, email, phone, "
                        "met_where, met_on, comment, created_at, updated_at, version")

    def _contact(self, row: Any) -> Contact:
        cid = row[0]
        tags = [t for (t,) in self.conn.execute(
            "SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag", [cid])]
        found = self.conn.execute("SELECT kind, value, types FROM contact_points WHERE "
                                  "contact_id = ? ORDER BY kind, position", [cid]).fetchall()
        return self._make_contact(row, tags, found)

    @staticmethod
    def _make_contact(row: Any, tag_list: Sequence[str], point_rows: Sequence[Any],
                      check: bool = True) -> Contact:
        """A contact from its row, its tags in order, and its (kind, value, types) rows;
        *check* False when none of them can hold text that is not UTF-8."""
        (cid, uid, name, role, org, cluster_id, _email, _phone, where, on, comment, created,
         updated, version) = row
        tags = tuple(tag_list)
        emails: list[ContactPoint] = []
        phones: list[ContactPoint] = []
        for kind, value, types in point_rows:
            (emails if kind == "email" else phones).append(
                ContactPoint(value, tuple(t for t in types.split(",") if t) if types else ()))
        if check and (_undecodable(*row, *tags)
                      or any(_undecodable(*point) for point in point_rows)):
            raise _UnreadableError(f"contact {cid}")
        return Contact(name=str(name), role=str(role), organisation=str(org),
                       cluster_id=cluster_id or None, emails=tuple(emails),
                       phones=tuple(phones), met_where=str(where),
                       met_on=str(on), tags=tags, comment=str(comment), uid=str(uid),
                       id=int(cid), created_at=str(created),
                       updated_at=str(updated), version=int(version))

    def _readable(self, kind: str, rows: Iterable[Any], make: Callable[[Any], Any]
                  ) -> list[Any]:
        out = []
        with gcpause.paused():
            for row in rows:
                try:
                    out.append(make(row))
                except _UnreadableError:
                    self.unreadable[(kind, int(row[0]))] = "its text is not valid UTF-8"
                    log.warning("%s %s cannot be read: its text is not valid UTF-8", kind,
                                row[0])
        return out

    def _one(self, kind: str, record_id: int, make: Callable[[Any], Any], row: Any) -> Any:
        if row is None:
            raise StoreError(f"no {kind} {record_id}")
        try:
            return make(row)
        except _UnreadableError as exc:
            self.unreadable[(kind, record_id)] = "its text is not valid UTF-8"
            raise StoreError(f"{kind} {record_id} cannot be read: its text is not valid "
                             "UTF-8 (`mxdesk notes rescue` exports what can be read)") from exc

    def contact(self, contact_id: int) -> Contact:
        row = self.conn.execute(f"SELECT {self._CONTACT_COLUMNS} FROM contacts WHERE id = ?",  # noqa: S608
                                [contact_id]).fetchone()
        return self._one("contact", contact_id, self._contact, row)

    def contact_by_uid(self, uid: str) -> Contact | None:
        row = self.conn.execute(f"SELECT {self._CONTACT_COLUMNS} FROM contacts WHERE uid = ?",  # noqa: S608
                                [uid]).fetchone()
        return self._one("contact", int(row[0]), self._contact, row) if row else None

    def contacts(self, cluster_id: str | None = None, tag: str | None = None,
                 shortlist_id: int | None = None) -> list[Contact]:
        """Contacts in name order; any that cannot be read are left out and listed in
        :attr:`unreadable`. Three queries whatever the number of contacts: the rows, then
        the tags and the e-mails and phones of all of them."""
        where = "WHERE 1"
        params: list[object] = []
        if cluster_id is not None:
            where += " AND cluster_id = ?"
            params.append(cluster_id)
        if tag:
            where += " AND id IN (SELECT contact_id FROM contact_tags WHERE tag = ?)"
            params.append(nfc(tag))
        if shortlist_id is not None:
            where += (" AND cluster_id IN (SELECT cluster_id FROM shortlist_items WHERE "
                      "shortlist_id = ?)")
            params.append(shortlist_id)
        with gcpause.paused():
            return self._contacts(where, params)

    def _contacts(self, where: str, params: list[object]) -> list[Contact]:
        # *where* is made of constant fragments (see contacts); values are bound parameters.
        undecodable = _Undecodable.seen
        rows = self.conn.execute(f"SELECT {self._CONTACT_COLUMNS} FROM contacts {where} "  # noqa: S608
                                 "ORDER BY sort_key, id", params).fetchall()
        of = ("" if not params
              else f" WHERE contact_id IN (SELECT id FROM contacts {where})")  # noqa: S608
        tags: dict[int, list[str]] = defaultdict(list)
        for contact_id, tag_text in self.conn.execute(
                f"SELECT contact_id, tag FROM contact_tags{of} ORDER BY contact_id, tag",  # noqa: S608
                params):
            tags[contact_id].append(tag_text)
        found: dict[int, list[Any]] = defaultdict(list)
        for contact_id, *point in self.conn.execute(
                f"SELECT contact_id, kind, value, types FROM contact_points{of} "  # noqa: S608
                "ORDER BY contact_id, kind, position", params):
            found[contact_id].append(point)
        check = _Undecodable.seen != undecodable  # else every value read was UTF-8
        return self._readable("contact", rows, lambda row: self._make_contact(
            row, tags.get(row[0], ()), found.get(row[0], ()), check))

    def write_contact(self, conn: sqlite3.Connection, contact: Contact) -> int:
        """Insert (no id) or overwrite (with id) a contact inside an open :meth:`transaction`;
        returns its id. An overwrite raises its row version by one. Text is stored in NFC."""
        now = now_utc()
        contact = _nfc_contact(contact)
        name = contact.name.strip() or "(no name)"
        values = [name, contact_sort_key(name), contact.role, contact.organisation,
                  contact.cluster_id, contact.email.strip(), contact.phone.strip(),
                  contact.met_where, contact.met_on, contact.comment]
        if contact.id is None:
            cur = conn.execute(
                "INSERT INTO contacts (uid, name, sort_key, role, organisation, cluster_id, "
                "email, phone, met_where, met_on, comment, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [contact.uid, *values, contact.created_at or now, contact.updated_at or now])
            contact_id = int(cur.lastrowid or 0)
        else:
            contact_id = contact.id
            conn.execute(
                "UPDATE contacts SET name = ?, sort_key = ?, role = ?, organisation = ?, "
                "cluster_id = ?, email = ?, phone = ?, met_where = ?, met_on = ?, comment = ?, "
                "updated_at = ?, version = version + 1 WHERE id = ?", [*values, now, contact_id])
        conn.execute("DELETE FROM contact_tags WHERE contact_id = ?", [contact_id])
        conn.executemany("INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)",
                         [(contact_id, t.strip()) for t in contact.tags if t.strip()])
        conn.execute("DELETE FROM contact_points WHERE contact_id = ?", [contact_id])
        _insert_points(conn, contact_id, contact)
        _index_contact(conn, contact_id, contact)
        return contact_id

    def save_contact(self, contact: Contact) -> Contact:
        """Insert (no id) or overwrite (with id) a contact; returns it as stored. Editors use
        :meth:`update_contact`, which never reverts another window's edit."""
        with self.transaction() as conn:
            contact_id = self.write_contact(conn, contact)
        return self.contact(contact_id)

    def update_contact(self, base: Contact, changes: Mapping[str, object],
                       kept: Mapping[str, str] | None = None) -> SaveResult:
        """Save the fields in *changes*, edited from *base* (the contact as the editor loaded
        it). A field another writer changed since *base* keeps their value and ours is kept
        as a note (a :class:`Conflict`); a contact deleted meanwhile is stored again. *kept*
        names, per field, the note an earlier conflict made: more typing updates it."""
        return self._update("contact", base, changes, kept)

    def delete_contact(self, contact_id: int) -> tuple[Contact, list[Note]]:
        """Delete a contact; returns it and the notes that pointed at it, for an undo."""
        contact = self.contact(contact_id)
        linked = self.notes(contact_uid=contact.uid)
        with self.transaction() as conn:
            conn.execute("DELETE FROM contacts WHERE id = ?", [contact_id])
            unindex(conn, "contact", contact_id)
        return contact, linked

    def restore_contact(self, contact: Contact, linked: Sequence[Note] = ()) -> Contact:
        """Undo a delete: the same contact (same id and uid, which are never given to another
        record) and its links to notes."""
        contact = _nfc_contact(contact)
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO contacts (id, uid, name, sort_key, role, organisation, "
                    "cluster_id, email, phone, met_where, met_on, comment, created_at, "
                    "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [contact.id, contact.uid, contact.name, contact_sort_key(contact.name),
                     contact.role, contact.organisation,
                     contact.cluster_id, contact.email, contact.phone, contact.met_where,
                     contact.met_on, contact.comment, contact.created_at, contact.updated_at,
                     max(contact.version, 1)])
                conn.executemany("INSERT OR IGNORE INTO contact_tags (contact_id, tag) "
                                 "VALUES (?, ?)", [(contact.id, t) for t in contact.tags])
                _insert_points(conn, int(contact.id or 0), contact)
                conn.executemany("UPDATE notes SET contact_id = ? WHERE uid = ?",
                                 [(contact.id, n.uid) for n in linked])
                _index_contact(conn, int(contact.id or 0), contact)
        except sqlite3.IntegrityError:
            # Already back: another window stored it again (typing into it after the delete)
            # or undid the delete. Give its notes their link back; nothing else changes.
            again = self.contact_by_uid(contact.uid)
            if again is None:
                raise
            with self.transaction() as conn:
                conn.executemany("UPDATE notes SET contact_id = ? WHERE uid = ?",
                                 [(again.id, n.uid) for n in linked])
            return again
        return self.contact(int(contact.id or 0))

    def tags(self) -> list[tuple[str, int]]:
        return [(str(t), int(n)) for t, n in self.conn.execute(
            "SELECT tag, count(*) FROM contact_tags GROUP BY tag ORDER BY tag COLLATE NOCASE")]

    # -- notes ----------------------------------------------------------------------------

    _NOTE_SQL = ("SELECT n.id, n.uid, n.body, n.cluster_id, c.uid, n.created_at, n.updated_at, "
                 "n.version FROM notes n LEFT JOIN contacts c ON c.id = n.contact_id")

    @staticmethod
    def _note(row: Any) -> Note:
        nid, uid, body, cluster_id, contact_uid, created, updated, version = row
        if _undecodable(*row):
            raise _UnreadableError(f"note {nid}")
        return Note(body=str(body), cluster_id=cluster_id or None,
                    contact_uid=contact_uid or None,
                    uid=str(uid), id=int(nid),
                    created_at=str(created), updated_at=str(updated), version=int(version))

    def note(self, note_id: int) -> Note:
        row = self.conn.execute(f"{self._NOTE_SQL} WHERE n.id = ?", [note_id]).fetchone()
        return self._one("note", note_id, self._note, row)

    def notes(self, cluster_id: str | None = None, contact_uid: str | None = None,
              shortlist_id: int | None = None) -> list[Note]:
        """Notes, last changed first; any that cannot be read are left out and listed in
        :attr:`unreadable`."""
        sql = f"{self._NOTE_SQL} WHERE 1"
        params: list[object] = []
        if cluster_id is not None:
            sql += " AND n.cluster_id = ?"
            params.append(cluster_id)
        if contact_uid is not None:
            sql += " AND c.uid = ?"
            params.append(contact_uid)
        if shortlist_id is not None:
            sql += " AND n.cluster_id IN (SELECT cluster_id FROM shortlist_items WHERE " \
                   "shortlist_id = ?)"
            params.append(shortlist_id)
        sql += " ORDER BY n.updated_at DESC, n.id DESC"
        return self._readable("note", self.conn.execute(sql, params).fetchall(), self._note)

    def _contact_id(self, conn: sqlite3.Connection, uid: str | None) -> int | None:
        if not uid:
            return None
        row = conn.execute("SELECT id FROM contacts WHERE uid = ?", [uid]).fetchone()
        return int(row[0]) if row else None

    def write_note(self, conn: sqlite3.Connection, note: Note) -> int:
        """Insert or overwrite a note inside an open :meth:`transaction`; returns its id.
        Text is stored in NFC."""
        now = now_utc()
        note = _nfc_note(note)
        contact_id = self._contact_id(conn, note.contact_uid)
        if note.id is None:
            cur = conn.execute(
                "INSERT INTO notes (uid, body, cluster_id, contact_id, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [note.uid, note.body, note.cluster_id, contact_id, note.created_at or now,
                 note.updated_at or now])
            note_id = int(cur.lastrowid or 0)
        else:
            note_id = note.id
            conn.execute("UPDATE notes SET body = ?, cluster_id = ?, contact_id = ?, "
                         "updated_at = ?, version = version + 1 WHERE id = ?",
                         [note.body, note.cluster_id, contact_id, now, note_id])
        index_record(conn, "note", note_id, note_label(note.body), "", note.body)
        return note_id

    def save_note(self, note: Note) -> Note:
        with self.transaction() as conn:
            note_id = self.write_note(conn, note)
        return self.note(note_id)

    def update_note(self, base: Note, changes: Mapping[str, object],
                    kept: Mapping[str, str] | None = None) -> SaveResult:
        """As :meth:`update_contact`, for a note (fields ``body`` and ``contact_uid``)."""
        return self._update("note", base, changes, kept)

    def delete_note(self, note_id: int) -> Note:
        note = self.note(note_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM notes WHERE id = ?", [note_id])
            unindex(conn, "note", note_id)
        return note

    def restore_note(self, note: Note) -> Note:
        """Undo a delete: the same note under its own id (never given to another note)."""
        note = _nfc_note(note)
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO notes (id, uid, body, cluster_id, contact_id, created_at, "
                    "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [note.id, note.uid, note.body, note.cluster_id,
                     self._contact_id(conn, note.contact_uid), note.created_at,
                     note.updated_at, max(note.version, 1)])
                index_record(conn, "note", int(note.id or 0), note_label(note.body), "",
                             note.body)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"the note “{note.title}” is already there (another window "
                             "brought it back); nothing was changed") from exc
        return self.note(int(note.id or 0))

    # -- saving a field at a time ---------------------------------------------------------

    def _update(self, kind: str, base: Contact | Note, changes: Mapping[str, object],
                kept: Mapping[str, str] | None = None) -> SaveResult:
        with self.transaction() as conn:
            record_id, conflicts, recreated = self.merge_in(conn, kind, base, changes, kept)
        record = self.contact(record_id) if kind == "contact" else self.note(record_id)
        return SaveResult(record, tuple(conflicts), recreated)

    def merge_in(self, conn: sqlite3.Connection, kind: str, base: Contact | Note,
                 changes: Mapping[str, object], kept: Mapping[str, str] | None = None
                 ) -> tuple[int, list[Conflict], bool]:
        """Inside an open :meth:`transaction`: write the fields in *changes*, edited from
        *base*, into the record as it is now. A field changed since *base* by another writer
        keeps their value and ours is kept as a note; a record deleted meanwhile is stored
        again. Returns (the record's id, the conflicts, whether it was stored again)."""
        read = self._contact if kind == "contact" else self._note
        write = self.write_contact if kind == "contact" else self.write_note
        sql = (f"SELECT {self._CONTACT_COLUMNS} FROM contacts WHERE id = ?"  # noqa: S608
               if kind == "contact" else f"{self._NOTE_SQL} WHERE n.id = ?")
        row = conn.execute(sql, [base.id]).fetchone()
        current = read(row) if row is not None else None
        if current is None or current.uid != base.uid:
            # Deleted in another window while this one was typing: keep what was typed.
            return write(conn, replace(base, id=None, version=0, **changes)), [], True  # type: ignore[arg-type]
        apply: dict[str, object] = {}
        conflicts = []
        for name, ours in changes.items():
            theirs, before = getattr(current, name), getattr(base, name)
            if _same(theirs, ours):
                continue
            if _same(theirs, before):
                apply[name] = ours
            else:
                conflicts.append(self.keep_conflict(conn, kind, current, name, theirs, ours,
                                                    (kept or {}).get(name)))
        if apply:
            write(conn, replace(current, **apply))  # type: ignore[arg-type]
        return int(current.id or 0), conflicts, False

    def keep_conflict(self, conn: sqlite3.Connection, kind: str, current: Contact | Note,
                      name: str, theirs: object, ours: object,
                      renew: str | None = None) -> Conflict:
        """Inside an open :meth:`transaction`: keep both sides of a field two writers changed.
        The record keeps *theirs*; a new note beside it holds both texts, so neither is ever
        lost, whatever is typed into the record later."""
        label = _FIELD_LABELS.get(name, name)
        if isinstance(current, Contact):
            body = (f"Conflicting edit of {label} of “{current.name}”\n\n"
                    f"Two versions of {label} of this contact met (another window, an import, "
                    f"or text kept from an earlier session). The contact kept:\n{_text(theirs)}"
                    f"\n\nThe other version, kept here:\n{_text(ours)}")
            note = Note(body, cluster_id=current.cluster_id, contact_uid=current.uid)
        else:
            body = (f"Conflicting copy of “{current.title}”\n\n"
                    "Two versions of this note met (another window, an import, or text kept "
                    "from an earlier session). This is the other version:\n\n"
                    f"{_text(ours)}\n\n— The note kept:\n\n{_text(theirs)}")
            note = Note(body, cluster_id=current.cluster_id, contact_uid=current.contact_uid)
        earlier = conn.execute("SELECT id FROM notes WHERE uid = ?", [renew]).fetchone() \
            if renew else None
        if earlier is not None:  # more typing into the same conflict: that note follows it
            note = replace(note, uid=str(renew), id=int(earlier[0]))
        self.write_note(conn, note)
        log.warning("conflicting edit of %s of %s %s kept as note %s", name, kind, current.uid,
                    note.uid)
        title = current.name if isinstance(current, Contact) else current.title
        return Conflict(kind, current.uid, title, name, _text(theirs), _text(ours), note.uid,
                        note.title, label, renewed=earlier is not None)

    # -- shortlists -----------------------------------------------------------------------

    def shortlists(self, shortlist_id: int | None = None) -> list[Shortlist]:
        """Every shortlist in name order (or only *shortlist_id*), in two queries."""
        where, params = ("WHERE id = ?", [shortlist_id]) if shortlist_id is not None else ("", [])
        items: dict[int, list[ShortlistItem]] = defaultdict(list)
        for sid, cluster_id, remark in self.conn.execute(
                "SELECT shortlist_id, cluster_id, remark FROM shortlist_items "  # noqa: S608
                f"WHERE shortlist_id IN (SELECT id FROM shortlists {where}) "
                "ORDER BY shortlist_id, position", params):
            items[sid].append(ShortlistItem(cluster_id, remark))
        return [Shortlist(name, tuple(items.get(sid, ())), uid, sid, created, updated)
                for sid, uid, name, created, updated in self.conn.execute(
                    f"SELECT id, uid, name, created_at, updated_at FROM shortlists {where} "  # noqa: S608
                    "ORDER BY name COLLATE NOCASE", params).fetchall()]

    def shortlist(self, shortlist_id: int) -> Shortlist:
        found = self.shortlists(shortlist_id)
        if not found:
            raise StoreError(f"no shortlist {shortlist_id}")
        return found[0]

    def create_shortlist(self, name: str, uid: str | None = None) -> Shortlist:
        name = nfc(" ".join(name.split()))
        if not name:
            raise StoreError("a shortlist needs a name")
        now = now_utc()
        try:
            with self.transaction() as conn:
                cur = conn.execute("INSERT INTO shortlists (uid, name, created_at, updated_at) "
                                   "VALUES (?, ?, ?, ?)", [uid or new_uid(), name, now, now])
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"there is already a shortlist called “{name}”") from exc
        return self.shortlist(int(cur.lastrowid or 0))

    def rename_shortlist(self, shortlist_id: int, name: str) -> None:
        name = nfc(" ".join(name.split()))
        if not name:
            raise StoreError("a shortlist needs a name")
        try:
            with self.transaction() as conn:
                conn.execute("UPDATE shortlists SET name = ?, updated_at = ? WHERE id = ?",
                             [name, now_utc(), shortlist_id])
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"there is already a shortlist called “{name}”") from exc

    def delete_shortlist(self, shortlist_id: int) -> Shortlist:
        shortlist = self.shortlist(shortlist_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM shortlists WHERE id = ?", [shortlist_id])
        if self.setting("current_shortlist") == str(shortlist_id):
            self.set_setting("current_shortlist", "")
        return shortlist

    def restore_shortlist(self, shortlist: Shortlist) -> Shortlist:
        shortlist = replace(shortlist, name=nfc(shortlist.name), items=_nfc_items(shortlist.items))
        try:
            with self.transaction() as conn:
                conn.execute("INSERT INTO shortlists (id, uid, name, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?)",
                             [shortlist.id, shortlist.uid, shortlist.name,
                              shortlist.created_at, shortlist.updated_at])
                conn.executemany(
                    "INSERT INTO shortlist_items (shortlist_id, cluster_id, position, remark) "
                    "VALUES (?, ?, ?, ?)",
                    [(shortlist.id, item.cluster_id, n, item.remark)
                     for n, item in enumerate(shortlist.items)])
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"a shortlist called “{shortlist.name}” is already there; "
                             "nothing was changed") from exc
        return self.shortlist(int(shortlist.id or 0))

    def set_items(self, shortlist_id: int, items: Sequence[ShortlistItem]) -> None:
        """Replace a shortlist's clusters, in this order, with their remarks."""
        unique = list({item.cluster_id: item for item in _nfc_items(items)}.values())
        with self.transaction() as conn:
            conn.execute("DELETE FROM shortlist_items WHERE shortlist_id = ?", [shortlist_id])
            conn.executemany(
                "INSERT INTO shortlist_items (shortlist_id, cluster_id, position, remark) "
                "VALUES (?, ?, ?, ?)",
                [(shortlist_id, item.cluster_id, n, item.remark)
                 for n, item in enumerate(unique)])
            conn.execute("UPDATE shortlists SET updated_at = ? WHERE id = ?",
                         [now_utc(), shortlist_id])

    def write_shortlist(self, conn: sqlite3.Connection, shortlist: Shortlist) -> int:
        """Inside an open :meth:`transaction`: insert *shortlist* as given (its uid, name and
        clusters in order with their remarks; its own ``created_at``/``updated_at``, or now
        where it has none) under a new id, which is returned. Its id is ignored; a cluster
        listed twice is kept once, at its first place. The name is not made unique here:
        one already taken raises :class:`sqlite3.IntegrityError`, and the transaction rolls
        back."""
        now = now_utc()
        cur = conn.execute("INSERT INTO shortlists (uid, name, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?)", [shortlist.uid, shortlist.name,
                                                  shortlist.created_at or now,
                                                  shortlist.updated_at or now])
        shortlist_id = int(cur.lastrowid or 0)
        _insert_items(conn, shortlist_id, shortlist.items)
        return shortlist_id

    def merge_shortlist(self, conn: sqlite3.Connection, current: Shortlist,
                        incoming: Sequence[ShortlistItem]) -> None:
        """Inside an open :meth:`transaction`: the shortlist *current* (as read here, with
        its id) keeps its clusters in its order, and the clusters of *incoming* it lacks
        follow, in theirs; a remark here is never replaced. Its name, times and the other
        shortlists are left as they are. Database errors propagate (the transaction rolls
        back)."""
        known = {i.cluster_id for i in current.items}
        items = [*current.items, *(i for i in incoming if i.cluster_id not in known)]
        shortlist_id = int(current.id or 0)
        conn.execute("DELETE FROM shortlist_items WHERE shortlist_id = ?", [shortlist_id])
        _insert_items(conn, shortlist_id, items)

    def set_current_shortlist_uid(self, conn: sqlite3.Connection, uid: str) -> bool:
        """Inside an open :meth:`transaction`: make the shortlist with *uid* the one the star
        adds to. Returns False, and writes nothing, when there is no shortlist with *uid*."""
        row = conn.execute("SELECT id FROM shortlists WHERE uid = ?", [uid]).fetchone()
        if row is None:
            return False
        conn.execute("INSERT INTO settings (key, value) VALUES ('current_shortlist', ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [str(row[0])])
        return True

    def current_shortlist(self, create_name: str | None = None) -> Shortlist | None:
        """The shortlist the star adds to; made (as *create_name*) if there is none yet."""
        current = self.setting("current_shortlist")
        if current:
            try:
                return self.shortlist(int(current))
            except (StoreError, ValueError):
                log.warning("current shortlist %r is gone", current)
        if create_name is None:
            return None
        existing = self.shortlists()
        chosen = existing[0] if existing else self.create_shortlist(create_name)
        self.set_setting("current_shortlist", str(chosen.id))
        return chosen

    def set_current_shortlist(self, shortlist_id: int) -> None:
        self.shortlist(shortlist_id)
        self.set_setting("current_shortlist", str(shortlist_id))

    def toggle_star(self, cluster_id: str, default_name: str = "My shortlist") -> bool:
        """Add the cluster to the current shortlist, or take it off; True when now on it."""
        shortlist = self.current_shortlist(create_name=default_name)
        assert shortlist is not None
        assert shortlist.id is not None
        items = list(shortlist.items)
        if any(i.cluster_id == cluster_id for i in items):
            self.set_items(shortlist.id, [i for i in items if i.cluster_id != cluster_id])
            return False
        self.set_items(shortlist.id, [*items, ShortlistItem(cluster_id)])
        return True

    def is_starred(self, cluster_id: str) -> bool:
        shortlist = self.current_shortlist()
        return bool(shortlist and any(i.cluster_id == cluster_id for i in shortlist.items))

    # -- search and checks ----------------------------------------------------------------

    def search(self, text: str, limit: int = 200) -> list[NoteHit]:
        """Contacts and notes matching every word of *text*, accents and case ignored, best
        first; a record that cannot be read is left out (and listed in :attr:`unreadable`).

        The work per hit is bounded whatever the record's length: the index holds records in
        parts (:func:`mxdesk.core.notes.schema.index_record`), a hit's passage is cut from the
        first part that matches, and its name is kept in the index."""
        query = fts_query(text)
        if not query or limit <= 0:
            return []
        terms = search_terms(text)
        try:
            found = self._ranked(f"{{title body}} : ({query})", limit)
            if len(terms) > 1 and len(found) < limit:
                found += self._across_parts(terms, {record for record, _ in found},
                                            limit - len(found))
        except sqlite3.OperationalError:
            # fts_query() emits quoted terms only, so this is a bug, not bad input: log it,
            # and let the user go on with no result rather than a crash mid-meeting.
            log.exception("notes search failed for %r (FTS %r)", text, query)
            return []
        hits = []
        for record, first in found:
            hit = self._hit(record, first, terms)
            if hit is not None:
                hits.append(hit)
        return hits

    #: bm25 weights: the title (a contact's name) counts five times the rest; the other
    #: columns (parts, start, label, text) are not searched.
    _RANK = "bm25(search, 5.0, 1.0, 0.0, 0.0, 0.0, 0.0)"

    def _ranked(self, match: str, limit: int) -> list[tuple[int, int]]:
        """(record, its first matching rowid) of the records with a part matching *match*,
        best first: the best part of each record ranks it."""
        return [(int(record), int(first)) for record, first, _score in self.conn.execute(
            f"WITH found AS MATERIALIZED (SELECT rowid >> {PART_BITS} AS record, rowid, "  # noqa: S608
            f"{self._RANK} AS score FROM search WHERE search MATCH ?) "
            "SELECT record, min(rowid), min(score) AS best FROM found GROUP BY record "
            "ORDER BY best, record LIMIT ?", [match, limit])]

    def _across_parts(self, terms: Sequence[Term], known: set[int], limit: int
                      ) -> list[tuple[int, int]]:
        """Records held in several parts whose parts match every term between them but no
        part all of them (words far apart in a long note): after the others, oldest first.
        Only the parts of such records are read (:data:`~mxdesk.core.notes.schema.MANY`)."""
        firsts: dict[int, int] = {}
        common: set[int] | None = None
        for term in terms:
            # The term alone, as fts_query makes it (folding its folded parts changes nothing).
            alone = fts_query("-".join(term.parts))
            if not alone:
                continue
            match = f"parts : {MANY} AND {{title body}} : ({alone})"
            seen: dict[int, int] = {}
            for (rowid,) in self.conn.execute("SELECT rowid FROM search WHERE search MATCH ?",
                                              [match]):
                record = rowid >> PART_BITS
                seen[record] = min(rowid, seen.get(record, rowid))
            common = set(seen) if common is None else common & set(seen)
            for record in common:
                firsts[record] = min(seen[record], firsts.get(record, seen[record]))
            if not common - known:
                return []
        return [(record, firsts[record]) for record in sorted((common or set()) - known)[:limit]]

    def _hit(self, record: int, first: int, terms: Sequence[Term]) -> NoteHit | None:
        """The hit for *record*, named as indexed, with a passage of its part *first*."""
        kind, record_id = record_of(first)
        if (kind, record_id) in self.unreadable:
            return None
        base, _after = record_rowids(kind, record_id)
        row = self.conn.execute("SELECT start, parts, label, text FROM search WHERE rowid = ?",
                                [first]).fetchone()
        if row is None:
            return None
        start, many, label, part = row
        if first != base:
            named = self.conn.execute("SELECT label FROM search WHERE rowid = ?",
                                      [base]).fetchone()
            label = named[0] if named else ""
        if _undecodable(label, part):
            self.unreadable[(kind, record_id)] = "its text is not valid UTF-8"
            return None
        more = bool(many) and self.conn.execute("SELECT 1 FROM search WHERE rowid = ?",
                                                [first + 1]).fetchone() is not None
        return NoteHit(kind, record_id, str(label),
                       _passage(str(part), terms, int(start or 0) > 0, more))

    def cluster_ids_in_use(self) -> set[str]:
        return {str(c) for (c,) in self.conn.execute(
            "SELECT cluster_id FROM contacts WHERE cluster_id IS NOT NULL UNION "
            "SELECT cluster_id FROM notes WHERE cluster_id IS NOT NULL UNION "
            "SELECT cluster_id FROM shortlist_items")}

    def orphans(self, known_cluster_ids: Iterable[str] | Callable[[set[str]], set[str]]
                ) -> set[str]:
        """Cluster ids the user's records point at that the directory no longer has.

        *known_cluster_ids* is every id the directory has, or a function that says which of
        the ids in use it has (cheaper with a large directory)."""
        in_use = self.cluster_ids_in_use()
        known = (known_cluster_ids(in_use) if callable(known_cluster_ids)
                 else set(known_cluster_ids))
        return in_use - known

    def counts(self) -> tuple[int, int, int]:
        contacts, notes, shortlists = self.conn.execute(
            "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM notes), "
            "(SELECT count(*) FROM shortlists)").fetchone()
        return int(contacts), int(notes), int(shortlists)

    # -- backups --------------------------------------------------------------------------

    def backup(self, reason: str = "manual", protect: Iterable[Path] = ()) -> Path:
        """Copy the store with VACUUM INTO: a consistent snapshot of what is committed, named by
        UTC time and schema; then keep the newest ``backups_kept`` (never one in *protect*).

        VACUUM INTO reads a snapshot and never waits for another connection's open write
        transaction (unlike ``Connection.backup``), and the busy timeout bounds any wait.
        Raises :class:`StoreError` (nothing is left behind) when the copy cannot be written.
        """
        if self.backup_dir.exists() and not self.backup_dir.is_dir():
            raise StoreError(f"cannot back up the notes: {self.backup_dir} is a file, not a "
                             "folder; move it away")
        try:
            self.backup_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, f"cannot back up the notes to {self.backup_dir}") from exc
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        target = self.backup_dir / bk.backup_name(reason, int(version))
        partial = target.with_name(target.name + ".partial")
        try:
            self.conn.execute("VACUUM INTO ?", [str(partial)])
            partial.replace(target)
        except sqlite3.Error as exc:
            partial.unlink(missing_ok=True)
            why = {13: "the disk is full", 8: "the folder cannot be written",
                   14: "the folder cannot be written"}.get(result_code(exc), str(exc))
            raise StoreError(f"could not back up the notes to {self.backup_dir}: {why}; "
                             "nothing was changed") from exc
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise os_error(exc, f"could not back up the notes to {self.backup_dir}") from exc
        keep = int(self.setting("backups_kept", str(DEFAULT_BACKUPS_KEPT))
                   or DEFAULT_BACKUPS_KEPT)
        bk.prune(self.backup_dir, keep, protect={target, *protect})
        log.info("backed up %s to %s", self.path, target)
        return target

    def backup_if_due(self, now: dt.datetime | None = None) -> Path | None:
        """At start and daily: back up when something changed since the last backup, or when
        the last backup is older than a day. Nothing on a read-only store."""
        if self.read_only:
            return None
        latest = self.backups()
        # Each backup holds the change count it was taken at: no write is needed to know.
        changed = not latest or latest[0].changes != self.changes()
        moment = now or dt.datetime.now(tz=dt.UTC)
        if moment.tzinfo is None:
            moment = moment.astimezone()
        stale = not latest or moment - latest[0].made > BACKUP_EVERY
        if (changed and self.counts() != (0, 0, 0)) or (stale and latest):
            return self.backup(reason="auto")
        return None

    def backups(self) -> list[bk.BackupInfo]:
        """Backups, newest first (by UTC time), with their date, schema and what they hold."""
        return bk.read_backups(self.backup_dir)

    def good_backups(self) -> list[bk.BackupInfo]:
        """Backups this mxdesk can restore: sound and of a schema it reads; newest first."""
        return bk.good_backups(self.backup_dir, SCHEMA_VERSION)

    def restore_from(self, backup: Path) -> Path:
        """Put a backup's records in place of the current ones, in the open file, so every
        window on it follows. The backup is copied and upgraded first and the current notes
        backed up (as ``before-restore``) before one transaction swaps the records; a full
        disk or a damaged backup leaves everything as it was. Returns the before-restore copy.
        """
        if not bk.is_sound(backup):
            raise StoreError(f"the backup {backup.name} is damaged too; choose another")
        found = bk.contents(backup)
        if found is None or not 0 < found[0] <= SCHEMA_VERSION:
            raise StoreError(f"the backup {backup.name} was written by a newer mxdesk "
                             "(or is not a notes file); choose another")
        work = self.backup_dir / (backup.name + ".restoring")
        try:
            bk.copy_file(backup, work)
        except OSError as exc:
            raise os_error(exc, f"could not restore {backup.name}; nothing was changed") from exc
        try:
            # The copy is upgraded to this mxdesk's schema before anything else is touched.
            NotesStore(work, upgrade_backup=False).close()
            safety = self.backup(reason="before-restore", protect={backup})
            try:
                self._swap_in(work)
            except BaseException:
                safety.unlink(missing_ok=True)  # nothing was replaced: no copy to keep
                raise
        except sqlite3.Error as exc:
            raise write_error(exc, self.path) from exc
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
        log.info("restored %s into %s (before: %s)", backup, self.path, safety)
        return safety

    _RESTORED = (("contacts", "id, uid, name, role, organisation, cluster_id, email, phone, "
                  "met_where, met_on, comment, created_at, updated_at, version, sort_key"),
                 ("contact_tags", "contact_id, tag"),
                 ("contact_points", "contact_id, kind, position, value, types"),
                 ("notes", "id, uid, body, cluster_id, contact_id, created_at, updated_at, "
                  "version"),
                 ("shortlists", "id, uid, name, created_at, updated_at"),
                 ("shortlist_items", "shortlist_id, cluster_id, position, remark"),
                 # The rowid says which record a row indexes, and which part of it.
                 ("search", "rowid, title, body, parts, start, label, text"))

    def _swap_in(self, source: Path) -> None:
        # A plain path: this connection was not opened with URIs, so "file:…" would be a name.
        self.conn.execute("ATTACH DATABASE ? AS restored", [str(source)])
        # Contacts' sort keys are made anew from their names, by this mxdesk's folding.
        self.conn.create_function("fold", 1, contact_sort_key, deterministic=True)
        try:
            with self.transaction() as conn:
                for table, _columns in reversed(self._RESTORED):
                    conn.execute(f"DELETE FROM main.{table}")  # noqa: S608
                for table, columns in self._RESTORED:
                    read = columns.replace("sort_key", "fold(name)")
                    conn.execute(f"INSERT INTO main.{table} ({columns}) "  # noqa: S608
                                 f"SELECT {read} FROM restored.{table}")
                conn.execute("INSERT INTO main.settings (key, value) SELECT key, value FROM "
                             "restored.settings WHERE key = 'current_shortlist' "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        finally:
            self.conn.execute("DETACH DATABASE restored")


def backup_dir(store_path: Path | None = None) -> Path:
    return (store_path or default_path()).parent / BACKUP_FOLDER


def list_backups(store_path: Path | None = None) -> list[bk.BackupInfo]:
    """Backups of a store that may not open (for recovery), newest first."""
    return bk.read_backups(backup_dir(store_path))


def good_backups(store_path: Path | None = None) -> list[bk.BackupInfo]:
    """Backups of a store that may not open that this mxdesk can restore, newest first."""
    return bk.good_backups(backup_dir(store_path), SCHEMA_VERSION)


def restore_backup(backup: Path, store_path: Path | None = None) -> Path | None:
    """Put a backup file in place of a store no window has open (recovery at start). The
    backup is copied beside the store first; only then is a current file moved aside (never
    deleted) and the copy renamed into place, so a full disk changes nothing. Returns where
    the current file went (None when there was none)."""
    target = store_path or default_path()
    if not bk.is_sound(backup):
        raise StoreError(f"the backup {backup.name} is damaged too; choose another")
    found = bk.contents(backup)  # a backup, or notes rebuilt from a journal (any name)
    if found is None or not 0 < found[0] <= SCHEMA_VERSION:
        raise StoreError(f"{backup.name} was written by a newer mxdesk, or is not a notes "
                         "file; choose another")
    staged = target.with_name(target.name + ".restoring")
    try:
        bk.copy_file(backup, staged)
    except OSError as exc:
        raise os_error(exc, f"could not restore {backup.name}; nothing was changed") from exc
    moved = None
    if target.exists():
        stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        moved = target.with_name(f"{target.name}.before-restore-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{target}{suffix}")
            if part.exists():
                part.replace(Path(f"{moved}{suffix}"))
    staged.replace(target)
    return moved
