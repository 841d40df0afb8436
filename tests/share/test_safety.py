"""Never lost, never silently overwritten (issue 21): conflicts keep both versions, a deletion
on the server asks first, a server gone mid-sync loses nothing and the next sync resumes, a
silent server is given up on."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from mxdesk.core.notes import Contact
from mxdesk.core.share import engine
from mxdesk.core.share import sync as sh
from tests.share.laptops import Laptop
from tests.share.radicale_fixture import running_radicale


def test_a_conflict_keeps_both_versions(laptops: tuple[Laptop, Laptop]) -> None:
    a, b = laptops
    meeting = a.meeting("Lunch with FEMIA", 10, 13, place="Hotel Safi")
    assert a.sync().ok
    assert b.sync().ok
    mb = b.meetings()[meeting.uid]
    a.store.update_meeting(int(meeting.id or 0), {"place": "Restaurante El Gran Pastor"})
    b.store.update_meeting(int(mb.id or 0), {"place": "Club Industrial"})
    assert a.sync().ok

    clash = b.sync()
    assert [c.uid for c in clash.plan.conflicts] == [meeting.uid]
    assert any(line.startswith("Conflict: Lunch with FEMIA was changed here and on the server")
               for line in clash.lines())
    # Both versions kept: this laptop's in the notes, the server's in the share state.
    assert b.meetings()[meeting.uid].place == "Club Industrial"
    [copy] = b.state.conflicts(b.mission.uid)  # type: ignore[union-attr]
    mine, theirs = sh.versions(b.store, b.mission, copy)  # type: ignore[arg-type]
    assert (mine["place"], theirs["place"]) == ("Club Industrial", "Restaurante El Gran Pastor")
    # A later sync neither overwrites the server nor loses the copy.
    assert b.sync().plan.conflicts
    assert a.sync().lines() == ["Nothing to send or take in: this computer and the server "
                                "agree."]

    sh.resolve(b.store, b.folder, b.state, b.mission, meeting.uid, "mine")  # type: ignore[arg-type]
    assert not b.state.conflicts(b.mission.uid)  # type: ignore[union-attr]
    mine_sent = b.sync()
    assert "Sent to the server: 1 meeting." in mine_sent.lines(), mine_sent.sent.run.lines
    assert "Received from the delegation: 1 meeting." in a.sync().lines()
    assert a.meetings()[meeting.uid].place == "Club Industrial"


def test_keep_theirs_takes_the_servers_version(laptops: tuple[Laptop, Laptop]) -> None:
    a, b = laptops
    ana = a.store.save_contact(Contact("Ana Treviño", role="Gerente", met_on="2027-03-09"))
    assert a.sync().ok
    assert b.sync().ok
    a.store.update_contact(a.store.contact_by_uid(ana.uid), {"role": "Directora"})  # type: ignore[arg-type]
    b.store.update_contact(b.store.contact_by_uid(ana.uid), {"role": "Coordinadora"})  # type: ignore[arg-type]
    assert a.sync().ok
    assert b.sync().plan.conflicts
    sh.resolve(b.store, b.folder, b.state, b.mission, ana.uid, "theirs")  # type: ignore[arg-type]
    assert b.store.contact_by_uid(ana.uid).role == "Directora"  # type: ignore[union-attr]
    assert b.sync().lines() == ["Nothing to send or take in: this computer and the server "
                                "agree."]


def test_a_deletion_on_the_server_asks_before_deleting_here(
        laptops: tuple[Laptop, Laptop]) -> None:
    a, b = laptops
    keep = a.store.save_contact(Contact("Luis Peña", met_on="2027-03-09"))
    gone = a.store.save_contact(Contact("Marta Ruiz", met_on="2027-03-10"))
    assert a.sync().ok
    assert b.sync().ok
    a.store.delete_contact(int(a.store.contact_by_uid(gone.uid).id))  # type: ignore[union-attr]
    assert "Deleted on the server, as here: 1 contact." in a.sync().lines()

    asked = b.sync()  # no answer given: nothing deleted here
    assert [c.title for c in asked.plan.gone_there] == ["Marta Ruiz"]
    assert b.store.contact_by_uid(gone.uid) is not None
    assert any("Deleted on the server, still here: Marta Ruiz" in line
               for line in asked.lines())
    again = b.sync()  # asked again, still kept
    assert [c.title for c in again.plan.gone_there] == ["Marta Ruiz"]

    deleted = b.sync(delete_gone=True)
    assert deleted.deleted_here == 1
    assert b.store.contact_by_uid(gone.uid) is None
    assert b.store.contact_by_uid(keep.uid) is not None


def test_keep_what_the_server_deleted_shares_it_again(laptops: tuple[Laptop, Laptop]) -> None:
    a, b = laptops
    gone = a.store.save_contact(Contact("Marta Ruiz", met_on="2027-03-10"))
    other = a.store.save_contact(Contact("Luis Peña", met_on="2027-03-09"))
    assert a.sync().ok
    assert b.sync().ok
    a.store.delete_contact(int(a.store.contact_by_uid(gone.uid).id))  # type: ignore[union-attr]
    assert a.sync().ok
    kept = b.sync(delete_gone=False)
    assert kept.kept_again == 1
    assert "Sent to the server: 1 contact." in b.sync().lines()
    assert "Received from the delegation: 1 contact." in a.sync().lines()
    assert a.store.contact_by_uid(gone.uid) is not None
    assert a.store.contact_by_uid(other.uid) is not None


def test_server_gone_mid_sync_loses_nothing_and_resumes(tmp_path, collections, radicale
                                                         ) -> None:
    a, b = Laptop(tmp_path / "a"), Laptop(tmp_path / "b")
    b.make_mission(uid=a.make_mission())
    for laptop in (a, b):
        laptop.link(*collections, radicale.user)
    made = [a.store.save_contact(Contact(f"Contacto {n:03d}", met_on="2027-03-09"))
            for n in range(120)]
    uploads = []

    def kill_after_ten(line: str) -> None:
        if "Copying (uploading)" in line:
            uploads.append(line)
            if len(uploads) == 10:
                radicale.process.kill()

    started = time.monotonic()
    broken = sh.sync(a.store, a.folder, a.state, a.mission, radicale.password,
                     on_line=kill_after_ten)
    assert time.monotonic() - started < 30
    assert not broken.ok
    assert "Cannot reach the server 127.0.0.1:" in broken.sent.error
    assert len(a.store.contacts()) == 120  # nothing lost here
    assert 0 < len(broken.sent.reached["contact"]) < 120
    assert sh.waiting(a.state, a.mission.uid) == 120 - len(broken.sent.reached["contact"])

    port = int(radicale.url.rsplit(":", 1)[1])
    with running_radicale(radicale.folder, port=port,
                          storage=radicale.folder / "collections"):
        resumed = a.sync()
        assert resumed.ok, resumed.lines()
        assert sh.waiting(a.state, a.mission.uid) == 0
        got = b.sync()
        assert got.ok
        assert {c.uid for c in b.store.contacts()} == {c.uid for c in made}
    a.close()
    b.close()


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    sock.close()


def test_a_silent_server_is_given_up_on_not_waited_for(tmp_path, silent_server,
                                                        monkeypatch) -> None:
    monkeypatch.setattr(engine, "QUIET_LIMIT", 3.0)
    a = Laptop(tmp_path / "a")
    a.make_mission()
    a.link(silent_server + "/alice/c/", silent_server + "/alice/a/", "alice")
    a.store.save_contact(Contact("Ana", met_on="2027-03-09"))
    started = time.monotonic()
    result = a.sync()
    took = time.monotonic() - started
    assert took < 15, took
    assert not result.ok
    assert result.sent.error.startswith("The server 127.0.0.1:")
    assert "stopped answering" in result.sent.error
    assert sh.waiting(a.state, a.mission.uid) == 1  # queued for the next sync
    a.close()


def test_notes_restored_from_a_backup_delete_nothing_on_the_server(
        laptops: tuple[Laptop, Laptop]) -> None:
    """A member restores an older backup of their notes: what the backup lacks is not deleted
    on the server, and what it holds in an older version does not overwrite the newer one."""
    a, b = laptops
    ana = a.store.save_contact(Contact("Ana López", role="Gerente", met_on="2027-03-09"))
    assert a.sync().ok
    backup = a.store.backup()
    luis = a.store.save_contact(Contact("Luis Peña", met_on="2027-03-10"))
    a.store.update_contact(a.store.contact_by_uid(ana.uid), {"role": "Directora"})  # type: ignore[arg-type]
    assert "Sent to the server: 2 contacts." in a.sync().lines()

    a.store.restore_from(backup)
    assert a.store.contact_by_uid(luis.uid) is None
    after = a.sync()
    assert after.sent.restored
    assert any(line.startswith("Your notes were restored from a backup") for line in after.lines())
    assert not any(after.sent.deleted.values())
    assert [c.title for c in after.plan.new] == ["Luis Peña"]  # taken back in
    assert [c.title for c in after.plan.conflicts] == ["Ana López"]  # Gerente here, Directora there
    assert a.store.contact_by_uid(luis.uid) is not None
    got = b.sync()
    assert {c.name for c in b.store.contacts()} == {"Ana López", "Luis Peña"}
    assert b.store.contact_by_uid(ana.uid).role == "Directora"  # type: ignore[union-attr]
    assert not got.plan.gone_there


def test_another_clients_change_on_the_server_is_seen_by_its_etag(
        laptops: tuple[Laptop, Laptop], radicale, collections) -> None:
    """A phone edits a contact on the server (a new ETag): mxdesk takes the change in, keeps
    what the phone added that mxdesk does not manage, and never overwrites it unseen."""
    import re

    a, _b = laptops
    ana = a.store.save_contact(Contact("Ana López", role="Gerente", met_on="2027-03-09"))
    assert a.sync().ok
    book = collections[0].removeprefix(radicale.url)
    _status, _h, listing = radicale.request("PROPFIND", book, None, {"Depth": "1"})
    [href] = [h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", listing.decode())
              if h.endswith(".vcf")]
    _status, headers, body = radicale.request("GET", href)
    phone = body.decode().replace("TITLE:Gerente", "TITLE:Directora general").replace(
        "END:VCARD", "ADR;TYPE=WORK:;;Av. Constitución 100;Monterrey;NL;64000;MX\r\nEND:VCARD")
    status, _h, _b = radicale.request("PUT", href, phone.encode(), {
        "Content-Type": "text/vcard", "If-Match": headers["ETag"]})
    assert status in (201, 204)

    got = a.sync()
    assert "Received from the delegation: 1 contact." in got.lines()
    assert a.store.contact_by_uid(ana.uid).role == "Directora general"  # type: ignore[union-attr]
    a.store.update_contact(a.store.contact_by_uid(ana.uid), {"met_where": "Feria"})  # type: ignore[arg-type]
    assert "Sent to the server: 1 contact." in a.sync().lines()
    _status, _h, body = radicale.request("GET", href)
    assert "ADR;TYPE=WORK:;;Av. Constitución 100;Monterrey;NL;64000;MX" in body.decode()
    assert "X-MXDESK-MET-WHERE:Feria" in body.decode()

    # The phone and this laptop both change it: a conflict, both kept.
    _status, headers, body = radicale.request("GET", href)
    radicale.request("PUT", href, body.decode().replace("Directora general", "CEO").encode(),
                     {"Content-Type": "text/vcard", "If-Match": headers["ETag"]})
    a.store.update_contact(a.store.contact_by_uid(ana.uid), {"role": "Presidenta"})  # type: ignore[arg-type]
    clash = a.sync()
    assert [c.title for c in clash.plan.conflicts] == ["Ana López"]
    assert a.store.contact_by_uid(ana.uid).role == "Presidenta"  # type: ignore[union-attr]
    _status, _h, body = radicale.request("GET", href)
    assert "TITLE:CEO" in body.decode()  # the phone's version was not overwritten


def test_the_frozen_launcher_runs_vdirsyncer_and_the_password_command(tmp_path) -> None:
    """packaging/launch.py, as the frozen app's executable, answers the two child commands
    the sharing starts with it (`-m vdirsyncer`, the password snippet); anything else is
    mxdesk's own command line."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    launch = str(root / "packaging" / "launch.py")
    env = {**os.environ, "MXDESK_DAV_PASSWORD": "pw-ñ", "PYTHONPATH": str(root / "src")}
    version = subprocess.run([sys.executable, launch, "-m", "vdirsyncer", "--version"],
                             capture_output=True, text=True, env=env, timeout=60, check=False)
    assert version.returncode == 0, version.stderr
    assert "0.21.0" in version.stdout
    secret = subprocess.run([sys.executable, launch, "-c", engine._READ_PASSWORD],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (secret.returncode, secret.stdout) == (0, "pw-ñ")
    other = subprocess.run([sys.executable, launch, "--version"], capture_output=True,
                           text=True, env=env, timeout=60, check=False)
    assert other.returncode == 0
    assert other.stdout.startswith("mxdesk")


def _120_synced_then_changed(tmp_path, collections, radicale) -> Laptop:
    """A laptop whose 120 contacts are on the server, then all changed here (none sent)."""
    a = Laptop(tmp_path / "a")
    a.make_mission()
    a.link(*collections, radicale.user)
    for n in range(120):
        a.store.save_contact(Contact(f"Contacto {n:03d}", met_on="2027-03-09"))
    assert a.sync().ok
    for contact in a.store.contacts():
        a.store.update_contact(contact, {"role": "Segunda versión"})
    return a


def _at_the_tenth_update(act):
    """A vdirsyncer log-line callback that calls *act* as the tenth update begins."""
    updates: list[str] = []

    def on_line(line: str) -> None:
        if "Copying (updating)" in line:
            updates.append(line)
            if len(updates) == 10:
                act()

    return on_line


def test_updates_cut_off_mid_sync_are_not_told_as_sent(tmp_path, collections, radicale
                                                        ) -> None:
    """120 changed contacts, the server killed after the tenth update: the sync says how many
    really went, the rest wait (and say so), and the next sync sends exactly those."""
    a = _120_synced_then_changed(tmp_path, collections, radicale)
    broken = sh.sync(a.store, a.folder, a.state, a.mission, radicale.password,
                     on_line=_at_the_tenth_update(radicale.process.kill))
    went = len(broken.sent.reached["contact"])
    assert went < 20
    assert sh.waiting(a.state, a.mission.uid) == 120 - went
    assert f"Sent to the server: {went} contact{'s' if went != 1 else ''}." in broken.lines() \
        or went == 0
    assert f"{120 - went} changes wait to be sent." in broken.lines()
    # What the dead server really holds (its files): the one update in flight when it was
    # killed may have been stored without vdirsyncer hearing so; it waits here, and the next
    # sync finds it there and does not count it as sent again.
    stored = sum("Segunda versión".encode() in f.read_bytes()
                 for f in (radicale.folder / "collections").rglob("*.vcf")
                 if not any(part.startswith(".Radicale") for part in f.parts))
    assert went <= stored <= went + 1
    port = int(radicale.url.rsplit(":", 1)[1])
    with running_radicale(radicale.folder, port=port,
                          storage=radicale.folder / "collections") as again:
        resumed = a.sync()
        assert f"Sent to the server: {120 - stored} contacts." in resumed.lines()
        assert sh.waiting(a.state, a.mission.uid) == 0
        book = collections[0].removeprefix(again.url)
        _status, _h, body = again.request("REPORT", book, b"""<?xml version="1.0"?>
<C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
<D:prop><C:address-data/></D:prop></C:addressbook-query>""", {"Depth": "1",
                                                           "Content-Type": "application/xml"})
        assert body.decode().count("Segunda versión") == 120
    a.close()


def test_a_sync_interrupted_by_ctrl_c_counts_what_went_and_the_next_sends_the_rest(
        tmp_path, collections, radicale) -> None:
    """Second trial's N4: Ctrl+C after the tenth of 120 updates. vdirsyncer is ended (it
    keeps no record of that run), nothing is lost, and the next sync says it sent only what the
    server did not hold yet, not all 120."""
    a = _120_synced_then_changed(tmp_path, collections, radicale)
    def ctrl_c() -> None:
        raise KeyboardInterrupt  # as the signal arrives in the waiting loop

    with pytest.raises(KeyboardInterrupt):
        sh.sync(a.store, a.folder, a.state, a.mission, radicale.password,
                on_line=_at_the_tenth_update(ctrl_c))
    book = collections[0].removeprefix(radicale.url)
    query = b"""<?xml version="1.0"?>
<C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
<D:prop><C:address-data/></D:prop></C:addressbook-query>"""
    headers = {"Depth": "1", "Content-Type": "application/xml"}
    _status, _h, body = radicale.request("REPORT", book, query, headers)
    on_server = body.decode().count("Segunda versión")
    assert 9 <= on_server < 120  # (a line names an item before its copy)
    time.sleep(1)  # vdirsyncer was ended: nothing more arrives
    _status, _h, body = radicale.request("REPORT", book, query, headers)
    assert body.decode().count("Segunda versión") == on_server
    resumed = a.sync()
    assert f"Sent to the server: {120 - on_server} contacts." in resumed.lines(), \
        resumed.lines()
    assert sh.waiting(a.state, a.mission.uid) == 0
    _status, _h, body = radicale.request("REPORT", book, query, headers)
    assert body.decode().count("Segunda versión") == 120
    a.close()


def test_two_laptops_that_imported_the_same_calendar_agree_at_once(
        laptops: tuple[Laptop, Laptop]) -> None:
    """The organiser mailed the agenda before the link: both laptops hold the same meetings
    (same UIDs, same fields) before their first sync. Nothing waits for ever, nothing is a
    conflict, nothing is doubled."""
    import datetime as dt

    from mxdesk.core.mission import Meeting

    a, b = laptops
    for laptop in (a, b):
        laptop.store.save_meeting(Meeting(
            "Opening", dt.datetime(2027, 3, 8, 9), "America/Monterrey",
            mission_id=laptop.mission.id, uid="mty-open@example.org"))  # type: ignore[union-attr]
    assert a.sync().ok
    first = b.sync()
    assert first.ok
    assert not first.plan.conflicts
    assert sh.waiting(b.state, b.mission.uid) == 0  # type: ignore[union-attr]
    assert b.sync().lines() == ["Nothing to send or take in: this computer and the server "
                                "agree."]
    assert len(b.meetings()) == 1


def test_ctrl_c_during_a_sync_says_what_became_of_it(tmp_path, silent_server) -> None:
    """Ctrl+C while `mxdesk share sync` waits for a server: one line says nothing was lost
    and the next sync goes on; no traceback; the change still waits."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    a = Laptop(tmp_path / "a")
    a.make_mission()
    a.link(silent_server + "/alice/c/", silent_server + "/alice/a/", "alice")
    a.store.save_contact(Contact("Ana", met_on="2027-03-09"))
    a.close()
    env = {**os.environ, "MXDESK_DATA_DIR": str(a.folder), "MXDESK_DAV_PASSWORD": "x",
           "MXDESK_LANG": "en", "NO_PROXY": "127.0.0.1"}
    with subprocess.Popen([sys.executable, "-m", "mxdesk", "share", "sync"], cwd=root,
                          env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, encoding="utf-8") as running:
        time.sleep(4)  # vdirsyncer is waiting for the silent server by now
        running.send_signal(signal.SIGINT)
        _out, err = running.communicate(timeout=30)
    assert running.returncode == 130
    assert "Traceback" not in err
    assert "mxdesk: the sync was interrupted. Nothing was lost: the next sync sends what " \
        "had not reached the server, and counts only that." in err
    status = subprocess.run([sys.executable, "-m", "mxdesk", "share", "status"], cwd=root,
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert "1 change waits to be sent." in status.stdout
