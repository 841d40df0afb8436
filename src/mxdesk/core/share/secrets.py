"""The password of a share link: from ``$MXDESK_DAV_PASSWORD`` (scripts) or the system keyring.

The keyring library stores it in the desktop's own store (Secret Service or KWallet on Linux,
the Credential Locker on Windows, the Keychain on macOS): never in a plain file of mxdesk's.
A password is only ever handed to vdirsyncer through its child process's environment
(:mod:`.engine`), never written into its config, a log or an export.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _

PASSWORD_ENV = "MXDESK_DAV_PASSWORD"  # noqa: S105 - the variable's name, not a password
#: The keyring's service name for every mxdesk share password.
SERVICE = "mxdesk-share"


class PasswordError(MxdeskError):
    """No password can be found or kept (no keyring, nothing stored, none given)."""


def account(username: str, url: str) -> str:
    """The keyring's user name for a link: ``user@host[:port]`` of the server."""
    return f"{username}@{urlsplit(url).netloc.rsplit('@', 1)[-1]}"


def _keyring() -> object:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        raise PasswordError(_(
            "This computer has no keyring to keep the password in (on Linux: GNOME Keyring or "
            "KWallet), so it cannot be kept; scripts can set MXDESK_DAV_PASSWORD."))
    return keyring


def password(username: str, url: str) -> str:
    """The password for *username* on the server of *url*: ``$MXDESK_DAV_PASSWORD`` when set,
    else the one kept in the keyring. Raises :class:`PasswordError` when there is none."""
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    keyring = _keyring()
    try:
        found = keyring.get_password(SERVICE, account(username, url))  # type: ignore[attr-defined]
    except Exception as exc:  # keyring's backends raise their own errors (locked, refused)
        raise PasswordError(_("The keyring could not be read: {reason}").format(
            reason=exc)) from exc
    if not found:
        raise PasswordError(_(
            "No password is kept for {account}. Link the mission again (mxdesk share link) "
            "or set MXDESK_DAV_PASSWORD.").format(account=account(username, url)))
    return str(found)


def has_keyring() -> bool:
    """Whether this computer has a keyring to keep passwords in (not keyring's "fail"
    backend, which is what a desktop without Secret Service, KWallet or the like gets)."""
    try:
        _keyring()
    except PasswordError:
        return False
    return True


def kept(username: str, url: str) -> bool:
    """Whether the keyring holds a password for *username* on *url*'s server (False when
    there is no keyring or it cannot be read)."""
    try:
        keyring = _keyring()
        return bool(keyring.get_password(SERVICE, account(username, url)))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - no keyring, or a backend's own error: nothing kept
        return False


def keep(username: str, url: str, secret: str) -> None:
    """Keep *secret* in the keyring for *username* on *url*'s server. Raises
    :class:`PasswordError` when there is no keyring or it refuses."""
    keyring = _keyring()
    try:
        keyring.set_password(SERVICE, account(username, url), secret)  # type: ignore[attr-defined]
    except Exception as exc:  # keyring's backends raise their own errors (locked, refused)
        raise PasswordError(_("The keyring refused the password: {reason}").format(
            reason=exc)) from exc


def forget(username: str, url: str) -> None:
    """Remove the kept password, if any (no keyring, or nothing kept: nothing happens)."""
    try:
        keyring = _keyring()
        keyring.delete_password(SERVICE, account(username, url))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - nothing kept, or no keyring: nothing to forget
        return
