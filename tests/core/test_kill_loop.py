"""The notes store survives SIGKILL mid-write: nothing it acknowledged is ever lost.

A writer process saves contacts and notes as fast as it can, backing up every tenth time, and
says "run n" only once both saves returned. It is killed at a random moment, again and again
on the same file; after every kill the file must pass SQLite's own check and hold every
acknowledged contact with its note. ``MXDESK_KILLS=1000 pytest tests/core/test_kill_loop.py``
runs the long version (CI runs 20); ``MXDESK_KILL_SEED`` replays a failed run's choices.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from mxdesk.core.notes import Contact, Note, NotesStore, points

KILLS = int(os.environ.get("MXDESK_KILLS", "20"))
#: A kill comes after 1 to this many acknowledged saves (so it may land inside a backup).
MOST_ACKS = 25
#: Generous: a writer that says nothing for this long is stuck, not slow.
LINE_TIMEOUT_S = 60

WRITER = """\
import sys
from pathlib import Path

from mxdesk.core.notes import Contact, Note, NotesStore, points

store = NotesStore(Path(sys.argv[1]))
run = int(sys.argv[2])
n = 0
while True:
    n += 1
    contact = store.save_contact(Contact(f"Person {run}-{n}",
                                         emails=points(f"person.{run}.{n}@example.org")))
    store.save_note(Note(f"Met person {run}-{n}", contact_uid=contact.uid))
    print(f"{run} {n}", flush=True)
    if n % 10 == 0:
        store.backup()
"""


class Writer:
    """The writer process of one run, and the lines it printed (each an acknowledgement)."""

    def __init__(self, db: Path, run: int, log: Path) -> None:
        self.run = run
        self.log = log
        self._pending = b""
        self.acked = 0
        with log.open("wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(run)],
                                         stdout=subprocess.PIPE, stderr=err)

    def _take(self, data: bytes) -> None:
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            run, n = (int(word) for word in line.split())
            assert (run, n) == (self.run, self.acked + 1), f"unexpected line {line!r}"
            self.acked = n

    def wait_for(self, acks: int) -> None:
        """Read until *acks* saves are acknowledged."""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + LINE_TIMEOUT_S
        while self.acked < acks:
            ready, _, _ = select.select([self.proc.stdout], [], [],
                                        max(0.0, deadline - time.monotonic()))
            data = os.read(self.proc.stdout.fileno(), 65536) if ready else b""
            if not data:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(
                    f"writer of run {self.run} stopped or stalled after {self.acked} saves "
                    f"(exit {self.proc.returncode}):\n"
                    f"{self.log.read_text(encoding='utf-8', errors='replace')}")
            self._take(data)

    def kill(self) -> None:
        """SIGKILL; then take what it printed before dying: those saves returned too."""
        assert self.proc.stdout is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=LINE_TIMEOUT_S)
        assert self.proc.returncode == -signal.SIGKILL, self.log.read_text(encoding="utf-8")
        self._take(self.proc.stdout.read())
        self.proc.stdout.close()

    def close(self) -> None:
        """Whatever happened: no writer left running, no pipe left open."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def check_file(db: Path, acked: dict[int, int], context: str) -> None:
    """*db*, read with plain sqlite3 read-only, is sound and holds every acknowledged save."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], context
        contacts = {name for (name,) in conn.execute("SELECT name FROM contacts")}
        noted = {name for (name,) in conn.execute(
            "SELECT contacts.name FROM notes JOIN contacts ON contacts.id = notes.contact_id")}
    expected = [f"Person {run}-{n}" for run, last in acked.items() for n in range(1, last + 1)]
    lost = [name for name in expected if name not in contacts]
    assert not lost, f"{context}: acknowledged contacts lost: {lost[:10]} ({len(lost)})"
    unlinked = [name for name in expected if name not in noted]
    assert not unlinked, f"{context}: acknowledged notes lost: {unlinked[:10]} ({len(unlinked)})"


def test_kills_mid_write_lose_nothing_acknowledged(tmp_path: Path) -> None:
    seed = int(os.environ.get("MXDESK_KILL_SEED") or random.SystemRandom().randrange(2**32))
    print(f"kill loop: {KILLS} kills, MXDESK_KILL_SEED={seed}")
    rng = random.Random(seed)
    db = tmp_path / "notes.db"
    acked: dict[int, int] = {}
    partials_seen: set[str] = set()
    for run in range(1, KILLS + 1):
        writer = Writer(db, run, tmp_path / "writer.log")
        try:
            writer.wait_for(rng.randint(1, MOST_ACKS))
            time.sleep(rng.random() * 0.005)  # land anywhere in the next save or backup
            writer.kill()
        finally:
            writer.close()
        acked[run] = writer.acked
        context = f"after kill {run} of {KILLS} (MXDESK_KILL_SEED={seed})"
        check_file(db, acked, context)
        partials_seen.update(p.name for p in (tmp_path / "backups").glob("*.partial"))

    # Backups the kills interrupted leave .partial files; the store removes those old enough
    # not to be another window's backup in progress when it opens.
    partials = sorted((tmp_path / "backups").glob("*.partial"))
    print(f"{sum(acked.values())} saves acknowledged; .partial files seen after kills: "
          f"{len(partials_seen)}, left at the end: {len(partials)}")
    long_ago = time.time() - 3600
    for partial in partials:
        os.utime(partial, (long_ago, long_ago))
    with NotesStore(db) as store:
        names = {contact.name for contact in store.contacts()}
    assert all(f"Person {run}-{n}" in names for run, last in acked.items()
               for n in range(1, last + 1)), "the store itself reads every acknowledged save"
    # Needs NotesStore to remove stale .partial files at open (backups.clean_partials).
    assert not list((tmp_path / "backups").glob("*.partial")), \
        "NotesStore(path) leaves .partial files older than 600 s: it should remove them at open"
    check_file(db, acked, f"after the last open (MXDESK_KILL_SEED={seed})")


def test_a_contact_and_its_note_are_what_the_writer_saves(tmp_path: Path) -> None:
    """The writer's calls, in process: the kill loop checks what they are meant to write."""
    with NotesStore(tmp_path / "notes.db") as store:
        contact = store.save_contact(Contact("Person 0-1", emails=points("person.0.1@example.org")))
        store.save_note(Note("Met person 0-1", contact_uid=contact.uid))
        store.backup()
    check_file(tmp_path / "notes.db", {0: 1}, "in process")
    assert not list((tmp_path / "backups").glob("*.partial"))
