"""What a fact sheet and a mission brochure say, before any typesetting.

The PDF renderer (mxdesk.export) and the print preview lay these out; the content itself is
decided here without Qt, from a record's one layout (core/details.py). Which clusters a
brochure holds, and its title, are decided in core/selections.py. A little over 450 lines:
the brochure's pages share their figure rows and dataclasses, which would otherwise import
each other in a cycle.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mxdesk.core.charts import Chart, charts_of, common_scales, known_names
from mxdesk.core.dating import fact_when, figures_sentence, figures_until
from mxdesk.core.details import (
    CONCLUSIONS,
    KEY_FIGURES,
    Bullets,
    Cited,
    Details,
    FactRow,
    Figures,
    Item,
    LabelStatus,
    Listed,
    Place,
    Value,
    details,
)
from mxdesk.core.directory import Directory
from mxdesk.core.errors import CancelledError, DirectoryError, MxdeskError
from mxdesk.core.geo import MexicoMap
from mxdesk.core.i18n import N_, _
from mxdesk.core.key_figures import KeyFigure, LabelBadge, key_figures, label_badge
from mxdesk.core.mission.paper import AgendaDay
from mxdesk.core.notes import NotesStore
from mxdesk.core.record_text import item_text, value_text
from mxdesk.core.records import Source, policy_kind_name, policy_level_name

# Which clusters a brochure holds moved to core/selections.py (issue 15); its earlier names
# are kept here for their callers.
from mxdesk.core.selections import Selection as Selection
from mxdesk.core.selections import all_clusters as all_clusters
from mxdesk.core.selections import clusters_of_sector as clusters_of_sector
from mxdesk.core.selections import clusters_of_shortlist as clusters_of_shortlist
from mxdesk.core.selections import clusters_of_state as clusters_of_state
from mxdesk.core.selections import (
    clusters_of_states_and_sectors as clusters_of_states_and_sectors,
)
from mxdesk.core.selections import named_clusters as named_clusters
from mxdesk.core.selections import shortlist_remarks as shortlist_remarks
from mxdesk.core.state_counts import StateCounts, cluster_counts
from mxdesk.core.text import fold

log = logging.getLogger("mxdesk.export")

@dataclass(frozen=True)
class Figure:
    """One row of a fact sheet's key figures."""

    label: str
    value: str
    #: Its year or period, or what stands for one it lacks (:func:`mxdesk.core.dating.fact_when`).
    when: str
    #: Its sources, in the order printed ("35,36"): one, or a few side by side.
    source_ids: tuple[str, ...]
    #: A figure (set in bold) rather than a statement in words.
    is_number: bool = True


#: How much of one note, or of one contact's comment, a fact sheet prints: a note can be
#: megabytes long (a pasted transcript), and its first pages are what a page on paper is for.
#: The rest is left out with a line saying how much, the whole note staying in mxdesk.
EXCERPT_CHARS = 20_000
#: … and at most this many lines of it (a note of many short lines is many pages, too).
EXCERPT_LINES = 250


@dataclass(frozen=True)
class Excerpt:
    """The start of a note or a comment, line by line as the user typed it."""

    lines: tuple[str, ...]
    #: How many characters of the text are not in *lines* (0: the whole text is).
    left_out: int = 0


@dataclass(frozen=True)
class OwnEntry:
    """One of the user's contacts or notes as a fact sheet prints it."""

    #: A contact's name, role, organisation, addresses, where and when met; "" for a note.
    line: str
    #: The note, or what was said at the meeting (a contact's comment).
    text: Excerpt = Excerpt(())


@dataclass(frozen=True)
class FactSheet:
    """Everything one cluster's page says."""

    cluster_id: str
    title: str
    subtitle: str
    fields: tuple[tuple[str, str], ...]
    description: str
    figures: tuple[Figure, ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]
    related_policies: tuple[str, ...]
    label_expired: bool
    source_ids: tuple[str, ...]
    #: The user's own contacts and notes for this cluster (only when asked for): a title
    #: ("Your contacts", "Your notes") and its entries.
    own: tuple[tuple[str, tuple[OwnEntry, ...]], ...] = ()
    #: The shortlist's remark on this cluster ("Meeting Tue 10 March 10:00, Apodaca"), as
    #: typed, when the brochure is made from a shortlist; "" for none.
    remark: str = ""
    #: Its state's id and name, for the locator map (None, "" when no briefing places it).
    state_id: str | None = None
    state_name: str = ""
    #: Its numeric facts as the head's strip of tiles (issue 19); the same facts as
    #: *figures*' numbers, shorter.
    key_figures: tuple[KeyFigure, ...] = ()
    #: Its quality label as a badge; None without one.
    badge: LabelBadge | None = None


@dataclass(frozen=True)
class PolicyBrief:
    """A policy as a brochure summarises it."""

    id: str
    name: str
    facts_line: str
    sectors: str
    description: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class CountryPage:
    """"Mexico at a glance" as a brochure prints it (issue 16): the country's figures under
    their topics, in the detail pane's order, then the briefing's conclusions."""

    #: "Mexico at a glance".
    title: str
    subtitle: str
    description: str
    #: (topic, its figures), in the order the topics first come.
    topics: tuple[tuple[str, tuple[Figure, ...]], ...]
    #: The heading of the conclusions, and each as (text, the id of its source).
    conclusions_heading: str
    conclusions: tuple[tuple[str, str], ...]
    #: Every source the page rests on: the record's own, its figures', its conclusions'.
    source_ids: tuple[str, ...]
    #: The charts of each topic's figures (issue 19), in the order of *topics*: the
    #: comparable figures of a topic drawn above its table (:func:`mxdesk.core.charts.charts_of`).
    charts: tuple[tuple[Chart, ...], ...] = ()


@dataclass(frozen=True)
class Brochure:
    """A mission brochure: cover, contents, "Mexico at a glance", fact sheets, relevant
    policies, sources."""

    title: str
    selection: str
    created: dt.date
    data_version: str
    build_date: str
    sheets: tuple[FactSheet, ...]
    policies: tuple[PolicyBrief, ...] = ()
    sources: tuple[Source, ...] = field(default_factory=tuple)
    #: The country page after the contents; None in a single fact sheet (and in a directory
    #: without a country record).
    country: CountryPage | None = None
    #: What the figures describe (:func:`mxdesk.core.dating.figures_sentence`).
    dated: str = ""
    #: Its short form in every page's footer (:func:`mxdesk.core.dating.figures_until`).
    dated_short: str = ""
    #: A mission's meetings by day, printed before the fact sheets (:func:`brochure_of`).
    agenda: tuple[AgendaDay, ...] = ()
    #: The outline map for the locators and the "Clusters by state" page; None when the
    #: directory has none (printed without maps then).
    mexico: MexicoMap | None = None
    #: The brochure's clusters per state (its "Clusters by state" page); None in a single
    #: fact sheet and in a brochure without clusters.
    by_state: StateCounts | None = None
    #: The pages of the sectors it was made for (issue 19: :func:`sector_page`, shaped as
    #: the country's), printed after "Mexico at a glance".
    sectors: tuple[CountryPage, ...] = ()

    @property
    def is_single_sheet(self) -> bool:
        """Whether the brochure is one fact sheet and nothing else (printed without a cover or
        contents)."""
        return (len(self.sheets) == 1 and not self.policies and self.country is None
                and not self.agenda and not self.sectors)


def figure_row(row: FactRow) -> Figure:
    """A figure of a record's page as a sheet's table prints it (its state in brackets)."""
    fact = row.fact
    label = f"{fact.label} ({row.state.name})" if row.state else fact.label
    return Figure(label, fact.display_value(), fact_when(fact), fact.source_ids,
                  is_number=fact.value is not None)


def _sheet_item(item: Item) -> str:
    """A list's item as the sheet prints it: a listing without its sector."""
    if isinstance(item, Listed):
        return f"{item.table}: “{item.name}”"
    return item_text(item)


def excerpt(text: str, chars: int = EXCERPT_CHARS, lines: int = EXCERPT_LINES) -> Excerpt:
    """*text*'s lines, at most *chars* characters and *lines* lines of them, cut after a
    word. Blank lines between paragraphs are kept (runs of them as one); spaces at the ends
    of lines are not."""
    body = text.strip()
    kept = body[:chars]
    # The line limit: the text up to the *lines*-th line break.
    breaks = 0
    for at, char in enumerate(kept):
        if char == "\n":
            breaks += 1
            if breaks == lines:
                kept = kept[:at]
                break
    if len(kept) < len(body) and not body[len(kept)].isspace():
        # Cut inside a word: go back to the space before it, unless that loses over half.
        space = max(kept.rfind(" "), kept.rfind("\n"), kept.rfind("\t"))
        if space > len(kept) // 2:
            kept = kept[:space]
    kept = kept.rstrip()
    shown: list[str] = []
    for line in kept.splitlines():
        line = line.rstrip()
        if line or (shown and shown[-1]):
            shown.append(line)
    return Excerpt(tuple(shown), len(body) - len(kept))


def own_sections(store: NotesStore, cluster_id: str, earlier: Iterable[str] = (),
                 ) -> tuple[tuple[str, tuple[OwnEntry, ...]], ...]:
    """The user's contacts (with what was said when they met) and notes about a cluster,
    as lists for a fact sheet: ("Your contacts", entries) and ("Your notes", entries), each
    left out when empty. *earlier* are ids earlier releases gave the cluster
    (:meth:`Directory.redirected_to`): the records that name one are about it too."""
    ids = (cluster_id, *earlier)
    contacts = tuple(
        OwnEntry(" · ".join(x for x in (c.name, c.role, c.organisation,
                                        ", ".join(p.value for p in c.emails),
                                        ", ".join(p.value for p in c.phones),
                                        " ".join(y for y in (c.met_where, c.met_on) if y))
                            if x),
                 excerpt(c.comment))
        for cid in ids for c in store.contacts(cluster_id=cid))
    notes = tuple(OwnEntry("", excerpt(n.body)) for cid in ids
                  for n in store.notes(cluster_id=cid))
    # The titles in English, translated where printed (export/html.py): ``_(title)``.
    return tuple((title, items) for title, items in ((N_("Your contacts"), contacts),
                                                    (N_("Your notes"), notes)) if items)


def _sheet_value(value: Value) -> str:
    """A field as the sheet prints it: the text's words, and a state with its region."""
    if isinstance(value, Place):
        # Translators: a cluster's state on its fact sheet: "Nuevo León (region Norte)".
        return _("{state} (region {region})").format(state=value.state.name,
                                                     region=value.region)
    return value_text(value)


def fact_sheet(directory: Directory, cluster_id: str, today: dt.date | None = None,
               store: NotesStore | None = None) -> FactSheet:
    """The fact sheet of one cluster; with *store*, the user's own notes on it too. Its
    fields, figures, lists and sources are the detail pane's (:func:`details`). Raises
    :class:`NotFoundError` when the directory has no cluster *cluster_id*,
    :class:`DirectoryError` when it cannot be read."""
    c = directory.cluster(cluster_id)
    day = today or dt.date.today()
    shown = details(directory, c, day)
    lists = [(s.heading, tuple(_sheet_item(i) for i in s.body.items))
             for s in shown.sections_in("pane") if isinstance(s.body, Bullets)]
    policies = directory.policies_for_sectors([s.id for s in c.sectors]) if c.sectors else ()
    return FactSheet(
        cluster_id=c.id,
        title=shown.title,
        subtitle=shown.subtitle,
        fields=tuple((f.label, _sheet_value(f.value)) for f in shown.fields_in("pane")),
        description=shown.description,
        figures=tuple(figure_row(row) for row in shown.facts),
        lists=tuple(lists),
        related_policies=tuple(p.name for p in policies),
        label_expired=any(isinstance(f.value, LabelStatus) and not f.value.valid
                          for f in shown.fields),
        source_ids=tuple(s.id for s in shown.sources),
        own=(own_sections(store, c.id, directory.redirected_to("cluster", c.id))
             if store is not None else ()),
        state_id=c.state.id if c.state else None,
        state_name=c.state.name if c.state else "",
        key_figures=key_figures(c),
        badge=label_badge(c, day),
    )


def mexico_map(directory: Directory) -> MexicoMap | None:
    """The directory's outline map, or None (logged) when it has none that reads: the
    papers are printed without their maps then, not refused."""
    try:
        found = directory.mexico_map()
    except DirectoryError as exc:
        log.warning("papers without maps: %s", exc)
        return None
    return found if found.states else None


def country_page(directory: Directory, country_id: str,
                 today: dt.date | None = None) -> CountryPage:
    """The brochure's page of the country *country_id*: what its detail pane shows, figures
    grouped under their topics and the conclusions with their sources. Raises
    :class:`NotFoundError` when the directory has no such country, :class:`DirectoryError`
    when it cannot be read."""
    return _page_of(directory, details(directory, directory.country(country_id), today))


def sector_page(directory: Directory, sector_id: str,
                today: dt.date | None = None) -> CountryPage:
    """The brochure's page of the sector (or theme) *sector_id*, shaped as the country's: its
    description, its key figures' charts and table (issue 19). Raises :class:`NotFoundError`
    when the directory has no such sector, :class:`DirectoryError` when it cannot be read."""
    return _page_of(directory, details(directory, directory.sector(sector_id), today))


def _page_of(directory: Directory, shown: Details) -> CountryPage:
    """A record's figures under their topics, charted, and its conclusions."""
    topics: list[tuple[str, tuple[Figure, ...]]] = []
    charts: list[tuple[Chart, ...]] = []
    conclusions: list[tuple[str, str]] = []
    heading = ""
    known = known_names(directory)
    for section in shown.sections_in("pane"):
        if isinstance(section.body, Figures):
            topics.append((_heading(section.heading),
                           tuple(figure_row(row) for row in section.body.rows)))
            charts.append(charts_of(section.body.rows, known, shown.title))
        elif isinstance(section.body, Bullets):
            heading = _heading(section.heading)
            conclusions += [(i.text, i.source_id) for i in section.body.items
                            if isinstance(i, Cited)]
    return CountryPage(
        title=shown.title, subtitle=shown.subtitle, description=shown.description,
        topics=tuple(topics), conclusions_heading=heading, conclusions=tuple(conclusions),
        source_ids=tuple(s.id for s in shown.sources), charts=_on_common_scales(charts))


def _heading(heading: str) -> str:
    """A section's heading on a sector's or the country's page in the current language:
    mxdesk's own ("Key figures") translated, a topic's (the directory's words, read in the
    current language: "Comercio con la UE") as it is."""
    own = {KEY_FIGURES: _("Key figures"), CONCLUSIONS: _("Conclusions of the briefing")}
    return own.get(heading, heading)


def _on_common_scales(charts: list[tuple[Chart, ...]]) -> tuple[tuple[Chart, ...], ...]:
    """Each topic's charts, those of one unit on the whole page drawn to one scale."""
    scaled = iter(common_scales(c for topic in charts for c in topic))
    return tuple(tuple(next(scaled) for _ in topic) for topic in charts)


def _policy_kind(level: str, kind: str) -> str:
    """"Federal policy", "Bilateral agreement": a policy's level and kind in the current
    language (a level or kind not known here as the directory writes it)."""
    # Translators: a policy's level and kind, "federal policy" (the first letter is made a
    # capital); Spanish puts the kind first: "{kind} {level}".
    text = _("{level} {kind}").format(level=policy_level_name(level),
                                      kind=policy_kind_name(kind))
    return text[:1].upper() + text[1:]


def _policy_brief(directory: Directory, policy_id: str, day: dt.date) -> PolicyBrief:
    p = directory.policy(policy_id)
    parts = [_policy_kind(p.level, p.kind)]
    if p.years():
        parts.append(p.years_on(day))
    if p.body:
        parts.append(p.body)
    ids = list(p.source_ids) + [s for f in p.facts for s in f.source_ids]
    return PolicyBrief(p.id, p.name, " · ".join(parts), ", ".join(s.name for s in p.sectors),
                       p.description, tuple(dict.fromkeys(ids)))


def brochure(directory: Directory, cluster_ids: Sequence[str], title: str, selection: str,
             today: dt.date | None = None, with_policies: bool = True,
             store: NotesStore | None = None,
             progress: Callable[[str, int, int], bool] | None = None,
             remarks: Mapping[str, str] | None = None,
             agenda: Sequence[AgendaDay] = (), sector_ids: Sequence[str] = ()) -> Brochure:
    """A brochure of these clusters, in this order, with the policies of their sectors, and
    "Mexico at a glance" (:func:`country_page`) before them when the directory has a country.

    *remarks* (cluster id -> a shortlist's remark, see :func:`shortlist_remarks`) are printed
    with their clusters; *agenda* (a mission's meetings by day) opens the brochure; the
    pages of *sector_ids* (:func:`sector_page`) follow the country's.
    *progress* hears ``("content", sheets done, sheets in all)`` after each fact sheet and
    cancels by returning False.

    Raises :class:`MxdeskError` when *cluster_ids* and *sector_ids* are empty,
    :class:`CancelledError` when
    *progress* cancels, :class:`NotFoundError` for an id the directory does not have, and
    :class:`DirectoryError` when it cannot be read.
    """
    if not cluster_ids and not sector_ids:
        raise MxdeskError(_("nothing to export: {selection} holds no cluster").format(
            selection=selection))
    day = today or dt.date.today()
    pages = tuple(sector_page(directory, sid, day) for sid in dict.fromkeys(sector_ids))
    wanted = list(dict.fromkeys(cluster_ids))
    made: list[FactSheet] = []
    for cid in wanted:
        made.append(dataclasses.replace(fact_sheet(directory, cid, day, store),
                                        remark=(remarks or {}).get(cid, "").strip()))
        if progress is not None and not progress("content", len(made), len(wanted)):
            raise CancelledError(_("export cancelled; nothing was written"))
    sheets = tuple(made)
    policies: tuple[PolicyBrief, ...] = ()
    if with_policies:
        theirs = {s.id for cid in dict.fromkeys(cluster_ids)
                  for s in directory.cluster(cid).sectors}
        refs = directory.policies_for_sectors(sorted(theirs)) if theirs else ()
        policies = tuple(_policy_brief(directory, r.id, day) for r in refs)
    countries = directory.all_refs("country")
    country = country_page(directory, countries[0].id, day) if countries else None
    cited = list(country.source_ids) if country else []
    cited += [sid for page in pages for sid in page.source_ids]
    cited += [sid for sheet in sheets for sid in sheet.source_ids]
    cited += [sid for brief in policies for sid in brief.source_ids]
    info = directory.info()
    return Brochure(
        title=title, selection=selection, created=day, data_version=info.data_version,
        build_date=info.build_date, sheets=sheets, policies=policies,
        sources=tuple(directory.sources(cited)), country=country,
        dated=figures_sentence(directory), dated_short=figures_until(directory),
        agenda=tuple(agenda), mexico=mexico_map(directory),
        by_state=(cluster_counts(directory, wanted, _("The brochure’s clusters by state"))
                  if wanted else None), sectors=pages,
    )


def brochure_of(directory: Directory, chosen: Selection, today: dt.date | None = None,
                store: NotesStore | None = None,
                progress: Callable[[str, int, int], bool] | None = None) -> Brochure:
    """The brochure of a :class:`Selection`: its clusters, title and cover label, a
    shortlist's remarks and a mission's agenda (:func:`selections.of_mission`); *store*
    adds the user's notes to each sheet; a sector's selection prints the sector's page.
    Raises as :func:`brochure`."""
    return brochure(directory, list(chosen.cluster_ids), chosen.title, chosen.label, today,
                    store=store, progress=progress, remarks=dict(chosen.remarks),
                    agenda=chosen.agenda, sector_ids=chosen.sector_ids)


def single_sheet(directory: Directory, cluster_id: str, today: dt.date | None = None,
                 store: NotesStore | None = None) -> Brochure:
    """One cluster's fact sheet as a document of its own (no cover, no policies section).
    Raises as :func:`fact_sheet`."""
    day = today or dt.date.today()
    sheet = fact_sheet(directory, cluster_id, day, store)
    info = directory.info()
    return Brochure(
        title=_("Fact sheet: {title}").format(title=sheet.title), selection=sheet.title,
        created=day,
        data_version=info.data_version, build_date=info.build_date, sheets=(sheet,),
        sources=tuple(directory.sources(sheet.source_ids)), dated=figures_sentence(directory),
        dated_short=figures_until(directory), mexico=mexico_map(directory),
    )


def default_file_name(title: str, limit: int = 48) -> str:
    """A file name for a title: ``mxdesk-clusters-of-queretaro.pdf``, its words (ASCII) cut at
    a word before *limit* characters (the first word is always kept)."""
    words = fold(title).encode("ascii", "ignore").decode().split()
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    return "mxdesk-" + "-".join(kept) + ".pdf"
