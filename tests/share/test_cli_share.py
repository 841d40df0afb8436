"""`mxdesk share` as a script and a person use it, against a real Radicale (issue 21): link,
sync both ways, status, wrong password, server down, untrusted certificate and the trust step,
the password in the keyring and in no file, conflicts and deletions."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pty
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import Contact, NotesStore
from mxdesk.core.share.server import fingerprint
from tests.share.radicale_fixture import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
MISSION = "Monterrey, March 2027"


def laptop(folder: Path, uid: str | None = None, contact: str = "") -> str:
    """A data folder with the mission (and one contact met during it); the mission's uid."""
    folder.mkdir(parents=True, exist_ok=True)
    with NotesStore(folder / "notes.db", allow_new=True) as store:
        mission = store.create_mission(Mission(MISSION, dt.date(2027, 3, 8),
                                               dt.date(2027, 3, 12), "Europe/Madrid",
                                               **({"uid": uid} if uid else {})))
        if contact:
            person = store.save_contact(Contact(contact, organisation="CLAUT",
                                                met_on="2027-03-09"))
            store.save_meeting(Meeting("B2B", dt.datetime(2027, 3, 9, 10), "America/Monterrey",
                                       mission_id=mission.id, contacts=(person.uid,)))
        return mission.uid


def env_for(folder: Path, password: str | None = PASSWORD, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MXDESK_DAV_PASSWORD", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy",
                        "https_proxy")}
    env.update(MXDESK_DATA_DIR=str(folder), NO_PROXY="127.0.0.1,localhost",
               MXDESK_LANG="en", PYTHONPATH=str(ROOT) + os.pathsep + str(ROOT / "src"),
               PYTHON_KEYRING_BACKEND="tests.share.keyring_backend.FileKeyring",
               MXDESK_TEST_KEYRING_FILE=str(folder.parent / f"{folder.name}-keyring.json"))
    if password is not None:
        env["MXDESK_DAV_PASSWORD"] = password
    env.update(more)
    return env


def share(folder: Path, *args: str, password: str | None = PASSWORD,
          **more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mxdesk", "share", *args],
                          capture_output=True, text=True, timeout=120, check=False,
                          encoding="utf-8", stdin=subprocess.DEVNULL, cwd=ROOT,
                          env=env_for(folder, password, **more))


def at_a_terminal(folder: Path, answer: str, *args: str,
                  password: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `mxdesk share ARGS` with a pseudo-terminal as standard input, typing *answer*."""
    controller, terminal = pty.openpty()
    try:
        with subprocess.Popen([sys.executable, "-m", "mxdesk", "share", *args], stdin=terminal,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", cwd=ROOT, env=env_for(folder, password),
                              start_new_session=True) as running:
            os.write(controller, f"{answer}\n".encode())
            out, err = running.communicate(timeout=120)
            return subprocess.CompletedProcess(running.args, running.returncode, out, err)
    finally:
        os.close(controller)
        os.close(terminal)


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert len(lines) <= 2, err
    return lines[0]


def link_args(collections: tuple[str, str]) -> list[str]:
    return ["link", "--mission", MISSION, "--carddav", collections[0],
            "--caldav", collections[1], "--user", "alice"]


def test_two_laptops_link_sync_and_status(tmp_path, collections) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    b_uid = laptop(a, contact="Ana López")
    laptop(b, uid=b_uid)
    for folder in (a, b):
        done = share(folder, *link_args(collections))
        assert done.returncode == 0, done.stderr
        assert "The server answered and accepted the login." in done.stdout
    sent = share(a, "sync")
    assert sent.returncode == 0, sent.stderr
    assert "Sent to the server: 1 contact and 1 meeting." in sent.stdout
    got = share(b, "sync", "--json")
    assert got.returncode == 0, got.stderr
    [result] = json.loads(got.stdout)
    assert result["ok"]
    assert result["received"]["applied"]
    assert [c["title"] for c in result["received"]["new"]] == ["Ana López", "B2B"]
    with NotesStore(b / "notes.db") as store:
        assert [c.name for c in store.contacts()] == ["Ana López"]
    status = share(b, "status")
    assert status.returncode == 0
    assert f"Address book: {collections[0]}" in status.stdout
    assert "Last synced: never" not in status.stdout
    assert "0 changes wait to be sent." in status.stdout
    [row] = json.loads(share(b, "status", "--json").stdout)
    assert row["waiting"] == 0
    assert row["last_ok_at"]
    assert row["user"] == "alice"


def test_wrong_password_is_one_clear_line_and_links_nothing(tmp_path, collections) -> None:
    a = tmp_path / "a"
    laptop(a, contact="Ana")
    done = share(a, *link_args(collections), password="wrong")
    assert done.returncode == 1
    assert one_line(done.stderr) == (
        "mxdesk: The server 127.0.0.1:{port} refused the login of “alice”: check the user "
        "name and the password.".format(port=collections[0].split(":")[2].split("/")[0]))
    assert "Nothing was linked." in done.stderr
    assert "No mission is linked to a server." in share(a, "status").stdout
    # Linked with the right one, then the password changes on the server's side: the sync
    # says so in one line.
    assert share(a, *link_args(collections)).returncode == 0
    synced = share(a, "sync", password="wrong")
    assert synced.returncode == 1
    assert "refused the login of “alice”" in synced.stdout
    assert "Traceback" not in synced.stdout + synced.stderr


def test_swapped_addresses_are_told_and_link_nothing(tmp_path, collections) -> None:
    a = tmp_path / "a"
    laptop(a)
    done = share(a, "link", "--mission", MISSION, "--carddav", collections[1],
                 "--caldav", collections[0], "--user", "alice")
    assert done.returncode == 1
    assert f"mxdesk: {collections[1]} is a calendar, not an address book: did you swap the " \
        "two addresses?" in done.stderr
    assert "No mission is linked to a server." in share(a, "status").stdout


def two_laptops_a_synced(tmp_path: Path, collections: tuple[str, str]) -> tuple[Path, Path]:
    """Data folders a and b with the same mission, both linked; a (with Ana López and a
    meeting with her) synced once."""
    a, b = tmp_path / "a", tmp_path / "b"
    laptop(b, uid=laptop(a, contact="Ana López"))
    for folder in (a, b):
        assert share(folder, *link_args(collections)).returncode == 0
    assert share(a, "sync").returncode == 0
    return a, b


def test_the_plan_is_asked_at_a_terminal_before_taking_in(tmp_path, collections) -> None:
    a, b = two_laptops_a_synced(tmp_path, collections)
    declined = at_a_terminal(b, "n", "sync", password=PASSWORD)
    assert "New from the delegation:" in declined.stdout
    assert "  • Ana López" in declined.stdout
    assert "Take them in? [y/N]" in declined.stdout
    assert "Waiting to be taken in: 1 contact and 1 meeting." in declined.stdout
    with NotesStore(b / "notes.db") as store:
        assert store.contacts() == []
    taken = at_a_terminal(b, "y", "sync", password=PASSWORD)
    assert "Received from the delegation: 1 contact and 1 meeting." in taken.stdout
    with NotesStore(b / "notes.db") as store:
        assert [c.name for c in store.contacts()] == ["Ana López"]
    # A script takes in without asking, and its log names what came in (third trial).
    with NotesStore(a / "notes.db") as store:
        store.save_contact(Contact("Pedro Garza", met_on="2027-03-10"))
    assert share(a, "sync").returncode == 0
    script = share(b, "sync")
    assert script.returncode == 0, script.stderr
    assert "  New from the delegation:\n    • Pedro Garza\n" in script.stdout, script.stdout
    assert "Received from the delegation: 1 contact." in script.stdout


def test_server_down_is_one_line_and_the_change_waits(tmp_path, collections, radicale) -> None:
    a = tmp_path / "a"
    laptop(a, contact="Ana")
    assert share(a, *link_args(collections)).returncode == 0
    radicale.stop()
    started = time.monotonic()
    synced = share(a, "sync")
    assert time.monotonic() - started < 30
    assert synced.returncode == 1
    assert "Traceback" not in synced.stdout + synced.stderr
    assert any(line.strip().startswith("Cannot reach the server 127.0.0.1:")
               for line in synced.stdout.splitlines())
    status = share(a, "status").stdout
    assert "2 changes wait to be sent." in status
    assert "Last synced: never" in status
    assert "Last attempt: Cannot reach the server" in status


def test_untrusted_certificate_needs_the_trust_step(tmp_path, radicale_tls) -> None:
    from tests.share.radicale_fixture import make_collections

    book, cal = make_collections(radicale_tls)
    urls = (radicale_tls.url + book, radicale_tls.url + cal)
    a = tmp_path / "a"
    laptop(a, contact="Ana")
    done = share(a, *link_args(urls))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "is not trusted by this computer (it is self-signed)." in done.stderr
    assert "Then: mxdesk share trust --mission 'Monterrey, March 2027'" in done.stderr
    spanish = share(a, *link_args(urls), "--lang", "es")
    assert "(es autofirmado)" in spanish.stderr
    assert "self-signed" not in spanish.stderr
    refused = share(a, "sync")
    assert refused.returncode == 1
    assert "The certificate of 127.0.0.1:" in refused.stdout
    assert "is not trusted by this computer" in refused.stdout

    der = ssl.PEM_cert_to_DER_cert(radicale_tls.cert.read_text())
    expected = fingerprint(der)
    asked = share(a, "trust", "--mission", MISSION)  # no terminal, no --fingerprint
    assert asked.returncode == 1
    assert expected in asked.stdout
    wrong = share(a, "trust", "--mission", MISSION, "--fingerprint", "AB" + expected[2:][::-1])
    assert wrong.returncode == 1
    assert "nothing was trusted" in wrong.stderr
    trusted = share(a, "trust", "--mission", MISSION, "--fingerprint", expected.lower())
    assert trusted.returncode == 0, trusted.stderr
    synced = share(a, "sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Sent to the server: 1 contact and 1 meeting." in synced.stdout


def test_the_password_is_in_the_keyring_and_in_no_file(tmp_path, collections) -> None:
    a = tmp_path / "a"
    laptop(a, contact="Ana")
    done = subprocess.run([sys.executable, "-m", "mxdesk", "share", *link_args(collections),
                           "--password-stdin"], input=PASSWORD + "\n", capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT, env=env_for(a, None))
    assert done.returncode == 0, done.stderr
    assert "The password is kept in the system keyring." in done.stdout
    keyring_file = tmp_path / "a-keyring.json"
    assert PASSWORD in keyring_file.read_text()
    synced = share(a, "sync", password=None)  # from the keyring
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Sent to the server" in synced.stdout
    assert subprocess.run([sys.executable, "-m", "mxdesk", "notes", "backup"], cwd=ROOT,
                          env=env_for(a, None), capture_output=True, check=False,
                          timeout=60).returncode == 0
    assert subprocess.run([sys.executable, "-m", "mxdesk", "notes", "export",
                           str(a / "export.json")], cwd=ROOT, env=env_for(a, None),
                          capture_output=True, check=False, timeout=60).returncode == 0
    secret = PASSWORD.encode()
    files = [p for p in a.rglob("*") if p.is_file()]
    assert any(p.suffix == ".conf" for p in files)
    assert any("backups" in p.parts for p in files)
    leaked = [p for p in files if secret in p.read_bytes()]
    assert leaked == []
    with NotesStore(a / "notes.db") as store:
        store.save_contact(Contact("Luis Peña", met_on="2027-03-10"))  # not yet sent
    refused = share(a, "unlink", "--mission", MISSION, password=None)
    assert refused.returncode == 1
    assert one_line(refused.stderr).startswith(
        "mxdesk: 1 change made here has not reached the server: unlinking now "
        "loses them for the delegation. Sync first (mxdesk share sync --mission ")
    unlinked = share(a, "unlink", "--mission", MISSION, "--force", password=None)
    assert unlinked.returncode == 0
    assert PASSWORD not in keyring_file.read_text()
    assert not (a / "share").exists() or not any((a / "share").glob("*-*-*"))


def test_no_password_anywhere_is_one_line(tmp_path, collections) -> None:
    a = tmp_path / "a"
    laptop(a, contact="Ana")
    assert share(a, *link_args(collections)).returncode == 0  # with the variable: not kept
    synced = share(a, "sync", password=None)
    assert synced.returncode == 1
    assert one_line(synced.stderr).startswith("mxdesk: No password is kept for alice@127.0.0.1:")


def test_conflict_and_deletion_from_the_command_line(tmp_path, collections) -> None:
    a, b = two_laptops_a_synced(tmp_path, collections)
    assert share(b, "sync").returncode == 0
    for folder, role in ((a, "Directora"), (b, "Gerente")):
        with NotesStore(folder / "notes.db") as store:
            [ana] = store.contacts()
            store.update_contact(ana, {"role": role})
    assert share(a, "sync").returncode == 0
    clash = share(b, "sync")
    assert clash.returncode == 1
    assert "Conflict: Ana López was changed here and on the server." in clash.stdout
    [row] = json.loads(share(b, "status", "--json").stdout)
    [conflict] = row["conflicts"]
    # The commands it prints can be pasted into a shell as they are.
    mine = f"mxdesk share resolve --mission 'Monterrey, March 2027' {conflict['uid']} --keep mine"
    assert mine in clash.stdout
    settled = share(b, "resolve", "--mission", MISSION, conflict["uid"], "--keep", "theirs")
    assert settled.returncode == 0, settled.stderr
    with NotesStore(b / "notes.db") as store:
        assert store.contacts()[0].role == "Directora"

    with NotesStore(a / "notes.db") as store:
        [meeting] = store.meetings()
        store.delete_meeting(int(meeting.id or 0))
    assert share(a, "sync").returncode == 0
    asked = share(b, "sync")  # a script: nothing deleted, asked again next time
    assert "Deleted on the server, still here: B2B" in asked.stdout
    with NotesStore(b / "notes.db") as store:
        assert len(store.meetings()) == 1
    answered = at_a_terminal(b, "y", "sync", password=PASSWORD)
    assert answered.returncode == 0, answered.stdout + answered.stderr
    assert "1 item deleted on the server was deleted here too." in answered.stdout
    with NotesStore(b / "notes.db") as store:
        assert store.meetings() == []


@pytest.mark.parametrize("bad", ["ftp://example.org/x", "not a url"])
def test_a_bad_url_changes_nothing(tmp_path, bad) -> None:
    a = tmp_path / "a"
    laptop(a)
    done = share(a, "link", "--mission", MISSION, "--carddav", bad, "--caldav", bad,
                 "--user", "alice")
    assert done.returncode == 2
    assert one_line(done.stderr) == f"mxdesk: {bad} is not an http(s) address of a collection."
    assert not (a / "share" / "share.db").exists()


def test_link_with_no_mission_yet_says_how_to_make_one(tmp_path, collections) -> None:
    """First trial's L11: a member who links before making the mission is told how to make
    it (there is no mission command); nothing is linked."""
    from mxdesk.core.notes import NotesStore

    a = tmp_path / "a"
    a.mkdir()
    NotesStore(a / "notes.db").close()  # notes, but no mission in them
    done = share(a, "link", "--mission", "Monterrey 2027", "--carddav", collections[0],
                 "--caldav", collections[1], "--user", "alice")
    assert done.returncode != 0
    assert one_line(done.stderr) == (
        "mxdesk: no mission called 'Monterrey 2027' (missions: none yet; make one in the "
        "window with Mission ▸ New mission…, or import its calendar with mxdesk agenda "
        "import FILE.ics)")
    assert not (a / "share" / "share.db").exists()


def test_a_sync_at_a_terminal_counts_its_items_as_they_go(tmp_path, collections) -> None:
    """Third trial: 250 contacts took a minute with nothing on the screen. At a terminal,
    one line on standard error counts the items as they go, and is wiped before the result;
    a script's standard error stays empty."""
    a = tmp_path / "a"
    laptop(a, contact="Ana López")
    with NotesStore(a / "notes.db") as store:
        for n in range(20):
            store.save_contact(Contact(f"Contacto {n:02d}", met_on="2027-03-10"))
    assert share(a, *link_args(collections)).returncode == 0
    controller, terminal = pty.openpty()
    try:
        with subprocess.Popen([sys.executable, "-m", "mxdesk", "share", "sync"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal,
                              text=True, encoding="utf-8", cwd=ROOT, env=env_for(a),
                              start_new_session=True) as running:
            out, _err = running.communicate(timeout=120)
        os.set_blocking(controller, False)
        said = b""
        with contextlib.suppress(BlockingIOError, OSError):
            while chunk := os.read(controller, 65536):
                said += chunk
    finally:
        os.close(controller)
        os.close(terminal)
    assert running.returncode == 0, out
    screen = said.decode("utf-8")
    assert "Syncing…" in screen
    assert "Syncing… 22 items so far" in screen  # 21 contacts and the meeting
    assert screen.endswith("\r"), repr(screen[-80:])  # wiped: the cursor back at its start
    assert screen.rsplit("\r", 2)[-2].strip() == ""
    assert "Sent to the server: 21 contacts and 1 meeting." in out
    quiet = share(a, "sync")  # not a terminal: nothing but the result
    assert quiet.stderr == ""
