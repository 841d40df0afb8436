"""How many clusters each state has, for a map (issue 19): the Clusters tab's own counts.

Two askers: ``mxdesk export-map`` (a search and sectors, counted as the Clusters tab counts
them: :class:`~mxdesk.core.browse.BrowseQuery` with the Sector facet ticked, its "State"
facet), and a brochure's "Clusters by state" page (the brochure's own clusters). Both give
rows as the State facet lists them — (state name or "State not stated", clusters, at
least) — which :func:`mxdesk.export.statemap.figures_from_facets` turns into a map. No Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mxdesk.core import i18n
from mxdesk.core.browse import CLUSTERS, BrowseQuery
from mxdesk.core.directory import Directory
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.records import RecordRef

if TYPE_CHECKING:
    from mxdesk.core.spelling import Correction

#: The State facet's value for a cluster no briefing places (in English; translated where
#: printed, ``_(NOT_STATED)``, and told apart in either language by :func:`is_not_stated`).
NOT_STATED = N_("State not stated")


def is_not_stated(name: str) -> bool:
    """Whether a row's state *name* is :data:`NOT_STATED`, in English or translated (the
    State facet lists it in the language of the window)."""
    return name in (NOT_STATED, _(NOT_STATED))


@dataclass(frozen=True)
class StateCounts:
    """Clusters per state, and what was counted.

    Attributes:
        rows: (state name, or :data:`NOT_STATED`, clusters, at least) as the State facet
            lists them; states with none are absent; *at least* is always False here
            (the counts are exact).
        clusters: how many clusters were counted in all (placed or not).
        caption: what was counted, in words ("Aerospace clusters by state · search “aero”
            · 7 clusters").
        sectors: the sectors ticked, as the Sector facet's values (their English names, in
            either language), an industry's own sectors included.
        asked: what was asked for, in words, for the sentence saying nothing fits it
            (:meth:`nothing_fits`): (the search's words or "", each sector, theme or
            industry named as "the Aerospace sector", "the Transportation industry (with
            its sectors)"); ("", ()) for a brochure's clusters.
    """

    rows: tuple[tuple[str, int, bool], ...]
    clusters: int
    caption: str
    sectors: tuple[str, ...] = ()
    asked: tuple[str, tuple[str, ...]] = ("", ())

    def nothing_fits(self) -> str:
        """Why no map is drawn when no cluster was counted, one clause without a full stop:
        "the search “zzzz” finds no cluster in the Aerospace sector", "no cluster is in the
        Industry 4.0 theme", "the directory has no cluster"."""
        text, kinds = self.asked
        where = i18n.join(list(kinds), "or") if kinds else ""
        if text and where:
            return _("the search “{text}” finds no cluster in {where}").format(text=text,
                                                                             where=where)
        if text:
            return _("the search “{text}” finds no cluster").format(text=text)
        if where:
            return _("no cluster is in {where}").format(where=where)
        return _("the directory has no cluster")


def _plural(n: int) -> str:
    return ngettext("{n} cluster", "{n} clusters", n).format(n=i18n.number(n))


def _counted_as(directory: Directory, ref: RecordRef) -> tuple[str, str]:
    """How a sector named on the command line is counted, in words: (its name for the
    caption, the phrase for "no cluster is in …"). An industry counts its sectors' clusters
    too, where the window's Sector facet counts the tag alone (issue 19's trial: 15 clusters
    against "Transportation (2)"), so it says so: "Transportation (industry, with its
    sectors)"."""
    sector = directory.sector(ref.id)
    name = sector.name
    if sector.kind == "industry" and sector.subsectors:
        return (_("{name} (industry, with its sectors)").format(name=name),
                _("the {name} industry (with its sectors)").format(name=name))
    if sector.kind == "theme":
        return name, _("the {name} theme").format(name=name)
    return name, _("the {name} sector").format(name=name)


def search_counts(directory: Directory, text: str = "",
                  sectors: Sequence[str] = ()) -> StateCounts:
    """The clusters per state that the Clusters tab lists for the search *text* with the
    *sectors* ticked in its Sector facet (each given by id, name, alias or acronym, case and
    accents ignored; an industry ticks its sectors too, and the caption says so:
    "Transportation (industry, with its sectors) clusters by state · 15 clusters"). *text*
    is searched as given: correct it first, as the window does (:func:`cluster_correction`).

    Raises :class:`~mxdesk.core.errors.NotFoundError` or
    :class:`~mxdesk.core.errors.AmbiguousNameError` for a sector name that names no sector
    or several, :class:`~mxdesk.core.errors.DirectoryError` when the directory cannot be
    read."""
    refs = list({r.id: r for r in (directory.resolve(name, "sector") for name in sectors)}
                .values())
    ticked: list[str] = []
    # The Sector facet's values are the sectors' English names, in either language (the
    # window translates them where it shows them): a Spanish name ticked nothing (issue 20's
    # trial: "ningún clúster está en el sector Automotriz" for the README's own example).
    with i18n.using(i18n.ENGLISH):
        for ref in refs:
            ticked.append(directory.ref("sector", ref.id).name)
            ticked += [s.name for s in directory.sector(ref.id).subsectors]
    ticked = list(dict.fromkeys(ticked))
    query = BrowseQuery(CLUSTERS, text.strip(), {"Sector": set(ticked)} if ticked else {})
    facets = query.facet_counts(directory)
    rows = tuple((value, count, False) for value, count in facets.get("State", ())
                 if count > 0)
    total = query.count(directory)
    named = [_counted_as(directory, r) for r in refs]
    what = i18n.join([caption for caption, _phrase in named]) if named else ""
    parts = [_("{what} clusters by state").format(what=what) if what
             else _("Clusters by state")]
    if text.strip():
        parts.append(_("search “{text}”").format(text=text.strip()))
    parts.append(_plural(total))
    return StateCounts(rows, total, " · ".join(parts), tuple(ticked),
                       (text.strip(), tuple(phrase for _caption, phrase in named)))


def cluster_correction(directory: Directory, text: str) -> Correction | None:
    """*text* corrected as the Clusters tab's search field corrects it ("queretero" →
    "Querétaro": :func:`mxdesk.core.spelling.directory_correction`, offered only when the
    corrected words find a cluster), or None when no word needs (or finds) a correction.
    Raises :class:`~mxdesk.core.errors.DirectoryError` when the directory cannot be read."""
    from mxdesk.core.search import finds_any
    from mxdesk.core.spelling import directory_correction

    kinds = tuple(CLUSTERS.kinds)
    return directory_correction(directory, text,
                                lambda fixed: finds_any(directory, fixed, kinds))


def cluster_counts(directory: Directory, cluster_ids: Sequence[str],
                   caption: str = "") -> StateCounts:
    """The clusters per state of *cluster_ids* (a brochure's), each counted once, as
    :class:`StateCounts` with *caption* (default "Clusters by state", in the current
    language) and the number counted. Raises
    :class:`~mxdesk.core.errors.NotFoundError` for an id the directory does not have,
    :class:`~mxdesk.core.errors.DirectoryError` when it cannot be read."""
    wanted = list(dict.fromkeys(cluster_ids))
    counted: Counter[str] = Counter()
    for cid in wanted:
        state = directory.cluster(cid).state
        counted[state.name if state is not None else NOT_STATED] += 1
    rows = tuple((name, n, False) for name, n in sorted(counted.items(),
                                                          key=lambda kv: (-kv[1], kv[0])))
    title = caption or _("Clusters by state")
    return StateCounts(rows, len(wanted), f"{title} · {_plural(len(wanted))}")
