"""Where mxdesk finds its bundled directory database and its source files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: The checkout this module lives in, when it runs from a source tree (editable install, tests).
SOURCE_TREE = _PACKAGE_DIR.parent.parent

DB_ENV = "MXDESK_DB"


def bundled_database() -> Path:
    """The clusters.db that ships with mxdesk.

    A wheel carries it inside the package (``mxdesk/_data``); a source checkout keeps it in
    ``data/``. ``$MXDESK_DB`` overrides both, as ``--db`` does on the command line.
    """
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    packaged = _PACKAGE_DIR / "_data" / "clusters.db"
    if packaged.exists():
        return packaged
    return SOURCE_TREE / "data" / "clusters.db"


def resource(name: str) -> Path:
    """A file of the application's resources (icons), in a wheel or in a source checkout."""
    packaged = _PACKAGE_DIR / "_resources" / name
    return packaged if packaged.exists() else SOURCE_TREE / "resources" / name


def source_dir() -> Path:
    """The human-editable files the directory database is built from."""
    return SOURCE_TREE / "data" / "source"


DATA_DIR_ENV = "MXDESK_DATA_DIR"


def user_data_dir() -> Path:
    """The folder for the user's own files: notes, settings, backups, logs.

    ``$MXDESK_DATA_DIR`` when set; otherwise the folder Qt's ``QStandardPaths.AppDataLocation``
    gives an application named "mxdesk" on each platform, computed here without Qt so that the
    command line and the GUI agree.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "mxdesk"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "mxdesk"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "mxdesk"


def shared_file_mode() -> int:
    """The mode an ordinary new file gets (``0o666`` less the umask): what an export written
    through a private temporary file (``mkstemp``, 0600) is given before it is renamed."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read from /proc where there is one: setting it to read it back
    (os.umask) would for a moment change it for every thread."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
