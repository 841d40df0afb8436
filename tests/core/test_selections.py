"""core/selections.py: which clusters a brochure holds and what it is called, read against
the directory (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mxdesk.core import selections, sheets
from mxdesk.core.directory import Directory
from mxdesk.core.errors import AmbiguousNameError, NotFoundError
from mxdesk.core.notes import NotesStore, Shortlist, ShortlistItem
from mxdesk.core.selections import Selection


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    opened = NotesStore(tmp_path / "notes.db")
    yield opened
    opened.close()


def _state_ids(directory: Directory, *state_ids: str) -> tuple[str, ...]:
    return tuple(r.id for r in directory.clusters_in_states(state_ids))


def _sector_ids(directory: Directory, *sector_ids: str) -> tuple[str, ...]:
    """An industry's clusters include its sectors'."""
    wanted = [*sector_ids, *(s.id for i in sector_ids for s in directory.sector(i).subsectors)]
    return tuple(r.id for r in directory.clusters_in_sectors(wanted))


@pytest.mark.parametrize(("name", "state_id", "title", "label"), [
    ("queretaro", "queretaro", "Clusters of Querétaro", "all clusters in Querétaro"),
    ("Nuevo León", "nuevo-leon", "Clusters of Nuevo León", "all clusters in Nuevo León"),
    ("nuevo-leon", "nuevo-leon", "Clusters of Nuevo León", "all clusters in Nuevo León"),
])
def test_of_state(directory: Directory, name: str, state_id: str, title: str,
                  label: str) -> None:
    chosen = selections.of_state(directory, name)
    assert chosen == Selection("state", _state_ids(directory, state_id), title, label)
    assert chosen.cluster_ids == tuple(r.id for r in directory.clusters_in_state(state_id))
    assert len(chosen.cluster_ids) > 1


def test_of_state_of_a_state_with_no_cluster(directory: Directory) -> None:
    """The window offers it (disabled); the command line's --state refuses it."""
    assert selections.of_state(directory, "durango") == Selection(
        "state", (), "Clusters of Durango", "all clusters in Durango")
    with pytest.raises(NotFoundError, match="nothing to export: no cluster is in Durango"):
        selections.of_states_and_sectors(directory, ["durango"], [])


@pytest.mark.parametrize(("name", "sector_ids", "title", "label", "count"), [
    ("aerospace", ("aerospace",), "Aerospace clusters in Mexico",
     "all clusters in the Aerospace sector", 6),
    # An industry: its sectors' clusters too.
    ("Transportation", ("transportation",), "Transportation clusters in Mexico",
     "all clusters in the Transportation industry", 15),
])
def test_of_sector(directory: Directory, name: str, sector_ids: tuple[str, ...], title: str,
                   label: str, count: int) -> None:
    chosen = selections.of_sector(directory, name)
    assert chosen == Selection("sector", _sector_ids(directory, *sector_ids), title, label,
                               sector_ids=sector_ids)
    assert len(chosen.cluster_ids) == count


def test_a_theme_without_clusters_selects_its_page(directory: Directory) -> None:
    """Issue 19: Industry 4.0 names no cluster of the directory, but its figures make a
    brochure of its own page (sheets.brochure_of)."""
    chosen = selections.of_states_and_sectors(directory, [], ["industry-4-0"])
    assert (chosen.cluster_ids, chosen.sector_ids) == ((), ("industry-4-0",))
    # Titled by what it holds: the theme's figures, no clusters.
    assert chosen.title == "Industry 4.0 in Mexico"
    # The directory calls it a theme (sectors.kind), and so does the brochure's cover.
    assert chosen.label == "all clusters in the Industry 4.0 theme"
    assert selections.of_sector(directory, "industry-4-0").label == chosen.label


def test_a_label_calls_each_sector_what_the_directory_calls_it(directory: Directory) -> None:
    """Sectors stay "sectors"; an industry is an "industry", a theme a "theme", and a mix
    names each with its own word."""
    label = selections.of_states_and_sectors(directory, [], ["aerospace", "transportation"])
    assert label.label == "all clusters in the Aerospace sector and the Transportation industry"
    both = selections.of_states_and_sectors(directory, ["queretaro"], ["transportation"])
    assert both.label == "all clusters in Querétaro in the Transportation industry"


@pytest.mark.parametrize(("states", "sectors", "key", "title", "label"), [
    (["queretaro"], [], "state", "Clusters of Querétaro", "all clusters in Querétaro"),
    (["nuevo leon", "queretaro", "Querétaro"], [], "state",
     "Clusters of Nuevo León and Querétaro", "all clusters in Nuevo León and Querétaro"),
    ([], ["aerospace"], "sector", "Aerospace clusters in Mexico",
     "all clusters in the Aerospace sector"),
    ([], ["aerospace", "automotive"], "sector", "Aerospace and Automotive clusters in Mexico",
     "all clusters in the Aerospace and Automotive sectors"),
    (["nuevo leon", "queretaro"], ["aerospace"], "states-and-sectors",
     "Aerospace clusters in Nuevo León and Querétaro",
     "all clusters in Nuevo León and Querétaro in the Aerospace sector"),
    (["jalisco", "nuevo leon", "queretaro"], ["aerospace", "automotive", "ict"],
     "states-and-sectors",
     "Aerospace, Automotive and ICT clusters in Jalisco, Nuevo León and Querétaro",
     "all clusters in Jalisco, Nuevo León and Querétaro in the Aerospace, Automotive and "
     "ICT sectors"),
])
def test_of_states_and_sectors(directory: Directory, states: list[str], sectors: list[str],
                               key: str, title: str, label: str) -> None:
    chosen = selections.of_states_and_sectors(directory, states, sectors)
    state_ids = [directory.resolve(s, "state").id for s in states]
    sector_ids = [directory.resolve(s, "sector").id for s in sectors]
    in_states = _state_ids(directory, *state_ids)
    in_sectors = _sector_ids(directory, *sector_ids)
    if states and sectors:
        wanted = tuple(c for c in in_states if c in in_sectors)
    else:
        wanted = in_states or in_sectors
    assert chosen == Selection(key, wanted, title, label, sector_ids=tuple(sector_ids))
    assert chosen.cluster_ids
    # The earlier name is the same function.
    assert sheets.clusters_of_states_and_sectors(directory, states, sectors) == chosen


def test_one_state_or_sector_is_titled_alike_by_each_constructor(directory: Directory) -> None:
    """The window's "state" and "sector" choices and --state, --sector: one title each."""
    assert selections.of_state(directory, "jalisco") == \
        selections.of_states_and_sectors(directory, ["jalisco"], [])
    assert selections.of_sector(directory, "ict") == \
        selections.of_states_and_sectors(directory, [], ["ict"])


@pytest.mark.parametrize(("states", "sectors", "error", "message"), [
    ([], [], ValueError, "name a state or a sector"),
    (["Texas"], [], NotFoundError, "nothing in the directory is called 'Texas'"),
    (["tabasco"], ["aerospace"], NotFoundError,
     "nothing to export: no cluster in Tabasco is in the Aerospace sector"),
    (["nuevo leon", "queretaro"], ["mining"], NotFoundError,
     "nothing to export: no cluster in Nuevo León or Querétaro is in the Mining sector"),
    ([], ["software-it"], NotFoundError,
     "nothing to export: no cluster is in the Software & Information Technology sector"),
])
def test_of_states_and_sectors_refuses(directory: Directory, states: list[str],
                                       sectors: list[str], error: type[Exception],
                                       message: str) -> None:
    with pytest.raises(error) as raised:
        selections.of_states_and_sectors(directory, states, sectors)
    assert message in str(raised.value)


def test_of_selection_and_of_names(directory: Directory) -> None:
    ids = ("claut", "claugto", "csoftmty")
    assert selections.of_selection(directory, ids) == Selection(
        "selected", ids, "Selected Mexican clusters", "3 selected clusters")
    # One cluster's cover names it.
    assert selections.of_selection(directory, ["claugto"]).label == \
        directory.cluster("claugto").name
    assert selections.of_names(directory, ["claut", "it@baja"]) == Selection(
        "selected", ("claut", directory.resolve("it@baja", "cluster").id),
        "Selected Mexican clusters", "2 selected clusters")
    # A cluster named twice is counted as named (the brochure prints it once).
    assert selections.of_names(directory, ["claut", "claut"]).label == "2 selected clusters"
    with pytest.raises(ValueError, match="no cluster chosen"):
        selections.of_selection(directory, [])
    with pytest.raises(NotFoundError, match="no cluster named"):
        selections.of_names(directory, [])
    with pytest.raises(AmbiguousNameError):  # the acronym of two clusters (docs/data.md)
        selections.of_names(directory, ["claugto", "CLAUT"])
    assert sheets.named_clusters(directory, ["claut", "claugto"]) == (
        ["claut", "claugto"], "2 selected clusters")


def test_of_listing() -> None:
    assert selections.of_listing(["claut", "claugto"], "“queretaro”; State: Jalisco") == \
        Selection("list", ("claut", "claugto"), "Selected Mexican clusters",
                  "the clusters listed for “queretaro”; State: Jalisco")
    assert selections.of_listing([], "“zzz”").cluster_ids == ()


def test_whole_directory(directory: Directory) -> None:
    chosen = selections.whole_directory(directory)
    assert chosen == Selection("all", tuple(r.id for r in directory.all_refs("cluster")),
                               "The Mexico cluster directory", "the whole directory")
    assert len(chosen.cluster_ids) == directory.info().counts["cluster"]
    assert sheets.all_clusters(directory) == (list(chosen.cluster_ids), chosen.label)


def test_of_shortlist(directory: Directory, store: NotesStore) -> None:
    """Its order, its remarks (blank ones left out), clusters the directory lost left out."""
    made = store.create_shortlist("Querétaro & Monterrey")
    store.set_items(int(made.id or 0), [
        ShortlistItem("claut", "Meeting Tue 10 March 10:00, Apodaca"),
        ShortlistItem("gone-from-the-directory", "Lunch"),
        ShortlistItem("aerocluster-queretaro", "   "),
        ShortlistItem("claugto")])
    shortlist = store.shortlist(int(made.id or 0))
    chosen = selections.of_shortlist(directory, shortlist)
    assert chosen == Selection(
        f"shortlist-{made.id}", ("claut", "aerocluster-queretaro", "claugto"),
        "Querétaro & Monterrey", "the shortlist “Querétaro & Monterrey”",
        (("claut", "Meeting Tue 10 March 10:00, Apodaca"),))
    assert chosen.key == selections.shortlist_key(made.id)
    assert selections.of_shortlist(directory, Shortlist("Empty", id=9)) == Selection(
        "shortlist-9", (), "Empty", "the shortlist “Empty”")
    # By name, case and accents ignored, as --shortlist takes it.
    assert selections.shortlist_named(store, "queretaro & MONTERREY") == shortlist
    assert sheets.clusters_of_shortlist(directory, store, "queretaro & monterrey") == (
        list(chosen.cluster_ids), chosen.label)
    assert sheets.shortlist_remarks(store, "queretaro & monterrey") == {
        "claut": "Meeting Tue 10 March 10:00, Apodaca", "gone-from-the-directory": "Lunch"}


def test_shortlist_named_says_which_there_are(store: NotesStore) -> None:
    with pytest.raises(NotFoundError, match=r"no shortlist called 'Bajío' \(shortlists: "
                                            r"none yet\)"):
        selections.shortlist_named(store, "Bajío")
    store.create_shortlist("Monterrey")
    with pytest.raises(NotFoundError, match=r"\(shortlists: “Monterrey”\)"):
        selections.shortlist_named(store, "Bajío")


def test_the_earlier_helpers_give_the_selections_ids_and_labels(directory: Directory) -> None:
    """core/sheets.py's names, kept for their callers, say what the constructors say."""
    for helper, constructor, name in (
            (sheets.clusters_of_state, selections.of_state, "Jalisco"),
            (sheets.clusters_of_sector, selections.of_sector, "aerospace")):
        chosen = constructor(directory, name)
        assert helper(directory, name) == (list(chosen.cluster_ids), chosen.label)
    assert sheets.Selection is Selection
