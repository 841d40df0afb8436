"""Backups of the notes file: named and pruned by UTC time and schema, checked before offered.

A backup is ``backups/notes-<UTC time>-v<schema>-<reason>.db``, written whole by ``VACUUM
INTO`` to a ``.partial`` name and renamed. Sorting by the UTC time in the name (or, for the
local-time names of mxdesk before schema 3, by the file's modification time) keeps a traveller's
backups in the order they were made whatever the laptop's clock zone says.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mxdesk.notes")

BACKUP_FOLDER = "backups"
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

    @property
    def local_time(self) -> str:
        return f"{self.made.astimezone():%Y-%m-%d %H:%M}"


def backup_name(reason: str, schema: int, when: dt.datetime | None = None) -> str:
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
    """Every backup in *folder*, newest first (by UTC time); [] when it is not a folder."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("notes-*.db"):
        made = _made(path)
        if made is not None:
            found.append((made[0], path))
    return sorted(found, key=lambda pair: (pair[0], pair[1].name), reverse=True)


def contents(path: Path) -> tuple[int, int, int, int, int] | None:
    """What a notes file holds, read without changing it: (schema, contacts, notes,
    shortlists, change count or -1); None when it cannot be read as a notes file."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
            counts = conn.execute("SELECT (SELECT count(*) FROM contacts), "
                                  "(SELECT count(*) FROM notes), "
                                  "(SELECT count(*) FROM shortlists)").fetchone()
            row = (conn.execute("SELECT value FROM settings WHERE key = 'changes'").fetchone()
                   if schema >= 2 else None)
        finally:
            conn.close()
    except (ValueError, sqlite3.Error):
        return None
    return (schema, int(counts[0]), int(counts[1]), int(counts[2]),
            int(row[0]) if row else -1)


def backup_info(path: Path) -> BackupInfo | None:
    """What a backup holds; None when it cannot be read as a notes file."""
    made = _made(path)
    found = contents(path) if made is not None else None
    if made is None or found is None:
        return None
    schema, contacts, notes, shortlists, changes = found
    return BackupInfo(path, made[0], contacts, notes, shortlists, changes, schema, made[1])


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
    a younger one may be another window's backup in progress)."""
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
