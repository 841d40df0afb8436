"""Fixtures for the sharing tests (issue 21): a real Radicale on localhost, two laptops."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.share.laptops import Laptop
from tests.share.radicale_fixture import has_openssl, make_collections, running_radicale


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """vdirsyncer's HTTP client reads proxy variables: localhost must never go through one."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("MXDESK_DAV_PASSWORD", raising=False)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[object]:
    """A real Radicale (plain HTTP) on a free localhost port, stopped after the test."""
    with running_radicale(tmp_path / "radicale") as server:
        yield server


@pytest.fixture
def radicale_tls(tmp_path: Path) -> Iterator[object]:
    """A real Radicale over HTTPS with a self-signed certificate (made by openssl)."""
    if not has_openssl():
        pytest.skip("openssl is needed to make the test certificate")
    with running_radicale(tmp_path / "radicale-tls", tls=True) as server:
        yield server


@pytest.fixture
def collections(radicale: object) -> tuple[str, str]:
    """The full URLs of a fresh address book and calendar on *radicale*."""
    book, cal = make_collections(radicale)  # type: ignore[arg-type]
    base = radicale.url  # type: ignore[attr-defined]
    return base + book, base + cal


@pytest.fixture
def laptops(tmp_path: Path, radicale: object, collections: tuple[str, str]
            ) -> Iterator[tuple[Laptop, Laptop]]:
    """Two laptops (two data folders) with the same mission, both linked to *radicale*."""
    a = Laptop(tmp_path / "laptop-a")
    b = Laptop(tmp_path / "laptop-b")
    mission_uid = a.make_mission()
    b.make_mission(uid=mission_uid)
    for laptop in (a, b):
        laptop.link(*collections, radicale.user)  # type: ignore[attr-defined]
    os.environ.pop("MXDESK_DAV_PASSWORD", None)
    yield a, b
    a.close()
    b.close()
