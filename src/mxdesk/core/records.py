"""Typed, immutable records of the directory, as the rest of mxdesk sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from mxdesk.core.i18n import _, pgettext

Kind = Literal["cluster", "sector", "policy", "programme", "partnership", "state", "company",
               "country"]


def policy_level_name(level: str) -> str:
    """A policy's level ("federal", "state", "bilateral", "multilateral") as a word in the
    current language; a level not known here as the directory writes it."""
    words = {"federal": pgettext("policy level", "federal"),
             "state": pgettext("policy level", "state"),
             "bilateral": pgettext("policy level", "bilateral"),
             "multilateral": pgettext("policy level", "multilateral")}
    return words.get(level, level)


def policy_kind_name(kind: str) -> str:
    """A policy's kind ("policy", "agency", "programme", …) as a word in the current
    language; a kind not known here as the directory writes it."""
    words = {"policy": pgettext("policy kind", "policy"),
             "agency": pgettext("policy kind", "agency"),
             "programme": pgettext("policy kind", "programme"),
             "agreement": pgettext("policy kind", "agreement"),
             "decree": pgettext("policy kind", "decree"),
             "regulation": pgettext("policy kind", "regulation"),
             "strategy": pgettext("policy kind", "strategy"),
             "law": pgettext("policy kind", "law"),
             "institution": pgettext("policy kind", "institution")}
    return words.get(kind, kind)


def kind_name(kind: str) -> str:
    """A record's kind as a word in the current language: "cluster" → "clúster" in Spanish;
    a kind not known here as it is."""
    words = {"cluster": pgettext("record kind", "cluster"),
             "company": pgettext("record kind", "company"),
             "sector": pgettext("record kind", "sector"),
             "policy": pgettext("record kind", "policy"),
             "programme": pgettext("record kind", "programme"),
             "partnership": pgettext("record kind", "partnership"),
             "state": pgettext("record kind", "state"),
             "country": pgettext("record kind", "country"),
             # Not the directory's: a mission of the user's notes, named by the agenda's
             # commands when a name fits several.
             "mission": pgettext("record kind", "mission")}
    return words.get(kind, kind)


KINDS: tuple[Kind, ...] = ("cluster", "sector", "policy", "programme", "partnership", "state",
                           "company", "country")


class RecordKey(NamedTuple):
    """Which record of the directory: its kind and id, e.g. ``RecordKey("cluster",
    "claut")``. It is a tuple, so it equals ``("cluster", "claut")`` and unpacks as one."""

    kind: Kind
    id: str


def record_key(kind: str, record_id: str) -> RecordKey:
    """The key of a record named by a plain *kind* string (a link, a signal's argument).

    Raises ValueError when *kind* is not one of :data:`KINDS`."""
    if kind not in KINDS:
        raise ValueError(f"not a kind of record: {kind!r}")
    return RecordKey(kind, record_id)


def _number(value: float) -> str:
    """``35000`` → ``"35,000"``, ``1374.46`` → ``"1,374.46"``, ``6.8`` → ``"6.8"``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    whole, _, fraction = repr(float(value)).partition(".")
    return f"{int(whole):,}.{fraction}"


def _ordinal(n: int) -> str:
    """*n* as an ordinal in the current language: "46th", "1st" in English, "46.º" in
    Spanish (the four English endings are four messages, each translated whole)."""
    ending = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    # Translators: an ordinal number, a rank ("1st in Latin America"); {n} is the number.
    # English has four endings (1st, 2nd, 3rd, 46th): give each the form of your language.
    said = {"st": pgettext("ordinal", "{n}st"), "nd": pgettext("ordinal", "{n}nd"),
            "rd": pgettext("ordinal", "{n}rd"), "th": pgettext("ordinal", "{n}th")}[ending]
    return said.format(n=n)


@dataclass(frozen=True)
class Source:
    """A footnote or passage of a briefing that a record rests on.

    *document* is the briefing's id (``briefing``, ``i40``, ``convention``: docs/data.md);
    *footnote* its footnote number, None for a passage cited by section or table.
    """

    id: str
    document: str
    title: str
    footnote: int | None = None
    url: str | None = None
    section: str | None = None

    def citation(self) -> str:
        """One line naming the source the way a reader would look it up, as the detail pane,
        ``mxdesk show`` and the PDFs list it: ``"Footnote 86: title — address"``, or a
        passage's title with its section when the title does not hold it."""
        line = self.title
        if self.footnote is not None:
            # Translators: a source in a list of sources: "Footnote 86: <its title>".
            line = _("Footnote {number}: {title}").format(number=self.footnote,
                                                           title=self.title)
        if self.url and self.title.strip() == self.url.strip():
            return line  # a footnote that prints only its address (fn6)
        if self.url:
            return f"{line} — {self.url}"
        if self.section and self.section not in self.title:
            return f"{line} ({self.section})"
        return line


@dataclass(frozen=True)
class Fact:
    """One figure or statement about a record: value, unit, year and where it comes from.

    Either *value* (a number, in *unit*: ``"%"``, ``"million EUR"``, ``"rank …"``, …) or
    *text*; *year* or *period* says when; *qualifier* is the briefing's ("more than",
    "approximately"); *source_id* the footnote or passage that prints it; *state_id* the
    state the figure is about, when it is about one; *topic* the heading a page groups it
    under ("Trade with the EU"), when it has one; *printed* the date its document prints;
    *also_source_ids* the footnotes printed beside *source_id*'s ("35,36").
    """

    label: str
    source_id: str
    value: float | None = None
    text: str | None = None
    unit: str | None = None
    year: int | None = None
    period: str | None = None
    qualifier: str | None = None
    state_id: str | None = None
    topic: str | None = None
    #: The date printed on the document that holds the figure ("April 2018"), None when that
    #: document prints none (the Preparatory Briefing). Not the figure's year: a figure with
    #: no year of its own is only known to have been printed then (docs/data.md).
    printed: str | None = None
    #: Further sources printed beside *source_id*'s footnote mark ("35,36"), in order.
    also_source_ids: tuple[str, ...] = ()

    # Issue 20: *label*, *text*, *unit*, *qualifier*, *topic* and *period* are in the language
    # the fact was read in. Code that recognises a unit ("%", "rank …"), a qualifier ("more
    # than") or a label's words ("Share of …", "… (of 35)") matches the English source's
    # words, :attr:`label_key`, :attr:`unit_key` and :attr:`qualifier_key`, kept beside the
    # fields (not fields: a record's JSON stays as it was).

    def in_english(self, unit: str | None, qualifier: str | None,
                   label: str | None = None) -> Fact:
        """This fact, knowing its *unit*, *qualifier* and *label* as the English source
        writes them (a fact read in Spanish; *label* None: the label is the English one).
        Returns the same object."""
        object.__setattr__(self, "_source_words", (unit, qualifier, label))
        return self

    @property
    def unit_key(self) -> str:
        """The unit as the English source writes it ("" for none): what code matches on."""
        words = self.__dict__.get("_source_words")
        return (words[0] if words else self.unit) or ""

    @property
    def qualifier_key(self) -> str:
        """The qualifier as the English source writes it ("" for none)."""
        words = self.__dict__.get("_source_words")
        return (words[1] if words else self.qualifier) or ""

    @property
    def label_key(self) -> str:
        """The label as the English source writes it: what code that reads a label's words
        ("Share of …", "… (of 35)", "Expected …") matches on."""
        words = self.__dict__.get("_source_words")
        return (words[2] if words and words[2] is not None else None) or self.label

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source the figure cites, in the order printed: *source_id* first."""
        return (self.source_id, *self.also_source_ids)

    def display_value(self) -> str:
        """The value as the briefings print it: ``"more than €6.8 billion"``, ``"54%"``."""
        if self.value is None:
            shown = self.text or ""
        else:
            shown = _number(self.value)
            unit = self.unit or ""
            if self.unit_key == "%":
                shown = f"{shown}%"
            elif unit != self.unit_key:
                # A unit in Spanish (issue 20): "7.º lugar mundial", "3.47 millones de
                # vehículos", "6.8 mil millones de EUR".
                shown = (f"{int(self.value)}.º {unit}" if self.unit_key.startswith("rank")
                         else f"{shown} {unit}")
            elif unit == "%":
                shown = f"{shown}%"
            elif unit.startswith(("billion EUR", "million EUR")):
                scale, _eur, rest = unit.partition(" EUR")
                shown = f"€{shown} {scale}{rest}"
            elif unit.startswith("rank"):
                shown = f"{_ordinal(int(self.value))}{unit[4:]}"
            elif unit:
                shown = f"{shown} {unit}"
        if self.qualifier:
            shown = f"{self.qualifier} {shown}"
        return shown.strip()

    def when(self) -> str:
        """The year or period the fact refers to, or an empty string."""
        if self.period:
            return self.period
        return str(self.year) if self.year is not None else ""


# Slots: the whole directory's refs (100,000 at the largest) can be held at once, and a
# per-instance __dict__ would be most of their memory.
@dataclass(frozen=True, slots=True)
class RecordRef:
    """A link to another record: enough to show its name and to open it."""

    kind: Kind
    id: str
    name: str


@dataclass(frozen=True)
class QualityLabel:
    """A European Cluster Excellence Initiative label (Gold, Silver or Bronze: *level*), the
    sector it was given in, and the day it is valid until (Table 2 of the briefing)."""

    level: str
    sector: str
    valid_until: dt.date
    source_id: str

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the label is still valid on *day* (valid through ``valid_until`` itself)."""
        return day <= self.valid_until


@dataclass(frozen=True)
class State:
    """One of Mexico's 32 federal entities.

    *region* is one of Banco de México's four economic regions (the one attribute not from
    the briefings, docs/data.md); *annex_count* is how many clusters Table 6 of the briefing
    says the state has (None where it states none), which may differ from those it lists;
    *website* the address of the state's cluster network or cluster page, as a footnote
    prints it (None where none does).
    """

    id: str
    name: str
    region: str
    annex_count: int | None
    aliases: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    website: str | None = None


@dataclass(frozen=True)
class Listing:
    """How one table of a briefing prints a cluster."""

    table: str
    name: str
    state_id: str | None
    sector_text: str | None


@dataclass(frozen=True)
class Cluster:
    """A cluster organisation as the briefings describe it.

    *state* is None where no briefing says; *label* its ECEI quality label, if any;
    *committees*, *focus_areas*, *offices* and *partners* are texts in the briefing's order;
    *listings* the briefing table rows that print it; *source_ids* the footnotes and passages
    it rests on.
    """

    id: str
    name: str
    acronym: str | None
    state: RecordRef | None
    description: str
    sectors: tuple[RecordRef, ...] = ()
    aliases: tuple[str, ...] = ()
    legal_form: str | None = None
    founded: int | None = None
    website: str | None = None
    label: QualityLabel | None = None
    committees: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    listings: tuple[Listing, ...] = ()
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Location:
    """A group of a sector (a subsector or project type) and its top states."""

    group: str
    states: tuple[RecordRef, ...]
    source_id: str


@dataclass(frozen=True)
class Sector:
    """An industry, sector or theme (*kind*: ``industry``/``sector``/``theme``).

    *industry* is the industry a sector belongs to; *subsectors* the sectors of an industry;
    *locations* its subsector or project-type groups with their top states (Tables 3, 4).
    """

    id: str
    name: str
    kind: str
    description: str
    industry: RecordRef | None = None
    aliases: tuple[str, ...] = ()
    subsectors: tuple[RecordRef, ...] = ()
    facts: tuple[Fact, ...] = ()
    locations: tuple[Location, ...] = ()
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    """A policy, law, programme, decree, agreement, strategy, agency, institution or regulation
    (*kind*), at *level* ``federal``, ``state``, ``bilateral`` or ``multilateral``.

    *state* is set only for a state's own record; *year_start*/*year_end* are calendar years
    (None when not printed; no *year_end* when open); *body* is the responsible body as the
    briefing names it; *parent* the record this one is a modality or component of, and
    *children* its own modalities and components; *website* the agency's or programme's own
    address, as a footnote prints it (None where none does).
    """

    id: str
    name: str
    kind: str
    level: str
    description: str
    aliases: tuple[str, ...] = ()
    state: RecordRef | None = None
    year_start: int | None = None
    year_end: int | None = None
    body: str | None = None
    section: str | None = None
    parent: RecordRef | None = None
    children: tuple[RecordRef, ...] = ()
    sectors: tuple[RecordRef, ...] = ()
    facts: tuple[Fact, ...] = ()
    source_ids: tuple[str, ...] = ()
    website: str | None = None

    def years(self) -> str:
        """``"2012–2020"``, ``"2003"`` (a start year alone), ``"until 2014"`` (only its end
        is printed: a law replaced in 2014, an agency closed in 2018, which a bare year would
        pass off as its start) or ``""``."""
        if self.year_start and self.year_end and self.year_end != self.year_start:
            return f"{self.year_start}–{self.year_end}"
        if self.year_start:
            return str(self.year_start)
        # Translators: a policy's years when only its last year is printed.
        return _("until {year}").format(year=self.year_end) if self.year_end else ""

    def years_on(self, today: dt.date) -> str:
        """:meth:`years`, and "(ended)" after it once its last year is over on *today*:
        ``"2012–2020 (ended)"`` (issue 16: what is past its end says so wherever it shows)."""
        years = self.years()
        if self.year_end is not None and self.year_end < today.year:
            # Translators: a policy's years once its last year is over: "2012–2020 (ended)".
            return _("{years} (ended)").format(years=years)
        return years


@dataclass(frozen=True)
class Programme:
    """An EU–Mexico cooperation programme or project (Table 7 of the briefing)."""

    id: str
    name: str
    relation: str
    field: str
    description: str
    website: str | None = None
    sectors: tuple[RecordRef, ...] = ()
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Partnership:
    """A European Strategic Cluster Partnership for Going International (ESCP-4i)."""

    id: str
    name: str
    acronym: str
    generation: int
    sector_text: str
    description: str
    sectors: tuple[RecordRef, ...] = ()
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conclusion:
    """One of the briefing's closing conclusions (section 5), in our own words, with the
    passage it rests on."""

    text: str
    source_id: str


@dataclass(frozen=True)
class Country:
    """The country as a whole: "Mexico at a glance" (the briefing's sections 2.1 and 2.2).

    *facts* are its figures and statements in the briefing's order, each under its
    ``topic``; *conclusions* the briefing's closing conclusions, in its order.
    """

    id: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    conclusions: tuple[Conclusion, ...] = ()
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Company:
    """A firm the briefing's sector profiles name.

    *origin* is its country of origin as the briefing states it (None where it states
    none); *sectors* the profiles that name it; *states* the states the briefing places it
    in (often none).
    """

    id: str
    name: str
    description: str
    origin: str | None = None
    aliases: tuple[str, ...] = ()
    sectors: tuple[RecordRef, ...] = ()
    states: tuple[RecordRef, ...] = ()
    facts: tuple[Fact, ...] = ()
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    """One search result: which record, how it is called, and the matching text marked up."""

    kind: Kind
    id: str
    name: str
    snippet: str
    rank: float


@dataclass(frozen=True)
class DirectoryInfo:
    """What the About dialog and ``--version`` say about the data: its version and build date
    (as the file's ``meta`` table holds them, ``"?"`` when missing) and *counts*: kind ->
    how many records, plus ``"source"``."""

    data_version: str
    build_date: str
    counts: dict[str, int] = field(default_factory=dict)
