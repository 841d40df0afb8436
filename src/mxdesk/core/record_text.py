"""A record as plain text (``mxdesk show``, "copy as text") and as JSON-ready data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from collections.abc import Iterable
from typing import Any

from mxdesk.core.dating import no_year
from mxdesk.core.detail_parts import Citations
from mxdesk.core.details import (
    SOURCES,
    Aliases,
    Body,
    Bullets,
    Cited,
    Details,
    FactRow,
    Figures,
    Group,
    Item,
    LabelStatus,
    Links,
    Mention,
    Plain,
    RecordList,
    RelatedLists,
    Unstated,
    Value,
    WebLink,
    details,
    kind_of,
)
from mxdesk.core.directory import AnyRecord, Directory
from mxdesk.core.i18n import _
from mxdesk.core.records import RecordRef

#: Text is wrapped at this many characters (the title's underline stops there too).
_WIDTH = 88


def value_text(value: Value) -> str:
    """A field's value as plain text; a cluster's place is its state's name (the fact sheet
    adds the region)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Plain | Unstated | LabelStatus):
        return value.text
    if isinstance(value, Aliases):
        return "; ".join(value.names)
    if isinstance(value, RecordRef):
        return value.name
    if isinstance(value, RecordList):
        return ", ".join(r.name for r in value.refs)
    if isinstance(value, WebLink):
        return value.address
    return value.state.name


def figure_line(row: FactRow) -> str:
    """``"Members [Nuevo León]: 92 members (2017)"``."""
    fact = row.fact
    when = f" ({fact.when()})" if fact.when() else f" {no_year(fact)}"
    where = f" [{row.state.name}]" if row.state else ""
    owner = f"{row.owner.name}: " if row.owner else ""
    return f"{owner}{fact.label}{where}: {fact.display_value()}{when}"


def item_text(item: Item) -> str:
    """A list's item as plain text: a name, ``"Aerostructures: Querétaro, Sonora"``, a
    statement (its source is in the record's list of sources), or how a briefing lists the
    record (``'Table 2 (ECEI quality labels): "CLAUT" — ICT'``)."""
    if isinstance(item, str):
        return item
    if isinstance(item, Cited):
        return item.text
    if isinstance(item, RecordRef):
        return item.name
    if isinstance(item, Group):
        return f"{item.name}: {value_text(item.states)}"
    if isinstance(item, Mention):
        return f"{item.ref.name} — {item.note}"
    return f'{item.table}: "{item.name}"' + (f" — {item.sector}" if item.sector else "")


def _cited(item: Item, citations: Citations) -> str:
    """*item*'s text, with the [n] of its source when it has one (as the detail pane)."""
    if isinstance(item, Cited | Group) or (isinstance(item, Mention) and item.source_id):
        assert item.source_id is not None
        return f"{item_text(item)} [{citations.number(item.source_id)}]"
    return item_text(item)


def _marks(source_ids: Iterable[str], citations: Citations) -> str:
    """The marks of a figure's sources: "[4]", or "[4, 15]" for two printed side by side."""
    return f"[{', '.join(str(n) for n in sorted({citations.number(s) for s in source_ids}))}]"


def _lines(body: Body, citations: Citations) -> list[str]:
    if isinstance(body, Bullets):
        return [_cited(i, citations) for i in body.items]
    if isinstance(body, Figures):
        return [f"{figure_line(row)} {_marks(row.fact.source_ids, citations)}"
                for row in body.rows]
    if isinstance(body, RelatedLists):
        return [f"{label}: {value_text(refs)}" for label, refs in body.lists]
    assert isinstance(body, Links)
    return [r.name for r in body.records.refs]


def details_text(record: Details) -> str:
    """*record*'s details laid out for reading in a terminal or a text file (lines of at most
    88 characters, except fields and words that must not break, such as addresses). Figures,
    the label and conclusions carry the [n] of their source, numbered as first cited; the
    list of sources gives each its [n] and then its footnote ("[1] Footnote 68: …"), as the
    detail pane and the PDFs do."""
    citations = Citations()
    lines = [record.long_title, "=" * min(len(record.long_title), _WIDTH)]
    fields = record.fields_in("text")
    # The values line up after the longest label (15 wide in English; Spanish's are longer).
    width = max([15, *(len(f.label) + 2 for f in fields)])
    for f in fields:
        cite = (f" [{citations.number(f.value.source_id)}]"
                if isinstance(f.value, LabelStatus) else "")
        lines.append(f"{f.label + ':':<{width}}{value_text(f.value)}{cite}")

    def block(title: str, items: list[str]) -> None:
        if items:
            lines.append("")
            lines.append(title)
            # URLs must survive a copy and paste: never break inside a word or at a hyphen.
            lines.extend(textwrap.fill(item, _WIDTH, initial_indent="  ",
                                       subsequent_indent="    ", break_long_words=False,
                                       break_on_hyphens=False) for item in items)

    if record.description:
        lines.append("")
        lines.extend(textwrap.wrap(record.description, _WIDTH, break_on_hyphens=False))
    for section in record.sections_in("text"):
        block(section.heading, _lines(section.body, citations))
    for source in record.sources:
        citations.number(source.id)
    block(_(SOURCES), [f"[{n}] {s.citation()}"
                    for n, s in citations.listed((*record.sources, *record.more_sources))])
    if record.dated:
        lines.append("")
        lines.extend(textwrap.wrap(record.dated, _WIDTH, break_on_hyphens=False))
    return "\n".join(lines) + "\n"


def text_profile(directory: Directory, record: AnyRecord, today: dt.date | None = None) -> str:
    """Everything known about *record*, laid out for reading in a terminal or a text file;
    a label's status is for *today* (default: the computer's date). Raises what
    :func:`details` raises (DirectoryError; NotFoundError for a record the directory no
    longer has)."""
    return details_text(details(directory, record, today, whole_lists=True))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record_data(directory: Directory, record: AnyRecord) -> dict[str, Any]:
    """The record as JSON-ready data (field -> value, dates as ISO text), with its kind and its
    sources spelled out. Raises :class:`DirectoryError` when the sources cannot be read."""
    data: dict[str, Any] = {"kind": kind_of(record), **_plain(dataclasses.asdict(record))}
    ids = list(record.source_ids)
    facts = getattr(record, "facts", ())
    ids += [s for f in facts for s in f.source_ids]
    ids += [x.source_id for x in getattr(record, "conclusions", ())]
    if data["kind"] == "state":
        # What the pane and `mxdesk show` list about the state from other records (issue 16).
        about = directory.facts_about_state(record.id)
        data["facts_about_state"] = [{"record": owner.id, **_plain(dataclasses.asdict(f))}
                                     for owner, f in about]
        locations = directory.locations_of_state(record.id)
        data["top_locations"] = [{"sector": sector.id, "group": group, "source_id": source}
                                 for sector, group, source in locations]
        ids += [s for _owner, f in about for s in f.source_ids]
        ids += [source for *_, source in locations]
    data["sources"] = [_plain(dataclasses.asdict(s))
                       for s in directory.sources(list(dict.fromkeys(ids)))]
    return data
