"""A real Radicale server on localhost for the sharing tests (issue 21 spike).

Started as a subprocess of the venv's Python (``python -m radicale``), with plain htpasswd
auth and a temporary storage folder; optionally TLS with a self-signed certificate made by
``openssl req -x509``. The server is stopped (terminate, then kill) when the fixture ends.
"""

from __future__ import annotations

import base64
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER = "alice"
PASSWORD = "s3cret-Passw0rd"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for localhost/127.0.0.1, made with openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60)
    return cert, key


@dataclass
class Radicale:
    """A running server: its base URL, credentials, process and files."""

    url: str
    user: str
    password: str
    process: subprocess.Popen
    folder: Path
    cert: Path | None = None

    def context(self) -> ssl.SSLContext | None:
        """An SSL context trusting this server's own certificate (None without TLS)."""
        return ssl.create_default_context(cafile=str(self.cert)) if self.cert else None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        auth = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        req = urllib.request.Request(self.url + path, data=body, method=method,
                                     headers={"Authorization": f"Basic {auth}",
                                              **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=10, context=self.context()) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@contextmanager
def running_radicale(folder: Path, *, tls: bool = False, port: int | None = None,
                     storage: Path | None = None) -> Iterator[Radicale]:
    """Start Radicale in *folder*, wait until it answers, stop it on exit.

    *storage* lets a restarted server keep the collections of an earlier one."""
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    storage = storage or folder / "collections"
    port = port or free_port()
    args = [sys.executable, "-m", "radicale",
            "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(storage),
            "--auth-type", "htpasswd",
            "--auth-htpasswd-filename", str(users),
            "--auth-htpasswd-encryption", "plain",
            "--logging-level", "warning"]
    cert = None
    if tls:
        cert, key = self_signed(folder)
        args += ["--server-ssl", "True", "--server-certificate", str(cert),
                 "--server-key", str(key)]
    else:
        args += ["--server-ssl", "False"]
    log = (folder / "radicale.log").open("ab")
    # -C "" : no system/user config file may change the server under test.
    process = subprocess.Popen([*args[:3], "-C", "", *args[3:]], stdout=log,
                               stderr=subprocess.STDOUT)
    scheme = "https" if tls else "http"
    server = Radicale(f"{scheme}://127.0.0.1:{port}", USER, PASSWORD, process, folder, cert)
    try:
        _wait_until_up(server)
        yield server
    finally:
        server.stop()
        log.close()


def _wait_until_up(server: Radicale, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server.process.poll() is not None:
            log = (server.folder / "radicale.log").read_text(errors="replace")
            raise RuntimeError(f"Radicale exited ({server.process.returncode}):\n{log}")
        try:
            status, _, _ = server.request("OPTIONS", "/")
            if status < 500:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"Radicale did not answer within {timeout:.0f} s")


MKCOL_ADDRESSBOOK = b"""<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
 <D:set><D:prop>
  <D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>
  <D:displayname>Mission contacts</D:displayname>
 </D:prop></D:set>
</D:mkcol>"""

MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
 <D:set><D:prop>
  <D:displayname>Mission agenda</D:displayname>
  <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
 </D:prop></D:set>
</C:mkcalendar>"""


def make_collections(server: Radicale, name: str = "mission") -> tuple[str, str]:
    """An address book and a calendar under the user's home; their paths."""
    book, cal = f"/{server.user}/{name}-contacts/", f"/{server.user}/{name}-agenda/"
    status, _, body = server.request("MKCOL", book, MKCOL_ADDRESSBOOK,
                                     {"Content-Type": "application/xml"})
    assert status == 201, (status, body)
    status, _, body = server.request("MKCALENDAR", cal, MKCALENDAR,
                                     {"Content-Type": "application/xml"})
    assert status == 201, (status, body)
    return book, cal


def has_openssl() -> bool:
    return shutil.which("openssl") is not None
