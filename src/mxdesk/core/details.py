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

from mxdesk.core import i18n
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
from mxdesk.core.i18n import N_, _, pgettext
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
    kind_name,
    policy_kind_name,
    policy_level_name,
)
from mxdesk.core.tables import shown_value

__all__ = [
    "CONCLUSIONS", "KEY_FIGURES", "LINK_LIMIT", "NOT_STATED", "RELATED", "SOURCES",
    "TABLE_NAMES", "Aliases", "Body", "Bullets", "Citations", "Cited", "Details", "FactRow",
    "Field", "Figures", "Group", "Item", "LabelStatus", "Links", "Listed", "Mention", "Place",
    "Plain", "RecordList", "RelatedLists", "Section", "Shown", "Unstated", "Value", "View",
    "WebLink", "details",
    "kind_name", "kind_of", "label_status",
]

#: The briefing's tables and sections a cluster is listed in, for readers (in English, marked:
#: shown as ``_(TABLE_NAMES[table])``).
TABLE_NAMES = {
    "table-2": N_("Table 2 (ECEI quality labels)"),
    "table-5": N_("Table 5 (ICT clusters in 2016)"),
    "table-6": N_("Table 6 (formally organised clusters by state)"),
    "section-3.2": N_("Section 3.2 (cluster profiles)"),
}

#: A list of cross-links this long or shorter is shown whole: every list of the bundled
#: directory (the longest, ICT's other clusters, has 23). A longer one is read only as far as
#: LINK_LIMIT + 1 records (a large directory lists thousands of a state's clusters).
LINK_LIMIT = 25

# The headings every record may have, in English (marked; a Details holds them translated:
# ``_(KEY_FIGURES)``).
KEY_FIGURES = N_("Key figures")
RELATED = N_("Related")
SOURCES = N_("Sources")
#: The heading of the country's last section: the briefing's closing conclusions.
CONCLUSIONS = N_("Conclusions of the briefing")
#: What a field says when the briefing leaves it open (a company's origin or states).
NOT_STATED = N_("not stated in the briefing")


def kind_of(record: AnyRecord) -> Kind:
    """The kind of *record*: "cluster", "sector", "policy", "programme", …; raises KeyError
    for anything that is not a record."""
    kinds: dict[type, Kind] = {Cluster: "cluster", Sector: "sector", Policy: "policy",
                               Programme: "programme", Partnership: "partnership",
                               State: "state", Company: "company", Country: "country"}
    return kinds[type(record)]


def _sector_type(kind: str) -> str:
    words = {"sector": pgettext("sector type", "sector"),
             "industry": pgettext("sector type", "industry"),
             "theme": pgettext("sector type", "theme")}
    return words.get(kind, kind)


def label_status(cluster: Cluster, today: dt.date | None = None) -> str:
    """``"Gold label (ICT), valid until 2021-02-15 — expired (checked 2026-11-29)"``, in the
    current language; "" for a cluster without a label. *today* defaults to the computer's
    date."""
    if cluster.label is None:
        return ""
    label = cluster.label
    day = today or dt.date.today()
    args = {"level": shown_value(label.level), "sector": label.sector,
            "until": label.valid_until.isoformat(), "checked": day.isoformat()}
    if label.is_valid_on(day):
        # Translators: a cluster's quality label; {level} is Gold, Silver or Bronze, {sector}
        # the label's sector as the ECEI writes it; dates as yyyy-mm-dd.
        return _("{level} label ({sector}), valid until {until} — valid (checked {checked})"
                 ).format(**args)
    # Translators: as above, for a label whose validity is over.
    return _("{level} label ({sector}), valid until {until} — expired (checked {checked})"
             ).format(**args)


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
    table = TABLE_NAMES.get(listing.table)
    return Listed(_(table) if table else listing.table, listing.name,
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
        head = [Field(pgettext("record field", "Kind"), kind_name(kind), "text"),
                Field(_("Id"), record.id, "text")]
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
        return Section(_(RELATED), RelatedLists(tuple((k, v) for k, v in lists if v.refs)),
                       "pane")

    def cluster(self, c: Cluster) -> Details:
        d = self.directory
        label: Value = ""
        if c.label:
            label = LabelStatus(label_status(c, self.today), c.label.is_valid_on(self.today),
                                c.label.source_id)
        state: Value = Unstated(_("not stated in the briefings"))
        if c.state:
            state = Place(c.state, d.state(c.state.id).region)
        facts = self.rows(c.facts)
        sector_ids = [s.id for s in c.sectors]
        related: list[tuple[str, RecordList]] = []
        if sector_ids:
            related.append((_("Policies touching {sectors}").format(
                                sectors=", ".join(s.name for s in c.sectors)),
                            _all(d.policies_for_sectors(sector_ids))))
        if c.state:
            related.append((_("Other clusters in {state}").format(state=c.state.name),
                            self.state_clusters(c.state.id, exclude=c.id)))
        if sector_ids:
            related += [
                (_("Other clusters in the same sectors"),
                 self.sector_clusters(sector_ids, exclude=c.id)),
                (_("EU cooperation in these sectors"),
                 _all(d.cooperation_for_sectors(sector_ids)))]
        title = c.name
        if c.acronym and c.acronym not in c.name:
            title = f"{c.acronym} — {c.name}"
        # Translators: a cluster's subtitle, with its acronym: "Cluster organisation · CLAUT".
        subtitle = (_("Cluster organisation · {acronym}").format(acronym=c.acronym)
                    if c.acronym else _("Cluster organisation"))
        return self.make(c, subtitle, [
            Field(_("Also known as"), Aliases(c.aliases)),
            Field(_("State"), state),
            Field(_("Sectors"), _all(c.sectors)),
            Field(_("Legal form"), c.legal_form or ""),
            Field(_("Founded"), Plain(str(c.founded)) if c.founded else ""),
            Field(_("Quality label"), label),
            Field(_("Website"), WebLink(c.website) if c.website else ""),
        ], [
            # The pane shows the figures first; the text after every list.
            Section(_(KEY_FIGURES), Figures(facts), "pane"),
            Section(_("Committees and work groups"), Bullets(c.committees)),
            Section(_("Focus areas"), Bullets(c.focus_areas)),
            Section(_("Offices"), Bullets(c.offices)),
            Section(_("Strategic partners"), Bullets(c.partners)),
            self.related(related),
            Section(_("Listed in the briefing"),
                    Bullets(tuple(_listed(x) for x in c.listings))),
            Section(_(KEY_FIGURES), Figures(facts), "text"),
        ], facts, title=title)

    def sector(self, s: Sector) -> Details:
        d = self.directory
        facts = self.rows(s.facts)
        ids = [s.id, *(x.id for x in s.subsectors)]
        companies = d.companies_in_sectors(ids)
        subtitle = {"industry": _("Industry"), "theme": _("Theme")}.get(s.kind, _("Sector"))
        return self.make(s, subtitle, [
            Field(_("Also known as"), Aliases(s.aliases)),
            Field(_("Type"), _sector_type(s.kind), "text"),
            Field(_("Industry"), s.industry or ""),
            Field(_("Sectors"), _all(s.subsectors)),
        ], [
            Section(_(KEY_FIGURES), Figures(facts), "pane"),
            Section(_("Top locations"), Bullets(tuple(
                Group(loc.group, _all(loc.states), loc.source_id) for loc in s.locations))),
            self.related([
                (_("Clusters"), self.sector_clusters(ids)),
                (_("Companies"), _all(companies)),
                (_("Policies"), _all(d.policies_for_sectors(ids))),
                (_("EU cooperation"), _all(d.cooperation_for_sectors(ids))),
            ]),
            Section(_("Companies"), Bullets(companies), "text"),
            Section(_(KEY_FIGURES), Figures(facts), "text"),
        ], facts, cited=[loc.source_id for loc in s.locations])

    def policy(self, p: Policy) -> Details:
        d = self.directory
        facts = self.rows(p.facts)
        ids = [s.id for s in p.sectors]
        related: list[tuple[str, RecordList]] = []
        if ids:
            related += [
                (_("Clusters in these sectors"), self.sector_clusters(ids)),
                (_("Other policies in these sectors"),
                 _all(r for r in d.policies_for_sectors(ids) if r.id != p.id))]
        if p.state:
            related.append((_("Clusters in {state}").format(state=p.state.name),
                            self.state_clusters(p.state.id)))
        # Translators: a policy's level and kind, "federal policy" (the first letter is made
        # a capital); Spanish puts the kind first: "{kind} {level}".
        subtitle = _("{level} {kind}").format(level=policy_level_name(p.level),
                                              kind=policy_kind_name(p.kind))
        return self.make(p, subtitle[:1].upper() + subtitle[1:], [
            Field(_("Also known as"), Aliases(p.aliases)),
            Field(_("Type"), policy_kind_name(p.kind), "text"),
            Field(_("Level"), policy_level_name(p.level), "text"),
            Field(_("State"), p.state or ""),
            Field(_("Years"), Plain(p.years_on(self.today))),
            Field(_("Responsible"), p.body or ""),
            Field(_("Part of"), p.parent or ""),
            Field(_("Components"), _all(p.children), "pane"),
            Field(_("Sectors"), _all(p.sectors)),
            Field(_("Website"), WebLink(p.website) if p.website else ""),
            Field(_("Section"), p.section or "", "text"),
            Field(_("Briefing section"), Plain(p.section or ""), "pane"),
        ], [
            Section(_(KEY_FIGURES), Figures(facts), "pane"),
            Section(_("Components"), Bullets(p.children), "text"),
            # One "Related" section (a state policy with sectors used to get two).
            self.related(related),
            Section(_(KEY_FIGURES), Figures(facts), "text"),
        ], facts)

    def cooperation(self, ids: list[str]) -> list[Section]:
        if not ids:
            return []
        return [self.related([
            (_("Mexican clusters in these sectors"), self.sector_clusters(ids)),
            (_("Policies in these sectors"), _all(self.directory.policies_for_sectors(ids))),
        ])]

    def programme(self, r: Programme) -> Details:
        return self.make(r, _("EU–Mexico cooperation programme"), [
            Field(_("Relation"), shown_value(r.relation)),
            Field(_("Field"), r.field),
            Field(_("Sectors"), _all(r.sectors)),
            Field(_("Website"), WebLink(r.website) if r.website else ""),
        ], self.cooperation([s.id for s in r.sectors]))

    def partnership(self, r: Partnership) -> Details:
        ordinal = {1: pgettext("generation", "first"),
                   2: pgettext("generation", "second")}.get(r.generation, str(r.generation))
        # Translators: a partnership's generation in its detail pane (ESCP-4i is the
        # programme's name).
        generation = {1: _("First generation ESCP-4i"), 2: _("Second generation ESCP-4i")}.get(
            r.generation, _("Generation {n} ESCP-4i").format(n=r.generation))
        title = _("European Strategic Cluster Partnership for Going International")
        return self.make(r, title, [
            Field(_("Acronym"), r.acronym),
            Field(_("Generation"), ordinal, "text"),
            Field(_("Generation"), Plain(generation), "pane"),
            Field(_("Sector"), r.sector_text),
            Field(_("Sectors"), _all(r.sectors), "pane"),
        ], self.cooperation([s.id for s in r.sectors]))

    def state(self, s: State) -> Details:
        d = self.directory
        clusters = self.state_clusters(s.id, whole=self.whole)
        policies = d.policies_in_state(s.id)
        about = d.facts_about_state(s.id)
        locations = d.locations_of_state(s.id)
        count = "" if s.annex_count is None else str(s.annex_count)
        return self.make(s, _("Federal entity · region {region}").format(region=s.region), [
            Field(_("Also known as"), Aliases(s.aliases)),
            Field(_("Region"), Plain(s.region)),
            Field(_("Annex count"), count, "text"),
            Field(_("Formally organised clusters"),
                  Plain(_("{count} (as stated in Table 6 of the briefing)").format(count=count)
                        if count else ""),
                  "pane"),
            Field(_("Website"), WebLink(s.website) if s.website else ""),
        ], [
            Section(_("Clusters"), Bullets(clusters.refs), "text"),
            # Translators: a heading; {n} is how many clusters the list under it holds.
            Section(_("Clusters in {state} ({n})").format(
                        state=s.name, n=i18n.number(clusters.total)),
                    Links(clusters, _("The briefings name no cluster in this state.")), "pane"),
            Section(_("State policies"), Bullets(policies), "text"),
            Section(_("State cluster policy"), Bullets(policies), "pane"),
            Section(_("Companies"), Bullets(d.companies_in_state(s.id))),
            # Shown by `mxdesk show` too (issue 16): the per-state i4.0 counts and the Table 3
            # and 4 groups are facts about the state.
            Section(_("Figures about this state"), Figures(tuple(
                FactRow(f, owner=owner) for owner, f in about))),
            Section(_("Named among the top locations of"), Bullets(tuple(
                Mention(sector, group, source) for sector, group, source
                in locations))),
        ], cited=[*(s for _owner, f in about for s in f.source_ids),
                  *(s for *_, s in locations)])

    def company(self, c: Company) -> Details:
        d = self.directory
        facts = self.rows(c.facts)
        ids = [s.id for s in c.sectors]
        states: Value = _all(c.states) if c.states else Unstated(_(NOT_STATED))
        # Translators: a company's subtitle with its origin: "Company · Germany".
        subtitle = (_("Company · {origin}").format(origin=c.origin) if c.origin
                    else _("Company"))
        return self.make(c, subtitle, [
            Field(_("Also known as"), Aliases(c.aliases)),
            Field(_("Origin"), Plain(c.origin) if c.origin else Unstated(_(NOT_STATED))),
            Field(_("Sectors"), _all(c.sectors)),
            Field(_("States"), states),
        ], [
            Section(_(KEY_FIGURES), Figures(facts)),
            self.related([
                (_("Other companies in these sectors"),
                 _all(r for r in d.companies_in_sectors(ids) if r.id != c.id)),
                (_("Clusters in these sectors"), self.sector_clusters(ids)),
            ]),
        ], facts)

    def country(self, c: Country) -> Details:
        """The country page: its figures under their topics (in the order the topics first
        come), a topic-less figure under "Key figures", then the briefing's conclusions."""
        facts = self.rows(c.facts)
        topics: dict[str, list[FactRow]] = {}
        for row in facts:
            topics.setdefault(row.fact.topic or _(KEY_FIGURES), []).append(row)
        subtitle = _("The country as a whole: economy, trade, investment, clusters, "
                     "conclusions")
        return self.make(c, subtitle, [
            Field(_("Also known as"), Aliases(c.aliases)),
        ], [
            *(Section(topic, Figures(tuple(rows))) for topic, rows in topics.items()),
            Section(_(CONCLUSIONS), Bullets(tuple(Cited(x.text, x.source_id)
                                                  for x in c.conclusions))),
        ], facts, heading=_("{country} at a glance").format(country=c.name))
