"""One record laid out once: its fields in order under their labels, its lists and sources.

The text (`core/record_text.py`), the detail pane (`ui/detail.py`) and the fact sheet
(`core/sheets.py`) only render a :class:`Details`; none of them decides a label or an order.
Where today's renderers differ (the text names a record's kind and id, the pane links related
records), each field and section says who shows it (:data:`Shown`). The parts themselves are
defined in :mod:`mxdesk.core.detail_parts` and importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mxdesk.core.dating import figures_sentence
from mxdesk.core.detail_parts import (
    Aliases,
    Body,
    Bullets,
    Citations,
    Cited,
    Details,
    FactRow,
    Field,
    Figures,
    Group,
    Item,
    LabelStatus,
    Links,
    Listed,
    Mention,
    Place,
    Plain,
    RecordList,
    RelatedLists,
    Section,
    Shown,
    Unstated,
    Value,
    View,
    WebLink,
)
from mxdesk.core.directory import AnyRecord, Directory
from mxdesk.core.records import (
    Cluster,
    Company,
    Country,
    Fact,
    Kind,
    Listing,
    Partnership,
    Policy,
    Programme,
    RecordRef,
    Sector,
    State,
)

__all__ = [
    "CONCLUSIONS", "KEY_FIGURES", "LINK_LIMIT", "NOT_STATED", "RELATED", "SOURCES",
    "TABLE_NAMES", "Aliases", "Body", "Bullets", "Citations", "Cited", "Details", "FactRow",
    "Field", "Figures", "Group", "Item", "LabelStatus", "Links", "Listed", "Mention", "Place",
    "Plain", "RecordList", "RelatedLists", "Section", "Shown", "Unstated", "Value", "View",
    "WebLink", "details",
    "kind_of", "label_status",
]

TABLE_NAMES = {
    "table-2": "Table 2 (ECEI quality labels)",
    "table-5": "Table 5 (ICT clusters in 2016)",
    "table-6": "Table 6 (formally organised clusters by state)",
    "section-3.2": "Section 3.2 (cluster profiles)",
}

#: A list of cross-links this long or shorter is shown whole: every list of the bundled
#: directory (the longest, ICT's other clusters, has 23). A longer one is read only as far as
#: LINK_LIMIT + 1 records (a large directory lists thousands of a state's clusters).
LINK_LIMIT = 25

KEY_FIGURES = "Key figures"
RELATED = "Related"
SOURCES = "Sources"
#: The heading of the country's last section: the briefing's closing conclusions.
CONCLUSIONS = "Conclusions of the briefing"
#: What a field says when the briefing leaves it open (a company's origin or states).
NOT_STATED = "not stated in the briefing"


def kind_of(record: AnyRecord) -> Kind:
    """The kind of *record*: "cluster", "sector", "policy", "programme", …; raises KeyError
    for anything that is not a record."""
    kinds: dict[type, Kind] = {Cluster: "cluster", Sector: "sector", Policy: "policy",
                               Programme: "programme", Partnership: "partnership",
                               State: "state", Company: "company", Country: "country"}
    return kinds[type(record)]


def label_status(cluster: Cluster, today: dt.date | None = None) -> str:
    """``"Gold label (ICT), valid until 2021-02-15 — expired (checked 2026-11-29)"``; "" for a
    cluster without a label. *today* defaults to the computer's date."""
    if cluster.label is None:
        return ""
    label = cluster.label
    day = today or dt.date.today()
    status = "valid" if label.is_valid_on(day) else "expired"
    return (f"{label.level} label ({label.sector}), valid until "
            f"{label.valid_until.isoformat()} — {status} (checked {day.isoformat()})")


# -- building ----------------------------------------------------------------------------------


def details(directory: Directory, record: AnyRecord, today: dt.date | None = None,
            whole_lists: bool = False) -> Details:
    """The details of *record*; a label's status is for *today* (default: the computer's
    date). The lists the text prints (a state's clusters: thousands in a large directory) are
    read whole with *whole_lists*, else as far as LINK_LIMIT + 1, which is all the detail pane
    shows; lists only the pane shows are always read that far. Reads the directory and raises
    what its readers raise (DirectoryError; NotFoundError for a record it no longer has)."""
    layout = _Layout(directory, today or dt.date.today(), whole_lists)
    if isinstance(record, Cluster):
        return layout.cluster(record)
    if isinstance(record, Sector):
        return layout.sector(record)
    if isinstance(record, Policy):
        return layout.policy(record)
    if isinstance(record, Programme):
        return layout.programme(record)
    if isinstance(record, Partnership):
        return layout.partnership(record)
    if isinstance(record, Company):
        return layout.company(record)
    if isinstance(record, Country):
        return layout.country(record)
    return layout.state(record)


def _all(refs: Iterable[RecordRef]) -> RecordList:
    kept = tuple(refs)
    return RecordList(kept, len(kept))


def _empty(value: Value | Body) -> bool:
    if isinstance(value, str):
        return not value
    if isinstance(value, Plain):
        return not value.text
    if isinstance(value, Aliases):
        return not value.names
    if isinstance(value, RecordList):
        return not value.refs
    if isinstance(value, Bullets):
        return not value.items
    if isinstance(value, Figures):
        return not value.rows
    if isinstance(value, RelatedLists):
        return not value.lists
    return False


def _listed(listing: Listing) -> Listed:
    return Listed(TABLE_NAMES.get(listing.table, listing.table), listing.name,
                  listing.sector_text or "")


class _Layout:
    """The order and the labels of each kind of record: the one place they are written."""

    def __init__(self, directory: Directory, today: dt.date, whole_lists: bool) -> None:
        self.directory = directory
        self.today = today
        self.whole = whole_lists

    def make(self, record: AnyRecord, subtitle: str, fields: list[Field],
             sections: list[Section], facts: tuple[FactRow, ...] = (),
             cited: Iterable[str] = (), title: str = "", heading: str = "") -> Details:
        """*record*'s details: *title* is the text's title when not its name, *heading* the
        title of every view when not its name."""
        d = self.directory
        ids = [*record.source_ids, *(s for row in facts for s in row.fact.source_ids)]
        if isinstance(record, Cluster) and record.label:
            ids.append(record.label.source_id)
        if isinstance(record, Country):
            ids += [x.source_id for x in record.conclusions]
        kind = kind_of(record)
        head = [Field("Kind", kind, "text"), Field("Id", record.id, "text")]
        return Details(
            kind=kind, id=record.id, title=heading or record.name,
            long_title=title or heading or record.name,
            subtitle=subtitle, fields=tuple(f for f in head + fields if not _empty(f.value)),
            description=getattr(record, "description", ""), facts=facts,
            sections=tuple(s for s in sections if not _empty(s.body)),
            sources=tuple(d.sources(ids)), more_sources=tuple(d.sources(cited)),
            dated=figures_sentence(d))

    def rows(self, facts: Iterable[Fact]) -> tuple[FactRow, ...]:
        return tuple(FactRow(f, self.directory.ref("state", f.state_id) if f.state_id else None)
                     for f in facts)

    def state_clusters(self, state_id: str, exclude: str | None = None,
                       whole: bool = False) -> RecordList:
        d = self.directory
        refs = d.clusters_in_state(state_id, -1 if whole else LINK_LIMIT + 1)
        return RecordList(tuple(r for r in refs if r.id != exclude),
                          d.count_clusters_in_state(state_id) - (1 if exclude else 0),
                          everything=RecordRef("state", state_id, ""))

    def sector_clusters(self, sector_ids: list[str], exclude: str | None = None) -> RecordList:
        d = self.directory
        refs = d.clusters_in_sectors(sector_ids, LINK_LIMIT + 1)
        return RecordList(tuple(r for r in refs if r.id != exclude),
                          d.count_clusters_in_sectors(sector_ids) - (1 if exclude else 0))

    @staticmethod
    def related(lists: list[tuple[str, RecordList]]) -> Section:
        return Section(RELATED, RelatedLists(tuple((k, v) for k, v in lists if v.refs)),
                       "pane")

    def cluster(self, c: Cluster) -> Details:
        d = self.directory
        label: Value = ""
        if c.label:
            label = LabelStatus(label_status(c, self.today), c.label.is_valid_on(self.today),
                                c.label.source_id)
        state: Value = Unstated("not stated in the briefings")
        if c.state:
            state = Place(c.state, d.state(c.state.id).region)
        facts = self.rows(c.facts)
        sector_ids = [s.id for s in c.sectors]
        related: list[tuple[str, RecordList]] = []
        if sector_ids:
            related.append((f"Policies touching {', '.join(s.name for s in c.sectors)}",
                            _all(d.policies_for_sectors(sector_ids))))
        if c.state:
            related.append((f"Other clusters in {c.state.name}",
                            self.state_clusters(c.state.id, exclude=c.id)))
        if sector_ids:
            related += [
                ("Other clusters in the same sectors",
                 self.sector_clusters(sector_ids, exclude=c.id)),
                ("EU cooperation in these sectors",
                 _all(d.cooperation_for_sectors(sector_ids)))]
        title = c.name
        if c.acronym and c.acronym not in c.name:
            title = f"{c.acronym} — {c.name}"
        return self.make(c, "Cluster organisation" + (f" · {c.acronym}" if c.acronym else ""), [
            Field("Also known as", Aliases(c.aliases)),
            Field("State", state),
            Field("Sectors", _all(c.sectors)),
            Field("Legal form", c.legal_form or ""),
            Field("Founded", Plain(str(c.founded)) if c.founded else ""),
            Field("Quality label", label),
            Field("Website", WebLink(c.website) if c.website else ""),
        ], [
            # The pane shows the figures first; the text after every list.
            Section(KEY_FIGURES, Figures(facts), "pane"),
            Section("Committees and work groups", Bullets(c.committees)),
            Section("Focus areas", Bullets(c.focus_areas)),
            Section("Offices", Bullets(c.offices)),
            Section("Strategic partners", Bullets(c.partners)),
            self.related(related),
            Section("Listed in the briefing", Bullets(tuple(_listed(x) for x in c.listings))),
            Section(KEY_FIGURES, Figures(facts), "text"),
        ], facts, title=title)

    def sector(self, s: Sector) -> Details:
        d = self.directory
        facts = self.rows(s.facts)
        ids = [s.id, *(x.id for x in s.subsectors)]
        companies = d.companies_in_sectors(ids)
        return self.make(s, {"industry": "Industry", "theme": "Theme"}.get(s.kind, "Sector"), [
            Field("Also known as", Aliases(s.aliases)),
            Field("Type", s.kind, "text"),
            Field("Industry", s.industry or ""),
            Field("Sectors", _all(s.subsectors)),
        ], [
            Section(KEY_FIGURES, Figures(facts), "pane"),
            Section("Top locations", Bullets(tuple(
                Group(loc.group, _all(loc.states), loc.source_id) for loc in s.locations))),
            self.related([
                ("Clusters", self.sector_clusters(ids)),
                ("Companies", _all(companies)),
                ("Policies", _all(d.policies_for_sectors(ids))),
                ("EU cooperation", _all(d.cooperation_for_sectors(ids))),
            ]),
            Section("Companies", Bullets(companies), "text"),
            Section(KEY_FIGURES, Figures(facts), "text"),
        ], facts, cited=[loc.source_id for loc in s.locations])

    def policy(self, p: Policy) -> Details:
        d = self.directory
        facts = self.rows(p.facts)
        ids = [s.id for s in p.sectors]
        related: list[tuple[str, RecordList]] = []
        if ids:
            related += [
                ("Clusters in these sectors", self.sector_clusters(ids)),
                ("Other policies in these sectors",
                 _all(r for r in d.policies_for_sectors(ids) if r.id != p.id))]
        if p.state:
            related.append((f"Clusters in {p.state.name}", self.state_clusters(p.state.id)))
        return self.make(p, f"{p.level.capitalize()} {p.kind}", [
            Field("Also known as", Aliases(p.aliases)),
            Field("Type", p.kind, "text"),
            Field("Level", p.level, "text"),
            Field("State", p.state or ""),
            Field("Years", Plain(p.years_on(self.today))),
            Field("Responsible", p.body or ""),
            Field("Part of", p.parent or ""),
            Field("Components", _all(p.children), "pane"),
            Field("Sectors", _all(p.sectors)),
            Field("Website", WebLink(p.website) if p.website else ""),
            Field("Section", p.section or "", "text"),
            Field("Briefing section", Plain(p.section or ""), "pane"),
        ], [
            Section(KEY_FIGURES, Figures(facts), "pane"),
            Section("Components", Bullets(p.children), "text"),
            # One "Related" section (a state policy with sectors used to get two).
            self.related(related),
            Section(KEY_FIGURES, Figures(facts), "text"),
        ], facts)

    def cooperation(self, ids: list[str]) -> list[Section]:
        if not ids:
            return []
        return [self.related([
            ("Mexican clusters in these sectors", self.sector_clusters(ids)),
            ("Policies in these sectors", _all(self.directory.policies_for_sectors(ids))),
        ])]

    def programme(self, r: Programme) -> Details:
        return self.make(r, "EU–Mexico cooperation programme", [
            Field("Relation", r.relation),
            Field("Field", r.field),
            Field("Sectors", _all(r.sectors)),
            Field("Website", WebLink(r.website) if r.website else ""),
        ], self.cooperation([s.id for s in r.sectors]))

    def partnership(self, r: Partnership) -> Details:
        generation = {1: "First", 2: "Second"}.get(r.generation, str(r.generation))
        return self.make(r, "European Strategic Cluster Partnership for Going International", [
            Field("Acronym", r.acronym),
            Field("Generation", {1: "first", 2: "second"}.get(r.generation, str(r.generation)),
                  "text"),
            Field("Generation", Plain(f"{generation} generation ESCP-4i"), "pane"),
            Field("Sector", r.sector_text),
            Field("Sectors", _all(r.sectors), "pane"),
        ], self.cooperation([s.id for s in r.sectors]))

    def state(self, s: State) -> Details:
        d = self.directory
        clusters = self.state_clusters(s.id, whole=self.whole)
        policies = d.policies_in_state(s.id)
        about = d.facts_about_state(s.id)
        locations = d.locations_of_state(s.id)
        count = "" if s.annex_count is None else str(s.annex_count)
        return self.make(s, f"Federal entity · region {s.region}", [
            Field("Also known as", Aliases(s.aliases)),
            Field("Region", Plain(s.region)),
            Field("Annex count", count, "text"),
            Field("Formally organised clusters",
                  Plain(f"{count} (as stated in Table 6 of the briefing)" if count else ""),
                  "pane"),
            Field("Website", WebLink(s.website) if s.website else ""),
        ], [
            Section("Clusters", Bullets(clusters.refs), "text"),
            Section(f"Clusters in {s.name} ({clusters.total:,})",
                    Links(clusters, "The briefings name no cluster in this state."), "pane"),
            Section("State policies", Bullets(policies), "text"),
            Section("State cluster policy", Bullets(policies), "pane"),
            Section("Companies", Bullets(d.companies_in_state(s.id))),
            # Shown by `mxdesk show` too (issue 16): the per-state i4.0 counts and the Table 3
            # and 4 groups are facts about the state.
            Section("Figures about this state", Figures(tuple(
                FactRow(f, owner=owner) for owner, f in about))),
            Section("Named among the top locations of", Bullets(tuple(
                Mention(sector, group, source) for sector, group, source
                in locations))),
        ], cited=[*(s for _owner, f in about for s in f.source_ids),
                  *(s for *_, s in locations)])

    def company(self, c: Company) -> Details:
        d = self.directory
        facts = self.rows(c.facts)
        ids = [s.id for s in c.sectors]
        states: Value = _all(c.states) if c.states else Unstated(NOT_STATED)
        return self.make(c, "Company" + (f" · {c.origin}" if c.origin else ""), [
            Field("Also known as", Aliases(c.aliases)),
            Field("Origin", Plain(c.origin) if c.origin else Unstated(NOT_STATED)),
            Field("Sectors", _all(c.sectors)),
            Field("States", states),
        ], [
            Section(KEY_FIGURES, Figures(facts)),
            self.related([
                ("Other companies in these sectors",
                 _all(r for r in d.companies_in_sectors(ids) if r.id != c.id)),
                ("Clusters in these sectors", self.sector_clusters(ids)),
            ]),
        ], facts)

    def country(self, c: Country) -> Details:
        """The country page: its figures under their topics (in the order the topics first
        come), a topic-less figure under "Key figures", then the briefing's conclusions."""
        facts = self.rows(c.facts)
        topics: dict[str, list[FactRow]] = {}
        for row in facts:
            topics.setdefault(row.fact.topic or KEY_FIGURES, []).append(row)
        subtitle = "The country as a whole: economy, trade, investment, clusters, conclusions"
        return self.make(c, subtitle, [
            Field("Also known as", Aliases(c.aliases)),
        ], [
            *(Section(topic, Figures(tuple(rows))) for topic, rows in topics.items()),
            Section(CONCLUSIONS, Bullets(tuple(Cited(x.text, x.source_id)
                                               for x in c.conclusions))),
        ], facts, heading=f"{c.name} at a glance")
