"""Backups of the notes file: named and pruned by UTC time and schema, checked before offered.

A backup is ``backups/notes-<UTC time>-v<schema>-<reason>.db``, written whole by ``VACUUM
INTO`` to a ``.partial`` name and renamed. Sorting by the UTC time in the name (or, for the
local-time names of mxdesk before schema 3, by the file's modification time) keeps a traveller's
backups in the order they were made whatever the laptop's clock zone says.

The files first (names, what a backup holds, pruning, whole-or-nothing copies), then what an
open store does with them (:func:`backup`, :func:`backup_if_due`, :func:`restore_from`, behind
``NotesStore``'s methods of those names) and :func:`restore_file`, for a store no window has
open.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mxdesk.core.i18n import _
from mxdesk.core.notes.errors import DiskFullError, StoreError, os_error, result_code, write_error
from mxdesk.core.notes.parts import OpenStore
from mxdesk.core.notes.records import NotesCounts
from mxdesk.core.notes.schema import NOTES_SCHEMA_VERSION, contact_sort_key

log = logging.getLogger("mxdesk.notes")

BACKUP_FOLDER = "backups"
#: Backups kept unless the user says otherwise (setting ``backups_kept``).
DEFAULT_BACKUPS_KEPT = 10
#: A backup is made at start when the notes changed, and at least this often.
BACKUP_EVERY = dt.timedelta(days=1)
#: ``notes-20261129T173112.123456Z-v3-auto.db``
_NAME = re.compile(r"^notes-(\d{8}T\d{6}\.\d{6}Z)-v(\d+)-(.+)\.db$")
#: Names before schema 3: ``notes-20261129-183112-123456-auto.db``, in the laptop's local time.
_OLD_NAME = re.compile(r"^notes-\d{8}-\d{6}(?:-\d+)?-(.+)\.db$")
#: A ``.partial`` older than this is what a killed backup left; younger ones may be in progress.
PARTIAL_AGE_S = 600


@dataclass(frozen=True)
class BackupInfo:
    """A backup file and what it holds. *made* is an aware UTC time (show it with
    ``made.astimezone()``); *schema* is the file's ``PRAGMA user_version``."""

    path: Path
    made: dt.datetime
    contacts: int
    notes: int
    shortlists: int
    #: The store's change count when the backup was taken.
    changes: int = -1
    schema: int = 0
    reason: str = ""
    missions: int = 0
    meetings: int = 0

    @property
    def counts(self) -> NotesCounts:
        """What the backup holds, kind by kind."""
        return NotesCounts(self.contacts, self.notes, self.shortlists, self.missions,
                           self.meetings)

    @property
    def local_time(self) -> str:
        """When the backup was made, in this computer's time zone, to the minute
        (``"2026-03-02 14:05"``)."""
        return f"{self.made.astimezone():%Y-%m-%d %H:%M}"


def backup_name(reason: str, schema: int, when: dt.datetime | None = None) -> str:
    """A backup's file name: ``notes-<UTC time to the µs>Z-v<schema>-<reason>.db``, the reason
    made safe for a file name (``"manual"`` when nothing is left of it); *when* defaults to
    now."""
    stamp = (when or dt.datetime.now(tz=dt.UTC)).astimezone(dt.UTC)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "-", reason) or "manual"
    return f"notes-{stamp:%Y%m%dT%H%M%S.%fZ}-v{schema}-{safe}.db"


def _made(path: Path) -> tuple[dt.datetime, str] | None:
    """When a backup was made (UTC) and why, from its name; None if it is not a backup."""
    match = _NAME.match(path.name)
    if match:
        made = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=dt.UTC)
        return made, match.group(3)
    old = _OLD_NAME.match(path.name)
    if old:
        try:
            return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC), old.group(1)
        except OSError:
            return None
    return None


def backup_files(folder: Path) -> list[tuple[dt.datetime, Path]]:
    """Every backup in *folder* as (when it was made, UTC; its path), newest first; [] when
    *folder* is not a folder."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("notes-*.db"):
        made = _made(path)
        if made is not None:
            found.append((made[0], path))
    return sorted(found, key=lambda pair: (pair[0], pair[1].name), reverse=True)


def count_records(conn: sqlite3.Connection) -> NotesCounts:
    """How many contacts, notes, shortlists, missions and meetings the notes file of *conn*
    holds (no missions or meetings before schema 6). Raises :class:`sqlite3.Error` when the
    file cannot be read."""
    agenda = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                          "name IN ('missions', 'meetings')").fetchone()[0] == 2
    found = conn.execute("SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM notes), "
                         "(SELECT count(*) FROM shortlists)").fetchone()
    later = conn.execute("SELECT (SELECT count(*) FROM missions), "
                         "(SELECT count(*) FROM meetings)").fetchone() if agenda else (0, 0)
    return NotesCounts(*(int(n) for n in (*found, *later)))


def contents(path: Path) -> tuple[int, NotesCounts, int] | None:
    """What a notes file holds, read without changing it: (schema, its counts, change count
    or -1); None when it cannot be read as a notes file."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
            counts = count_records(conn)
            row = (conn.execute("SELECT value FROM settings WHERE key = 'changes'").fetchone()
                   if schema >= 2 else None)
        finally:
            conn.close()
    except (ValueError, sqlite3.Error):
        return None
    return schema, counts, int(row[0]) if row else -1


def backup_info(path: Path) -> BackupInfo | None:
    """What a backup holds; None when it cannot be read as a notes file."""
    made = _made(path)
    found = contents(path) if made is not None else None
    if made is None or found is None:
        return None
    schema, counts, changes = found
    return BackupInfo(path, made[0], counts.contacts, counts.notes, counts.shortlists, changes,
                      schema, made[1], counts.missions, counts.meetings)


def read_backups(folder: Path) -> list[BackupInfo]:
    """Backups in *folder* that can be read, newest first."""
    infos = (backup_info(path) for _made_at, path in backup_files(folder))
    return [info for info in infos if info is not None]


def is_sound(path: Path) -> bool:
    """True when SQLite finds nothing wrong with the file (``PRAGMA integrity_check``)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def good_backups(folder: Path, schema: int) -> list[BackupInfo]:
    """Backups this mxdesk can restore: sound, and of schema 1 to *schema*; newest first."""
    return [b for b in read_backups(folder) if 0 < b.schema <= schema and is_sound(b.path)]


def prune(folder: Path, keep: int, protect: Iterable[Path] = ()) -> list[Path]:
    """Delete all but the *keep* newest backups (never one in *protect*); returns the deleted."""
    kept = {Path(p) for p in protect}
    deleted = []
    for _made_at, path in backup_files(folder)[max(keep, 1):]:
        if path in kept:
            continue
        path.unlink(missing_ok=True)
        deleted.append(path)
    return deleted


def clean_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Remove ``.partial`` files that killed backups left (older than :data:`PARTIAL_AGE_S`:
    a younger one may be another window's backup in progress); returns those removed. *now*
    is the time to judge by, in seconds since the epoch (default: :func:`time.time`)."""
    if not folder.is_dir():
        return []
    limit = (now if now is not None else time.time()) - PARTIAL_AGE_S
    removed = []
    for path in folder.glob("*.partial"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except OSError as exc:
            log.warning("could not remove the leftover %s: %s", path, exc)
    return removed


def copy_file(source: Path, target: Path) -> None:
    """Copy *source* to *target* whole or not at all: a ``.partial`` beside it, flushed to the
    disk, then renamed over. Raises OSError (a full disk, a read-only folder); nothing is left."""
    partial = target.with_name(target.name + ".partial")
    try:
        with source.open("rb") as src, partial.open("wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


# -- what an open store does with its backups -------------------------------------------------


def backup(store: OpenStore, reason: str = "manual", protect: Iterable[Path] = ()) -> Path:
    """Copy *store* with VACUUM INTO into its backup folder, named by UTC time, schema and
    *reason*; then keep the newest ``backups_kept`` (never one in *protect*). Returns the copy.
    See ``NotesStore.backup``; raises :class:`StoreError` (nothing is left behind)."""
    folder = store.backup_dir
    if folder.exists() and not folder.is_dir():
        raise StoreError(_("cannot back up the notes: {folder} is a file, not a folder; move "
                           "it away").format(folder=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, _("cannot back up the notes to {folder}").format(
            folder=folder)) from exc
    version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    target = folder / backup_name(reason, int(version))
    partial = target.with_name(target.name + ".partial")
    try:
        store.conn.execute("VACUUM INTO ?", [str(partial)])
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        code = result_code(exc)
        why = {13: _("the disk is full"), 8: _("the folder cannot be written"),
               14: _("the folder cannot be written")}.get(code, str(exc))
        raise (DiskFullError if code == 13 else StoreError)(_(
            "could not back up the notes to {folder}: {reason}; nothing was changed").format(
                folder=folder, reason=why)) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise os_error(exc, _("could not back up the notes to {folder}").format(
            folder=folder)) from exc
    keep = int(store.setting("backups_kept", str(DEFAULT_BACKUPS_KEPT))
               or DEFAULT_BACKUPS_KEPT)
    prune(folder, keep, protect={target, *protect})
    log.info("backed up %s to %s", store.path, target)
    return target


def backup_if_due(store: OpenStore, now: dt.datetime | None = None) -> Path | None:
    """:func:`backup` (reason "auto") when *store* changed since its last backup (and holds
    something), or that backup is older than :data:`BACKUP_EVERY`; else, and on a read-only
    store, None. *now* is the time to judge by (a naive one is local time; None: the clock)."""
    if store.read_only:
        return None
    latest = read_backups(store.backup_dir)
    # Each backup holds the change count it was taken at: no write is needed to know.
    changed = not latest or latest[0].changes != store.changes()
    moment = now or dt.datetime.now(tz=dt.UTC)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    stale = not latest or moment - latest[0].made > BACKUP_EVERY
    if (changed and any(store.counts())) or (stale and latest):
        return backup(store, reason="auto")
    return None


def _restorable(backup_file: Path, newer: str) -> None:
    """Raise :class:`StoreError` unless *backup_file* is sound and a notes file of a schema
    this mxdesk reads (*newer* says what it is when it is not)."""
    if not is_sound(backup_file):
        raise StoreError(_("the backup {name} is damaged too; choose another").format(
            name=backup_file.name))
    found = contents(backup_file)
    if found is None or not 0 < found[0] <= NOTES_SCHEMA_VERSION:
        raise StoreError(newer)


def restore_from(store: OpenStore, backup_file: Path, upgrade: Callable[[Path], None]) -> Path:
    """Put *backup_file*'s records in place of *store*'s, in the open file; *upgrade* opens
    and closes a copy as a store of this mxdesk (migrating it). See
    ``NotesStore.restore_from``; returns the before-restore copy; raises :class:`StoreError`
    and changes nothing when it cannot."""
    _restorable(backup_file, _("the backup {name} was written by a newer mxdesk (or is not a "
                               "notes file); choose another").format(name=backup_file.name))
    work = store.backup_dir / (backup_file.name + ".restoring")
    try:
        copy_file(backup_file, work)
    except OSError as exc:
        raise os_error(exc, _("could not restore {name}; nothing was changed").format(
            name=backup_file.name)) from exc
    try:
        # The copy is upgraded to this mxdesk's schema before anything else is touched.
        upgrade(work)
        safety = backup(store, reason="before-restore", protect={backup_file})
        try:
            _swap_in(store, work)
        except BaseException:
            safety.unlink(missing_ok=True)  # nothing was replaced: no copy to keep
            raise
    except sqlite3.Error as exc:
        raise write_error(exc, store.path) from exc
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
    log.info("restored %s into %s (before: %s)", backup_file, store.path, safety)
    return safety


#: The tables a restore replaces, parents first, and the columns it copies.
_RESTORED = (("contacts", "id, uid, name, role, organisation, cluster_id, email, phone, "
              "met_where, met_on, comment, created_at, updated_at, version, sort_key"),
             ("contact_tags", "contact_id, tag"),
             ("contact_points", "contact_id, kind, position, value, types"),
             ("notes", "id, uid, body, cluster_id, contact_id, created_at, updated_at, "
              "version, shared"),
             ("shortlists", "id, uid, name, created_at, updated_at"),
             ("shortlist_items", "shortlist_id, cluster_id, position, remark"),
             # Schema 6 (issue 18): missions and their meetings.
             ("missions", "id, uid, name, start_date, end_date, home_zone, shortlist_uid, "
              "comment, created_at, updated_at"),
             ("mission_clusters", "mission_id, cluster_id, position"),
             ("meetings", "id, uid, sequence, mission_id, title, starts_at, zone, duration_min, "
              "place, status, outcome, next_step, next_due, comment, created_at, updated_at"),
             ("meeting_clusters", "meeting_id, cluster_id, position, name"),
             ("meeting_contacts", "meeting_id, contact_uid, position"),
             # The rowid says which record a row indexes, and which part of it.
             ("search", "rowid, title, body, parts, start, label, text"))


def _swap_in(store: OpenStore, source: Path) -> None:
    """Replace every record of *store* by those of the notes file *source* (of this schema),
    in one transaction; the star's shortlist comes along."""
    conn = store.conn
    # A plain path: this connection was not opened with URIs, so "file:…" would be a name.
    conn.execute("ATTACH DATABASE ? AS restored", [str(source)])
    # Contacts' sort keys are made anew from their names, by this mxdesk's folding.
    conn.create_function("fold", 1, contact_sort_key, deterministic=True)
    try:
        with store.transaction() as tx:
            for table, _columns in reversed(_RESTORED):
                tx.execute(f"DELETE FROM main.{table}")  # noqa: S608
            for table, columns in _RESTORED:
                read = columns.replace("sort_key", "fold(name)")
                tx.execute(f"INSERT INTO main.{table} ({columns}) "  # noqa: S608
                           f"SELECT {read} FROM restored.{table}")
            tx.execute("INSERT INTO main.settings (key, value) SELECT key, value FROM "
                       "restored.settings WHERE key = 'current_shortlist' "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            # The sharing's tokens come back with the records they describe: a mission's
            # next sync then sees notes older than its last sync, and deletes nothing on the
            # server for them (mxdesk.core.share.sync.send).
            tx.execute("DELETE FROM main.settings WHERE key LIKE 'share_sync:%'")
            tx.execute("INSERT INTO main.settings (key, value) SELECT key, value FROM "
                       "restored.settings WHERE key LIKE 'share_sync:%'")
    finally:
        conn.execute("DETACH DATABASE restored")


def restore_file(backup_file: Path, target: Path) -> Path | None:
    """Put *backup_file* in place of the notes file *target*, which no window has open (see
    ``opening.restore_backup``). Returns where the current file went (None when there was
    none); raises :class:`StoreError` (a damaged or newer backup, a full disk) having changed
    nothing."""
    # A backup, or notes rebuilt from a journal (any name).
    _restorable(backup_file, _("{name} was written by a newer mxdesk, or is not a notes file; "
                               "choose another").format(name=backup_file.name))
    staged = target.with_name(target.name + ".restoring")
    try:
        copy_file(backup_file, staged)
    except OSError as exc:
        raise os_error(exc, _("could not restore {name}; nothing was changed").format(
            name=backup_file.name)) from exc
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
