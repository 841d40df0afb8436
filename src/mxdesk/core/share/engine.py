"""vdirsyncer 0.21 as a subprocess: the config it reads, a run with timeouts, its result.

vdirsyncer is an application, not a library with a stable API, so mxdesk writes its config
(one pair for the address book, one for the calendar), runs ``python -m vdirsyncer`` and reads
what it logs. Its facts, measured against Radicale 3.9 (docs/sharing.md has more):

- every failure exits with 1 and free text, so :func:`classify` turns the lines into one
  sentence per failure (login refused, cannot connect, certificate not trusted, …);
- it sets no network timeout of its own, so a server that accepts the connection and never
  answers would hold it for minutes: :func:`run` kills it when it has said nothing for
  :data:`QUIET_LIMIT` seconds, and after :data:`TOTAL_LIMIT` in all;
- ``conflict_resolution = "b wins"``: when an item changed on both sides the server's version
  lands in the local folder, and mxdesk, which still holds its own in the notes file, sees the
  conflict and keeps both (:mod:`.sync`);
- the config holds no password: vdirsyncer runs a command that prints it from the child's
  environment, where only this module puts it.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mxdesk.core.i18n import _
from mxdesk.core.share.secrets import PASSWORD_ENV

#: Seconds without a line from vdirsyncer before it is stopped (a server that never answers).
QUIET_LIMIT = 20.0
#: Seconds a whole run may take.
TOTAL_LIMIT = 600.0
PAIRS = ("contacts", "agenda")
_READ_PASSWORD = f"import os,sys; sys.stdout.write(os.environ.get({PASSWORD_ENV!r}, ''))"


@dataclass(frozen=True)
class Remote:
    """One collection on the server: its URL, the user, and how its certificate is trusted
    (*ca_file*: a PEM file; *fingerprint*: a pinned SHA-256; neither: the system's CAs)."""

    kind: str  # "carddav" | "caldav"
    url: str
    username: str
    ca_file: str = ""
    fingerprint: str = ""


def frozen_child(argv: list[str]) -> bool:
    """In the frozen application (PyInstaller), where ``sys.executable`` is mxdesk itself: do
    what the two child commands of this module ask of a Python, and say whether it was one.

    ``-m vdirsyncer ARGS`` runs vdirsyncer's command line (which exits); ``-c`` with the
    password snippet prints ``$MXDESK_DAV_PASSWORD``. Any other command line is not ours
    (False). Called first thing by ``packaging/launch.py``."""
    if argv[1:3] == ["-m", "vdirsyncer"]:
        from vdirsyncer.cli import app

        sys.argv = ["vdirsyncer", *argv[3:]]
        app()  # click exits with vdirsyncer's own status
        return True
    if argv[1:3] == ["-c", _READ_PASSWORD]:
        sys.stdout.write(os.environ.get(PASSWORD_ENV, ""))
        return True
    return False


def _value(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_config(folder: Path, contacts: Remote, agenda: Remote) -> Path:
    """Write ``folder/vdirsyncer.conf`` for the two pairs, with the local vdirs
    ``folder/contacts`` and ``folder/agenda`` (made when missing) and the status in
    ``folder/status``; returns its path. No password is written."""
    lines = ["[general]", f"status_path = {_value(str(folder / 'status'))}", ""]
    for name, remote, ext in (("contacts", contacts, ".vcf"), ("agenda", agenda, ".ics")):
        (folder / name).mkdir(parents=True, exist_ok=True)
        lines += [
            f"[pair {name}]", f'a = "{name}_local"', f'b = "{name}_remote"',
            "collections = null", 'conflict_resolution = "b wins"', "",
            f"[storage {name}_local]", 'type = "filesystem"',
            f"path = {_value(str(folder / name))}", f"fileext = {_value(ext)}", "",
            f"[storage {name}_remote]", f"type = {_value(remote.kind)}",
            f"url = {_value(remote.url)}", f"username = {_value(remote.username)}",
            f"password.fetch = {_value(['command', sys.executable, '-c', _READ_PASSWORD])}",
        ]
        if remote.ca_file:
            lines.append(f"verify = {_value(remote.ca_file)}")
        if remote.fingerprint and remote.url.startswith("https:"):
            lines.append(f"verify_fingerprint = {_value(remote.fingerprint)}")
        lines.append("")
    path = folder / "vdirsyncer.conf"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@dataclass
class Run:
    """One vdirsyncer command: its exit code (None when it was stopped), its output lines,
    how long it took (seconds), and why it was stopped ("" when it was not)."""

    returncode: int | None
    lines: list[str]
    seconds: float
    stopped: str = ""

    @property
    def ok(self) -> bool:
        """Whether it ran to the end and succeeded."""
        return self.returncode == 0 and not self.stopped


def run(config: Path, args: list[str], password: str, *, quiet: float | None = None,
        total: float | None = None, on_line: object = None) -> Run:
    """``python -m vdirsyncer -c CONFIG ARGS`` with *password* in its environment only.

    Stopped (terminated, then killed) after *quiet* seconds without output or *total* in all
    (default :data:`QUIET_LIMIT`, :data:`TOTAL_LIMIT`). *on_line*, when given, is called with
    each line as it comes (progress)."""
    quiet = QUIET_LIMIT if quiet is None else quiet
    total = TOTAL_LIMIT if total is None else total
    env = {**os.environ, PASSWORD_ENV: password, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "vdirsyncer", "-c", str(config), *args]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            errors="replace", env=env)
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    out: list[str] = []
    stopped = ""
    try:
        stopped = _follow(lines, out, start, quiet, total, on_line)
    except KeyboardInterrupt:
        # Ctrl+C: vdirsyncer is ended with mxdesk, not left copying on its own. It keeps no
        # record of that run; the next one finds what got through on the server.
        _end(proc)
        reader.join(2)  # (it reads to the pipe's end, which came with vdirsyncer's)
        if proc.stdout is not None:
            proc.stdout.close()
        raise
    if stopped:
        _end(proc)
    code = proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    return Run(None if stopped else code, out, time.monotonic() - start, stopped)


def _end(proc: subprocess.Popen[str]) -> None:
    """Terminate vdirsyncer, then kill it if it has not ended within 5 s."""
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _follow(lines: queue.Queue[str | None], out: list[str], start: float, quiet: float,
            total: float, on_line: object) -> str:
    """Gather vdirsyncer's lines into *out* until it ends (""), or it is silent *quiet*
    seconds ("quiet") or runs *total* seconds ("total")."""
    while True:
        left = total - (time.monotonic() - start)
        try:
            line = lines.get(timeout=max(0.05, min(quiet, left)))
        except queue.Empty:
            return "quiet" if left > quiet else "total"
        if line is None:
            return ""
        out.append(line)
        if callable(on_line):
            on_line(line)
        if time.monotonic() - start > total:
            return "total"


def status(folder: Path, pair: str) -> dict[str, tuple[str, str, str]]:
    """vdirsyncer's own status of *pair*: per item (its ident: the UID), (hash of the local
    side, hash of the server's side, the server's ETag). Read from ``status/<pair>.items``
    (SQLite), which vdirsyncer writes item by item as each copy succeeds, so an interrupted
    run still tells what got through (its log names an item before copying it, whether or
    not that then works). {} when there is none yet."""
    path = folder / "status" / f"{pair}.items"
    if not path.is_file():
        return {}
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
        try:
            rows = conn.execute("SELECT ident, hash_a, hash_b, etag_b FROM status").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    return {ident: (hash_a or "", hash_b or "", etag_b or "")
            for ident, hash_a, hash_b, etag_b in rows}


def reached(before: dict[str, tuple[str, str, str]],
            after: dict[str, tuple[str, str, str]], ident: str, text: str) -> bool:
    """Whether a run (between the statuses *before* and *after*, :func:`status`) sent the
    version of *ident* whose file now reads *text* to the server.

    vdirsyncer records the local side's hash of that very version only once the copy went
    through (a copy that fails is rolled back to the item's old status), and the server's
    new ETag with it. Its hash of the server's side is not renewed by an update (0.21), so
    an ETag that changed, or a first upload (the two hashes then agree), says the server
    took it."""
    from vdirsyncer.vobject import hash_item

    now = after.get(ident)
    if now is None or not now[2]:
        return False
    if now[1] == hash_item(text):
        # The server holds this very version: sent now, or there already (two laptops
        # that imported the same calendar, matched by vdirsyncer).
        return True
    if now[0] != hash_item(text):
        return False
    then = before.get(ident)
    return then is None or then[2] != now[2] or now[0] == now[1]


#: vdirsyncer's log lines that begin an item's copy or deletion (:mod:`vdirsyncer.sync`):
#: counted as a sync's progress.
PROGRESS_MARKS = ("Copying (uploading)", "Copying (updating)", "Deleting item")


def item_counter(report: Callable[[int], None]) -> Callable[[str], None]:
    """A vdirsyncer log-line callback (``run``'s *on_line*) that calls *report* with the
    number of items begun so far (lines with one of :data:`PROGRESS_MARKS`) each time it
    grows."""
    count = 0

    def on_line(line: str) -> None:
        nonlocal count
        if any(mark in line for mark in PROGRESS_MARKS):
            count += 1
            report(count)

    return on_line


#: vdirsyncer's log line as it begins copying an item (:mod:`vdirsyncer.sync`):
#: "Copying (uploading) item IDENT to STORAGE", "Copying (updating) item …".
_COPY_MARKS = ("Copying (uploading) item ", "Copying (updating) item ")


def copied(lines: list[str]) -> set[str]:
    """The idents (UIDs) a run's log says it began copying to the server (a storage named
    ``…_remote``, :func:`write_config`). With :func:`reached`, what the run itself sent: the
    log names an item before its copy, the status records it only once it went."""
    found: set[str] = set()
    for line in lines:
        for mark in _COPY_MARKS:
            at = line.find(mark)
            if at < 0:
                continue
            ident, to, storage = line[at + len(mark):].rpartition(" to ")
            if to and storage.strip().endswith("_remote"):
                found.add(ident)
    return found


def failed_pairs(lines: list[str]) -> set[str]:
    """The pairs a run's log names in an error line."""
    return {name for name in PAIRS for line in lines
            if line.startswith(("error:", "critical:")) and f" {name}" in line}


def error_kind(result: Run) -> str:
    """What kind of failure a run was, for a reader that words it its own way: "" (none),
    "untrusted", "pinned", "login", "forbidden", "missing", "unreachable" (down, silent or
    too slow) or "other" (as :data:`mxdesk.core.share.server.KINDS`)."""
    if result.stopped:
        return "unreachable"
    if result.ok:
        return ""
    text = "\n".join(result.lines)
    checks = (("untrusted", "SSLCertVerificationError" in text
               or "CERTIFICATE_VERIFY_FAILED" in text),
              ("pinned", bool(re.search(r"occurred for \w+: \(b'", text))
               or "fingerprint" in text.lower()),
              ("login", "401" in text and "Unauthorized" in text),
              ("forbidden", "403" in text and "Forbidden" in text),
              ("missing", bool(re.search(r"\b404\b", text))),
              ("unreachable", any(word in text for word in (
                  "Cannot connect to host", "Connection refused", "Name or service not known",
                  "ClientConnectorError", "ServerDisconnected", "Connection reset"))))
    return next((kind for kind, found in checks if found), "other")


def classify(result: Run, url: str, username: str, mission: str) -> str:
    """One sentence for a run that failed (in the language spoken), or "" when it did not.

    *url* is a collection's URL (its host is named), *username* the login, *mission* the
    mission's name for the command a message suggests."""
    host = urlsplit(url).netloc.rsplit("@", 1)[-1] or url
    if result.stopped == "quiet":
        return _("The server {host} stopped answering (nothing for {seconds} seconds). "
                 "Nothing was lost: what was not sent waits for the next sync.").format(
            host=host, seconds=int(QUIET_LIMIT))
    if result.stopped:
        return _("The sync with {host} took longer than {minutes} minutes and was stopped. "
                 "Nothing was lost: the next sync goes on from where it was.").format(
            host=host, minutes=int(TOTAL_LIMIT // 60))
    if result.ok:
        return ""
    text = "\n".join(result.lines)
    if "SSLCertVerificationError" in text or "CERTIFICATE_VERIFY_FAILED" in text:
        from mxdesk.core.share.sync import shell_command

        return _("The certificate of {host} is not trusted by this computer. If this is your "
                 "delegation's server, compare its fingerprint with the one the organiser "
                 "gives you and trust it: {command}").format(
            host=host, command=shell_command("trust", "--mission", mission))
    if re.search(r"occurred for \w+: \(b'", text) or "fingerprint" in text.lower():
        return _("The certificate of {host} is not the one trusted for this mission (its "
                 "fingerprint changed). Nothing was sent. Ask the organiser whether the "
                 "server's certificate was renewed.").format(host=host)
    if "401" in text and "Unauthorized" in text:
        return _("The server {host} refused the login of “{user}”: check the user name and "
                 "the password (mxdesk share link again).").format(host=host, user=username)
    if "403" in text and "Forbidden" in text:
        return _("The server {host} does not let “{user}” change this address book or "
                 "calendar: ask the organiser to share it with write access.").format(
            host=host, user=username)
    if re.search(r"\b404\b", text):
        return _("The server {host} has no address book or calendar at the address given: "
                 "check the URLs (mxdesk share status shows them).").format(host=host)
    if "Cannot connect to host" in text or "Connection refused" in text \
            or "Name or service not known" in text or "ClientConnectorError" in text \
            or "ServerDisconnected" in text or "Connection reset" in text:
        return _("Cannot reach the server {host}. Nothing was lost: the changes made here "
                 "wait and go at the next sync.").format(host=host)
    errors = [line.split(":", 1)[1].strip() for line in result.lines
              if line.startswith(("error:", "critical:"))]
    reason = next((e for e in errors if not e.startswith("Use -vdebug")), "") or \
        (result.lines[-1] if result.lines else "")
    return _("The sync with {host} failed: {reason}").format(host=host, reason=reason)
