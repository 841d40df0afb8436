"""A keyring backend for tests only: a JSON file named by $MXDESK_TEST_KEYRING_FILE.

The product never uses it: tests select it with
``PYTHON_KEYRING_BACKEND=tests.share.keyring_backend.FileKeyring`` (a subprocess) or
``keyring.set_keyring(FileKeyring())`` (in-process), because a CI machine has no desktop
keyring. It lets the tests check that a password goes to the keyring and nowhere else."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


def stored() -> dict[str, str]:
    """What the file holds, as "service\\x00account" -> password."""
    path = Path(os.environ["MXDESK_TEST_KEYRING_FILE"])
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {f"{service}\x00{user}": secret for service, users in data.items()
            for user, secret in users.items()}


class FileKeyring(KeyringBackend):
    """Passwords in the JSON file $MXDESK_TEST_KEYRING_FILE (service -> user -> password)."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ["MXDESK_TEST_KEYRING_FILE"])

    def _read(self) -> dict[str, dict[str, str]]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def _write(self, data: dict[str, dict[str, str]]) -> None:
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data.setdefault(service, {})[username] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if username not in data.get(service, {}):
            raise PasswordDeleteError(username)
        del data[service][username]
        self._write(data)
