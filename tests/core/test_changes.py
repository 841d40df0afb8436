"""What a newer directory changed (issue 16): the change list the build writes and reads,
the redirects the directory follows, and the notes that follow them (no Qt)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from mxdesk.core import changes, paths, selections, sheets
from mxdesk.core.build import main as build_main
from mxdesk.core.changes import Change, is_newer, version_key
from mxdesk.core.directory import Directory
from mxdesk.core.errors import BuildError, NotFoundError
from mxdesk.core.notes import NotesStore
from mxdesk.core.notes.listing import Listing, NotesFilter
from mxdesk.core.release_diff import compare
from tests.conftest import COMMITTED_DB, ROOT
from tests.release_fixture import (
    MERGED,
    PREVIOUS_VERSION,
    RELEASE,
    REMOVED,
    RENAMED,
    everything,
    newer_release,
    notes_made_on,
    previous_release,
)

COMMITTED_LIST = ROOT / "data" / "changes" / f"{RELEASE}.json"


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return previous_release(tmp_path_factory.mktemp("previous"))


@pytest.fixture(scope="module")
def newer(tmp_path_factory: pytest.TempPathFactory, previous: Path) -> Path:
    return newer_release(tmp_path_factory.mktemp("newer"), previous)


@pytest.fixture
def newer_directory(newer: Path) -> Iterator[Directory]:
    with Directory(newer) as opened:
        yield opened


# -- data versions ------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "than", "newer"), [
    ("2026.11.2", "2026.11.1", True), ("2026.11.10", "2026.11.9", True),
    ("2026.12", "2026.11.9", True), ("2027.1.1", "2026.12.31", True),
    ("2026.11.1", "2026.11.1", False), ("2026.11.1", "2026.11.2", False),
    ("2026.11.1.1", "2026.11.1", True), ("synthetic-1000-1", "2026.11.1", False),
    ("2026.11.2", "?", False), ("2026.11.2", None, False),
])
def test_versions_compare_as_numbers(version: str, than: str | None, newer: bool) -> None:
    assert is_newer(version, than) is newer


def test_a_version_is_digits_and_dots() -> None:
    assert version_key(" 2026.11.2 ") == (2026, 11, 2)
    assert version_key("2026.11.x") is None
    assert version_key("") is None


# -- the build: --previous writes the list, a plain build reads it --------------------------


def test_build_with_previous_writes_the_same_list_twice_and_it_is_the_committed_one(
        tmp_path: Path, previous: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Deterministic, and up to date: data/changes/2026.11.2.json is what the build writes
    today against release 2026.11.1 (after a change to data/source, run the release step of
    docs/data.md again)."""
    written = []
    for n in (1, 2):
        out, folder = tmp_path / f"build{n}" / "clusters.db", tmp_path / f"changes{n}"
        assert build_main([str(paths.source_dir()), str(out), "--previous", str(previous),
                           "--changes", str(folder)]) == 0, capsys.readouterr().err
        written.append((folder / f"{RELEASE}.json").read_bytes())
        # The database built holds the list just written.
        with Directory(out) as built:
            assert len(changes.recorded(built)) == len(json.loads(written[-1])["changes"])
    assert written[0] == written[1]
    assert written[0] == COMMITTED_LIST.read_bytes(), (
        "data/changes/2026.11.2.json is stale: run `python -m mxdesk.core.build --previous "
        "OLD.db` (docs/data.md, Releasing a new directory)")


def test_this_release_s_list_says_what_issue_16_changed() -> None:
    data = json.loads(COMMITTED_LIST.read_text(encoding="utf-8"))
    assert (data["release"], data["previous"]) == (RELEASE, PREVIOUS_VERSION)
    found = {(c["change"], c["id"], c.get("subject"), c.get("before"), c.get("after"))
             for c in data["changes"]}
    assert ("field", "csoftmty", "Quality label", "Gold", "Silver") in found
    assert ("field", "ijalti", "Quality label", "Gold", "Silver") in found
    assert ("renamed", "monterry-it-cluster", None, "Monterry IT Cluster",
            "Monterrey IT Cluster") in found
    # Issue 17: and its id, which copied the misprint, is renamed, with a redirect.
    renamed = next(c for c in data["changes"] if c["id"] == "monterry-it-cluster")
    assert (renamed["change"], renamed["new_id"]) == ("renamed", "monterrey-it-cluster")
    removed = next(c for c in data["changes"] if c["change"] == "removed")
    assert (removed["kind"], removed["id"]) == ("policy", "three-helixes")
    assert removed["reason"].startswith("removed: ")
    # Every entry is one of the kinds the window groups, in the list's order.
    order = [list(changes.CHANGE_TITLES).index(c["change"]) for c in data["changes"]]
    assert order == sorted(order)


def test_the_committed_directory_holds_every_committed_list(directory: Directory) -> None:
    listed = changes.read_change_lists(ROOT / "data" / "changes")
    assert [c.release for c in listed] == [RELEASE]
    assert changes.recorded(directory) == [c for lst in reversed(listed) for c in lst.changes]
    assert changes.recorded(directory, since=RELEASE) == []
    assert sorted(r.old_id for r in directory.redirects().values()) == [
        "monterry-it-cluster", "three-helixes"]


def test_a_previous_release_that_is_not_older_is_refused(previous: Path) -> None:
    with pytest.raises(BuildError, match="bump data_version"):
        compare(previous, previous, [])


def test_an_id_gone_without_a_redirect_is_refused(previous: Path, newer: Path) -> None:
    with pytest.raises(BuildError, match=rf"cluster {MERGED[0]} .* no entry in "
                                         r"redirects\.toml"):
        compare(previous, newer, [])


@pytest.mark.parametrize(("text", "message"), [
    ("{", "not a readable change list"),
    ('{"release": "2026.11.3", "changes": []}', "is not '2026.11.2'"),
    ('{"release": "2026.11.2", "changes": [{"change": "moved"}]}', "no known"),
    ('{"release": "2026.11.2", "changes": [{"change": "added", "kind": "cluster"}]}',
     "needs"),
])
def test_a_bad_change_list_stops_the_build(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / f"{RELEASE}.json").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match=message):
        changes.read_change_lists(tmp_path)


def test_a_directory_without_the_release_tables_has_no_redirects_and_no_changes(
        tmp_path: Path) -> None:
    copy = tmp_path / "clusters.db"
    shutil.copyfile(COMMITTED_DB, copy)
    conn = sqlite3.connect(copy)
    conn.execute("DROP TABLE redirects")
    conn.execute("DROP TABLE changes")
    conn.commit()
    conn.close()
    with Directory(copy) as old:
        assert old.redirects() == {}
        assert changes.recorded(old) == []
        with pytest.raises(NotFoundError):
            old.follow("policy", "three-helixes")


# -- the newer release of the fixture: its redirects and its list -------------------------


def test_the_directory_follows_redirects(newer_directory: Directory) -> None:
    ref, moved = newer_directory.follow("cluster", MERGED[0])
    assert (ref.kind, ref.id) == ("cluster", MERGED[1])
    assert moved is not None
    assert (moved.change, moved.release) == ("merged", RELEASE)
    assert "is now Cluster Automotriz de Nuevo León (claut)" in moved.says()
    ref, moved = newer_directory.follow("cluster", RENAMED[0])
    assert ref.id == RENAMED[1]
    assert moved is not None
    assert moved.change == "renamed"
    assert newer_directory.follow("cluster", "claugto") == (
        newer_directory.ref("cluster", "claugto"), None)
    with pytest.raises(NotFoundError, match=f"{REMOVED} was removed from the directory in "
                                            f"{RELEASE}: \\(test fixture\\) not a cluster"):
        newer_directory.follow("cluster", REMOVED)
    with pytest.raises(NotFoundError):
        newer_directory.follow("cluster", "no-such-cluster")
    assert newer_directory.redirected_to("cluster", MERGED[1]) == (MERGED[0],)
    assert newer_directory.redirected_to("cluster", "claugto") == ()


def test_the_list_puts_the_user_s_records_first(newer_directory: Directory) -> None:
    noted = changes.noted_clusters({MERGED[0], REMOVED, "csoftmty"}, newer_directory)
    assert MERGED[1] in noted  # the record a note's cluster was merged into
    releases = changes.grouped(changes.recorded(newer_directory, PREVIOUS_VERSION), noted)
    assert [r.release for r in releases] == [RELEASE]
    groups = releases[0].groups
    assert groups[0].title == changes.YOURS_TITLE
    assert [(c.change, c.record_id) for c in groups[0].changes] == [
        ("removed", REMOVED), ("merged", MERGED[0]), ("field", "csoftmty"),
        ("figure", "csoftmty")]  # its stated aim, a fact added in issue 16
    titles = [g.title for g in groups[1:]]
    assert {"Removed", "Renamed", "Details changed", "Figures changed"} <= set(titles)
    assert titles == [t for t in changes.CHANGE_TITLES.values() if t in titles]
    # A record renamed to a new id is listed once, as renamed (not as added as well).
    assert [(c.change, c.new_id) for g in groups for c in g.changes
            if RENAMED[1] in (c.record_id, c.new_id)] == [("renamed", RENAMED[1])]
    text = changes.as_text(releases)
    assert text.startswith(f"Release {RELEASE}: {releases[0].count} changes\n"
                           # three records, in four changes
                           f"  {changes.YOURS_TITLE} (3)\n")
    assert ("Clúster Automotriz Estado de México (cluster claut-edomex): merged into Cluster "
            "Automotriz de Nuevo León (claut): (test fixture) one organisation listed twice"
            in text)
    assert changes.as_text([], "2026.11.2") == "No changes to the directory since 2026.11.2.\n"


@pytest.mark.parametrize(("change", "line"), [
    (Change(RELEASE, "cluster", "a", "A", "added"), "A (cluster a): added"),
    (Change(RELEASE, "cluster", "a", "A", "removed", reason="removed: gone"),
     "A (cluster a): removed: gone"),
    (Change(RELEASE, "cluster", "a", "B", "renamed", before="A", after="B"),
     "B (cluster a): renamed from “A”"),
    (Change(RELEASE, "cluster", "a", "A", "renamed", before="A", after="B", new_kind="cluster",
            new_id="b", reason="renamed: typo"), "A (cluster a): renamed, now B (b): typo"),
    (Change(RELEASE, "sector", "s", "S", "figure", subject="Jobs", before="1 (2016)",
            after="2 (2017)"), "S (sector s): Jobs: 1 (2016) → 2 (2017)"),
    (Change(RELEASE, "sector", "s", "S", "figure", subject="Jobs", after="2"),
     "S (sector s): Jobs (new): 2"),
    (Change(RELEASE, "sector", "s", "S", "figure", subject="Jobs", before="1"),
     "S (sector s): Jobs (no longer given): 1"),
])
def test_each_change_reads_as_one_line(change: Change, line: str) -> None:
    assert change.line() == line


# -- the user's notes follow the redirects (nothing is rewritten) --------------------------


def test_notes_on_an_earlier_id_are_the_new_record_s(tmp_path: Path, previous: Path,
                                                     newer_directory: Directory) -> None:
    store = NotesStore(tmp_path / "notes.db")
    try:
        notes_made_on(store, previous)
        before = everything(store)
        earlier = newer_directory.redirected_to("cluster", MERGED[1])
        listing = Listing(store)
        keep = NotesFilter(kinds=("contact", "note"), cluster_id=MERGED[1],
                           earlier_cluster_ids=earlier)
        assert (listing.count(keep, "contact"), listing.count(keep, "note")) == (2, 2)
        plain = NotesFilter(kinds=("contact", "note"), cluster_id=MERGED[1])
        assert (listing.count(plain, "contact"), listing.count(plain, "note")) == (1, 1)
        # A fact sheet with notes, and a shortlist's brochure, take them too.
        sheet = sheets.fact_sheet(newer_directory, MERGED[1], store=store)
        own = dict(sheet.own)
        assert {e.line.split(" · ")[0] for e in own["Your contacts"]} == {"Ana Pérez",
                                                                          "Jorge Díaz"}
        assert len(own["Your notes"]) == 2
        chosen = selections.of_shortlist(newer_directory, store.shortlists()[0])
        assert chosen.cluster_ids == (MERGED[1], RENAMED[1])  # the removed one left out
        assert chosen.remarks == ((MERGED[1], "visit first"),)
        # Only read: every record is as it was written.
        assert everything(store) == before
    finally:
        store.close()
