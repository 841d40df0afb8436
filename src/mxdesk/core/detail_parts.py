"""What a record's :class:`Details` is made of: field values, sections, and the numbering of
the sources a page cites. Which parts a record has, in what order, is decided in
:mod:`mxdesk.core.details` alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from mxdesk.core.records import Fact, Kind, RecordRef, Source

#: Who shows a field or a section: every renderer, only the text (``mxdesk show``, Copy as
#: text) or only the detail pane (whose fields and lists the fact sheet prints as well).
Shown = Literal["both", "text", "pane"]
#: A renderer, as :meth:`Details.fields_in` and :meth:`Details.sections_in` take it.
View = Literal["text", "pane"]


# -- what a field holds -------------------------------------------------------------------------


@dataclass(frozen=True)
class Plain:
    """Text shown as it is, never marked for search terms: a year, a section, a region."""

    text: str


@dataclass(frozen=True)
class Aliases:
    """The record's other names, shown joined by "; "."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class RecordList:
    """Records to link to, in order: all of them, or the first of a long list.

    *refs* are those read; *total* is how many there are (more than ``len(refs)`` when only
    the first LINK_LIMIT + 1 were read); *everything* is a record whose page lists them all
    (a state, for its clusters), or None."""

    refs: tuple[RecordRef, ...]
    total: int
    everything: RecordRef | None = None


@dataclass(frozen=True)
class WebLink:
    """A web address as the briefings print it (often without ``http://``)."""

    address: str


@dataclass(frozen=True)
class LabelStatus:
    """A cluster's quality label: :func:`label_status`'s words, whether it is valid on the
    day the details were made for, and the source that says so."""

    text: str
    valid: bool
    source_id: str


@dataclass(frozen=True)
class Place:
    """A cluster's state and the state's region (Banco de México's, from the directory)."""

    state: RecordRef
    region: str


@dataclass(frozen=True)
class Unstated:
    """A field the briefings leave open, said in words."""

    text: str


#: A field's value; a plain ``str`` is text the pane marks search terms in.
Value = str | Plain | Aliases | RecordRef | RecordList | WebLink | LabelStatus | Place | Unstated


@dataclass(frozen=True)
class Field:
    """One labelled line of the record's fields ("State: Nuevo León")."""

    label: str
    value: Value
    shown: Shown = "both"


# -- what a section holds -----------------------------------------------------------------------


@dataclass(frozen=True)
class FactRow:
    """One figure: the fact, the state it is about (when it names one), and in a list of
    figures about a state, the record it belongs to."""

    fact: Fact
    state: RecordRef | None = None
    owner: RecordRef | None = None


@dataclass(frozen=True)
class Group:
    """A group of a sector (a subsector or project type), its top states and its source."""

    name: str
    states: RecordList
    source_id: str


@dataclass(frozen=True)
class Mention:
    """A record that names this one, and how: a sector naming a state among the top
    locations of one of its groups."""

    ref: RecordRef
    note: str
    #: The source that names the state there (Table 3's or 4's footnote).
    source_id: str | None = None


@dataclass(frozen=True)
class Listed:
    """How one table or section of a briefing prints the record."""

    #: The table's name for readers: "Table 2 (ECEI quality labels)".
    table: str
    name: str
    #: The sector as that table prints it; "" when it prints none.
    sector: str


@dataclass(frozen=True)
class Cited:
    """A statement of ours with the source it rests on: one of the briefing's conclusions."""

    text: str
    source_id: str


Item = str | RecordRef | Group | Mention | Listed | Cited


@dataclass(frozen=True)
class Bullets:
    """A section's body as a bulleted list: texts, links, groups, mentions, listings or
    cited statements."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class Figures:
    """A section's body as a table of figures, one :class:`FactRow` each."""

    rows: tuple[FactRow, ...]


@dataclass(frozen=True)
class RelatedLists:
    """Lists of related records, each under a label ("Other clusters in Nuevo León")."""

    lists: tuple[tuple[str, RecordList], ...]


@dataclass(frozen=True)
class Links:
    """One list of records as a paragraph, or *none* (words) when it is empty."""

    records: RecordList
    none: str


Body = Bullets | Figures | RelatedLists | Links


@dataclass(frozen=True)
class Section:
    """One headed section of a record: its *body*, and who shows it (*shown*)."""

    heading: str
    body: Body
    shown: Shown = "both"


@dataclass(frozen=True)
class Details:
    """Everything shown about one record, in order, before any renderer lays it out."""

    kind: Kind
    id: str
    title: str
    #: The title with an acronym the name lacks ("CLAUT — Cluster Automotriz…"): the text's.
    long_title: str
    subtitle: str
    #: Fields in order; empty ones are left out.
    fields: tuple[Field, ...]
    description: str
    #: The record's own figures (the rows of its "Key figures" sections).
    facts: tuple[FactRow, ...]
    #: Sections in order; empty ones are left out (a :class:`Links` says it is empty).
    sections: tuple[Section, ...]
    #: The sources the record rests on, each once, in the order the text lists them: the
    #: record's own, its figures', its label's.
    sources: tuple[Source, ...]
    #: Sources only sections cite (a sector's top locations, the figures about a state).
    more_sources: tuple[Source, ...] = ()
    #: What the figures describe, shown at the foot of every view (:mod:`mxdesk.core.dating`).
    dated: str = ""

    def fields_in(self, view: View) -> tuple[Field, ...]:
        """The fields *view* shows, in order."""
        return tuple(f for f in self.fields if f.shown in ("both", view))

    def sections_in(self, view: View) -> tuple[Section, ...]:
        """The sections *view* shows, in order."""
        return tuple(s for s in self.sections if s.shown in ("both", view))


class Citations:
    """Numbers sources in the order a page first cites them ([1], [2], …), for its marks and
    its closing list."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, source_id: str) -> int:
        """The number of *source_id*, a new one (the next) if it was not cited before."""
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)

    def listed(self, sources: Iterable[Source]) -> list[tuple[int, Source]]:
        """The cited sources found among *sources*, numbered from 1 in citation order."""
        by_id = {s.id: s for s in sources}
        return list(enumerate((by_id[i] for i in self.numbers if i in by_id), start=1))
