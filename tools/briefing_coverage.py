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
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source"
SEEDS = ROOT / "data" / "seeds"
BRIEFING = "000_b1590986cb6d8db3.txt"
I40 = "004_a79b6a55f015be15.txt"
DOCS = ROOT / "docs" / "data.md"
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"

#: Sections in reading order: (name, first line of the section as printed, the text that ends it).
#: Tables are cut out of the section they sit in.
SECTIONS = [
    ("1", " 1.\n\nObjective of the report", "2.\nThe economy of Mexico"),
    ("2.1", "2.1\n\nOverview", "2.2\nOpportunities for Europe"),
    ("2.2", "2.2\nOpportunities for Europe", "2.3\n\nSectoral strengths"),
    ("2.3 (opening)", "2.3\n\nSectoral strengths", "Automotive sector\n"),
    ("2.3 Automotive", "Automotive sector\n", "Aerospace sector\n"),
    ("2.3 Aerospace", "Aerospace sector\n", "Renewable Energy sector\n"),
    ("2.3 Renewable Energy", "Renewable Energy sector\n", "ICT sector\n"),
    ("2.3 ICT", "ICT sector\n", " 3.\n\nCluster community"),
    ("3.1", " 3.\n\nCluster community", " 3.2\nClusters in automotive"),
    ("3.2", " 3.2\nClusters in automotive", "4.\nCluster policies"),
    ("4.1", "4.\nCluster policies", "4.2 Automotive policies"),
    ("4.2", "4.2 Automotive policies", "4.3 Aerospace policies"),
    ("4.3", "4.3 Aerospace policies", "4.4 Renewable Energy policies"),
    ("4.4", "4.4 Renewable Energy policies", "4.5 ICT policy"),
    ("4.5", "4.5 ICT policy", "5.\n\nConclusion"),
    ("5", "5.\n\nConclusion", " 6.\n\nAnnex"),
]
TABLES = [
    ("Table 1", "TABLE 1 -", "In a research paper"),
    ("Table 2", "TABLE 2 -", " 3.2\nClusters in automotive"),
    ("Table 3", "TABLE 3 -", "Mexico’s most important automotive cluster"),
    ("Table 4", "TABLE 4 -", "Mexico’s most important energy cluster"),
    ("Table 5", "TABLE 5 -", "Below are a few examples"),
    ("Table 6", "TABLE 6 –", "TABLE 7 –"),
    ("Table 7", "TABLE 7 –", None),
]
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
#: Numbers that are part of a name, not figures (neutralised before figures are read).
NAMES = [
    "ISO-9001", "AS9100", "WP.29", "Orbit Plan 2.0", "Plan de Órbita 2.0", "Industry 4.0",
    "industry 4.0", "i4.0", "ESCP-4i", "G20", "CO2", "ACE 55", "Tier 1", "Tier 2", "Tier 3",
    "7FP", "H2020", "Horizon 2020", "Figure 1", "Figure 2", "FIGURE 1", "FIGURE 2",
    *(f"{word} {n}" for word in ("TABLE", "Table") for n in range(1, 8)),
]
WORDS = {w: n for n, w in enumerate(["zero", "one", "two", "three", "four", "five", "six",
                                      "seven", "eight", "nine", "ten", "eleven", "twelve"])}
ORDINALS = {w: n for n, w in enumerate(["zeroth", "first", "second", "third", "fourth", "fifth",
                                         "sixth", "seventh", "eighth", "ninth", "tenth"])}

#: Figures deliberately left without a home: (section, figure as printed) -> why.
LEFT_OUT: dict[tuple[str, str], str] = {}


def _left(section: str, reason: str, *printed: str) -> None:
    for text in printed:
        LEFT_OUT[(section, text)] = reason


_left("2.2", "indicator units of PECiTI's goals, not figures (\"researchers per 1,000 employees\", "
      "\"scientific papers per 1 million inhabitants\")", "1,000", "1")
_left("2.3 (opening)", "the six ESCP-4i are the six records of partnerships.toml (a count of "
      "records, not a stored figure)", "six")
_left("3.1", "\"two types of clusters\" (Igor Pecina's paper): the two models are described in "
      "prose, not records", "two")
_left("3.1", "counts of records, not stored figures: \"eight key priority industries\" are the "
      "eight industry records of sectors.toml, \"eight Mexican clusters\" with ECEI labels the "
      "eight clusters with a quality label", "eight")
_left("3.2", "a count of items the record lists instead: Chihuahua Auto Cluster's four strategic "
      "processes (its focus areas), IT@Baja's four strategic axes (a text fact)", "four")
_left("4.2", "\"two international regulatory bodies\": WP.29 and the WTO are named in the "
      "Official Mexican Norms record, not counted", "two")
_left("4.3", "\"over the last 40 years\": a loose span introducing the programmes, which carry "
      "their own years (1964, 1965)", "40")
_left("4.4", "\"two special programmes\": a part of the Energy Transition Law's four planning "
      "mechanisms, whose count (4) is the fact", "two")
_left("i40", "\"one out of five topics\": the five topics are the five topic facts of "
      "`industry-4-0` (counted, not stored as a figure)", "five")


@dataclass(frozen=True)
class Figure:
    """One figure printed in a section: its *value*, the text it was read from, and around it."""

    section: str
    value: float
    printed: str
    context: str


@dataclass
class Home:
    """Numbers a fact or a record's fields hold, and the sources that vouch for them."""

    numbers: set[float] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


def _read(name: str) -> str:
    for folder in (SEEDS, ROOT.parent / "shared" / "seeds"):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    raise SystemExit(f"briefing {name} not found in {SEEDS}")


def _records(name: str, key: str) -> list[dict[str, Any]]:
    """The ``[[key]]`` tables of data/source/*name*.toml; none when the file is absent."""
    path = SOURCE / f"{name}.toml"
    if not path.exists():
        return []
    with path.open("rb") as handle:
        return list(tomllib.load(handle).get(key, []))


# ── Reading the briefing: footnote lines out, markers found, figures read ───────────────────

def _footnote_texts() -> list[str]:
    texts = []
    for source in _records("sources", "source"):
        if source.get("footnote"):
            texts.append(f"{source.get('title', '')} {source.get('url', '')}")
    for programme in _records("programmes", "programme"):
        texts.append(str(programme.get("website", "")))
    return texts


def _is_footnote_line(line: str, footnotes: list[str]) -> bool:
    bare = line.strip()
    if re.search(r"https?:|www\.|\.pdf\b|\.htm|\.php", bare) or re.fullmatch(r"p\.\d+", bare):
        return True
    if bare in ("Preparatory Briefing on Mexico", "pdf"):
        return True
    if bare.startswith("Ibidem "):
        return True
    rest = re.sub(r"^\d{1,3}\s*", "", bare).rstrip(":, ")
    numbered = rest != bare
    telling = numbered or len(rest) >= 20 or re.search(r"[/_?=]", rest)
    return bool(telling) and len(rest) >= 6 and any(rest in text for text in footnotes)


def clean_lines(text: str) -> str:
    """The briefing without its footnote lines, page furniture and bullets (line breaks kept)."""
    footnotes = _footnote_texts()
    kept = [line for line in text.split("\n") if not _is_footnote_line(line, footnotes)]
    return "\n".join(line for line in kept if line.strip() != "•")


def find_markers(text: str) -> tuple[str, dict[int, int]]:
    """Footnote markers 1–151 removed from *text*; returns the text (same length, each marker
    blanked) and each marker's position. Raises SystemExit when one is not found."""
    chars = list(text)
    positions: dict[int, int] = {}
    expected, last_end = 1, -10
    skipped: set[int] = set()
    for match in re.finditer(r"\d+", text):
        start, end, digits = match.start(), match.end(), match.group()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        alone = text[line_start:start].strip() == "" and text[end:line_end].strip() == ""
        glued = (not before.isspace() and before not in "(€-/$+"
                 and not (before == "." and start > 1 and text[start - 2].isdigit()))
        follows_marker = start - last_end <= 2 and text[last_end:start] in (",", ", ")
        if after.isalnum() or after in "%/":
            continue
        number = None
        wanted = set(range(expected, expected + 9)) | skipped
        if (glued or alone or follows_marker) and int(digits) in wanted:
            number, cut = int(digits), start
        elif len(digits) > 4 or glued:
            for n in sorted(wanted):
                tail = str(n)
                head = digits[:-len(tail)]
                named = text[start - 1:start + len(head)] == "G20"  # "G206": G20, marker 6
                if digits.endswith(tail) and head and (re.fullmatch(r"(19|20)\d\d", head) or named):
                    number, cut = n, end - len(tail)
                    break
        if number is None or number > 151 or number in positions:
            continue
        positions[number] = cut
        for i in range(cut, end):
            chars[i] = " "
        last_end = end
        skipped |= set(range(expected, number))
        skipped.discard(number)
        expected = max(expected, number + 1)
    missing = sorted(set(range(1, 152)) - set(positions))
    if missing:
        raise SystemExit(f"footnote markers not found: {missing}")
    return "".join(chars), positions


_FIGURE = re.compile(
    r"(?P<date>\b\d{4}/\d{2}/\d{2}\b)"
    r"|(?P<code>\b\d+\.\d+\.\d+\b)"
    r"|(?P<yrange>\b(?:19|20)\d{2}\s?[-–]\s?(?:\d{4}|\d{2})\b)"
    r"|(?P<prange>\b\d+(?:\.\d+)?-\d+(?:\.\d+)?%)"
    r"|(?P<num>(?<![\w.,/])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:st|nd|rd|th)?(?![\w/]))"
    r"|(?P<word>\b(?:" + "|".join(w for w in WORDS if w not in {"zero", "one"}) + r")\b)"
    r"|(?P<ordinal>\b(?:" + "|".join(w for w in ORDINALS if w not in {"zeroth", "first"})
    + r")(?=[\s-]+(?:largest|leading|best|most)\b))",
    re.IGNORECASE)


def numbers_in(text: str) -> Iterator[tuple[float, str]]:
    """Every figure in *text*: (value, the text it was read from). A range gives both ends."""
    for match in _FIGURE.finditer(text):
        printed = match.group()
        kind = match.lastgroup
        if kind == "date":
            yield float(printed.replace("/", "")), printed
        elif kind == "code":
            yield float(printed.replace(".", "")), printed
        elif kind in ("yrange", "prange"):
            first, second = re.split(r"\s?[-–]\s?", printed.rstrip("%"))
            yield float(first), printed
            if kind == "yrange" and len(second) == 2:
                second = first[:2] + second
            yield float(second), printed
        elif kind == "word":
            yield float(WORDS[printed.lower()]), printed
        elif kind == "ordinal":
            yield float(ORDINALS[printed.lower()]), printed
        else:
            yield float(re.sub(r"[,a-z]", "", printed.lower())), printed


def _enumerators(text: str) -> str:
    """*text* without list numbering: "(1) … (2) …" runs, "1." at a line's start, headings."""
    text = re.sub(r"(?m)^(\s*)\d{1,2}\.(\d)?(?=\s|$)", r"\1", text)
    found = list(re.finditer(r"\((\d{1,2})\)", text))
    blank: set[int] = set()
    for i, match in enumerate(found):
        if match.group(1) != "1":
            continue
        run, want = [match], 2
        for nxt in found[i + 1:]:
            if int(nxt.group(1)) == want and nxt.start() - run[-1].end() < 400:
                run.append(nxt)
                want += 1
        if len(run) > 1:
            blank |= {m.start() for m in run}
    chars = list(text)
    for match in found:
        if match.start() in blank:
            chars[match.start():match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _prose(text: str, table_6: bool = False) -> str:
    """*text* ready for reading figures: list numbers, names with digits and the footnote
    numbers left alone on a line removed (Table 6's counts stand alone on theirs, so there only
    numbers of 100 and more go), on one line."""
    limit = 100 if table_6 else 0
    text = re.sub(r"(?m)^\s*(\d{1,3})\s*$",
                  lambda m: m.group() if int(m.group(1)) < limit else "", text)
    text = re.sub(r"\s+", " ", _enumerators(text.replace("<sup>st</sup>", "st")))
    for name in NAMES:
        text = text.replace(name, re.sub(r"\d", "#", name))
    return text


def sections() -> tuple[dict[str, str], dict[str, set[str]]]:
    """Each section's text (markers removed) and the footnote sources whose marker it holds."""
    raw = _read(BRIEFING)
    text, markers = find_markers(clean_lines(raw))
    spans: dict[str, tuple[int, int]] = {}
    for name, first, last in TABLES + SECTIONS:
        start = text.index(first)
        end = text.index(last, start) if last else len(text)
        spans[name] = (start, end)
    parts: dict[str, str] = {}
    owners: dict[str, set[str]] = {name: set() for name in spans}
    owners["i40"] = set()
    tables = [spans[name] for name, _f, _l in TABLES]
    for name, (start, end) in spans.items():
        chars = list(text[start:end])
        if not name.startswith("Table"):
            for t_start, t_end in tables:
                for i in range(max(t_start, start), min(t_end, end)):
                    chars[i - start] = " "
        parts[name] = _prose("".join(chars), table_6=name == "Table 6")
    for number, where in markers.items():
        # A marker in a table's caption or cells also vouches for the text around the table.
        for name in [n for n, (s, e) in spans.items() if s <= where < e]:
            owners[name].add(f"fn{number}")
    parts["i40"] = _prose(_read(I40))
    return parts, owners


def figures(parts: dict[str, str]) -> list[Figure]:
    """Every figure of every section, in reading order."""
    found = []
    for section, text in parts.items():
        flat = re.sub(r"\s+", " ", text)
        for match in _FIGURE.finditer(flat):
            context = flat[max(0, match.start() - 40):match.end() + 40].strip()
            for value, printed in numbers_in(match.group()):
                found.append(Figure(section, value, printed, context))
    return found


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
        found |= {number for number, _printed in numbers_in(_prose(text))}
    return found


def homes() -> list[Home]:
    """Every fact (its value, year, and the numbers in its label, text, unit, period, qualifier)
    with its source; every record's own fields (years, counts, dates, names) with its sources."""
    found: list[Home] = []
    for file, key in _RECORD_KEYS.items():
        for record in _records(file, key):
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
                found.append(Home(numbers, {fact.get("source")}))
            for conclusion in record.get("conclusion", []):
                found.append(Home(_numbers_of(conclusion.get("text")), {conclusion.get("source")}))
    for document in _records("sources", "document"):
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
