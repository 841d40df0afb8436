"""How much of the two briefings the directory's source data holds, section by section (issue 16).

For each numbered section of the Preparatory Briefing (2.1, 2.2, each sector profile of 2.3, 3.1,
3.2, 4.1–4.5, 5), each of its Tables 1–7 and the i40 summary, it counts the figures printed there
(numbers with units, percentages, money, years, ranks, counts, dates; in words too: "six days",
"second largest") and how many have a *home*: a fact or field of data/source/*.toml whose value
equals the figure and whose source lies in that section. A footnote lies in the section where its
marker is printed (the script stops if it cannot find all 151 markers); a passage source
(``briefing-section-2-1``, ``briefing-table-6``, ``i40-brief``…) lies in its own section.
Figures with no home are either listed in LEFT_OUT with the reason they were left out, or counted
as "neither" — the gaps still to close.

    python tools/briefing_coverage.py                # the table, in Markdown
    python tools/briefing_coverage.py --missing      # and each figure without a home
    python tools/briefing_coverage.py --update-docs  # rewrite the table in docs/data.md

Only the standard library: it reads the TOML the build reads, so it runs before any build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script (python tools/briefing_coverage.py)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.briefing_text import (
    BRIEFING,
    I40,
    ROOT,
    SECTIONS,
    TABLES,
    Figure,
    figures,
    numbers_in,
    prose,
    sections,
    toml_records,
)

__all__ = ["BRIEFING", "I40", "PASSAGES", "Figure", "figures", "measure", "sections", "table"]

DOCS = ROOT / "docs" / "data.md"
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"

#: Passage sources (no footnote) and the sections they belong to.
PASSAGES = {
    "briefing-section-2-1": ["2.1"], "briefing-section-2-2": ["2.2"],
    "briefing-section-2-3": ["2.3 (opening)", "2.3 Automotive", "2.3 Aerospace",
                             "2.3 Renewable Energy", "2.3 ICT"],
    "briefing-section-3-1": ["3.1"], "briefing-section-3-2": ["3.2"],
    "briefing-section-4-1": ["4.1"], "briefing-section-4-2": ["4.2"],
    "briefing-section-4-3": ["4.3"], "briefing-section-4-4": ["4.4"],
    "briefing-section-4-5": ["4.5"], "briefing-section-5": ["5"],
    **{f"briefing-table-{n}": [f"Table {n}"] for n in range(1, 8)},
    "i40-brief": ["i40"],
}
#: Figures deliberately left without a home: (section, figure as printed) -> why.
LEFT_OUT: dict[tuple[str, str], str] = {}


def _left(section: str, reason: str, *printed: str) -> None:
    for text in printed:
        LEFT_OUT[(section, text)] = reason


_left("2.2", "indicator units of PECiTI's goals, not figures (\"researchers per 1,000 employees\", "
      "\"scientific papers per 1 million inhabitants\")", "1,000", "1")
_left("2.3 (opening)", "the six ESCP-4i are the six records of partnerships.toml (a count of "
      "records, not a stored figure)", "six")
_left("3.1", "counts of records, not stored figures: \"eight key priority industries\" are the "
      "eight industry records of sectors.toml, \"eight Mexican clusters\" with ECEI labels the "
      "eight clusters with a quality label", "eight")
_left("3.2", "a count of items the record lists instead: Chihuahua Auto Cluster's four strategic "
      "processes (its focus areas), IT@Baja's four strategic axes (a text fact)", "four")
_left("4.3", "\"over the last 40 years\": a loose span introducing the programmes, which carry "
      "their own years (1964, 1965)", "40")
_left("4.4", "\"two special programmes\": a part of the Energy Transition Law's four planning "
      "mechanisms, whose count (4) is the fact", "two")
_left("i40", "\"one out of five topics\": the five topics are the five topic facts of "
      "`industry-4-0` (counted, not stored as a figure)", "five")


@dataclass
class Home:
    """Numbers a fact or a record's fields hold, and the sources that vouch for them."""

    numbers: set[float] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


# ── The homes: every fact and every numeric or named field of data/source ──────────────────

_RECORD_KEYS = {"country": "country", "companies": "company", "states": "state",
                "sectors": "sector", "clusters": "cluster", "policies": "policy",
                "programmes": "programme", "partnerships": "partnership"}
_SKIP = {"id", "description", "sources", "source", "sectors", "states", "state", "industry",
         "parent", "kind", "level", "region", "website", "fact", "conclusion", "location",
         "listing", "label", "section"}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _numbers_of(value: object) -> set[float]:
    if isinstance(value, bool):
        return set()
    if isinstance(value, int | float):
        return {float(value)}
    if isinstance(value, dt.date):  # a TOML date
        return {float(value.isoformat().replace("-", ""))}
    found: set[float] = set()
    for text in _strings(value):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            found.add(float(text.replace("-", "")))
        found |= {number for number, _printed in numbers_in(prose(text))}
        # A range of small numbers ("articles 21 to 23", "21–23") holds the numbers between.
        between = r"(?<![\d./-])(\d{1,3})\s*(?:to|–|-)\s*(\d{1,3})(?![\d./-])"
        for low, high in re.findall(between, text):
            if int(low) < int(high) <= int(low) + 20:
                found |= {float(n) for n in range(int(low), int(high) + 1)}
    return found


def homes() -> list[Home]:
    """Every fact (its value, year, and the numbers in its label, text, unit, period, qualifier)
    with its source; every record's own fields (years, counts, dates, names) with its sources."""
    found: list[Home] = []
    for file, key in _RECORD_KEYS.items():
        for record in toml_records(file, key):
            own = Home(sources=set(record.get("sources", [])))
            for name, value in record.items():
                if name not in _SKIP:
                    own.numbers |= _numbers_of(value)
            label = record.get("label")
            if isinstance(label, dict):  # a cluster's quality label (Table 2)
                found.append(Home(_numbers_of(label.get("valid_until")),
                                  {str(label.get("source"))}))
            for listing in record.get("listing", []):
                own.numbers |= _numbers_of(listing.get("name"))
            found.append(own)
            for fact in record.get("fact", []):
                numbers: set[float] = set()
                for name in ("value", "year", "label", "text", "unit", "period", "qualifier"):
                    numbers |= _numbers_of(fact.get(name))
                found.append(Home(numbers, set(fact.get("sources", [fact.get("source")]))))
            for conclusion in record.get("conclusion", []):
                found.append(Home(_numbers_of(conclusion.get("text")), {conclusion.get("source")}))
    for document in toml_records("sources", "document"):
        if document.get("id") == "i40":
            found.append(Home(_numbers_of(document.get("date")), {"i40-brief"}))
    return found


# ── The table ───────────────────────────────────────────────────────────────────────────────

@dataclass
class Row:
    """One section's count: figures printed, with a home, left out with a reason, neither."""

    section: str
    printed: int = 0
    homed: int = 0
    left_out: int = 0
    missing: list[Figure] = field(default_factory=list)
    reasons: list[tuple[Figure, str]] = field(default_factory=list)


def _order(name: str) -> tuple[int, str]:
    order = [n for n, _f, _l in SECTIONS] + [n for n, _f, _l in TABLES] + ["i40"]
    return order.index(name), name


def measure() -> list[Row]:
    """The coverage of every section, in the briefing's order."""
    parts, owners = sections()
    sources = {name: set(found) for name, found in owners.items()}
    for passage, names in PASSAGES.items():
        for name in names:
            sources[name].add(passage)
    all_homes = homes()
    rows = {name: Row(name) for name in parts}
    for figure in figures(parts):
        row = rows[figure.section]
        row.printed += 1
        vouched = sources[figure.section]
        if any(figure.value in home.numbers and home.sources & vouched for home in all_homes):
            row.homed += 1
        elif (figure.section, figure.printed) in LEFT_OUT:
            row.left_out += 1
            row.reasons.append((figure, LEFT_OUT[(figure.section, figure.printed)]))
        else:
            row.missing.append(figure)
    return sorted(rows.values(), key=lambda row: _order(row.section))


def table(rows: Iterable[Row]) -> str:
    """The coverage as a Markdown table, with a total, then each reason for leaving figures
    out (the block docs/data.md shows)."""
    rows = list(rows)
    lines = ["| section | figures printed | with a home | left out, with a reason | neither |",
             "|---|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row.section} | {row.printed} | {row.homed} | {row.left_out} | "
                     f"{len(row.missing)} |")
    total = [sum(getattr(r, a) for r in rows) for a in ("printed", "homed", "left_out")]
    lines.append(f"| **all** | **{total[0]}** | **{total[1]}** | **{total[2]}** | "
                 f"**{sum(len(r.missing) for r in rows)}** |")
    reasons: dict[tuple[str, str], int] = {}
    for row in rows:
        for _figure, reason in row.reasons:
            reasons[(row.section, reason)] = reasons.get((row.section, reason), 0) + 1
    if reasons:
        lines += ["", "Left out, with the reason (section: figures — why):", ""]
        lines += [f"- {section}: {count} — {reason}"
                  for (section, reason), count in reasons.items()]
    return "\n".join(lines)


def update_docs(text: str, rendered: str) -> str:
    """*text* (docs/data.md) with the table between the coverage markers replaced."""
    head, _sep, rest = text.partition(START)
    _old, _sep2, tail = rest.partition(END)
    if not _sep or not _sep2:
        raise SystemExit(f"{DOCS}: the markers {START} … {END} are missing")
    return f"{head}{START}\n{rendered}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    """Print the coverage table (and, with --missing, the figures without a home)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--missing", action="store_true", help="list figures without a home")
    parser.add_argument("--update-docs", action="store_true", help="rewrite docs/data.md's table")
    args = parser.parse_args(argv)
    rows = measure()
    rendered = table(rows)
    print(rendered)
    if args.missing:
        for row in rows:
            for figure in row.missing:
                print(f"{row.section}: {figure.printed!r} — …{figure.context}…")
            for figure, reason in row.reasons:
                print(f"{row.section}: {figure.printed!r} left out: {reason}")
    if args.update_docs:
        DOCS.write_text(update_docs(DOCS.read_text(encoding="utf-8"), rendered),
                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
