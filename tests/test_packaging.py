"""Desktop integration files, checked with the tools the desktops use."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mxdesk import __version__
from tests.conftest import ROOT, require_tool

LINUX = ROOT / "packaging" / "linux"


def test_desktop_file_is_valid() -> None:
    result = subprocess.run([require_tool("desktop-file-validate"),
                             str(LINUX / "io.github.mxdesk.Mxdesk.desktop")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_is_valid() -> None:
    result = subprocess.run([require_tool("appstreamcli"), "validate", "--no-net",
                             str(LINUX / "io.github.mxdesk.Mxdesk.metainfo.xml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_this_version() -> None:
    text = (LINUX / "io.github.mxdesk.Mxdesk.metainfo.xml").read_text(encoding="utf-8")
    assert f'<release version="{__version__}"' in text


def test_icons_at_every_size() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "mxdesk.png"
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG")
        width = int.from_bytes(data[16:20], "big")
        assert width == size


def test_install_script(tmp_path: Path) -> None:
    subprocess.run(["bash", str(LINUX / "install-desktop.sh"), str(tmp_path)], check=True,
                   capture_output=True)
    share = tmp_path / "share"
    assert (share / "applications" / "io.github.mxdesk.Mxdesk.desktop").exists()
    assert (share / "metainfo" / "io.github.mxdesk.Mxdesk.metainfo.xml").exists()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / "mxdesk.png").exists()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "mxdesk.svg").exists()
