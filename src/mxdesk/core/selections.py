"""Which clusters a mission brochure holds, and what its title and cover call them.

Every way a brochure is chosen — clusters picked by hand, the Clusters tab's list, states,
sectors, a shortlist, the whole directory — is one constructor here returning a
:class:`Selection`; ``mxdesk export-pdf`` and the window's brochure dialog both use them, so
each title and cover label is written once. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mxdesk.core import i18n
from mxdesk.core.errors import NotFoundError
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.records import RecordRef
from mxdesk.core.text import fold

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.core.mission.paper import AgendaDay
    from mxdesk.core.mission.records import Mission
    from mxdesk.core.notes import NotesStore, Shortlist

#: The title of a brochure of clusters chosen one by one (selected, or listed by a search).
CHOSEN_TITLE = N_("Selected Mexican clusters")


@dataclass(frozen=True)
class Selection:
    """The clusters a brochure holds, in order, and how its cover names them."""

    #: Which way it was chosen, as the brochure dialog tells its choices apart: "selected",
    #: "list", "state", "sector", "states-and-sectors", "shortlist-<id>" or "all". The
    #: window's suggested file name ends with it.
    key: str
    #: Cluster ids, in the brochure's order (duplicates are left for :func:`sheets.brochure`
    #: to drop).
    cluster_ids: tuple[str, ...]
    #: The brochure's title: "Aerospace clusters in Nuevo León and Querétaro".
    title: str
    #: What the cover says it holds: "all clusters in Nuevo León and Querétaro in the
    #: Aerospace sector".
    label: str
    #: A shortlist's remarks as (cluster id, remark), printed with each cluster's fact sheet
    #: (blank remarks left out); () for any other selection.
    remarks: tuple[tuple[str, str], ...] = ()
    #: A mission's meetings by day, one line each, printed before the fact sheets
    #: (:func:`of_mission`); () for any other selection.
    agenda: tuple[AgendaDay, ...] = ()
    #: The sectors it was chosen by (``--sector``, the Sectors tab), in order: the brochure
    #: prints each one's page (issue 19); () for any other selection.
    sector_ids: tuple[str, ...] = ()


def _listed(names: Sequence[str], last: str) -> str:
    """"A", "A and B", "A, B and C" (with *last* "and"; "or" the same way), in the current
    language ("A, B y C")."""
    return i18n.join(list(names), "or" if last == "or" else "standard")


def _kind_named(kind: str, names: str, n: int) -> str:
    """*names* (one or *n* sector records' names, listed) with what the directory calls
    their kind: "the Aerospace sector", "the Aerospace and Automotive sectors", "the
    Industry 4.0 theme", "the Transportation industry"."""
    if kind == "industry":
        said = ngettext("the {names} industry", "the {names} industries", n)
    elif kind == "theme":
        said = ngettext("the {names} theme", "the {names} themes", n)
    else:
        said = ngettext("the {names} sector", "the {names} sectors", n)
    return said.format(names=names)


def _sectors_named(directory: Directory, refs: Sequence[RecordRef], last: str) -> str:
    """The sectors *refs* as a label says them, each called what the directory calls it:
    "the Aerospace sector", "the Aerospace and Automotive sectors", "the Industry 4.0
    theme", "the Transportation industry"; of mixed kinds, each with its own word: "the
    Aerospace sector and the Transportation industry" (*last*: "and" or "or")."""
    kinds = [directory.sector(r.id).kind for r in refs]
    if len(set(kinds)) == 1:
        return _kind_named(kinds[0], _listed([r.name for r in refs], last), len(refs))
    return _listed([_kind_named(k, r.name, 1) for r, k in zip(refs, kinds, strict=True)],
                   last)


def _of_places(directory: Directory, state_refs: Sequence[RecordRef],
               sector_refs: Sequence[RecordRef]) -> Selection:
    """The clusters in any of the states that are also in any of the sectors (an industry
    includes its sectors; no states or no sectors: no limit of that kind), titled by their
    names. May hold no cluster."""
    found: tuple[RecordRef, ...] = ()
    if state_refs:
        found = directory.clusters_in_states(r.id for r in state_refs)
    if sector_refs:
        wanted = [r.id for r in sector_refs]
        for ref in sector_refs:
            wanted += [s.id for s in directory.sector(ref.id).subsectors]
        in_sectors = directory.clusters_in_sectors(wanted)
        if state_refs:
            keep = {r.id for r in in_sectors}
            found = tuple(r for r in found if r.id in keep)
        else:
            found = in_sectors
    states = _listed([r.name for r in state_refs], "and")
    sectors = _listed([r.name for r in sector_refs], "and")
    if not sector_refs:
        key, title = "state", _("Clusters of {states}").format(states=states)
        label = _("all clusters in {where}").format(where=states)
    elif not state_refs:
        # A theme with no clusters of its own (Industry 4.0) is a brochure of its figures.
        key = "sector"
        title = (_("{sectors} clusters in Mexico") if found
                 else _("{sectors} in Mexico")).format(sectors=sectors)
        label = _("all clusters in {where}").format(
            where=_sectors_named(directory, sector_refs, "and"))
    else:
        key = "states-and-sectors"
        title = _("{sectors} clusters in {states}").format(sectors=sectors, states=states)
        label = _("all clusters in {states} in {sectors}").format(
            states=states, sectors=_sectors_named(directory, sector_refs, "and"))
    return Selection(key, tuple(r.id for r in found), title, label,
                     sector_ids=tuple(r.id for r in sector_refs))


def of_state(directory: Directory, name: str) -> Selection:
    """Every cluster of one state ("Clusters of Querétaro"), key "state"; none when the state
    has none. *name* is its id or any form of its name, resolved as
    :meth:`Directory.resolve` does: raises NotFoundError or AmbiguousNameError as it does."""
    return _of_places(directory, [directory.resolve(name, "state")], [])


def of_sector(directory: Directory, name: str) -> Selection:
    """Every cluster of one sector, an industry's including its sectors' ("Aerospace clusters
    in Mexico"), key "sector"; none when the sector has none. *name* is resolved as
    :meth:`Directory.resolve` does: raises NotFoundError or AmbiguousNameError as it does."""
    return _of_places(directory, [], [directory.resolve(name, "sector")])


def of_states_and_sectors(directory: Directory, states: Sequence[str],
                          sectors: Sequence[str]) -> Selection:
    """The clusters in any of *states* that are also in any of *sectors* (an industry
    includes its sectors), in the directory's order. Either list may be empty (no limit
    of that kind), not both; each name is any form of a state's or a sector's name, id
    or alias, resolved as :meth:`Directory.resolve` does. The key is "state" or "sector"
    for names of one kind, "states-and-sectors" for both.

    Raises NotFoundError or AmbiguousNameError for a name that names no state (sector)
    or several, ValueError when both lists are empty, and NotFoundError, saying so, when
    no cluster is in the states and sectors named (unless only sectors are named and one
    has figures: its page is the brochure then)."""
    if not states and not sectors:
        raise ValueError("name a state or a sector")
    state_refs = list({r.id: r for r in (directory.resolve(n, "state") for n in states)}
                      .values())
    sector_refs = list({r.id: r for r in (directory.resolve(n, "sector") for n in sectors)}
                       .values())
    chosen = _of_places(directory, state_refs, sector_refs)
    # A sector (or theme: Industry 4.0) with figures but no cluster still makes a brochure:
    # its own page, "Mexico at a glance" and the sources.
    with_page = not state_refs and any(directory.sector(r.id).facts for r in sector_refs)
    if not chosen.cluster_ids and not with_page:
        where = _listed([r.name for r in state_refs], "or")
        what = _sectors_named(directory, sector_refs, "or") if sector_refs else ""
        if where and what:
            said = _("nothing to export: no cluster in {states} is in {sectors}")
        else:
            said = _("nothing to export: no cluster is in {where}")
        raise NotFoundError(said.format(states=where, sectors=what, where=where or what))
    return chosen


def of_selection(directory: Directory, cluster_ids: Sequence[str]) -> Selection:
    """Clusters chosen one by one, in this order ("Selected Mexican clusters", "7 selected
    clusters"; one cluster's cover says its name), key "selected". Raises ValueError for
    no cluster, NotFoundError for an id the directory does not have when there is one."""
    if not cluster_ids:
        raise ValueError("no cluster chosen")
    n = len(cluster_ids)
    label = (ngettext("{n} selected cluster", "{n} selected clusters", n).format(
        n=i18n.number(n)) if n > 1 else directory.cluster(cluster_ids[0]).name)
    return Selection("selected", tuple(cluster_ids), _(CHOSEN_TITLE), label)


def of_names(directory: Directory, names: Iterable[str]) -> Selection:
    """Clusters named one by one (``--cluster``), each resolved as
    :meth:`Directory.resolve` does (NotFoundError, AmbiguousNameError), as
    :func:`of_selection` titles them. Raises NotFoundError when *names* is empty."""
    ids = [directory.resolve(name, "cluster").id for name in names]
    if not ids:
        raise NotFoundError(_("no cluster named"))
    return of_selection(directory, ids)


def of_listing(cluster_ids: Sequence[str], filters: str) -> Selection:
    """The clusters a tab lists, in its order, for *filters* as the tab sums them up
    ("“queretaro”; State: Querétaro"), key "list". May hold no cluster."""
    return Selection("list", tuple(cluster_ids), _(CHOSEN_TITLE),
                     _("the clusters listed for {filters}").format(filters=filters))


def shortlist_key(shortlist_id: int | None) -> str:
    """The :attr:`Selection.key` of a shortlist's brochure: "shortlist-3"."""
    return f"shortlist-{shortlist_id}"


def of_shortlist(directory: Directory, shortlist: Shortlist) -> Selection:
    """A shortlist's clusters in its order, titled by its name, with its remarks; an id of
    an earlier release stands for the cluster it was merged into or renamed to
    (:meth:`Directory.follow`), and clusters the directory no longer has are left out (so
    it may hold none). Raises :class:`DirectoryError` when the directory cannot be read."""
    known_ids = directory.existing_ids("cluster", (i.cluster_id for i in shortlist.items))
    now: dict[str, str] = {cid: cid for cid in known_ids}
    for item in shortlist.items:
        moved = directory.redirect(item.cluster_id) if item.cluster_id not in now else None
        if moved is not None and moved.new is not None and moved.new.kind == "cluster":
            now[item.cluster_id] = moved.new.id
    ids = tuple(dict.fromkeys(now[i.cluster_id] for i in shortlist.items
                              if i.cluster_id in now))
    remarks = tuple((now[i.cluster_id], i.remark) for i in shortlist.items
                    if i.cluster_id in now and i.remark.strip())
    return Selection(shortlist_key(shortlist.id), ids, shortlist.name,
                     _("the shortlist “{name}”").format(name=shortlist.name), remarks)


def shortlist_named(store: NotesStore, name: str) -> Shortlist:
    """The user's shortlist called *name*, case and accents ignored (the first such, in the
    store's order). Raises NotFoundError naming the shortlists there are."""
    matches = [s for s in store.shortlists() if fold(s.name) == fold(name)]
    if not matches:
        known = ", ".join(f"“{s.name}”" for s in store.shortlists()) or _("none yet")
        raise NotFoundError(_("no shortlist called {name} (shortlists: {known})").format(
            name=repr(name), known=known))
    return matches[0]


def mission_key(mission_id: int | None) -> str:
    """The :attr:`Selection.key` of a mission's brochure: "mission-3"."""
    return f"mission-{mission_id}"


def of_mission(store: NotesStore, directory: Directory, mission: Mission) -> Selection:
    """A mission's clusters in its order, then those its meetings name that it does not
    hold, titled by its name, with its agenda (the meetings by day, one line each:
    :func:`mxdesk.core.mission.paper.agenda`) for the brochure to open with; key
    "mission-<id>". Clusters the directory no longer has are left out of the sheets (they
    stay named in the agenda), so it may hold none. Raises :class:`MxdeskError` for a
    mission never saved, :class:`StoreError` for one deleted or notes that cannot be read,
    :class:`DirectoryError` when the directory cannot be read."""
    from mxdesk.core.mission.paper import agenda, mission_meetings

    named = list(mission.clusters)
    named += [cid for m in mission_meetings(store, mission) for cid in m.clusters]
    known = directory.existing_ids("cluster", named)
    ids = tuple(dict.fromkeys(cid for cid in named if cid in known))
    return Selection(mission_key(mission.id), ids, mission.name,
                     _("the mission “{name}” ({start} to {end})").format(
                         name=mission.name, start=i18n.date(mission.start_date),
                         end=i18n.date(mission.end_date)),
                     agenda=agenda(store, directory, mission))


def whole_directory(directory: Directory) -> Selection:
    """Every cluster, in the directory's order ("The Mexico cluster directory"), key "all"."""
    return Selection("all", tuple(r.id for r in directory.all_refs("cluster")),
                     _("The Mexico cluster directory"), _("the whole directory"))


# -- the earlier helpers, as (cluster ids, cover label); kept for their callers -------------


def clusters_of_state(directory: Directory, name: str) -> tuple[list[str], str]:
    """Cluster ids of a state named in any form, and a label for the cover
    (:func:`of_state`, and raising as it does)."""
    chosen = of_state(directory, name)
    return list(chosen.cluster_ids), chosen.label


def clusters_of_sector(directory: Directory, name: str) -> tuple[list[str], str]:
    """Cluster ids of a sector (an industry includes its sectors), and a cover label
    (:func:`of_sector`, and raising as it does)."""
    chosen = of_sector(directory, name)
    return list(chosen.cluster_ids), chosen.label


#: The clusters of states in sectors: :func:`of_states_and_sectors` by its earlier name.
clusters_of_states_and_sectors = of_states_and_sectors


def clusters_of_shortlist(directory: Directory, store: NotesStore,
                          name: str) -> tuple[list[str], str]:
    """A shortlist's clusters in its order (those the directory no longer has are left out),
    and a cover label (:func:`shortlist_named`, :func:`of_shortlist`). Raises NotFoundError
    when no shortlist is called *name*."""
    chosen = of_shortlist(directory, shortlist_named(store, name))
    return list(chosen.cluster_ids), chosen.label


def shortlist_remarks(store: NotesStore, name: str) -> dict[str, str]:
    """A shortlist's remarks by cluster id, for :func:`sheets.brochure` (clusters without one
    are left out). Raises NotFoundError when no shortlist is called *name*."""
    for shortlist in store.shortlists():
        if fold(shortlist.name) == fold(name):
            return {i.cluster_id: i.remark for i in shortlist.items if i.remark.strip()}
    raise NotFoundError(_("no shortlist called {name}").format(name=repr(name)))


def all_clusters(directory: Directory) -> tuple[list[str], str]:
    """Every cluster id, and the cover label (:func:`whole_directory`)."""
    chosen = whole_directory(directory)
    return list(chosen.cluster_ids), chosen.label


def named_clusters(directory: Directory, names: Iterable[str]) -> tuple[list[str], str]:
    """Clusters named one by one, and a cover label (:func:`of_names`, and raising as it does)."""
    chosen = of_names(directory, names)
    return list(chosen.cluster_ids), chosen.label
