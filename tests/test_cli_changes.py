"""``mxdesk changes`` and ``mxdesk show OLD-ID``, run as a user runs them (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mxdesk.core.notes import NotesStore, default_path
from tests.release_fixture import (
    MERGED,
    PREVIOUS_VERSION,
    RELEASE,
    REMOVED,
    newer_release,
    notes_made_on,
    previous_release,
)
from tests.test_cli import mxdesk


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    previous = previous_release(tmp_path_factory.mktemp("previous"))
    return previous, newer_release(tmp_path_factory.mktemp("newer"), previous)


@pytest.fixture
def with_notes(releases: tuple[Path, Path]) -> Path:
    """The user's notes file (in $MXDESK_DATA_DIR), made on release 2026.11.1."""
    default_path().parent.mkdir(parents=True, exist_ok=True)
    with NotesStore(default_path(), allow_new=True) as store:
        notes_made_on(store, releases[0])
    return default_path()


def test_changes_since_the_previous_release_lists_the_user_s_records_first(
        releases: tuple[Path, Path], with_notes: Path) -> None:
    before = with_notes.read_bytes()
    result = mxdesk("changes", "--since", PREVIOUS_VERSION, db=releases[1])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Release {RELEASE}: ")
    # Four records (removed, merged, renamed, csoftmty) in five changes: csoftmty's label
    # changed and it gained a figure.
    assert lines[1] == "  Records you have notes or shortlists on (4)"
    assert not any("claugto" in line for line in lines[2:7])
    assert lines[2] == (f"    Cleantech Cluster Mexico (cluster {REMOVED}): removed: (test "
                        "fixture) not a cluster")
    assert lines[3].startswith(f"    Clúster Automotriz Estado de México (cluster {MERGED[0]}): "
                               "merged into Cluster Automotriz de Nuevo León (claut)")
    assert "  Removed (1)" in lines
    assert any("(policy three-helixes): removed: " in line for line in lines)
    assert any(line.startswith("  Figures changed (") for line in lines)
    # The notes were only read.
    assert with_notes.read_bytes() == before


def test_changes_as_json(releases: tuple[Path, Path], with_notes: Path) -> None:
    result = mxdesk("changes", "--json", db=releases[1])
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert {c["release"] for c in found} == {RELEASE}
    mine = {c["id"] for c in found if c["yours"]}
    assert mine == {REMOVED, MERGED[0], "monterry-it-cluster", "csoftmty"}


def test_the_bundled_directory_s_changes_without_notes() -> None:
    result = mxdesk("changes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Release {RELEASE}: ")
    assert "Records you have notes" not in result.stdout
    assert "Consejo para el Desarrollo de la Industria de Software de Nuevo León (cluster " \
           "csoftmty): Quality label: Gold → Silver" in result.stdout
    result = mxdesk("changes", "--since", RELEASE)
    assert (result.returncode, result.stdout) == (0, f"No changes to the directory since "
                                                     f"{RELEASE}.\n")


@pytest.mark.parametrize("since", ["yesterday", "2026.11", "", "v2026.11.1"])
def test_a_since_that_is_not_a_version_is_a_usage_error(since: str) -> None:
    result = mxdesk("changes", "--since", since)
    if since == "2026.11":  # a version, older than every release: everything
        assert result.returncode == 0
        return
    assert result.returncode == 2
    assert "is not a data version" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_an_old_id_says_what_it_is_now(releases: tuple[Path, Path]) -> None:
    result = mxdesk("show", MERGED[0], db=releases[1])
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"mxdesk: {MERGED[0]} is now Cluster Automotriz de Nuevo "
                                    f"León (claut), since {RELEASE}: (test fixture)")
    assert result.stdout == mxdesk("show", MERGED[1], db=releases[1]).stdout
    result = mxdesk("show", MERGED[0], "--json", db=releases[1])
    assert json.loads(result.stdout)["id"] == MERGED[1]


def test_show_a_removed_id_says_it_was_removed() -> None:
    result = mxdesk("show", "three-helixes")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"mxdesk: three-helixes was removed from the directory in "
                                    f"{RELEASE}: \"three helixes\" is the name")
    assert len(result.stderr.splitlines()) == 1


def test_a_vcard_names_the_cluster_a_merged_id_is_now(releases: tuple[Path, Path],
                                                     with_notes: Path, tmp_path: Path) -> None:
    """Issue 16: a contact saved on a cluster that was merged (its old id in the notes) is
    exported with the organisation it belongs to now, read back with vobject."""
    import vobject

    out = tmp_path / "contacts.vcf"
    result = mxdesk("notes", "export", str(out), db=releases[1])
    assert result.returncode == 0, result.stderr
    cards = {c.fn.value: c for c in vobject.readComponents(out.read_text(encoding="utf-8"))}
    assert cards["Ana Pérez"].org.value == ["Cluster Automotriz de Nuevo León"]  # merged
    assert cards["Luis Gómez"].org.value == ["Monterrey IT Cluster"]  # renamed to a new id
    assert "org" not in cards["Marta Ruiz"].contents  # removed: no organisation to name
