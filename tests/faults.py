"""Real faults of the environment for the tests of the notes store: nothing here is simulated.

- :func:`read_only_bind`: a folder seen through a read-only bind mount (writes fail EROFS).
- :func:`full_tmpfs` and :func:`fill`: a small real tmpfs, filled until writes fail ENOSPC.
- :func:`run_unprivileged`: a command the kernel checks file modes for (``chmod 000`` bites).
- :func:`exclusive_lock`: another process holding an exclusive SQLite lock on a file.

Mounting needs root (or CAP_SYS_ADMIN). Where a fault cannot be made, the test is skipped
with the reason on a developer's machine and fails under CI (``CI`` set), like
:func:`tests.conftest.require_tool`. Every mount is undone when its ``with`` block ends,
whatever happens in it, and once more at interpreter exit should a block never end.
"""

from __future__ import annotations

import atexit
import errno
import functools
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NoReturn

import pytest

from tests.conftest import require_tool

NOBODY = 65534
#: The capabilities that let root read, write and search whatever the file modes say.
_BYPASS_CAPS = "-dac_override,-dac_read_search"
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2

MODE_NOBODY = "nobody"
MODE_ROOT_WITHOUT_CAPS = "root without CAP_DAC_OVERRIDE"


def _unavailable(message: str) -> NoReturn:
    """Skip the test saying why; under CI, where every fault must be made, fail it."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# -- mounts -----------------------------------------------------------------------------------

#: Mount points made here and not yet unmounted (unmounted at exit as a last resort).
_MOUNTED: set[Path] = set()


def _mount(*args: str) -> None:
    """Run ``mount`` with *args*; when it fails, skip (or fail under CI) saying why."""
    if os.geteuid() != 0:
        _unavailable(f"mounting needs root (running as uid {os.geteuid()})")
    result = subprocess.run([require_tool("mount"), *args], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        _unavailable(f"cannot mount here: mount {' '.join(args)}: {said[0] if said else ''}")


def _mount_points() -> set[str]:
    """Where something is mounted now (``os.path.ismount`` misses a bind within one filesystem)."""
    points = set()
    info = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape")
    for line in info.splitlines():
        field = line.split()[4]
        points.add(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field))
    return points


def is_mounted(path: Path) -> bool:
    """Whether something is mounted on *path* (as listed in ``/proc/self/mountinfo``)."""
    return os.fspath(path) in _mount_points()


def _unmount(target: Path) -> None:
    """Unmount *target*; lazily (detached now, gone when no longer busy) if it is busy."""
    umount = shutil.which("umount") or "umount"
    for _attempt in range(8):  # a folder may have been mounted on more than once
        if not is_mounted(target):
            _MOUNTED.discard(target)
            return
        result = subprocess.run([umount, str(target)], capture_output=True, text=True,
                                check=False)
        if result.returncode != 0:
            result = subprocess.run([umount, "--lazy", str(target)], capture_output=True,
                                    text=True, check=False)
        if result.returncode != 0:
            raise OSError(f"could not unmount {target}: {result.stderr.strip()}")
    raise OSError(f"{target} is still mounted after 8 unmounts")


@atexit.register
def _unmount_leftovers() -> None:
    for target in sorted(_MOUNTED, key=lambda p: len(p.parts), reverse=True):
        with suppress(OSError):
            _unmount(target)
            target.rmdir()


@contextmanager
def _mount_point(parent: Path | None, prefix: str) -> Iterator[Path]:
    """A new empty folder to mount on; unmounted (if need be) and removed afterwards."""
    target = Path(tempfile.mkdtemp(prefix=prefix, dir=parent)).resolve()
    _MOUNTED.add(target)
    try:
        yield target
    finally:
        try:
            _unmount(target)
        finally:
            if not is_mounted(target):
                with suppress(OSError):
                    target.rmdir()


@contextmanager
def read_only_bind(folder: Path) -> Iterator[Path]:
    """*folder* bind-mounted read-only on a new folder beside it; yields that folder.

    The same files, seen through a mount that refuses every change: creating, writing,
    renaming or deleting there raises OSError EROFS (``errno.EROFS``), reading works. Changes
    made through *folder* itself show through. The bind is unmounted when the block ends
    (lazily if something still has a file open there) and the mount point removed.
    """
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise NotADirectoryError(folder)
    with _mount_point(folder.parent, f".{folder.name}-ro-") as target:
        _mount("--bind", str(folder), str(target))
        _mount("-o", "remount,bind,ro", str(target))
        if not os.statvfs(target).f_flag & os.ST_RDONLY:
            _unavailable(f"the bind mount {target} did not become read-only")
        yield target


@contextmanager
def full_tmpfs(size_kb: int) -> Iterator[Path]:
    """A real tmpfs of *size_kb* KiB (rounded up to whole pages), mounted on a new temporary
    folder (mode 0700, owned by root like any ``mkdtemp`` folder); yields that folder.

    Writing more than it holds raises OSError ENOSPC; :func:`fill` fills it. Everything on
    it is gone when the block ends: it is unmounted (lazily if busy) and the folder removed.
    """
    if size_kb <= 0:
        raise ValueError(f"size_kb must be positive, not {size_kb}")
    with _mount_point(None, "mxdesk-tmpfs-") as target:
        _mount("-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "mxdesk-faults", str(target))
        yield target


def free_bytes(folder: Path) -> int:
    """The bytes an ordinary write may still take on *folder*'s filesystem."""
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


def fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Fill *folder*'s filesystem with a filler file, leaving about *leave_bytes* free (with
    0, until a write of a single byte fails with ENOSPC); returns the filler's path.

    Delete the filler to free the space again. Meant for :func:`full_tmpfs`: on a real disk
    root may also write into the blocks reserved for it, and other files may still grow into
    the unused end of their last block.
    """
    fd, name = tempfile.mkstemp(prefix=".filler-", dir=folder)
    filler = Path(name)
    try:
        chunk = 1 << 20
        while chunk:
            want = free_bytes(folder) - leave_bytes if leave_bytes else chunk
            if want <= 0:
                break
            try:
                os.write(fd, bytes(min(chunk, want)))
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                chunk //= 16  # nearly full: try smaller writes until one byte fails
        with suppress(OSError):
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        filler.unlink(missing_ok=True)
        raise
    os.close(fd)
    return filler


# -- permissions ------------------------------------------------------------------------------

# setpriv keeps its own capabilities until it executes the command: the command would be
# found and loaded with root's rights (a venv's python linking to /root/.pyenv would start,
# then load another libpython). ``env`` execs it instead, with the rights of the command.

def _setpriv_nobody() -> list[str]:
    return [require_tool("setpriv"), f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
            require_tool("env"), "--"]


def _setpriv_without_caps() -> list[str]:
    return [require_tool("setpriv"), f"--inh-caps={_BYPASS_CAPS}",
            f"--bounding-set={_BYPASS_CAPS}", require_tool("env"), "--"]


_IDENTITY = "import sys, mxdesk; print(sys.version, sys.base_prefix, mxdesk.__file__, sep='|')"


@functools.cache
def _nobody_can_run_us() -> bool:
    """Whether nobody can start this very interpreter (same version, same base) and import
    this very mxdesk: in CI the source tree, the venv or the Python it links to may be under
    /root, mode 700. Asked once, with a tiny probe."""
    import mxdesk

    me = "|".join((sys.version, sys.base_prefix, str(mxdesk.__file__)))
    try:
        result = subprocess.run([*_setpriv_nobody(), sys.executable, "-c", _IDENTITY],
                                capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and result.stdout.strip() == me


@functools.cache
def unprivileged_mode() -> str:
    """How :func:`run_unprivileged` runs commands here.

    ``"nobody"`` (uid/gid 65534, no supplementary groups) when that user can run this Python
    and import this mxdesk; otherwise ``"root without CAP_DAC_OVERRIDE"`` (root, with the
    capabilities that bypass file modes removed, so the owner bits of root's files apply);
    ``"uid N"`` when the tests do not run as root at all (the modes apply already).
    Skips (fails under CI) when neither can be arranged.
    """
    if os.geteuid() != 0:
        return f"uid {os.geteuid()}"
    if _nobody_can_run_us():
        return MODE_NOBODY
    probe = "print(open('/proc/self/status').read())"
    result = subprocess.run([*_setpriv_without_caps(), sys.executable, "-c", probe],
                            capture_output=True, text=True, check=False, timeout=60)
    caps = [line for line in result.stdout.splitlines() if line.startswith(("CapEff:", "CapPrm:"))]
    if result.returncode != 0 or len(caps) != 2:
        _unavailable(f"cannot drop root's capabilities with setpriv: {result.stderr.strip()}")
    bypass = 1 << _CAP_DAC_OVERRIDE | 1 << _CAP_DAC_READ_SEARCH
    if any(int(line.split()[1], 16) & bypass for line in caps):
        _unavailable(f"setpriv left CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH: {caps}")
    return MODE_ROOT_WITHOUT_CAPS


def run_unprivileged(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
    """``subprocess.run(args, **kwargs)`` as a process the kernel checks file modes for.

    As user nobody, or as root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (see
    :func:`unprivileged_mode`). The environment is passed through unchanged (MXDESK_DATA_DIR
    and the rest), or *env* if given; *args[0]* is typically ``sys.executable``.

    Files the test prepares: make them under a temporary folder, then call
    :func:`share_with_unprivileged` on it, so they are the command's own in both modes (as
    nobody, root's files are another user's, and the others' bits apply to them: a file the
    test makes after sharing is one of those). ``check`` defaults to False, as in
    :func:`subprocess.run`.
    """
    mode = unprivileged_mode()
    if mode == MODE_NOBODY:
        prefix = _setpriv_nobody()
    elif mode == MODE_ROOT_WITHOUT_CAPS:
        prefix = _setpriv_without_caps()
    else:
        prefix = []
    return subprocess.run([*prefix, *args], **kwargs)


def _under_temp(path: Path) -> bool:
    temp_root = Path(tempfile.gettempdir()).resolve()
    return path != temp_root and path.is_relative_to(temp_root)


def share_with_unprivileged(path: Path) -> Path:
    """Make *path* (a temporary folder or file the test prepared) the unprivileged user's
    own, as the user's data folder is theirs; returns *path* (resolved). A *path* that does
    not exist yet is made, as a folder (with its parents).

    Run as nobody: the folders above *path* that lie inside the system temp folder get the
    others' search bit (``o+x``: pytest keeps ``/tmp/pytest-of-root`` at 0700; it puts that
    back next session), and *path* with all it holds is given to nobody (``chown``; the modes
    are kept). Folders above it outside the temp folder must already be searchable by all.
    Run as root without the capabilities, or as an ordinary user, nothing needs to change:
    root (or the user) owns the files already.
    """
    path = Path(path).resolve()
    if not path.exists():
        path.mkdir(parents=True)
    if unprivileged_mode() != MODE_NOBODY:
        return path
    if not _under_temp(path):
        raise PermissionError(f"{path} is not under {tempfile.gettempdir()}: "
                              "only temporary files are given away")
    for folder in reversed(path.parents):
        mode = folder.stat().st_mode
        if mode & stat.S_IXOTH:
            continue
        if not _under_temp(folder) or folder.stat().st_uid != os.geteuid():
            raise PermissionError(f"{folder} is not searchable by others and not a temporary "
                                  f"folder of ours: make {path} under {tempfile.gettempdir()}")
        folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
    os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    if path.is_dir() and not path.is_symlink():
        for folder, dirs, files in os.walk(path):
            for name in (*dirs, *files):
                os.chown(Path(folder) / name, NOBODY, NOBODY, follow_symlinks=False)
    return path


# -- locks ------------------------------------------------------------------------------------

_LOCKER = """\
import signal, sqlite3, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
conn = sqlite3.connect(sys.argv[1], timeout=float(sys.argv[2]), isolation_level=None)
try:
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("CREATE TABLE IF NOT EXISTS mxdesk_faults_lock (x)")
    conn.execute("INSERT INTO mxdesk_faults_lock VALUES (1)")
    print("locked", flush=True)
    sys.stdin.read()  # until terminated, or the test process is gone (end of file)
finally:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()
"""


def _wait_for_line(proc: subprocess.Popen[bytes], line: bytes, timeout: float) -> bool:
    """Read *proc*'s stdout until *line* arrives (True), or it ends or *timeout* passes."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    seen = b""
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            break
        data = os.read(proc.stdout.fileno(), 4096)
        if not data:
            return False
        seen += data
        if line in seen.splitlines():
            return True
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate *proc* (SIGTERM; SIGKILL after 10 s) and wait for it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


@contextmanager
def _holding(script: str, db: Path, timeout: float) -> Iterator[None]:
    """Run *script* on *db* in a second process until the block ends; the block starts when
    the process prints "locked" (RuntimeError with its error output if it does not)."""
    proc = subprocess.Popen([sys.executable, "-c", script, str(db), str(timeout)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        if not _wait_for_line(proc, b"locked", timeout + 30):
            proc.kill()
            _out, err = proc.communicate()
            raise RuntimeError(f"the locking process did not lock {db} in {timeout} s "
                               f"(exit {proc.returncode}): {err.decode(errors='replace')}")
        yield
    finally:
        _stop(proc)


@contextmanager
def exclusive_lock(db: Path, timeout: float = 10) -> Iterator[None]:
    """Another process holds an exclusive lock on the SQLite file *db* for the block.

    A second Python process opens *db* with ``PRAGMA locking_mode=EXCLUSIVE``, runs ``BEGIN
    EXCLUSIVE`` and writes into the open transaction, so the lock is held; every other
    connection, reading or writing, then gets "database is locked" (SQLITE_BUSY) once its busy
    timeout runs out. The block starts when the process says it holds the lock; it waits up to
    *timeout* seconds for other connections to let go, then RuntimeError says why not. At the
    end the process is terminated: it rolls its write back, so the file is as it was, and is
    waited for.

    Take the lock while nothing else has a WAL file (the notes store's) open: an open
    connection to a WAL database keeps a shared lock on it, and the exclusive lock is never
    granted. With a rollback journal, idle connections do not stand in the way.
    """
    with _holding(_LOCKER, db, timeout):
        yield


_WRITER_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=float(sys.argv[2]), isolation_level=None)
try:
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.read()  # until terminated, or the test process is gone (end of file)
finally:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()
"""


@contextmanager
def write_lock(db: Path, timeout: float = 10) -> Iterator[None]:
    """Another process holds the write lock of the SQLite file *db* for the block: it opened
    a write transaction (``BEGIN IMMEDIATE``) and does not end it, as a program stuck
    mid-write does. Readers go on; every other writer gets "database is locked" once its busy
    timeout runs out. Unlike :func:`exclusive_lock` this works while other connections have a
    WAL file open (the window's own). At the end the process rolls back and is waited for.
    """
    with _holding(_WRITER_LOCK, db, timeout):
        yield


@functools.cache
def _system_python() -> str | None:
    """A Python 3.11+ outside any home folder (Debian's), that another account can run."""
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if Path(candidate).exists():
            done = subprocess.run([candidate, "-c", "import sys, sqlite3; "
                                   "print(sys.version_info >= (3, 11))"],
                                  capture_output=True, text=True, check=False)
            if done.stdout.strip() == "True":
                return candidate
    return None


def run_mxdesk_as_nobody(args: list[str], env: dict[str, str],
                         workdir: Path) -> subprocess.CompletedProcess[str]:
    """``python -m mxdesk ARGS`` as the user nobody (uid 65534): a real other account, for
    which root's files and modes count as for anyone. The interpreter is the system's and
    the sources a copy in *workdir* (made world-readable), since the test's own venv and
    checkout may sit in root's home folder, which nobody cannot enter; the commands run
    need nothing but the standard library. Needs root (to switch user) and a system Python;
    skips (fails under CI) otherwise."""
    if os.geteuid() != 0:
        _unavailable("switching to the user nobody needs root")
    python = _system_python()
    if python is None:
        _unavailable("no system Python 3.11+ that the user nobody can run")
    from mxdesk.core import paths

    sources = workdir / "mxdesk-src"
    if not sources.exists():
        shutil.copytree(paths.SOURCE_TREE / "src" / "mxdesk", sources / "mxdesk",
                        ignore=shutil.ignore_patterns("__pycache__"))
    for item in (sources, *sources.rglob("*")):
        item.chmod(item.stat().st_mode | stat.S_IROTH | (stat.S_IXOTH if item.is_dir() else 0))
    for folder in (workdir, *workdir.resolve().parents):  # searchable, still root's own
        if _under_temp(folder) and folder.stat().st_uid == os.geteuid():
            folder.chmod(stat.S_IMODE(folder.stat().st_mode) | stat.S_IXOTH)
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "env", "--",
         *(f"{k}={v}" for k, v in {**env, "PYTHONPATH": str(sources), "HOME": "/"}.items()),
         python, "-m", "mxdesk", *args],
        capture_output=True, text=True, timeout=120, check=False, cwd="/")


_JOURNAL_WRITER = """
import sys
from mxdesk.core.notes import Contact, NotesStore
store = NotesStore(sys.argv[1])
store.conn.execute("PRAGMA wal_autocheckpoint = 0")
for n in range(int(sys.argv[2])):
    store.save_contact(Contact(f"{sys.argv[3]} {n}"))
print("done", flush=True)
sys.stdin.read()
"""


def killed_mid_session(db: Path, contacts: int, name: str) -> Path:
    """A real mxdesk process that saved *contacts* contacts ("NAME 0", "NAME 1", …) into
    *db* without a checkpoint, then was killed (SIGKILL): its changes are left in
    ``db-wal`` only, as after a crash or a stick pulled out. Returns the journal's path."""
    proc = subprocess.Popen([sys.executable, "-c", _JOURNAL_WRITER, str(db), str(contacts),
                             name], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        if not _wait_for_line(proc, b"done", 60):
            raise RuntimeError(f"the writer of {db} did not finish")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        _stop(proc)
    return Path(f"{db}-wal")
