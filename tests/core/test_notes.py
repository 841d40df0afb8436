"""The user's notes store: saved, searchable, migrated, backed up, and never lost."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from mxdesk.core.notes import (
    MIGRATIONS,
    NOTES_SCHEMA_VERSION,
    Contact,
    CorruptStoreError,
    Note,
    NotesStore,
    ShortlistItem,
    StoreError,
    list_backups,
    restore_backup,
)
from mxdesk.core.notes.records import ContactPoint, points


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    opened = NotesStore(tmp_path / "notes.db")
    yield opened  # type: ignore[misc]
    opened.close()


def ana() -> Contact:
    return Contact(name="Ana Pérez", role="Cluster manager", organisation="CLAUGTO",
                   cluster_id="claugto", emails=points("ana@example.org"),
                   phones=points("+52 477 000 0000"),
                   met_where="León, stand 12", met_on="2026-03-14", tags=("automotive", "hot"),
                   comment="Wants a joint call with our suppliers.")


def test_file_settings(store: NotesStore) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == NOTES_SCHEMA_VERSION == len(MIGRATIONS)


def test_contact_round_trip(store: NotesStore) -> None:
    saved = store.save_contact(ana())
    assert saved.id is not None
    assert store.contact(saved.id) == saved
    assert saved.tags == ("automotive", "hot")
    assert saved.created_at
    assert saved.updated_at
    changed = store.save_contact(Contact(**{**saved.__dict__, "phones": points("+52 1")}))
    assert changed.phone == "+52 1"
    assert changed.uid == saved.uid
    assert [c.name for c in store.contacts(cluster_id="claugto")] == ["Ana Pérez"]
    assert [c.name for c in store.contacts(tag="hot")] == ["Ana Pérez"]
    assert store.contacts(cluster_id="claut") == []


def test_notes_link_to_clusters_and_contacts(store: NotesStore) -> None:
    contact = store.save_contact(ana())
    note = store.save_note(Note("Follow up on the supplier day.\nSecond line",
                                cluster_id="claugto", contact_uid=contact.uid))
    assert note.title == "Follow up on the supplier day."
    assert store.notes(cluster_id="claugto") == [note]
    assert store.notes(contact_uid=contact.uid) == [note]
    free = store.save_note(Note("A thought about Monterrey"))
    assert free.cluster_id is None
    assert free.contact_uid is None


def test_search_forgives_accents_and_case(store: NotesStore) -> None:
    store.save_contact(ana())
    store.save_note(Note("Reunión en Querétaro con el clúster"))
    assert [h.kind for h in store.search("perez")] == ["contact"]
    assert [h.kind for h in store.search("QUERETARO")] == ["note"]
    assert {h.kind for h in store.search("clust")} == {"note", "contact"}  # "Cluster manager"
    assert store.search("hot")[0].title == "Ana Pérez"  # tags are searched too
    assert store.search('"AND (') == []


def test_delete_and_undo_keep_everything(store: NotesStore) -> None:
    contact = store.save_contact(ana())
    note = store.save_note(Note("About Ana", contact_uid=contact.uid))
    deleted, linked = store.delete_contact(int(contact.id or 0))
    assert store.contacts() == []
    assert store.note(int(note.id or 0)).contact_uid is None
    restored = store.restore_contact(deleted, linked)
    assert restored == contact
    assert store.note(int(note.id or 0)).contact_uid == contact.uid
    assert [h.title for h in store.search("ana")] == ["Ana Pérez", "About Ana"]
    gone = store.delete_note(int(note.id or 0))
    assert store.restore_note(gone).body == "About Ana"


def test_shortlists_and_the_star(store: NotesStore) -> None:
    assert store.current_shortlist() is None
    assert store.toggle_star("claut", default_name="Monterrey mission, March")
    current = store.current_shortlist()
    assert current is not None
    assert current.name == "Monterrey mission, March"
    assert store.is_starred("claut")
    store.toggle_star("csoftmty")
    assert [i.cluster_id for i in store.current_shortlist().items] == ["claut", "csoftmty"]  # type: ignore[union-attr]
    assert not store.toggle_star("claut")
    assert not store.is_starred("claut")
    store.set_items(int(current.id or 0), [ShortlistItem("csoftmty", "meet the board"),
                                          ShortlistItem("claut", "")])
    assert store.shortlist(int(current.id or 0)).items == (
        ShortlistItem("csoftmty", "meet the board"), ShortlistItem("claut", ""))
    with pytest.raises(StoreError, match="already a shortlist"):
        store.create_shortlist("Monterrey mission, March")
    removed = store.delete_shortlist(int(current.id or 0))
    assert store.shortlists() == []
    assert store.restore_shortlist(removed) == removed


def test_orphans_are_flagged_not_dropped(store: NotesStore) -> None:
    store.save_contact(Contact("Old friend", cluster_id="a-cluster-that-left"))
    store.save_note(Note("still here", cluster_id="a-cluster-that-left"))
    assert store.orphans({"claut", "claugto"}) == {"a-cluster-that-left"}
    assert store.counts() == (1, 1, 0, 0, 0)


def _v1_file(path: Path) -> None:
    """A notes file exactly as schema version 1 wrote it, with one of each record."""
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)
    conn.executescript("""
        INSERT INTO contacts (uid, name, email, cluster_id, created_at, updated_at)
            VALUES ('u1', 'José Núñez', 'jose@example.org', 'claut', '2026-01-01', '2026-01-01');
        INSERT INTO contact_tags VALUES (1, 'aero');
        INSERT INTO notes (uid, body, cluster_id, contact_id, created_at, updated_at)
            VALUES ('n1', 'Visita a Monterrey', 'claut', 1, '2026-01-02', '2026-01-02');
        INSERT INTO shortlists (uid, name, created_at, updated_at)
            VALUES ('s1', 'Mission', '2026-01-03', '2026-01-03');
        INSERT INTO shortlist_items VALUES (1, 'claut', 0, 'first');
        PRAGMA user_version = 1;
    """)
    conn.commit()
    conn.close()


def test_migration_from_the_first_schema_keeps_every_record(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    _v1_file(path)
    with NotesStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == NOTES_SCHEMA_VERSION
        [contact] = store.contacts()
        assert (contact.name, contact.email, contact.tags) == ("José Núñez",
                                                              "jose@example.org", ("aero",))
        [note] = store.notes()
        assert (note.body, note.contact_uid) == ("Visita a Monterrey", "u1")
        [shortlist] = store.shortlists()
        assert shortlist.items == (ShortlistItem("claut", "first"),)
        # The new index covers the old records.
        assert [h.kind for h in store.search("nunez")] == ["contact"]
        assert [h.kind for h in store.search("monterrey")] == ["note"]
        # A copy of the old file was kept before it was changed.
        assert [b for b in store.backups() if "before-upgrade-v1" in b.path.name]


def test_migration_from_schema_3_gives_each_contact_its_email_and_phone(tmp_path: Path) -> None:
    """Schema 4 keeps several e-mails and phones per contact; a version-3 file's one e-mail and
    one phone become the first of each, and a contact with neither gets none."""
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        migration(conn)
    conn.executescript("""
        INSERT INTO contacts (uid, name, email, phone, created_at, updated_at) VALUES
            ('u1', 'Ana Pérez', ' ana@example.org ', '+52 477 000', '2026-01-01', '2026-01-01'),
            ('u2', 'Jürgen Groß', '', '', '2026-01-01', '2026-01-01');
        PRAGMA user_version = 3;
    """)
    conn.commit()
    conn.close()
    with NotesStore(path) as store:
        ana, jurgen = store.contacts()
        assert (ana.emails, ana.phones) == ((ContactPoint("ana@example.org"),),
                                            (ContactPoint("+52 477 000"),))
        assert (jurgen.emails, jurgen.phones) == ((), ())
        more = store.update_contact(ana, {"emails": (
            ContactPoint("ana@example.org", ("work",)), ContactPoint("ana@casa.mx", ("home",)))})
        assert store.contact(more.record.id or 0).emails == more.record.emails
        assert [h.kind for h in store.search("casa")] == ["contact"]
        assert [b for b in store.backups() if "before-upgrade-v3" in b.path.name]
    # The preferred address stays in the old column, for older readers and the rescue.
    row = sqlite3.connect(path).execute("SELECT email FROM contacts WHERE uid = 'u1'").fetchone()
    assert row == ("ana@example.org",)


def test_migration_from_schema_4_rebuilds_the_search_index(tmp_path: Path) -> None:
    """Schema 5 indexes text folded as the query is, in parts: a version-4 file's records are
    all found, by words the old index missed too, and a long note by words far apart."""
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:4]:
        migration(conn)
    long_body = "Acta de la feria\n" + " ".join(f"palabra{n}" for n in range(5000)) + " ﬁnal"
    conn.executescript(f"""
        INSERT INTO contacts (id, uid, name, organisation, email, created_at, updated_at)
            VALUES (7, 'u1', 'Jürgen Groß', 'Pro-Aéreo', 'jg@example.org', '2026-01-01',
                    '2026-01-01');
        INSERT INTO contact_points (contact_id, kind, position, value, types) VALUES
            (7, 'email', 0, 'jg@example.org', 'work'), (7, 'email', 1, 'jg@casa.de', 'home');
        INSERT INTO contact_tags (contact_id, tag) VALUES (7, 'Bayern');
        INSERT INTO notes (id, uid, body, contact_id, created_at, updated_at) VALUES
            (3, 'n1', '{long_body}', 7, '2026-01-02', '2026-01-02');
        PRAGMA user_version = 4;
    """)
    conn.commit()
    conn.close()
    with NotesStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == NOTES_SCHEMA_VERSION
        for query in ("gross", "Groß", "proaereo", "casa", "bayern"):
            assert [(h.kind, h.id, h.title) for h in store.search(query)] == [
                ("contact", 7, "Jürgen Groß")], query
        [hit] = store.search("acta final")  # the first and last words of 5,000
        assert (hit.kind, hit.id, hit.title) == ("note", 3, "Acta de la feria")
        assert hit.snippet.startswith("[Acta] de la feria")
        assert store.conn.execute("SELECT count(*) FROM search").fetchone()[0] > 10
        assert [b for b in store.backups() if "before-upgrade-v4" in b.path.name]
        # Saving again replaces the record's rows, whatever part they were in.
        store.save_note(replace(store.note(3), body="corta"))
        assert store.search("palabra4999") == []
        assert store.conn.execute("SELECT count(*) FROM search").fetchone()[0] == 2


def test_migration_from_schema_4_sorts_accented_names_among_the_others(tmp_path: Path) -> None:
    """Schema 5 gives contacts a folded sort key: a version-4 file's "Álvaro" sorts among the
    A's and "Łukasz" beside "Luis", not after "Zoë" as raw characters put them."""
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:4]:
        migration(conn)
    conn.executemany(
        "INSERT INTO contacts (uid, name, created_at, updated_at) "
        "VALUES (?, ?, '2026-01-01', '2026-01-01')",
        [(f"u{n}", name) for n, name in enumerate(
            ["Zoë", "Luis", "Álvaro", "Ana", "Łukasz", "Alberto", "Élodie", "Óscar"])])
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with NotesStore(path) as store:
        assert [c.name for c in store.contacts()] == [
            "Alberto", "Álvaro", "Ana", "Élodie", "Luis", "Łukasz", "Óscar", "Zoë"]
        assert store.conn.execute(
            "SELECT name, sort_key FROM contacts WHERE name IN ('Álvaro', 'Łukasz') "
            "ORDER BY id").fetchall() == [("Álvaro", "alvaro"), ("Łukasz", "lukasz")]
        indexes = {row[0] for row in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts'")}
        assert "contacts_by_sort_key" in indexes
        assert "contacts_by_name" not in indexes


SCHEMA_6 = Path(__file__).resolve().parents[1] / "data" / "notes_schema6.db"


def test_a_schema_6_file_made_by_the_previous_code_gets_shared_notes_and_loses_nothing(
        tmp_path: Path) -> None:
    """Schema 7 (issue 21) marks notes shared: a version-6 file (made by fbdc375's code,
    tests/data/make_notes_schema6.py) keeps every row of every table as it was, and every
    note it held is private."""
    path = tmp_path / "notes.db"
    shutil.copy(SCHEMA_6, path)
    before = sqlite3.connect(path)
    assert before.execute("PRAGMA user_version").fetchone()[0] == 6
    tables = [r[0] for r in before.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' "
        "AND name NOT LIKE 'sqlite_%' AND name != 'settings'")]
    rows = {t: before.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    assert {"contacts", "notes", "missions", "meetings", "meeting_contacts"} <= set(rows)
    before.close()
    with NotesStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == NOTES_SCHEMA_VERSION
        for table, old in rows.items():
            now = store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            if table == "notes":  # one column more, last: every old note not shared
                assert [r[-1] for r in now] == [0] * len(old)
                now = [r[:-1] for r in now]
            assert now == old, table
        assert store.counts() == (2, 4, 1, 1, 1)
        assert [(n.uid, n.shared) for n in store.notes()] == [
            ("n-4", False), ("n-3", False), ("n-2", False), ("n-1", False)]
        assert store.shared_notes("c-ana") == []
        for query, kind in [("perez", "contact"), ("queretaro", "note"), ("board", "meeting")]:
            assert kind in [h.kind for h in store.search(query)], query
        assert [b for b in store.backups() if "before-upgrade-v6" in b.path.name]
        # Marking one shared works at once in the upgraded file.
        marked = store.update_note(store.notes(contact_uid="c-ana")[-1], {"shared": True})
        assert marked.record.shared
        assert [n.uid for n in store.shared_notes("c-ana")] == ["n-1"]


def test_a_note_is_shared_only_when_marked_and_keeps_the_mark(tmp_path: Path) -> None:
    """The flag is written and read by every write path: a save, an edit of another field,
    a merged edit, a delete undone, a restored backup."""
    with NotesStore(tmp_path / "notes.db") as store:
        jose = store.save_contact(Contact("José Núñez", uid="c-jose"))
        other = store.save_contact(Contact("Jürgen Groß", uid="c-jurgen"))
        first = store.save_note(Note("Met at the fair", contact_uid=jose.uid,
                                     created_at="2026-03-01T10:00:00+00:00"))
        private = store.save_note(Note("His budget is tight", contact_uid=jose.uid))
        later = store.save_note(Note("Sends samples in May", contact_uid=jose.uid, shared=True,
                                     created_at="2026-03-05T10:00:00+00:00"))
        store.save_note(Note("Also shared, about another", contact_uid=other.uid, shared=True))
        assert (first.shared, private.shared, later.shared) == (False, False, True)
        assert store.conn.execute("SELECT uid, shared FROM notes WHERE uid IN (?, ?) ORDER BY id",
                                  [private.uid, later.uid]).fetchall() == [
            (private.uid, 0), (later.uid, 1)]
        first = store.update_note(first, {"shared": True}).record
        # Oldest first, by creation time; private notes and other contacts' are not there.
        assert [n.uid for n in store.shared_notes(jose.uid)] == [first.uid, later.uid]
        assert store.shared_notes("no-such-contact") == []
        # Another field edited from an older base keeps the mark made meanwhile.
        edited = store.update_note(replace(first, shared=False), {"body": "Met at the fair!"})
        assert (edited.record.body, edited.record.shared) == ("Met at the fair!", True)
        assert edited.conflicts == ()
        # save_note of a whole record writes the flag as given.
        assert not store.save_note(replace(edited.record, shared=False)).shared
        assert store.save_note(replace(store.note(int(first.id or 0)), shared=True)).shared
        # A delete undone brings the note back shared.
        gone = store.delete_note(int(later.id or 0))
        assert [n.uid for n in store.shared_notes(jose.uid)] == [first.uid]
        store.restore_note(gone)
        assert [n.uid for n in store.shared_notes(jose.uid)] == [first.uid, later.uid]
        # A contact deleted and brought back: its notes are shared with it again.
        removed, linked = store.delete_contact(int(jose.id or 0))
        assert store.shared_notes(jose.uid) == []
        store.restore_contact(removed, linked)
        assert [n.uid for n in store.shared_notes(jose.uid)] == [first.uid, later.uid]
        # A backup restored keeps the marks.
        copy = store.backup()
        store.update_note(store.note(int(later.id or 0)), {"shared": False})
        store.restore_from(copy)
        assert [n.uid for n in store.shared_notes(jose.uid)] == [first.uid, later.uid]
        assert not store.note(int(private.id or 0)).shared


@pytest.mark.parametrize(("names", "expected"), [
    (["Zoë", "Álvaro", "Beatriz", "Bärbel", "Łukasz", "Luis"],
     ["Álvaro", "Bärbel", "Beatriz", "Luis", "Łukasz", "Zoë"]),
    (["élodie", "Emma", "Eduardo", "ÓSCAR", "oscar"], ["Eduardo", "élodie", "Emma", "ÓSCAR",
                                                      "oscar"]),
])
def test_contacts_sort_with_accents_and_case_ignored(store: NotesStore, names: list[str],
                                                     expected: list[str]) -> None:
    with store.transaction() as conn:
        for name in names:
            store.write_contact(conn, Contact(name))
    assert [c.name for c in store.contacts()] == expected


def test_a_renamed_restored_or_restored_from_backup_contact_sorts_by_its_name(
        tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        zoe = store.save_contact(Contact("Zoë"))
        store.save_contact(Contact("Beatriz"))
        renamed = store.update_contact(zoe, {"name": "Álvaro"}).record
        assert [c.name for c in store.contacts()] == ["Álvaro", "Beatriz"]
        removed, linked = store.delete_contact(int(renamed.id or 0))
        store.restore_contact(removed, linked)
        assert [c.name for c in store.contacts()] == ["Álvaro", "Beatriz"]
        backup = store.backup()
        store.save_contact(Contact("Łukasz"))
        # A key gone wrong in the backup is made again from the name on restore.
        bad = sqlite3.connect(backup)
        bad.execute("UPDATE contacts SET sort_key = 'zzz' WHERE name = 'Álvaro'")
        bad.commit()
        bad.close()
        store.restore_from(backup)
        assert store.conn.execute("SELECT name, sort_key FROM contacts ORDER BY sort_key, id"
                                  ).fetchall() == [("Álvaro", "alvaro"), ("Beatriz", "beatriz")]


def test_restore_keeps_every_email_and_phone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as store:
        saved = store.save_contact(replace(ana(), emails=(
            ContactPoint("ana@example.org", ("work",)), ContactPoint("ana@casa.mx", ("home",)))))
        backup = store.backup()
        store.delete_contact(int(saved.id or 0))
        store.restore_from(backup)
        assert store.contacts() == [saved]
        assert [h.title for h in store.search("casa")] == ["Ana Pérez"]


def test_newer_schema_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {NOTES_SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer mxdesk"):
        NotesStore(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == \
        NOTES_SCHEMA_VERSION + 1


def test_corrupt_file_is_moved_aside_and_the_backup_offered(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as store:
        store.save_contact(ana())
        backup = store.backup()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # trash the header and first page
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptStoreError) as caught:
        NotesStore(path)
    error = caught.value
    assert error.newest_backup == backup
    assert error.moved_to.exists()  # moved, never deleted
    assert not path.exists()
    assert restore_backup(backup, path) is None
    with NotesStore(path) as store:
        assert [c.name for c in store.contacts()] == ["Ana Pérez"]


def test_backups_rotate_and_are_consistent(store: NotesStore) -> None:
    store.set_setting("backups_kept", "3")
    for n in range(5):
        store.save_note(Note(f"note {n}"))
        store.backup()
    backups = store.backups()
    assert len(backups) == 3
    assert [b.notes for b in backups] == [5, 4, 3]
    assert backups[0].made.date() == dt.date.today()


def test_backup_does_not_wait_for_another_writer(store: NotesStore) -> None:
    """Python's Connection.backup() waits forever while a write is open; VACUUM INTO reads a
    snapshot of what is committed, so a window mid-edit never blocks the backup."""
    store.save_note(Note("committed"))
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO notes (uid, body, created_at, updated_at) "
                  "VALUES ('x', 'uncommitted', '', '')")
    started = time.monotonic()
    path = store.backup()
    assert time.monotonic() - started < 5
    other.execute("ROLLBACK")
    other.close()
    copy = sqlite3.connect(path)
    assert [b for (b,) in copy.execute("SELECT body FROM notes")] == ["committed"]
    copy.close()


def test_backup_if_due(store: NotesStore) -> None:
    assert store.backup_if_due() is None  # nothing to keep yet
    store.save_contact(ana())
    assert store.backup_if_due() is not None
    assert store.backup_if_due() is None  # nothing changed since
    later = dt.datetime.now() + dt.timedelta(days=2)
    assert store.backup_if_due(now=later) is not None  # daily


def test_restore_moves_the_current_file_aside(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as store:
        store.save_note(Note("old"))
        backup = store.backup()
        store.save_note(Note("new"))
    moved = restore_backup(backup, path)
    assert moved is not None
    assert moved.exists()
    with NotesStore(path) as store:
        assert [n.body for n in store.notes()] == ["old"]
    assert [b.path for b in list_backups(path)] == [backup]


def test_two_stores_on_one_file(tmp_path: Path) -> None:
    """Two windows: writes interleave safely and each sees the other's saved records."""
    path = tmp_path / "notes.db"
    with NotesStore(path) as first, NotesStore(path) as second:
        first.save_note(Note("from the first window"))
        second.save_note(Note("from the second window"))
        assert {n.body for n in first.notes()} == {"from the first window",
                                                  "from the second window"}
        assert first.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


WRITER = textwrap.dedent("""
    import sys
    from mxdesk.core.notes import Contact, Note, NotesStore, points
    store = NotesStore(sys.argv[1])
    n = 0
    while True:
        contact = store.save_contact(Contact(f"Person {n}", emails=points(f"p{n}@example.org")))
        store.save_note(Note(f"note {n} " + "x" * 2000, contact_uid=contact.uid))
        print(n, flush=True)
        n += 1
""")


def test_sigkill_mid_edit_loses_nothing_saved(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    NotesStore(path).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ})
    assert proc.stdout is not None
    saved = -1
    for line in proc.stdout:
        saved = int(line)
        if saved >= 150:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert saved >= 150, "the writer stopped before it was killed"
    with NotesStore(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = {c.name for c in store.contacts()}
        assert {f"Person {n}" for n in range(saved + 1)} <= names
        notes = store.notes()
        assert len(notes) >= saved + 1
        assert all(n.contact_uid for n in notes)
