"""Reading the Preparatory Briefing for tools/briefing_coverage.py (issue 16): its sections and
tables, the footnote markers that tie each footnote to a section, and the figures each prints.

The text is data/seeds/'s PDF-to-text: footnote lines (a URL, or a printed footnote title), page
furniture, bullets, list numbers and numbers that belong to names are set aside; the 151 footnote
markers are found in order and removed, each placing its footnote in the section it is printed in.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source"
SEEDS = ROOT / "data" / "seeds"
BRIEFING = "000_b1590986cb6d8db3.txt"
I40 = "004_a79b6a55f015be15.txt"

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


@dataclass(frozen=True)
class Figure:
    """One figure printed in a section: its *value*, the text it was read from, and around it."""

    section: str
    value: float
    printed: str
    context: str


def _read(name: str) -> str:
    for folder in (SEEDS, ROOT.parent / "shared" / "seeds"):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    raise SystemExit(f"briefing {name} not found in {SEEDS}")


def toml_records(name: str, key: str) -> list[dict[str, Any]]:
    """The ``[[key]]`` tables of data/source/*name*.toml; none when the file is absent."""
    path = SOURCE / f"{name}.toml"
    if not path.exists():
        return []
    with path.open("rb") as handle:
        return list(tomllib.load(handle).get(key, []))


# ── Reading the briefing: footnote lines out, markers found, figures read ───────────────────

def _footnote_texts() -> list[str]:
    texts = []
    for source in toml_records("sources", "source"):
        if source.get("footnote"):
            texts.append(f"{source.get('title', '')} {source.get('url', '')}")
    for programme in toml_records("programmes", "programme"):
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


def prose(text: str, table_6: bool = False) -> str:
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
        parts[name] = prose("".join(chars), table_6=name == "Table 6")
    for number, where in markers.items():
        # A marker in a table's caption or cells also vouches for the text around the table.
        for name in [n for n, (s, e) in spans.items() if s <= where < e]:
            owners[name].add(f"fn{number}")
    parts["i40"] = prose(_read(I40))
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
