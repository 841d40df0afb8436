"""A record as plain text (``mxdesk show``, "copy as text") and as JSON-ready data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from typing import Any

from mxdesk.core.directory import AnyRecord, Directory
from mxdesk.core.records import (
    Cluster,
    Fact,
    Partnership,
    Policy,
    Programme,
    RecordRef,
    Sector,
    State,
)

TABLE_NAMES = {
    "table-2": "Table 2 (ECEI quality labels)",
    "table-5": "Table 5 (ICT clusters in 2016)",
    "table-6": "Table 6 (formally organised clusters by state)",
    "section-3.2": "Section 3.2 (cluster profiles)",
}

_WIDTH = 88


def kind_of(record: AnyRecord) -> str:
    return {Cluster: "cluster", Sector: "sector", Policy: "policy", Programme: "programme",
            Partnership: "partnership", State: "state"}[type(record)]


def label_status(cluster: Cluster, today: dt.date | None = None) -> str:
    """``"Gold label (ICT), valid until 2021-02-15 — expired"``."""
    if cluster.label is None:
        return ""
    label = cluster.label
    day = today or dt.date.today()
    status = "valid" if label.is_valid_on(day) else "expired"
    return (f"{label.level} label ({label.sector}), valid until "
            f"{label.valid_until.isoformat()} — {status} as of {day.isoformat()}")


def fact_line(fact: Fact, directory: Directory) -> str:
    when = f" ({fact.when()})" if fact.when() else ""
    where = ""
    if fact.state_id:
        where = f" [{directory.ref('state', fact.state_id).name}]"
    return f"{fact.label}{where}: {fact.display_value()}{when}"


def _names(refs: tuple[RecordRef, ...]) -> str:
    return ", ".join(r.name for r in refs)


def text_profile(directory: Directory, record: AnyRecord, today: dt.date | None = None) -> str:
    """Everything known about *record*, laid out for reading in a terminal or a text file."""
    lines: list[str] = []

    def field(name: str, value: object) -> None:
        if value not in (None, "", ()):
            lines.append(f"{name + ':':<15}{value}")

    def para(text: str) -> None:
        if text:
            lines.append("")
            lines.extend(textwrap.wrap(text, _WIDTH, break_on_hyphens=False))

    def block(title: str, items: list[str]) -> None:
        if items:
            lines.append("")
            lines.append(title)
            # URLs must survive a copy and paste: never break inside a word or at a hyphen.
            lines.extend(textwrap.fill(item, _WIDTH, initial_indent="  ",
                                       subsequent_indent="    ", break_long_words=False,
                                       break_on_hyphens=False) for item in items)

    title = record.name
    if isinstance(record, Cluster) and record.acronym and record.acronym not in record.name:
        title = f"{record.acronym} — {record.name}"
    lines += [title, "=" * min(len(title), _WIDTH)]
    field("Kind", kind_of(record))
    field("Id", record.id)
    facts: tuple[Fact, ...] = ()
    if isinstance(record, Cluster):
        field("Also known as", "; ".join(record.aliases))
        field("State", record.state.name if record.state else "not stated in the briefings")
        field("Sectors", _names(record.sectors))
        field("Legal form", record.legal_form)
        field("Founded", record.founded)
        field("Quality label", label_status(record, today))
        field("Website", record.website)
        para(record.description)
        facts = record.facts
        block("Committees and work groups", list(record.committees))
        block("Focus areas", list(record.focus_areas))
        block("Offices", list(record.offices))
        block("Strategic partners", list(record.partners))
        block("Listed in the briefing", [
            f'{TABLE_NAMES.get(x.table, x.table)}: "{x.name}"'
            + (f" — {x.sector_text}" if x.sector_text else "") for x in record.listings])
    elif isinstance(record, Sector):
        field("Also known as", "; ".join(record.aliases))
        field("Type", record.kind)
        field("Industry", record.industry.name if record.industry else None)
        field("Sectors", _names(record.subsectors))
        para(record.description)
        facts = record.facts
        block("Top locations", [f"{loc.group}: {_names(loc.states)}"
                                for loc in record.locations])
    elif isinstance(record, Policy):
        field("Also known as", "; ".join(record.aliases))
        field("Type", record.kind)
        field("Level", record.level)
        field("State", record.state.name if record.state else None)
        field("Years", record.years())
        field("Responsible", record.body)
        field("Part of", record.parent.name if record.parent else None)
        field("Sectors", _names(record.sectors))
        field("Section", record.section)
        para(record.description)
        facts = record.facts
        block("Components", [c.name for c in record.children])
    elif isinstance(record, Programme):
        field("Relation", record.relation)
        field("Field", record.field)
        field("Sectors", _names(record.sectors))
        field("Website", record.website)
        para(record.description)
    elif isinstance(record, Partnership):
        field("Acronym", record.acronym)
        field("Generation", {1: "first", 2: "second"}.get(record.generation, record.generation))
        field("Sector", record.sector_text)
        para(record.description)
    else:
        field("Also known as", "; ".join(record.aliases))
        field("Region", record.region)
        field("Annex count", record.annex_count)
        block("Clusters", [c.name for c in directory.clusters_in_state(record.id)])
        block("State policies", [p.name for p in directory.policies_in_state(record.id)])
    block("Key figures", [fact_line(f, directory) for f in facts])
    source_ids = list(record.source_ids) + [f.source_id for f in facts]
    if isinstance(record, Cluster) and record.label:
        source_ids.append(record.label.source_id)
    block("Sources", [s.citation() for s in directory.sources(source_ids)])
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record_data(directory: Directory, record: AnyRecord) -> dict[str, Any]:
    """The record as JSON-ready data, with its kind and its sources spelled out."""
    data: dict[str, Any] = {"kind": kind_of(record), **_plain(dataclasses.asdict(record))}
    ids = list(record.source_ids)
    facts = getattr(record, "facts", ())
    ids += [f.source_id for f in facts]
    data["sources"] = [_plain(dataclasses.asdict(s)) for s in directory.sources(ids)]
    return data
