"""What mxdesk remembers about sharing, in ``<data folder>/share/share.db`` (SQLite).

Kept apart from the notes file on purpose: a backup of the notes (and its restore) never holds
the links or the sync state, and the state never travels in an export. No password is stored
here or anywhere in the share folder (:mod:`.secrets`).

Tables:

- ``links``: one per mission (by its uid): the address book's and the calendar's URLs, the
  user name, a CA file or a pinned SHA-256 fingerprint for a server whose certificate the
  system does not trust, when it last synced and how that went.
- ``items``: one per shared contact or meeting: the fingerprint of its shared fields when the
  local folder (vdir) and the notes file last agreed (:func:`mxdesk.core.share.items.fingerprint`),
  its file name in the vdir, whether that version reached the server (``sent``), and what is
  waiting: ``gone_here`` (deleted here, to be deleted on the server) or ``gone_there``
  (deleted on the server: the user is asked before it is deleted here).
- ``chosen``: contacts the user chose to share with a mission's delegation although they
  were neither met in its meetings nor on its days (a card from a file, met before the trip).
  Once sent, a contact is one of the mission's ``items`` and stays shared while it exists.
- ``conflicts``: an item changed here and on the server since the last sync: the server's
  version is kept here (its text) until the user chooses one; this computer's stays in the
  notes file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from mxdesk.core.notes.records import now_utc

SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    mission_uid TEXT PRIMARY KEY,
    carddav TEXT NOT NULL,
    caldav TEXT NOT NULL,
    username TEXT NOT NULL,
    ca_file TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_sync_at TEXT NOT NULL DEFAULT '',
    last_ok_at TEXT NOT NULL DEFAULT '',
    last_result TEXT NOT NULL DEFAULT '',
    token TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS items (
    mission_uid TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('contact', 'meeting')),
    uid TEXT NOT NULL,
    fp TEXT NOT NULL,
    href TEXT NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0,
    waiting TEXT NOT NULL DEFAULT '' CHECK (waiting IN ('', 'gone_here', 'gone_there')),
    PRIMARY KEY (mission_uid, kind, uid)
);
CREATE TABLE IF NOT EXISTS chosen (
    mission_uid TEXT NOT NULL,
    contact_uid TEXT NOT NULL,
    chosen_at TEXT NOT NULL,
    PRIMARY KEY (mission_uid, contact_uid)
);
CREATE TABLE IF NOT EXISTS conflicts (
    mission_uid TEXT NOT NULL,
    kind TEXT NOT NULL,
    uid TEXT NOT NULL,
    title TEXT NOT NULL,
    theirs TEXT NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (mission_uid, kind, uid)
);
"""


@dataclass(frozen=True)
class Link:
    """A mission's link to a server: two collection URLs and a user name (no password)."""

    mission_uid: str
    carddav: str
    caldav: str
    username: str
    ca_file: str = ""
    fingerprint: str = ""
    created_at: str = ""
    last_sync_at: str = ""
    last_ok_at: str = ""
    last_result: str = ""
    #: Written here and in the notes file's settings at each sync: a notes file restored
    #: from a backup holds another one (see :func:`mxdesk.core.share.sync.send`).
    token: str = ""


@dataclass(frozen=True)
class Item:
    """The sync state of one shared contact or meeting (see the module's docstring)."""

    kind: str
    uid: str
    fp: str
    href: str
    sent: bool
    waiting: str = ""


@dataclass(frozen=True)
class ConflictCopy:
    """The server's version of an item changed on both sides: *theirs* is its file's text."""

    kind: str
    uid: str
    title: str
    theirs: str
    found_at: str


class ShareState:
    """``share.db`` opened (made when missing). Each method commits what it changes."""

    def __init__(self, folder: Path) -> None:
        """Open ``folder/share.db``, making the folder and the file when missing. Raises
        :class:`OSError` or :class:`sqlite3.Error` when it cannot be made or read."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.conn = sqlite3.connect(folder / "share.db", timeout=5.0)
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        """Close the file."""
        self.conn.close()

    def __enter__(self) -> ShareState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # links

    def links(self) -> list[Link]:
        """Every mission's link, oldest first."""
        rows = self.conn.execute("SELECT * FROM links ORDER BY created_at").fetchall()
        return [Link(*row) for row in rows]

    def link(self, mission_uid: str) -> Link | None:
        """The link of the mission *mission_uid*, or None."""
        row = self.conn.execute("SELECT * FROM links WHERE mission_uid = ?",
                                [mission_uid]).fetchone()
        return Link(*row) if row else None

    def save_link(self, link: Link) -> None:
        """Insert or replace a mission's link (its sync state is kept when only the password,
        a URL's spelling or the trust changes; :meth:`forget` drops it)."""
        with self.conn:
            self.conn.execute(
                "INSERT INTO links (mission_uid, carddav, caldav, username, ca_file, "
                "fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (mission_uid) DO UPDATE SET carddav = excluded.carddav, "
                "caldav = excluded.caldav, username = excluded.username, "
                "ca_file = excluded.ca_file, fingerprint = excluded.fingerprint",
                [link.mission_uid, link.carddav, link.caldav, link.username, link.ca_file,
                 link.fingerprint, link.created_at or now_utc()])

    def set_trust(self, mission_uid: str, fingerprint: str) -> None:
        """Pin the server certificate's SHA-256 fingerprint ("AB:CD:…") for the mission."""
        with self.conn:
            self.conn.execute("UPDATE links SET fingerprint = ? WHERE mission_uid = ?",
                              [fingerprint, mission_uid])

    def record_sync(self, mission_uid: str, ok: bool, result: str) -> None:
        """Note a sync's time (now, UTC) and its one-line result."""
        now = now_utc()
        with self.conn:
            self.conn.execute(
                "UPDATE links SET last_sync_at = ?, last_result = ?, "
                "last_ok_at = CASE WHEN ? THEN ? ELSE last_ok_at END WHERE mission_uid = ?",
                [now, result, ok, now, mission_uid])

    def set_token(self, mission_uid: str, token: str) -> None:
        """Record the token the notes file was given at this sync."""
        with self.conn:
            self.conn.execute("UPDATE links SET token = ? WHERE mission_uid = ?",
                              [token, mission_uid])

    def reset_items(self, mission_uid: str) -> None:
        """Forget every item's sync state of the mission (its conflicts stay)."""
        with self.conn:
            self.conn.execute("DELETE FROM items WHERE mission_uid = ?", [mission_uid])

    def forget(self, mission_uid: str) -> None:
        """Drop the mission's link, items, chosen contacts and conflicts."""
        with self.conn:
            for table in ("links", "items", "chosen", "conflicts"):
                self.conn.execute(f"DELETE FROM {table} WHERE mission_uid = ?",  # noqa: S608
                                  [mission_uid])

    # items

    def items(self, mission_uid: str, kind: str) -> dict[str, Item]:
        """The mission's items of *kind* ("contact" or "meeting") by uid."""
        rows = self.conn.execute(
            "SELECT kind, uid, fp, href, sent, waiting FROM items "
            "WHERE mission_uid = ? AND kind = ?", [mission_uid, kind]).fetchall()
        return {row[1]: Item(row[0], row[1], row[2], row[3], bool(row[4]), row[5])
                for row in rows}

    def item(self, mission_uid: str, kind: str, uid: str) -> Item | None:
        """One item's state, or None when the mission has no item *uid* of *kind*."""
        row = self.conn.execute(
            "SELECT kind, uid, fp, href, sent, waiting FROM items "
            "WHERE mission_uid = ? AND kind = ? AND uid = ?", [mission_uid, kind, uid]).fetchone()
        return Item(row[0], row[1], row[2], row[3], bool(row[4]), row[5]) if row else None

    def put(self, mission_uid: str, item: Item) -> None:
        """Insert or replace one item's state."""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
                [mission_uid, item.kind, item.uid, item.fp, item.href, int(item.sent),
                 item.waiting])

    def drop(self, mission_uid: str, kind: str, uid: str) -> None:
        """Forget one item's state."""
        with self.conn:
            self.conn.execute("DELETE FROM items WHERE mission_uid = ? AND kind = ? AND uid = ?",
                              [mission_uid, kind, uid])

    # contacts chosen to share

    def chosen(self, mission_uid: str) -> set[str]:
        """The uids of the contacts chosen to share with the mission *mission_uid*."""
        rows = self.conn.execute("SELECT contact_uid FROM chosen WHERE mission_uid = ?",
                                 [mission_uid]).fetchall()
        return {uid for (uid,) in rows}

    def choose(self, mission_uid: str, contact_uid: str, shared: bool) -> None:
        """Share the contact *contact_uid* with the mission's delegation at the next sync
        (*shared* True), or no longer (False: only while it has not been sent)."""
        with self.conn:
            if shared:
                self.conn.execute("INSERT OR IGNORE INTO chosen VALUES (?, ?, ?)",
                                  [mission_uid, contact_uid, now_utc()])
            else:
                self.conn.execute(
                    "DELETE FROM chosen WHERE mission_uid = ? AND contact_uid = ?",
                    [mission_uid, contact_uid])

    # conflicts

    def conflicts(self, mission_uid: str) -> list[ConflictCopy]:
        """The mission's open conflicts, oldest first."""
        rows = self.conn.execute(
            "SELECT kind, uid, title, theirs, found_at FROM conflicts WHERE mission_uid = ? "
            "ORDER BY found_at, uid", [mission_uid]).fetchall()
        return [ConflictCopy(*row) for row in rows]

    def keep_conflict(self, mission_uid: str, copy: ConflictCopy) -> None:
        """Keep the server's version of a conflicting item (replacing an older one)."""
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO conflicts VALUES (?, ?, ?, ?, ?, ?)",
                              [mission_uid, copy.kind, copy.uid, copy.title, copy.theirs,
                               copy.found_at])

    def settle(self, mission_uid: str, kind: str, uid: str) -> None:
        """Drop a conflict once the user chose a version."""
        with self.conn:
            self.conn.execute(
                "DELETE FROM conflicts WHERE mission_uid = ? AND kind = ? AND uid = ?",
                [mission_uid, kind, uid])


def open_state(data_dir: Path) -> ShareState:
    """The share state of the data folder *data_dir* (``data_dir/share/share.db``)."""
    return ShareState(data_dir / "share")


__all__ = ["ConflictCopy", "Item", "Link", "ShareState", "open_state"]
