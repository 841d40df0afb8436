"""A keyring backend for the tests only: passwords in a JSON file under ``$XDG_DATA_HOME``
(a test's temporary folder), chosen through keyring's own ``PYTHON_KEYRING_BACKEND``. Never
used by the product: it stands in for the desktop's Secret Service, which a test machine
has not."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


def _file() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "test-keyring.json"


def stored() -> dict[str, str]:
    """What the file holds: "service\\x00account" -> password."""
    path = _file()
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class FileKeyring(KeyringBackend):
    """Passwords in a plain JSON file (tests only)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return stored().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        kept = stored()
        kept[f"{service}\x00{username}"] = password
        _file().parent.mkdir(parents=True, exist_ok=True)
        _file().write_text(json.dumps(kept), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        kept = stored()
        if kept.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError(username)
        _file().write_text(json.dumps(kept), encoding="utf-8")
