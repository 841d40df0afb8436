"""The notes store under real faults: locks held by another process, files another account
owns, read-only media, full disks, two writers, backups across time zones, leftovers.

Each test makes the fault for real (tests/faults.py) and goes through the store's API or the
command line as a user would; none of them was passed by the store before schema 3.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mxdesk.core.notes import (
    NOTES_SCHEMA_VERSION,
    Contact,
    CorruptStoreError,
    Note,
    NotesStore,
    ReadOnlyStoreError,
    RecoveryNeededError,
    StoreBusyError,
    StoreError,
    UnreadableStoreError,
    good_backups,
    list_backups,
)
from mxdesk.core.notes import backups as bk
from mxdesk.core.notes.records import points
from mxdesk.core.notes.schema import MIGRATIONS
from tests.faults import (
    exclusive_lock,
    fill,
    full_tmpfs,
    killed_mid_session,
    read_only_bind,
    run_mxdesk_as_nobody,
    run_unprivileged,
    share_with_unprivileged,
)


def cli(data: Path, *args: str, env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mxdesk", *args], capture_output=True,
                          text=True, timeout=timeout,
                          env={**os.environ, "MXDESK_DATA_DIR": str(data), **(env or {})},
                          check=False)


def fill_store(path: Path, contacts: int = 23) -> None:
    with NotesStore(path) as store:
        for n in range(contacts):
            saved = store.save_contact(Contact(f"Persona {n}", emails=points(f"p{n}@example.org"),
                                               comment="Reunión en Querétaro"))
            store.save_note(Note(f"nota {n}", contact_uid=saved.uid))


def untouched(folder: Path) -> list[str]:
    """Names in *folder* that a store must never make when it is only in the way."""
    return sorted(p.name for p in folder.iterdir()
                  if ".damaged-" in p.name or "before-restore" in p.name)


# -- 1. a lock or a permission is not damage ---------------------------------------------------


def test_a_lock_is_waited_for_then_busy_and_nothing_moved(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    fill_store(path)
    before = path.read_bytes()
    with exclusive_lock(path):
        started = time.monotonic()
        with pytest.raises(StoreBusyError, match="in use by another program") as caught:
            NotesStore(path, busy_timeout_ms=800)
        assert time.monotonic() - started >= 0.7  # it waited before giving up
        assert "Nothing was changed" in str(caught.value)
        result = cli(tmp_path, "notes", "export", str(tmp_path / "out.json"))
    assert result.returncode == 1
    assert "in use by another program" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()
    assert untouched(tmp_path) == []
    assert path.read_bytes() == before
    with NotesStore(path) as store:  # the lock gone, every contact is there
        assert len(store.contacts()) == 23


def test_a_file_another_account_owns_is_unreadable_not_damaged(tmp_path: Path) -> None:
    data = share_with_unprivileged(tmp_path / "data")
    path = data / "notes.db"
    fill_store(path)
    share_with_unprivileged(path)
    path.chmod(0o000)
    result = run_unprivileged([sys.executable, "-m", "mxdesk", "notes", "export",
                               str(data / "out.json")], capture_output=True, text=True,
                              env={**os.environ, "MXDESK_DATA_DIR": str(data)}, timeout=60)
    path.chmod(0o600)
    assert result.returncode == 1, result.stderr
    assert "cannot be read: permission denied" in result.stderr
    assert "damaged" not in result.stderr
    assert "Traceback" not in result.stderr
    assert untouched(data) == []
    with NotesStore(path) as store:
        assert len(store.contacts()) == 23


def test_as_another_user_root_s_notes_are_unreadable_and_its_folder_read_only(
        tmp_path: Path) -> None:
    """A real other account (the user nobody): a notes file it may not read is called
    unreadable, never damaged; a folder it may not write opens read-only."""
    data = tmp_path / "data"
    fill_store(data / "notes.db")
    env = {"MXDESK_DATA_DIR": str(data), "PATH": os.environ.get("PATH", "")}
    data.chmod(0o755)
    (data / "notes.db").chmod(0o600)  # root's, not for others
    unreadable = run_mxdesk_as_nobody(["notes", "export", str(tmp_path / "x.json")], env,
                                      tmp_path)
    assert unreadable.returncode == 1, unreadable.stderr
    assert "cannot be read: permission denied" in unreadable.stderr, unreadable.stderr
    (data / "notes.db").chmod(0o644)  # readable, in a folder nobody cannot write
    out = tmp_path / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    exported = run_mxdesk_as_nobody(["notes", "export", str(out / "notes.json")], env,
                                    tmp_path)
    assert exported.returncode == 0, exported.stderr
    incoming = out / "new.json"
    incoming.write_text(json.dumps({"format": "mxdesk-notes", "version": 1,
                                    "contacts": [{"name": "Nueva"}], "notes": [],
                                    "shortlists": []}), encoding="utf-8")
    incoming.chmod(0o644)
    refused = run_mxdesk_as_nobody(["notes", "import", str(incoming)], env, tmp_path)
    assert refused.returncode == 1
    assert "read-only" in refused.stderr
    for result in (unreadable, exported, refused):
        assert "Traceback" not in result.stderr
        assert "damaged" not in result.stderr
    assert len(json.loads((out / "notes.json").read_text(encoding="utf-8"))["contacts"]) == 23
    assert untouched(data) == []
    with NotesStore(data / "notes.db") as store:
        assert len(store.contacts()) == 23


def test_unreadable_file_raises_unreadable_in_process(tmp_path: Path) -> None:
    """The same through the API, as the window opens it (the check is the kernel's, so it
    only bites a process without CAP_DAC_OVERRIDE: run in one)."""
    data = share_with_unprivileged(tmp_path / "data")
    fill_store(data / "notes.db")
    share_with_unprivileged(data / "notes.db")
    (data / "notes.db").chmod(0o000)
    probe = textwrap.dedent("""
        import sys
        from mxdesk.core.notes import NotesStore, UnreadableStoreError
        try:
            NotesStore(sys.argv[1])
        except UnreadableStoreError as exc:
            print("UNREADABLE", exc)
    """)
    result = run_unprivileged([sys.executable, "-c", probe, str(data / "notes.db")],
                              capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("UNREADABLE"), result.stderr
    assert UnreadableStoreError.__name__ in probe
    assert untouched(data) == []


def test_read_only_media_reads_and_refuses_writes(tmp_path: Path) -> None:
    data = tmp_path / "stick"
    data.mkdir()
    fill_store(data / "notes.db")
    out = tmp_path / "out"
    out.mkdir()
    with read_only_bind(data) as mounted:
        with NotesStore(mounted / "notes.db") as store:
            assert store.read_only
            assert len(store.contacts()) == 23
            assert store.search("queretaro")
            with pytest.raises(ReadOnlyStoreError, match="read-only"):
                store.save_note(Note("no"))
            assert store.backup_if_due() is None
        exported = cli(mounted, "notes", "export", str(out / "notes.json"))
        pdf = cli(mounted, "export-pdf", "--cluster", "claugto", "--with-notes",
                  "-o", str(out / "sheet.pdf"))
        incoming = out / "new.json"
        incoming.write_text(json.dumps({"format": "mxdesk-notes", "version": 1,
                                        "contacts": [{"name": "Nueva Persona"}], "notes": [],
                                        "shortlists": []}), encoding="utf-8")
        imported = cli(mounted, "notes", "import", str(incoming))
        backup = cli(mounted, "notes", "backup")
        listed = list(mounted.iterdir())
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads((out / "notes.json").read_text(encoding="utf-8"))["contacts"]) == 23
    assert pdf.returncode == 0, pdf.stderr
    assert (out / "sheet.pdf").stat().st_size > 1000
    for refused in (imported, backup):
        assert refused.returncode == 1
        assert "read-only" in refused.stderr
    assert "will be added" not in imported.stdout  # refused before a plan is shown
    for result in (exported, pdf, imported, backup):
        assert "Traceback" not in result.stderr
        assert "damaged" not in result.stderr
        assert "Logging error" not in result.stderr
    assert {p.name for p in listed} == {"notes.db"}  # no log, no lock, nothing moved


def test_read_only_media_without_a_notes_file_says_so(tmp_path: Path) -> None:
    data = tmp_path / "stick"
    data.mkdir()
    with read_only_bind(data) as mounted:
        with pytest.raises(ReadOnlyStoreError, match="no notes file"):
            NotesStore(mounted / "notes.db")
        result = cli(mounted, "notes", "export", str(tmp_path / "x.json"))
    assert result.returncode == 1
    assert "read-only" in result.stderr
    assert "Traceback" not in result.stderr


# -- 2. ids are never used twice ---------------------------------------------------------------


def test_undo_after_a_new_record_took_the_place_restores_exactly(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        first = store.save_contact(Contact("Ana Pérez", emails=points("ana@example.org")))
        deleted = store.save_contact(Contact("José Núñez", tags=("aero",)))
        note = store.save_note(Note("Llamar el lunes", contact_uid=deleted.uid))
        contact, linked = store.delete_contact(int(deleted.id or 0))
        newer = store.save_contact(Contact("Someone new"))
        assert newer.id != deleted.id  # before schema 3 it took the deleted one's id
        back = store.restore_contact(contact, linked)
        assert back == deleted
        assert store.note(int(note.id or 0)).contact_uid == deleted.uid
        gone = store.delete_note(int(note.id or 0))
        later = store.save_note(Note("another"))
        assert later.id != gone.id
        assert store.restore_note(gone) == store.note(int(gone.id or 0))
        assert {c.name for c in store.contacts()} == {first.name, "José Núñez", "Someone new"}


def test_schema_2_file_is_upgraded_with_its_ids(tmp_path: Path) -> None:
    """A file made by the previous version (schema 2) keeps every record and id."""
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for migrate in MIGRATIONS[:2]:
        migrate(conn)
    conn.execute("INSERT INTO contacts (id, uid, name, created_at, updated_at) "
                 "VALUES (7, 'u7', 'Ana', '2026-01-01', '2026-01-01')")
    conn.execute("INSERT INTO contact_tags VALUES (7, 'aero')")
    conn.execute("INSERT INTO notes (id, uid, body, contact_id, created_at, updated_at) "
                 "VALUES (9, 'n9', 'Visita', 7, '2026-01-02', '2026-01-02')")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("COMMIT")
    conn.close()
    with NotesStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == NOTES_SCHEMA_VERSION
        [contact] = store.contacts()
        assert (contact.id, contact.uid, contact.tags, contact.version) == (7, "u7", ("aero",), 1)
        [note] = store.notes()
        assert (note.id, note.contact_uid) == (9, "u7")
        store.delete_note(9)
        assert store.save_note(Note("new")).id == 10
        assert [b.reason for b in store.backups()] == ["before-upgrade-v2"]
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


# -- 3. a stale writer never reverts another's edit ------------------------------------------


def test_a_stale_save_keeps_what_another_writer_saved(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as window, NotesStore(path) as other:
        loaded = window.save_contact(Contact("Ana Pérez", phones=points(""), comment=""))
        other.update_contact(loaded, {"phones": points("+52 442 000"), "comment": "Fusionado"})
        result = window.update_contact(loaded, {"role": "Directora"})
        assert result.conflicts == ()
        stored = window.contact(int(loaded.id or 0))
        assert (stored.role, stored.phone, stored.comment) == ("Directora", "+52 442 000",
                                                               "Fusionado")
        assert stored.version == 3


def test_the_same_field_edited_twice_keeps_both_texts(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as window, NotesStore(path) as other:
        loaded = window.save_contact(Contact("Ana Pérez", comment="first"))
        other.update_contact(loaded, {"comment": "theirs"})
        result = window.update_contact(loaded, {"comment": "ours"})
        [conflict] = result.conflicts
        assert (conflict.field, conflict.theirs, conflict.ours) == ("comment", "theirs", "ours")
        assert window.contact(int(loaded.id or 0)).comment == "theirs"
        [kept] = window.notes(contact_uid=loaded.uid)
        assert kept.uid == conflict.kept_as
        assert "ours" in kept.body
        assert "theirs" in kept.body
        note = window.save_note(Note("v1"))
        other.update_note(note, {"body": "their text"})
        result = window.update_note(note, {"body": "my text"})
        assert window.note(int(note.id or 0)).body == "their text"
        assert any("my text" in n.body for n in window.notes() if n.uid != note.uid)
        assert result.conflicts[0].kind == "note"


def test_text_typed_into_a_record_deleted_elsewhere_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as window, NotesStore(path) as other:
        loaded = window.save_contact(Contact("Ana Pérez"))
        other.delete_contact(int(loaded.id or 0))
        result = window.update_contact(loaded, {"comment": "typed after the delete"})
        assert result.recreated
        [again] = window.contacts()
        assert (again.name, again.comment) == ("Ana Pérez", "typed after the delete")


def test_import_merge_is_not_reverted_by_a_window(tmp_path: Path) -> None:
    """`mxdesk notes import --merge` in another process, then the window's autosave."""
    path = tmp_path / "notes.db"
    with NotesStore(path) as window:
        loaded = window.save_contact(Contact("Ana Pérez", emails=points("ana@example.org")))
        incoming = tmp_path / "in.json"
        incoming.write_text(json.dumps({
            "format": "mxdesk-notes", "version": 1,
            "contacts": [{"name": "Ana Pérez", "email": "ana@example.org",
                          "phone": "+52 1", "comment": "from the import"}],
            "notes": [], "shortlists": []}), encoding="utf-8")
        result = cli(tmp_path, "notes", "import", str(incoming), "--merge")
        assert result.returncode == 0, result.stderr
        window.update_contact(loaded, {"role": "typed in the window"})
        stored = window.contact(int(loaded.id or 0))
        assert (stored.phone, stored.comment, stored.role) == (
            "+52 1", "from the import", "typed in the window")


# -- 5. restore ----------------------------------------------------------------------------------


def test_restore_on_a_full_disk_changes_nothing(tmp_path: Path) -> None:
    with full_tmpfs(16384) as disk:
        path = disk / "notes.db"
        fill_store(path, contacts=40)
        with NotesStore(path) as store:
            backup = store.backup()
            store.save_note(Note("after the backup"))
            filler = fill(disk)
            with pytest.raises(StoreError, match="the disk is full"):
                store.restore_from(backup)
            assert any(n.body == "after the backup" for n in store.notes())  # still open
            filler.unlink()
            store.save_note(Note("space is back"))
        with NotesStore(path) as again:
            bodies = {n.body for n in again.notes()}
            assert {"after the backup", "space is back"} <= bodies
            assert not list(disk.glob("**/*.restoring*"))


def test_restore_reaches_every_open_window(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as first, NotesStore(path) as second:
        first.save_note(Note("in the backup"))
        backup = first.backup()
        first.save_note(Note("after it"))
        before = first.restore_from(backup)
        assert [n.body for n in second.notes()] == ["in the backup"]
        second.save_note(Note("written by the other window after the restore"))
        assert {n.body for n in first.notes()} == {
            "in the backup", "written by the other window after the restore"}
        with sqlite3.connect(f"file:{before}?mode=ro", uri=True) as copy:
            assert {b for (b,) in copy.execute("SELECT body FROM notes")} == {
                "in the backup", "after it"}
        assert not list(path.parent.glob("notes.db.before-restore-*"))  # nothing moved aside


# -- 6. backups by UTC time and schema --------------------------------------------------------


def test_backups_made_in_madrid_then_mexico_keep_the_newest(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        store.save_note(Note("x"))
        store.set_setting("backups_kept", "3")
    made = []
    for zone in ("Europe/Madrid", "Europe/Madrid", "Europe/Madrid", "America/Mexico_City",
                 "America/Mexico_City"):
        result = cli(tmp_path, "notes", "backup", env={"TZ": zone})
        assert result.returncode == 0, result.stderr
        made.append(Path(result.stdout.split(" to ")[-1].strip()))
        time.sleep(0.01)
    kept = [b.path for b in list_backups(tmp_path / "notes.db")]
    assert kept == [made[4], made[3], made[2]]
    assert good_backups(tmp_path / "notes.db")[0].path == made[4]


def test_old_local_time_names_sort_by_when_they_were_written(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with NotesStore(tmp_path / "notes.db") as store:
        store.save_note(Note("x"))
        new = store.backup()
    # A name in Madrid's local time, later on the clock than the UTC one but written before.
    old = folder / "notes-20991231-235959-000000-auto.db"
    old.write_bytes(new.read_bytes())
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert [b.path for b in list_backups(tmp_path / "notes.db")] == [new, old]


def test_a_backup_from_a_newer_mxdesk_is_never_offered(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as store:
        store.save_contact(Contact("Ana"))
        good = store.backup()
    newer = good.parent / bk.backup_name("auto", NOTES_SCHEMA_VERSION + 1)
    newer.write_bytes(good.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {NOTES_SCHEMA_VERSION + 1}")
    assert list_backups(path)[0].path == newer
    assert [b.path for b in good_backups(path)] == [good]
    path.write_bytes(b"\0" * 4096)  # damaged
    with pytest.raises(CorruptStoreError) as caught:
        NotesStore(path)
    assert caught.value.newest_backup == good
    with NotesStore(path.with_name("other.db"), allow_new=True) as store, pytest.raises(StoreError,
                                                                        match="newer"):
        store.restore_from(newer)


# -- 7. empty is not new -------------------------------------------------------------------------


def test_an_empty_file_beside_backups_is_not_started_empty(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    fill_store(path)
    with NotesStore(path) as store:
        backup = store.backup()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"")
    with pytest.raises(RecoveryNeededError) as caught:
        NotesStore(path)
    assert caught.value.newest_backup == backup
    assert path.stat().st_size == 0  # nothing was started in it
    result = cli(tmp_path, "notes", "export", str(tmp_path / "x.json"))
    assert result.returncode == 1
    assert "restore" in result.stderr
    restored = cli(tmp_path, "notes", "restore", "--newest")
    assert restored.returncode == 0, restored.stderr
    with NotesStore(path) as store:
        assert len(store.contacts()) == 23


def test_a_journal_left_without_its_file_is_rebuilt_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    killed_mid_session(path, 150, "Person")
    wal_bytes = Path(f"{path}-wal").read_bytes()
    path.unlink()  # the file is gone, its journal is not
    with pytest.raises(RecoveryNeededError) as caught:
        NotesStore(path)
    error = caught.value
    assert error.recovered is not None
    orphan = next(tmp_path.glob("notes.db-wal.orphan-*"))
    assert orphan.read_bytes() == wal_bytes  # kept as it was, never overwritten
    with NotesStore(error.recovered) as rebuilt:
        assert len(rebuilt.contacts()) == 150
    assert not path.exists()
    fresh = NotesStore(path, allow_new=True)  # only when the user chooses
    assert fresh.contacts() == []
    fresh.close()


def test_damage_seen_by_a_command_is_not_a_silent_empty_window(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    fill_store(path)
    with NotesStore(path) as store:
        store.backup()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    result = cli(tmp_path, "notes", "export", str(tmp_path / "x.json"))
    assert result.returncode == 1
    assert "damaged" in result.stderr
    assert list(tmp_path.glob("notes.db.damaged-*"))
    with pytest.raises(RecoveryNeededError) as caught:  # what the window's start meets next
        NotesStore(path)
    assert caught.value.newest_backup is not None


# -- 8. rescue --------------------------------------------------------------------------------


def test_one_undecodable_note_does_not_stop_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    fill_store(path, contacts=5)
    with NotesStore(path) as store:
        bad = store.save_note(Note("placeholder"))
        store.conn.execute("UPDATE notes SET body = CAST(x'4b6f6cff6e' AS TEXT) WHERE id = ?",
                           [bad.id])
        assert len(store.notes()) == 5
        assert store.unreadable == {("note", int(bad.id or 0)): "its text is not valid UTF-8"}
        assert store.search("nota")
    result = cli(tmp_path, "notes", "export", str(tmp_path / "out.json"))
    assert result.returncode == 0, result.stderr
    assert "Wrote 10 records" in result.stdout  # what was written, not what the file holds
    assert f"note {bad.id}" in result.stderr
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert (len(data["contacts"]), len(data["notes"])) == (5, 5)
    rescued = cli(tmp_path, "notes", "rescue", "-o", str(tmp_path / "rescued.json"))
    assert rescued.returncode == 0, rescued.stderr
    assert f"note {bad.id}" in rescued.stderr
    assert len(json.loads((tmp_path / "rescued.json").read_text(encoding="utf-8"))["notes"]) == 6


# -- 9. leftovers ------------------------------------------------------------------------------


def test_a_backups_path_that_is_a_file_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    fill_store(path, contacts=2)
    (tmp_path / "backups").write_text("in the way", encoding="utf-8")
    with NotesStore(path) as store:
        assert store.backups() == []
        with pytest.raises(StoreError, match="is a file"):
            store.backup_if_due()
    result = cli(tmp_path, "notes", "backup")
    assert result.returncode == 1
    assert "is a file" in result.stderr
    assert "Traceback" not in result.stderr


def test_partials_left_by_killed_backups_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    fill_store(path, contacts=2)
    folder = tmp_path / "backups"
    folder.mkdir()
    old = folder / "notes-x.db.partial"
    old.write_bytes(b"x" * 1000)
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    young = folder / "notes-y.db.partial"  # another window's backup in progress
    young.write_bytes(b"y")
    NotesStore(path).close()
    assert not old.exists()
    assert young.exists()


def test_a_full_disk_opens_the_notes_read_only(tmp_path: Path) -> None:
    with full_tmpfs(16384) as disk:
        path = disk / "notes.db"
        fill_store(path)
        fill(disk)
        with NotesStore(path) as store:
            assert "disk" in store.read_only
            assert "full" in store.read_only
            assert len(store.contacts()) == 23
            with pytest.raises(ReadOnlyStoreError, match="full"):
                store.save_note(Note("no room"))
        exported = cli(disk, "notes", "export", str(tmp_path / "notes.json"))
    assert exported.returncode == 0, exported.stderr
    assert "Wrote 46 records" in exported.stdout


def test_read_only_media_reads_what_is_still_in_the_journal(tmp_path: Path) -> None:
    """A stick pulled out while mxdesk ran: changes in notes.db-wal, no -shm beside it."""
    data = tmp_path / "stick"
    fill_store(data / "notes.db")
    killed_mid_session(data / "notes.db", 40, "Only in the journal")
    Path(f"{data / 'notes.db'}-shm").unlink()
    assert Path(f"{data / 'notes.db'}-wal").stat().st_size > 0
    with read_only_bind(data) as mounted:
        with NotesStore(mounted / "notes.db") as store:
            assert store.read_only
            names = {c.name for c in store.contacts()}
        exported = cli(mounted, "notes", "export", str(tmp_path / "out.json"))
    assert {f"Only in the journal {n}" for n in range(40)} <= names
    assert len(names) == 63
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["contacts"]) == 63


def test_undo_in_one_window_after_another_stored_the_contact_again(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with NotesStore(path) as deleting, NotesStore(path) as typing:
        ana = deleting.save_contact(Contact("Ana Pérez"))
        note = deleting.save_note(Note("Call Ana", contact_uid=ana.uid))
        contact, linked = deleting.delete_contact(int(ana.id or 0))
        assert typing.update_contact(ana, {"comment": "typed after the delete"}).recreated
        back = deleting.restore_contact(contact, linked)  # Edit ▸ Undo in the first window
        assert back.comment == "typed after the delete"
        assert [c.uid for c in deleting.contacts()] == [ana.uid]
        assert deleting.note(int(note.id or 0)).contact_uid == ana.uid  # linked again


def test_an_import_that_merges_keeps_both_texts_and_a_backup(tmp_path: Path) -> None:
    """`notes import --merge` of an older export: newer text typed since is never replaced."""
    path = tmp_path / "notes.db"
    with NotesStore(path) as store:
        contact = store.save_contact(Contact("Carla Ruiz", emails=points("carla@example.org"),
                                             comment="Met at FAMEX"))
        note = store.save_note(Note("Diego promised a plant visit"))
    old = tmp_path / "old.json"
    assert cli(tmp_path, "notes", "export", str(old)).returncode == 0
    with NotesStore(path) as store:
        store.update_note(note, {"body": "Diego promised a plant visit\nLATER: confirmed"})
        store.update_contact(contact, {"comment": "Met at FAMEX; NDA signed", "phones": ()})
    result = cli(tmp_path, "notes", "import", str(old), "--merge")
    assert result.returncode == 0, result.stderr
    with NotesStore(path) as store:
        assert store.note(int(note.id or 0)).body.endswith("LATER: confirmed")
        assert store.contact(int(contact.id or 0)).comment == "Met at FAMEX; NDA signed"
        bodies = [n.body for n in store.notes()]
        assert any(b.startswith("Conflicting copy") and "Diego promised a plant visit" in b
                   for b in bodies)
        assert any(b.startswith("Conflicting edit of the comment") for b in bodies)
        assert [b.reason for b in store.backups()] == ["before-import"]


def test_an_unreadable_drafts_file_is_never_written_over(tmp_path: Path) -> None:
    from mxdesk.core.notes.drafts import (
        Draft,
        drafts_path,
        read_drafts,
        unreadable_drafts,
        write_drafts,
    )

    path = tmp_path / "notes.db"
    with NotesStore(path) as store:
        ana = store.save_contact(Contact("Ana"))
    kept = drafts_path(path)
    kept.write_text('{"format": "mxdesk-drafts", "drafts": [{"IMPORTANT: the draft text',
                    encoding="utf-8")
    assert "cannot be read" in unreadable_drafts(path)
    write_drafts(path, [Draft("contact", ana, {"role": "Directora"})])
    [aside] = tmp_path.glob("notes.db.drafts.json.unreadable-*")
    assert "IMPORTANT: the draft text" in aside.read_text(encoding="utf-8")
    assert [d.changes for d in read_drafts(path)] == [{"role": "Directora"}]


# -- 10. the upgrade to schema 5 (the search index rebuilt) --------------------------------------


def _schema_4_file(path: Path, contacts: int) -> None:
    """A notes file as mxdesk wrote it at schema 4, with *contacts* contacts."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for migration in MIGRATIONS[:4]:
        migration(conn)
    conn.executemany(
        "INSERT INTO contacts (uid, name, email, comment, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, '2026-01-01', '2026-01-01')",
        [(f"u{n}", f"Persona {n}", f"p{n}@example.org",
          f"Reunión {n} en Querétaro: " + " ".join(f"palabra{n * 7 + k}" for k in range(40)))
         for n in range(contacts)])
    conn.execute("INSERT INTO contact_points (contact_id, kind, position, value) "
                 "SELECT id, 'email', 0, email FROM contacts")
    conn.execute("PRAGMA user_version = 4")
    conn.execute("COMMIT")
    conn.close()


def test_a_disk_that_fills_during_the_upgrade_leaves_the_file_as_it_was(
        tmp_path: Path) -> None:
    """Rebuilding the index needs room; a disk that runs out mid-way changes nothing: the file
    stays at schema 4, whole, and is upgraded once there is room. (10 MiB: from schema 4
    the upgrade now goes on to schema 6, whose tables need room after schema 5's index; in
    8 MiB schema 5 filled the disk to its last page.)"""
    with full_tmpfs(10240) as disk:
        path = disk / "notes.db"
        _schema_4_file(path, 1500)
        filler = fill(disk, leave_bytes=400 * 1024)  # more than the least to open for writing
        with pytest.raises(StoreError, match="disk is full; nothing of this change was "
                                             "written"):
            NotesStore(path, upgrade_backup=False)
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1500
        finally:
            conn.close()
        filler.unlink()
        with NotesStore(path, upgrade_backup=False) as store:
            assert store.conn.execute("PRAGMA user_version").fetchone()[0] == NOTES_SCHEMA_VERSION
            assert [h.title for h in store.search("persona 1499 queretaro")] == ["Persona 1499"]


def test_text_that_is_not_utf8_does_not_stop_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    _schema_4_file(path, 3)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO notes (uid, body, created_at, updated_at) VALUES "
                 "('bad', CAST(x'4b6f6cff6e207a6f72726f' AS TEXT), '', '')")
    conn.commit()
    conn.close()
    with NotesStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == NOTES_SCHEMA_VERSION
        assert [h.title for h in store.search("persona 2")] == ["Persona 2"]
        assert store.search("zorro") == []
        assert len(store.notes()) == 0  # the one note, left out and named
        assert list(store.unreadable) == [("note", 1)]
        assert store.search("zorro") == []  # left out of searches as of lists


def test_a_second_store_in_the_window_process_keeps_its_locks(tmp_path: Path) -> None:
    """The window's store open, a second store of the same process opened and closed (File ▸
    Import's worker), then a `mxdesk notes export` run and closed: the window's locks must
    still hold, so that command never takes itself for the last user and deletes the journal
    from under the window (which then read "disk I/O error", and a restart found the file
    malformed and the last import gone)."""
    data = tmp_path / "data"
    data.mkdir()
    path = data / "notes.db"
    window = NotesStore(path, allow_new=True)
    try:
        window.save_contact(Contact("Ana Pérez"))
        NotesStore(path).close()
        result = subprocess.run(
            [sys.executable, "-m", "mxdesk", "notes", "export", str(tmp_path / "out.json")],
            env={**os.environ, "MXDESK_DATA_DIR": str(data)}, capture_output=True, text=True,
            check=False)
        assert result.returncode == 0, result.stderr
        assert path.with_name("notes.db-wal").exists()  # still the window's journal
        window.save_contact(Contact("Beatriz Olmos"))
        assert [c.name for c in window.contacts()] == ["Ana Pérez", "Beatriz Olmos"]
    finally:
        window.close()
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("SELECT count(*) FROM contacts").fetchone() == (2,)
    finally:
        check.close()
