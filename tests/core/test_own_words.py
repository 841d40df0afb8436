"""Our own words: no text of the directory copies a long run of the briefings' prose.

Descriptions, text facts, fact labels, conclusions — every text column of every table of the
committed data/clusters.db, read generically so that kinds added later are measured too — are
compared with the two briefings word by word: both sides folded (no case, accents or
punctuation, :func:`mxdesk.core.text.fold`), footnote markers glued to a word dropped
("sector44" reads "sector"). The longest run of consecutive words a value shares with a
briefing must stay at or below :data:`LIMIT` (11 words; 12 or more is a copied sentence,
docs/data.md "Our own words").

Left out, because they are quoted as printed by design (docs/data.md): the footnotes
themselves (table ``sources``: titles, addresses and sections are citations) and the
briefing's table rows (``cluster_listings.name``, verbatim). Ids, slugs and the derived
tables (search index, display copy, folded names) are not text of their own. Anything else
longer than the limit must be an official title or a list quoted as printed, named in
:data:`QUOTED_AS_PRINTED` with the reason.

Run ``python -m tests.core.test_own_words`` to print the longest runs (the figures docs/data.md
quotes).
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from mxdesk.core.text import fold
from tests.conftest import COMMITTED_DB, ROOT

#: The most consecutive words a text may share with a briefing.
LIMIT = 11

#: Values longer than the limit that are official titles or lists quoted as printed: the start
#: of the value -> what it is. Each is a name or a printed list, not prose (docs/data.md, "Our
#: own words", gives the same list).
QUOTED_AS_PRINTED: dict[str, str] = {
    "Decreto para el apoyo de la competitividad de la industria automotriz terminal":
        "the Automotive Decree's official Spanish title (4.2), an alias",
    "Decree to “foster the competitiveness of the terminal automotive industry":
        "the Automotive Decree's English title (fn113), an alias",
    "Consejo de la Industria del Mueble y Accesorios Afines de Aguascalientes":
        "CONIMUEBLE's name, Table 6's row as printed",
    "Consejo de la Cadena Industrial Textil y del Vestido de Aguascalientes":
        "COCITEVA's name, Table 6's row as printed",
    "Cluster de la Industria de las Tecnologías de la Información y Comunicaciones":
        "CITIC's name, Table 6's row as printed",
    "Información al consumidor SE y PROFECO":
        "the agency's name as 4.2 prints it, a text fact of the Official Mexican Norms",
    "Health, energy, nano-science, food, agriculture and biotechnology":
        "EU-MEX INNOVA's field, Table 7's cell: a list as printed",
}

#: Tables that hold no text of their own: the search index and its shadow tables, the
#: display copy of the searched text, folded names, links, the meta table and the vocabulary
#: (the index's words, spelled as in display_text).
_DERIVED = re.compile(r"^(search|search_.*|display_text|names|meta|.*_sources|.*_sectors|"
                      r"sector_members|.*_states|redirects|changes|vocabulary|row_counts|facet_counts)$")
#: Columns quoted as printed by design (see the module's docstring).
_AS_PRINTED = {("sources", "*"), ("documents", "*"), ("cluster_listings", "name")}
#: Columns that hold ids, slugs or codes rather than text.
_CODES = re.compile(r"^(id|.*_id|kind|key|sort_key|sort_key_es|table_ref|level|region|website|url|"
                    r"label_valid_until|position|grp)$")
#: A footnote marker glued to the end of a word: "sector44", "2020.45" (after folding).
_MARKER = re.compile(r"(?<=[a-z])\d{1,3}\b")
#: Lines of the PDF-to-text dump that interrupt a sentence: page headers, page numbers and the
#: footnotes printed at the foot of a page (a number alone, or a line with an address).
_INTERRUPTIONS = re.compile(
    r"^\s*(?:\d{1,3}|p\.\d+|Preparatory Briefing on Mexico|.*(?:www\.|https?://).*|"
    r"\d{1,3}\s.*|Ibidem.*)\s*$", re.MULTILINE)

_SEEDS = {"briefing": "000_b1590986cb6d8db3.txt", "i40": "004_a79b6a55f015be15.txt"}


def folded_words(text: str) -> list[str]:
    """*text*'s words as the comparison sees them: folded, footnote markers dropped."""
    return _MARKER.sub("", fold(text)).split()


class Briefings:
    """Where each folded word occurs in the briefings, for :meth:`longest_run`.

    Each briefing is read twice, as printed and with the lines that cut sentences at page
    ends taken out, so a run copied across a page break is found whole."""

    def __init__(self) -> None:
        self.positions: dict[str, list[int]] = defaultdict(list)
        position = 0
        for name in _SEEDS.values():
            text = (ROOT / "data" / "seeds" / name).read_text(encoding="utf-8")
            for variant in (text, _INTERRUPTIONS.sub("", text)):
                for word in folded_words(variant):
                    self.positions[word].append(position)
                    position += 1
                position += 1  # no run crosses from one text into the next

    def longest_run(self, text: str) -> tuple[int, str]:
        """The most consecutive words *text* shares with a briefing, and those words."""
        words = folded_words(text)
        best, end = 0, 0
        previous: dict[int, int] = {}
        for index, word in enumerate(words):
            current = {p: previous.get(p - 1, 0) + 1 for p in self.positions.get(word, ())}
            for length in current.values():
                if length > best:
                    best, end = length, index + 1
            previous = current
        return best, " ".join(words[end - best:end])


@dataclass(frozen=True)
class Measured:
    """One text value of the directory and its longest run shared with a briefing."""

    column: str  # "table.column"
    row: str  # the row's id, or its rowid
    text: str
    run: int
    words: str


def text_values(db: sqlite3.Connection) -> Iterator[tuple[str, str, str]]:
    """Every text of the directory that is ours to word: (table.column, row, value)."""
    tables = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        if _DERIVED.match(table) or (table, "*") in _AS_PRINTED:
            continue
        columns = db.execute(f"PRAGMA table_info({table})").fetchall()
        names = [c[1] for c in columns]
        key = "id" if "id" in names else "rowid"
        for _cid, column, kind, *_rest in columns:
            if kind.upper() != "TEXT" or _CODES.match(column) or (table, column) in _AS_PRINTED:
                continue
            for row, value in db.execute(
                    f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL"):
                yield f"{table}.{column}", str(row), value


def measure(db: sqlite3.Connection, briefings: Briefings) -> list[Measured]:
    """Every text value with its longest shared run, longest first."""
    out = [Measured(column, row, text, *briefings.longest_run(text))
           for column, row, text in text_values(db)]
    return sorted(out, key=lambda m: (-m.run, m.column, m.row))


def _allowed(m: Measured) -> bool:
    return any(m.text.startswith(start) for start in QUOTED_AS_PRINTED)


@pytest.fixture(scope="module")
def measured() -> list[Measured]:
    conn = sqlite3.connect(f"file:{COMMITTED_DB}?mode=ro", uri=True)
    try:
        return measure(conn, Briefings())
    finally:
        conn.close()


def test_the_measure_finds_a_copy() -> None:
    """The comparison itself: a sentence of the briefing is found whole, across case,
    accents, punctuation and a footnote marker; our own wording is not."""
    briefings = Briefings()
    copied = ("Mexico has a large cluster community supporting the automotive sector "
              "throughout the entire value chain")
    assert briefings.longest_run(copied.upper())[0] == 15
    # Across a footnote marker ("reform46") and the next sentence.
    assert briefings.longest_run("renewable energy has become a key part of the energy "
                                 "reform. Mexico's General Climate Change Law")[0] == 17
    # Across a page end, where the dump prints footnotes 37–43 inside the sentence.
    assert briefings.longest_run("This package of support measures is called the “three "
                                 "helixes” since it is grounded on the close collaboration "
                                 "between the private sector, government, and academia.")[0] == 25
    assert briefings.longest_run("A cluster that our words describe freshly")[0] < 5


def test_every_text_field_is_measured(measured: list[Measured]) -> None:
    columns = {m.column for m in measured}
    assert {"clusters.description", "sectors.description", "policies.description",
            "facts.text", "facts.label", "programmes.description"} <= columns
    assert not any(c.startswith("sources.") for c in columns)


def test_no_text_copies_more_than_the_limit(measured: list[Measured]) -> None:
    copied = [(m.column, m.row, m.run, m.words) for m in measured
              if m.run > LIMIT and not _allowed(m)]
    assert copied == []


def test_the_allow_list_is_needed_and_short(measured: list[Measured]) -> None:
    """Each allowed value still exists and is still over the limit (else it goes)."""
    assert len(QUOTED_AS_PRINTED) <= 10
    for start in QUOTED_AS_PRINTED:
        hits = [m for m in measured if m.text.startswith(start)]
        assert hits, start
        assert max(m.run for m in hits) > LIMIT, start


if __name__ == "__main__":
    _conn = sqlite3.connect(f"file:{COMMITTED_DB}?mode=ro", uri=True)
    for _m in measure(_conn, Briefings()):
        if _m.run > LIMIT - 3:
            print(f"{_m.run:3} {_m.column} {_m.row}: {_m.words}")
