"""The faults of tests/faults.py are real: the kernel and SQLite refuse as they would for a user."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import BinaryIO

import pytest

from tests import faults
from tests.faults import (
    exclusive_lock,
    fill,
    free_bytes,
    full_tmpfs,
    is_mounted,
    read_only_bind,
    run_unprivileged,
    share_with_unprivileged,
    unprivileged_mode,
)


def test_read_only_bind_refuses_every_change(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "notes.db").write_bytes(b"kept")
    with read_only_bind(folder) as ro:
        assert ro != folder
        assert is_mounted(ro)
        assert (ro / "notes.db").read_bytes() == b"kept"
        for change in (lambda: (ro / "new.txt").write_bytes(b"x"),
                       lambda: (ro / "notes.db").open("ab"),
                       lambda: (ro / "notes.db").unlink(),
                       lambda: (ro / "notes.db").rename(ro / "moved.db"),
                       lambda: (ro / "sub").mkdir()):
            with pytest.raises(OSError, match="Read-only file system") as raised:
                change()
            assert raised.value.errno == errno.EROFS
        (folder / "beside.txt").write_bytes(b"y")  # the folder itself stays writable
        assert (ro / "beside.txt").read_bytes() == b"y"
    assert not ro.exists(), "the mount point is unmounted and removed"
    assert (folder / "notes.db").read_bytes() == b"kept"


def _test_that_fails(folder: Path, held: list[tuple[Path, BinaryIO]]) -> None:
    with read_only_bind(folder) as ro:
        held.append((ro, (ro / "notes.db").open("rb")))  # an open file keeps the mount busy
        raise RuntimeError("test failed")


def test_read_only_bind_is_unmounted_when_the_test_fails(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "notes.db").write_bytes(b"kept")
    held: list[tuple[Path, BinaryIO]] = []
    with pytest.raises(RuntimeError, match="test failed"):
        _test_that_fails(folder, held)
    ro, handle = held[0]
    with handle:
        assert not is_mounted(ro), "a busy mount is detached lazily"
        assert not ro.exists()
        assert handle.read() == b"kept", "what was open there stays readable"


def test_full_tmpfs_fills_up_and_frees_again() -> None:
    with full_tmpfs(256) as folder:
        assert is_mounted(folder)
        assert 200_000 < free_bytes(folder) <= 256 * 1024
        filler = fill(folder)
        assert free_bytes(folder) == 0
        with pytest.raises(OSError, match="No space left on device") as raised:
            (folder / "more.txt").write_bytes(bytes(4096))
        assert raised.value.errno == errno.ENOSPC
        filler.unlink()
        assert free_bytes(folder) > 200_000
        (folder / "more.txt").write_bytes(bytes(4096))
        assert (folder / "more.txt").stat().st_size == 4096
    assert not folder.exists(), "the tmpfs is unmounted and its folder removed"


def test_fill_leaves_about_what_was_asked() -> None:
    with full_tmpfs(512) as folder:
        fill(folder, leave_bytes=64 * 1024)
        assert 60 * 1024 <= free_bytes(folder) <= 68 * 1024
        (folder / "fits.txt").write_bytes(bytes(32 * 1024))
        with pytest.raises(OSError, match="No space left on device"):
            (folder / "does-not-fit.txt").write_bytes(bytes(64 * 1024))


_READ = "import sys; sys.stdout.write(open(sys.argv[1]).read())"
_WRITE = "import sys; open(sys.argv[1], 'w').write('written')"


@pytest.fixture(params=[faults.MODE_NOBODY, faults.MODE_ROOT_WITHOUT_CAPS])
def forced_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way of running unprivileged, whichever unprivileged_mode() picks here."""
    if os.geteuid() != 0:
        pytest.skip(f"the tests run as uid {os.geteuid()}: file modes apply already")
    mode = str(request.param)
    if mode == faults.MODE_NOBODY and not faults._nobody_can_run_us():
        pytest.skip("user nobody cannot run this Python or import this mxdesk here "
                    f"({sys.executable}); unprivileged_mode() is {unprivileged_mode()!r}")
    if mode == faults.MODE_ROOT_WITHOUT_CAPS:
        monkeypatch.setattr(faults, "_nobody_can_run_us", lambda: False)
        faults.unprivileged_mode.cache_clear()
        assert faults.unprivileged_mode() == mode
        faults.unprivileged_mode.cache_clear()
    monkeypatch.setattr(faults, "unprivileged_mode", lambda: mode)
    return mode


def test_unprivileged_mode_is_one_of_the_known() -> None:
    mode = unprivileged_mode()
    assert mode in (faults.MODE_NOBODY, faults.MODE_ROOT_WITHOUT_CAPS, f"uid {os.geteuid()}")
    print(f"run_unprivileged runs as {mode}")


def test_run_unprivileged_is_held_by_file_modes(tmp_path: Path, forced_mode: str) -> None:
    share_with_unprivileged(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    secret.chmod(0o000)
    public = tmp_path / "public.txt"
    public.write_text("public", encoding="utf-8")
    public.chmod(0o644)
    assert secret.read_text(encoding="utf-8") == "secret", "root itself reads anything"

    refused = run_unprivileged([sys.executable, "-c", _READ, str(secret)],
                               capture_output=True, text=True)
    assert refused.returncode != 0
    assert "PermissionError" in refused.stderr
    read = run_unprivileged([sys.executable, "-c", _READ, str(public)],
                            capture_output=True, text=True, check=True)
    assert read.stdout == "public"
    # The shared folder is the command's own, as a user's data folder is theirs.
    run_unprivileged([sys.executable, "-c", _WRITE, str(tmp_path / "made.txt")], check=True)
    assert (tmp_path / "made.txt").read_text(encoding="utf-8") == "written"


def test_run_unprivileged_passes_the_environment(tmp_path: Path, forced_mode: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MXDESK_FAULTS_PROBE", "passed")
    result = run_unprivileged([sys.executable, "-c",
                               "import os; print(os.environ['MXDESK_FAULTS_PROBE'])"],
                              capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "passed"


def _database(path: Path, journal_mode: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA journal_mode = {journal_mode}")
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ana')")


def _schema(path: Path) -> list[str]:
    with closing(sqlite3.connect(path, timeout=0.2)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM sqlite_master ORDER BY name")]


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_exclusive_lock_locks_out_readers(tmp_path: Path, journal_mode: str) -> None:
    db = tmp_path / "notes.db"
    _database(db, journal_mode)
    with exclusive_lock(db):
        with pytest.raises(sqlite3.OperationalError, match="database is locked"), \
                closing(sqlite3.connect(db, timeout=0.2)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master")
        with pytest.raises(sqlite3.OperationalError, match="database is locked"), \
                closing(sqlite3.connect(db, timeout=0.2)) as conn:
            conn.execute("INSERT INTO contacts VALUES ('Bea')")
    assert _schema(db) == ["contacts"], "the lock's own write was rolled back"


def test_exclusive_lock_says_why_it_could_not_lock(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-database"
    folder.mkdir()
    with pytest.raises(RuntimeError, match="did not lock"), exclusive_lock(folder):
        pass


def test_exclusive_lock_waits_for_an_open_wal_file_in_vain(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    _database(db, "wal")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("SELECT count(*) FROM contacts").fetchall()
        with pytest.raises(RuntimeError, match="database is locked"), \
                exclusive_lock(db, timeout=0.3):
            pass


def test_exclusive_lock_ends_its_process(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    _database(db, "wal")
    before = _children()
    with exclusive_lock(db):
        assert len(_children() - before) == 1
    assert _children() == before


def _children() -> set[int]:
    """The processes whose parent is this one, waited for or not (zombies count)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found
