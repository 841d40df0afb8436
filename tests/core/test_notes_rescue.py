"""Reading what a lost or damaged notes file still holds: a -wal alone, a trashed file."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mxdesk.core.notes.errors import StoreError
from mxdesk.core.notes.rescue import RescueReport, rescue_export
from mxdesk.core.notes.schema import MIGRATIONS
from mxdesk.core.notes.wal import rebuild

STAMP = "2026-03-14T10:00:00+00:00"
EXPORT_KEYS = {"format", "version", "exported_at", "contacts", "notes", "shortlists", "missions",
               "meetings", "current_shortlist_uid"}


def create_schema(conn: sqlite3.Connection, version: int = len(MIGRATIONS)) -> None:
    """A notes file at schema *version*, made as the store makes it (one transaction)."""
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN")
    for migrate in MIGRATIONS[:version]:
        migrate(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("COMMIT")


def add_contact(conn: sqlite3.Connection, n: int, name: str | None = None, **fields: str) -> int:
    """A contact as the store writes it: from schema 4 on, its e-mail also in contact_points."""
    cur = conn.execute(
        "INSERT INTO contacts (uid, name, role, organisation, cluster_id, email, comment, "
        "met_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [f"contact-{n}", name or f"Contact {n}", fields.get("role", ""),
         fields.get("organisation", ""), fields.get("cluster_id"), fields.get("email", ""),
         fields.get("comment", ""), fields.get("met_on", ""), STAMP, STAMP])
    contact_id = int(cur.lastrowid or 0)
    has_points = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'contact_points'")
    if fields.get("email") and has_points.fetchone():
        conn.execute("INSERT INTO contact_points (contact_id, kind, position, value) "
                     "VALUES (?, 'email', 0, ?)", [contact_id, fields["email"]])
    return contact_id


def add_note(conn: sqlite3.Connection, n: int, body: str, contact_id: int | None = None,
             cluster_id: str | None = None) -> int:
    cur = conn.execute(
        "INSERT INTO notes (uid, body, cluster_id, contact_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [f"note-{n}", body, cluster_id, contact_id, STAMP, f"2026-03-14T10:00:{n % 60:02}+00:00"])
    return int(cur.lastrowid or 0)


def contact_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT id, uid, name, comment FROM contacts ORDER BY id").fetchall()


def digest(folder: Path) -> dict[str, str]:
    """Every file of *folder* by name, with a hash of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


# -- rebuilding from a WAL alone --------------------------------------------------------------


@dataclass
class Journal:
    """A WAL copied while its writer was still open: never checkpointed, nothing in the db."""

    wal: Path
    db: Path
    page_size: int
    #: (the WAL's size after the commit, every contact row at that commit), commit by commit
    commits: list[tuple[int, list[tuple[Any, ...]]]]
    tags: int

    @property
    def final(self) -> list[tuple[Any, ...]]:
        return self.commits[-1][1]


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    live = tmp_path_factory.mktemp("live") / "notes.db"
    wal = live.with_name("notes.db-wal")
    conn = sqlite3.connect(live, isolation_level=None)
    # WAL before the schema, so that every page of the file goes through the journal.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    create_schema(conn)
    commits = []
    for n in range(1, 151):
        conn.execute("BEGIN")
        contact_id = add_contact(conn, n, comment=f"met at stand {n}\n" * (n % 7))
        conn.execute("INSERT INTO contact_tags (contact_id, tag) VALUES (?, 'bajío')",
                     [contact_id])
        # Later transactions rewrite and delete earlier rows: the newest copy of a page wins.
        if n % 10 == 0:
            conn.execute("UPDATE contacts SET name = name || ' (edited)' WHERE id = ?", [n - 5])
        if n % 25 == 0:
            conn.execute("DELETE FROM contacts WHERE id = ?", [n - 20])
        conn.execute("COMMIT")
        commits.append((wal.stat().st_size, contact_rows(conn)))
    copy = tmp_path_factory.mktemp("copy")
    shutil.copy(live, copy / "notes.db")
    shutil.copy(wal, copy / "notes.db-wal")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    tags = conn.execute("SELECT count(*) FROM contact_tags").fetchone()[0]
    yield Journal(copy / "notes.db-wal", copy / "notes.db", page_size, commits, tags)
    conn.close()


def lone_wal(journal: Journal, tmp_path: Path, content: bytes | None = None) -> Path:
    """The journal (or *content*) as a -wal left alone in a folder of its own."""
    folder = tmp_path / "lost"
    folder.mkdir()
    wal = folder / "notes.db-wal"
    wal.write_bytes(journal.wal.read_bytes() if content is None else content)
    return wal


def read_rebuilt(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return contact_rows(conn)
    finally:
        conn.close()


def test_rebuild_from_wal_alone(journal: Journal, tmp_path: Path) -> None:
    wal = lone_wal(journal, tmp_path)
    before = wal.read_bytes()
    out = tmp_path / "rebuilt.db"
    assert rebuild(wal, out)
    assert wal.read_bytes() == before  # never written
    assert len(journal.final) == 150 - 6  # six were deleted
    assert read_rebuilt(out) == journal.final
    header = out.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01"  # a rollback-journal file: it stands alone
    assert out.stat().st_size % journal.page_size == 0
    conn = sqlite3.connect(f"{out.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT count(*) FROM contact_tags").fetchone()[0] == journal.tags
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lost", "rebuilt.db"]
    assert sorted(p.name for p in wal.parent.iterdir()) == ["notes.db-wal"]


@pytest.mark.parametrize("commit", [1, 37, 99, 149])
@pytest.mark.parametrize("damage", ["cut in a frame header", "cut in a page",
                                    "cut after a whole frame", "a flipped byte"])
def test_rebuild_keeps_every_transaction_before_the_damage(
        journal: Journal, tmp_path: Path, commit: int, damage: str) -> None:
    """The transaction the damage falls in is dropped; every one committed before is kept."""
    end = journal.commits[commit - 1][0]  # where the next transaction's frames start
    frame = 24 + journal.page_size
    data = bytearray(journal.wal.read_bytes())
    assert journal.commits[commit][0] - end >= 2 * frame  # every transaction has 2+ frames
    if damage == "cut in a frame header":
        data = data[:end + 10]
    elif damage == "cut in a page":
        data = data[:end + 24 + journal.page_size // 2]
    elif damage == "cut after a whole frame":
        data = data[:end + frame]
    else:
        data[end + 24 + 100] ^= 0x01
    out = tmp_path / "rebuilt.db"
    assert rebuild(lone_wal(journal, tmp_path, bytes(data)), out)
    assert read_rebuilt(out) == journal.commits[commit - 1][1]


def big_endian(wal: bytes) -> bytes:
    """*wal* re-signed with the other magic number: checksums over big-endian words."""
    def checksum(data: bytes, s0: int, s1: int) -> tuple[int, int]:
        words = struct.unpack(f">{len(data) // 4}I", data)
        for i in range(0, len(words), 2):
            s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
            s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
        return s0, s1

    out = bytearray(wal)
    out[0:4] = struct.pack(">I", 0x377F0683)
    s = checksum(bytes(out[:24]), 0, 0)
    out[24:32] = struct.pack(">2I", *s)
    page_size = struct.unpack(">I", out[8:12])[0]
    for offset in range(32, len(out) - 24 - page_size + 1, 24 + page_size):
        s = checksum(bytes(out[offset:offset + 8]), *s)
        s = checksum(bytes(out[offset + 24:offset + 24 + page_size]), *s)
        out[offset + 16:offset + 24] = struct.pack(">2I", *s)
    return bytes(out)


def test_rebuild_reads_big_endian_checksums(journal: Journal, tmp_path: Path) -> None:
    resigned = big_endian(journal.wal.read_bytes())
    # SQLite itself accepts the re-signed journal: the test's re-signing is right.
    check = tmp_path / "check"
    check.mkdir()
    shutil.copy(journal.db, check / "notes.db")
    (check / "notes.db-wal").write_bytes(resigned)
    conn = sqlite3.connect(check / "notes.db")
    assert contact_rows(conn) == journal.final
    conn.close()
    out = tmp_path / "rebuilt.db"
    assert rebuild(lone_wal(journal, tmp_path, resigned), out)
    assert read_rebuilt(out) == journal.final


def test_rebuild_fails_when_pages_were_checkpointed(tmp_path: Path) -> None:
    """Pages written to the lost database before the last checkpoint are not in the WAL:
    the rebuilt file is unsound, and that is a plain False."""
    live = tmp_path / "live" / "notes.db"
    live.parent.mkdir()
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    create_schema(conn)
    for n in range(20):
        add_contact(conn, n)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for n in range(20, 25):
        add_contact(conn, n)
    wal = tmp_path / "notes.db-wal"
    shutil.copy(live.with_name("notes.db-wal"), wal)
    conn.close()
    out = tmp_path / "rebuilt.db"
    assert not rebuild(wal, out)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live", "notes.db-wal"]


@pytest.mark.parametrize("content", [
    b"", b"\x37\x7f\x06\x82", b"garbage " * 1000, bytes(32 + 24 + 4096),
], ids=["empty", "short", "garbage", "zeros"])
def test_rebuild_refuses_what_is_not_a_wal(tmp_path: Path, content: bytes) -> None:
    wal = tmp_path / "notes.db-wal"
    wal.write_bytes(content)
    out = tmp_path / "rebuilt.db"
    assert not rebuild(wal, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db-wal"]
    assert wal.read_bytes() == content


def test_rebuild_refuses_a_wal_without_a_commit(journal: Journal, tmp_path: Path) -> None:
    # The header and the first frame of the schema's transaction, whose commit is cut off.
    head = journal.wal.read_bytes()[:32 + 24 + journal.page_size]
    out = tmp_path / "rebuilt.db"
    assert not rebuild(lone_wal(journal, tmp_path, head), out)
    assert not out.exists()


def test_rebuild_refuses_a_damaged_header(journal: Journal, tmp_path: Path) -> None:
    data = bytearray(journal.wal.read_bytes())
    data[12] ^= 0x01  # the checkpoint sequence: the header's checksum no longer matches
    assert not rebuild(lone_wal(journal, tmp_path, bytes(data)), tmp_path / "rebuilt.db")


def test_rebuild_of_a_missing_wal_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        rebuild(tmp_path / "notes.db-wal", tmp_path / "rebuilt.db")


# -- rescuing a damaged file ------------------------------------------------------------------


def make_notes_file(path: Path, version: int = len(MIGRATIONS)) -> dict[str, int]:
    """A closed WAL-mode notes file at schema *version* with a little of everything; returns
    the ids of some of its records."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    create_schema(conn, version)
    conn.execute("BEGIN")
    ana = add_contact(conn, 1, "Ana Pérez", role="Directora", organisation="Clúster Automotriz",
                      cluster_id="claugto", email="ana@example.org", met_on="2026-03-14",
                      comment='Línea 1\nLínea 2: "¿mañana?"')
    jurgen = add_contact(conn, 2, "Jürgen Groß", organisation="Our cluster")
    conn.executemany("INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)",
                     [(ana, "automotive"), (ana, "follow-up"), (jurgen, "añejo")])
    add_note(conn, 1, "Reunión muy útil.\nNext: send the brochure.", ana, "claugto")
    add_note(conn, 2, "General idea about Querétaro")
    cur = conn.execute("INSERT INTO shortlists (uid, name, created_at, updated_at) "
                       "VALUES ('list-1', 'Bajío mission, March', ?, ?)", [STAMP, STAMP])
    shortlist = int(cur.lastrowid or 0)
    # Positions are not in insertion order: the export follows the positions.
    conn.executemany("INSERT INTO shortlist_items (shortlist_id, cluster_id, position, remark) "
                     "VALUES (?, ?, ?, ?)", [(shortlist, "aerocluster-queretaro", 1, ""),
                                             (shortlist, "claugto", 0, "visit on day 1")])
    conn.execute("INSERT INTO settings (key, value) VALUES ('current_shortlist', ?)",
                 [str(shortlist)])
    conn.execute("COMMIT")
    conn.close()
    return {"ana": ana, "jurgen": jurgen, "shortlist": shortlist}


def read_back(out: Path) -> Any:
    from mxdesk.core.exchange import read_json

    text = out.read_text(encoding="utf-8")
    assert set(json.loads(text)) == EXPORT_KEYS
    return read_json(out, text)


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS) + 1))
def test_rescue_of_a_sound_file_round_trips(tmp_path: Path, version: int) -> None:
    source = tmp_path / "notes" / "notes.db"
    make_notes_file(source, version)
    before = digest(source.parent)
    out = tmp_path / "rescued.json"
    report = rescue_export(source, out)
    assert report == RescueReport(contacts=2, notes=2, shortlists=1, problems=())
    assert digest(source.parent) == before  # nothing written, nothing created beside it
    incoming = read_back(out)
    ana, jurgen = incoming.contacts
    assert (ana.uid, ana.name, ana.role, ana.organisation, ana.cluster_id, ana.email,
            ana.met_on, ana.tags, ana.comment, ana.created_at) == (
        "contact-1", "Ana Pérez", "Directora", "Clúster Automotriz", "claugto",
        "ana@example.org", "2026-03-14", ("automotive", "follow-up"),
        'Línea 1\nLínea 2: "¿mañana?"', STAMP)
    assert (jurgen.name, jurgen.cluster_id, jurgen.tags) == ("Jürgen Groß", None, ("añejo",))
    assert [(n.uid, n.body, n.cluster_id, n.contact_uid) for n in incoming.notes] == [
        ("note-2", "General idea about Querétaro", None, None),
        ("note-1", "Reunión muy útil.\nNext: send the brochure.", "claugto", "contact-1")]
    (shortlist,) = incoming.shortlists
    assert shortlist.name == "Bajío mission, March"
    assert [(i.cluster_id, i.remark) for i in shortlist.items] == [
        ("claugto", "visit on day 1"), ("aerocluster-queretaro", "")]
    assert incoming.current_shortlist_uid == shortlist.uid == "list-1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "rescued.json"]


@pytest.mark.parametrize("version", [len(MIGRATIONS) - 1, len(MIGRATIONS)])
def test_rescue_keeps_whether_a_note_is_shared(tmp_path: Path, version: int) -> None:
    """From schema 7 a note may be shared: the rescue says so, and a file before it (or a
    value that is not a plain 1) leaves every note private."""
    source = tmp_path / "notes" / "notes.db"
    make_notes_file(source, version)
    if version >= 7:
        conn = sqlite3.connect(source)
        conn.execute("UPDATE notes SET shared = 1 WHERE uid = 'note-1'")
        conn.commit()
        conn.close()
    out = tmp_path / "rescued.json"
    rescue_export(source, out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert [(n["uid"], n["shared"]) for n in written["notes"]] == [
        ("note-2", False), ("note-1", version >= 7)]
    assert [(n.uid, n.shared) for n in read_back(out).notes] == [
        ("note-2", False), ("note-1", version >= 7)]


def test_rescue_exports_every_email_and_phone_with_its_types(tmp_path: Path) -> None:
    """Schema 4 on: all of a contact's e-mails and phones, in order, with their types, as
    ``mxdesk notes export`` writes them; the import reads them back the same."""
    source = tmp_path / "notes.db"
    ids = make_notes_file(source)
    conn = sqlite3.connect(source, isolation_level=None)
    # Positions out of insertion order: the export follows the positions.
    conn.executemany(
        "INSERT INTO contact_points (contact_id, kind, position, value, types) "
        "VALUES (?, ?, ?, ?, ?)",
        [(ids["ana"], "email", 2, "ana@casa.mx", "home"),
         (ids["ana"], "email", 1, "ana.perez@cluster.mx", "work,pref"),
         (ids["ana"], "phone", 1, "+52 1 555 0101", "cell"),
         (ids["ana"], "phone", 0, "+52 477 000 0000", "work,voice"),
         (ids["jurgen"], "phone", 0, "+49 89 5555 0199", "")])
    conn.close()
    out = tmp_path / "rescued.json"
    report = rescue_export(source, out)
    assert report.problems == ()
    data = json.loads(out.read_text(encoding="utf-8"))
    ana, jurgen = data["contacts"]
    assert (ana["emails"], ana["phones"]) == (
        [{"value": "ana@example.org", "types": []},
         {"value": "ana.perez@cluster.mx", "types": ["work", "pref"]},
         {"value": "ana@casa.mx", "types": ["home"]}],
        [{"value": "+52 477 000 0000", "types": ["work", "voice"]},
         {"value": "+52 1 555 0101", "types": ["cell"]}])
    assert (jurgen["emails"], jurgen["phones"]) == ([], [{"value": "+49 89 5555 0199",
                                                         "types": []}])
    assert "email" not in ana  # the export's own keys, nothing more
    back = read_back(out).contacts[0]
    assert [(p.value, p.types) for p in back.emails] == [
        ("ana@example.org", ()), ("ana.perez@cluster.mx", ("work", "pref")),
        ("ana@casa.mx", ("home",))]
    assert back.phones[0].types == ("work", "voice")


def test_rescue_keeps_the_preferred_email_when_its_rows_are_lost(tmp_path: Path) -> None:
    source = tmp_path / "notes.db"
    ids = make_notes_file(source)
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("DELETE FROM contact_points WHERE contact_id = ?", [ids["ana"]])
    conn.close()
    report = rescue_export(source, tmp_path / "rescued.json")
    assert report.problems == (
        f"contact {ids['ana']}: its e-mail address “ana@example.org” was only in the "
        "contact's own row (the rows of its e-mails and phones are missing); it is exported "
        "first",)
    assert read_back(tmp_path / "rescued.json").contacts[0].email == "ana@example.org"


def test_rescue_of_a_trashed_points_table_keeps_the_preferred_ones(tmp_path: Path) -> None:
    source = tmp_path / "notes.db"
    make_notes_file(source)
    root, page_size = page_of(source, "contact_points")
    trash(source, root, page_size)
    report = rescue_export(source, tmp_path / "rescued.json")
    assert "contact_points: rows from 1 on could not be read" in report.problems
    incoming = read_back(tmp_path / "rescued.json")
    assert [c.email for c in incoming.contacts] == ["ana@example.org", ""]
    assert [n.uid for n in incoming.notes] == ["note-2", "note-1"]


def test_rescue_reads_what_is_still_in_the_wal(journal: Journal, tmp_path: Path) -> None:
    """A file whose records are all in its -wal, never checkpointed: they are exported, and
    neither the file nor its journal is changed."""
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(journal.db, folder / "notes.db")
    shutil.copy(journal.wal, folder / "notes.db-wal")
    before = digest(folder)
    report = rescue_export(folder / "notes.db", tmp_path / "rescued.json")
    assert (report.contacts, report.problems) == (len(journal.final), ())
    after = digest(folder)
    assert {name: after[name] for name in before} == before
    uids = sorted(c.uid for c in read_back(tmp_path / "rescued.json").contacts)
    assert uids == sorted(uid for _id, uid, _name, _comment in journal.final)


def test_rescue_mends_text_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "notes.db"
    ids = make_notes_file(source)
    conn = sqlite3.connect(source, isolation_level=None)
    # "Café \xff con leche": 0xff is never valid in UTF-8.
    bad = conn.execute(
        "INSERT INTO notes (uid, body, contact_id, created_at, updated_at) VALUES "
        "('note-bad', CAST(x'436166c3a920ff20636f6e206c65636865' AS TEXT), ?, ?, ?)",
        [ids["jurgen"], STAMP, STAMP]).lastrowid
    with pytest.raises(sqlite3.OperationalError, match="decode"):
        conn.execute("SELECT body FROM notes WHERE id = ?", [bad]).fetchall()
    conn.close()
    out = tmp_path / "rescued.json"
    report = rescue_export(source, out)
    assert (report.contacts, report.notes, report.shortlists) == (2, 3, 1)
    assert report.problems == (
        f"note {bad}: its text was not valid UTF-8; unreadable bytes replaced by �",)
    incoming = read_back(out)
    mended = next(n for n in incoming.notes if n.uid == "note-bad")
    assert (mended.body, mended.contact_uid) == ("Café \ufffd con leche", "contact-2")
    assert {n.uid for n in incoming.notes} == {"note-1", "note-2", "note-bad"}


def page_of(source: Path, table: str) -> tuple[int, int]:
    """The root page of *table* and the page size."""
    conn = sqlite3.connect(source)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    return int(root[0]), int(page_size)


def trash(source: Path, page: int, page_size: int) -> None:
    """Overwrite the first half of *page*: its b-tree header becomes an invalid page type."""
    with source.open("r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(b"\xde\xad\xbe\xef" * (page_size // 8))


def test_rescue_of_a_trashed_table_keeps_the_other_tables(tmp_path: Path) -> None:
    source = tmp_path / "notes.db"
    make_notes_file(source)
    root, page_size = page_of(source, "notes")
    trash(source, root, page_size)
    conn = sqlite3.connect(source)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        conn.execute("SELECT * FROM notes").fetchall()
    conn.close()
    out = tmp_path / "rescued.json"
    report = rescue_export(source, out)
    assert (report.contacts, report.notes, report.shortlists) == (2, 0, 1)
    assert report.problems[0].startswith("the file is damaged; SQLite's check says: ")
    assert "notes: rows from 1 on could not be read" in report.problems
    incoming = read_back(out)
    assert [c.name for c in incoming.contacts] == ["Ana Pérez", "Jürgen Groß"]
    assert incoming.contacts[0].tags == ("automotive", "follow-up")
    assert [i.cluster_id for i in incoming.shortlists[0].items] == [
        "claugto", "aerocluster-queretaro"]


def test_rescue_of_a_trashed_leaf_keeps_the_rows_of_the_others(tmp_path: Path) -> None:
    """One leaf of a many-page table trashed: its rows are named, every other row is read."""
    source = tmp_path / "notes.db"
    ids = make_notes_file(source)
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("BEGIN")
    for n in range(3, 303):
        add_note(conn, n, f"Note {n}: " + "visit the cluster again. " * 12, ids["ana"])
    conn.execute("COMMIT")
    conn.close()
    root, page_size = page_of(source, "notes")
    data = source.read_bytes()
    page = data[(root - 1) * page_size:root * page_size]
    assert page[0] == 0x05  # an interior table page: the table spans many leaves
    first_cell = int.from_bytes(page[12:14], "big")
    leaf = int.from_bytes(page[first_cell:first_cell + 4], "big")
    assert data[(leaf - 1) * page_size] == 0x0D  # its first child is a leaf
    # The cell's key (a varint) is the largest rowid of that leaf.
    last_lost = 0
    for byte in page[first_cell + 4:first_cell + 13]:
        last_lost = (last_lost << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    assert 2 < last_lost < 300
    trash(source, leaf, page_size)
    report = rescue_export(source, tmp_path / "rescued.json")
    incoming = read_back(tmp_path / "rescued.json")
    kept = sorted(int(n.uid.split("-")[1]) for n in incoming.notes)
    assert kept == list(range(last_lost + 1, 303))
    assert f"notes: rows 1–{last_lost} could not be read" in report.problems
    assert report.notes == len(kept)
    assert (report.contacts, report.shortlists) == (2, 1)
    assert all(n.contact_uid == "contact-1" for n in incoming.notes)


def test_rescue_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    source = tmp_path / "notes.db"
    source.write_bytes(b"these are not the notes you are looking for\n" * 200)
    with pytest.raises(StoreError, match="cannot rescue"):
        rescue_export(source, tmp_path / "rescued.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_rescue_refuses_a_database_of_something_else(tmp_path: Path) -> None:
    source = tmp_path / "other.db"
    conn = sqlite3.connect(source)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not an mxdesk notes file"):
        rescue_export(source, tmp_path / "rescued.json")


def test_rescue_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        rescue_export(tmp_path / "notes.db", tmp_path / "rescued.json")


def test_rescue_says_when_the_export_cannot_be_written(tmp_path: Path) -> None:
    source = tmp_path / "notes.db"
    make_notes_file(source)
    with pytest.raises(StoreError, match="cannot write"):
        rescue_export(source, tmp_path / "no such folder" / "rescued.json")
    with pytest.raises(StoreError, match="into itself"):
        rescue_export(source, source)


def test_the_rescued_file_gets_the_mode_of_an_ordinary_file(tmp_path: Path) -> None:
    """Not mkstemp's private 0600: a colleague on a shared folder can read the rescue."""
    import os
    import stat

    source = tmp_path / "notes" / "notes.db"
    make_notes_file(source)
    before = os.umask(0o022)
    try:
        rescue_export(source, tmp_path / "rescued.json")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "rescued.json").stat().st_mode) == 0o644
