"""Mexico at a glance, the companies and the contact points against the briefings (issue 16).

These read data/source/*.toml directly with tomllib, so they hold before the build knows the new
kinds of record; tests/core/test_data.py checks the rest of the directory through the database.
The coverage table of docs/data.md is measured by tools/briefing_coverage.py and checked here.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from typing import Any

import pytest
from tools import briefing_coverage

from tests.conftest import ROOT

SOURCE = ROOT / "data" / "source"
DATA_MD = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The longest run of consecutive words a text of ours may share with the briefings' prose.
LONGEST_SHARED_RUN = 11
#: How the briefing states a firm's country when it gives one ("the Canadian firm Bombardier").
DEMONYMS = {"Canada": "Canadian", "United States": "American", "Germany": "German",
            "Mexico": "Mexico’s"}


def _load(name: str) -> dict[str, Any]:
    with (SOURCE / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _seed(name: str) -> str:
    return (ROOT / "data" / "seeds" / name).read_text(encoding="utf-8")


BRIEFING = re.sub(r"\s+", " ", _seed(briefing_coverage.BRIEFING))
I40 = re.sub(r"\s+", " ", _seed(briefing_coverage.I40))
COUNTRY = _load("country")["country"]
COMPANIES = _load("companies")["company"]
SECTORS = _load("sectors")["sector"]
STATES = _load("states")["state"]
POLICIES = _load("policies")["policy"]
SOURCES = {s["id"]: s for s in _load("sources")["source"]}
INVESTOR_FACTS = [(sector["id"], fact) for sector in SECTORS for fact in sector.get("fact", [])
                  if fact["label"] == "Investor countries"]


@cache
def _measured() -> tuple[dict[str, str], dict[str, set[str]]]:
    return briefing_coverage.sections()


def _section_of(source: str) -> list[str]:
    """The sections of the briefing a source lies in (by its marker, or its passage)."""
    _parts, owners = _measured()
    return [name for name, found in owners.items() if source in found] + \
        briefing_coverage.PASSAGES.get(source, [])


def _section_2_3() -> str:
    start = BRIEFING.index("2.3 Sectoral strengths")
    return BRIEFING[start:BRIEFING.index("3. Cluster community", start)]


def _sentences_naming(name: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s", _section_2_3()) if name in s]


def test_the_files_load_and_every_reference_exists() -> None:
    assert [c["id"] for c in COUNTRY] == ["mexico"]
    ids = [c["id"] for c in COMPANIES]
    assert len(ids) == len(set(ids)) == 40
    assert all(SLUG.match(i) for i in ids)
    sector_ids = {s["id"] for s in SECTORS}
    state_ids = {s["id"] for s in STATES}
    for company in COMPANIES:
        assert company["sectors"], company["id"]
        assert set(company["sectors"]) <= sector_ids, company["id"]
        assert set(company.get("states", [])) <= state_ids, company["id"]
        assert company["sources"], company["id"]
        assert set(company["sources"]) <= set(SOURCES), company["id"]
        assert company["description"], company["id"]
        assert company["name"], company["id"]
    country = COUNTRY[0]
    assert set(country["sources"]) <= set(SOURCES)
    cited = {fact["source"] for fact in country["fact"]}
    cited |= {conclusion["source"] for conclusion in country["conclusion"]}
    assert cited == set(country["sources"]), "the record lists exactly the sources it cites"


def test_every_fact_has_the_agreed_shape() -> None:
    """label; value (a number) or text; year an integer; a topic on every country fact."""
    facts = [(f"country {fact['label']}", fact) for fact in COUNTRY[0]["fact"]]
    facts += [(f"{sector} {fact['label']}", fact) for sector, fact in INVESTOR_FACTS]
    assert len(facts) == 54 + 2
    for where, fact in facts:
        assert fact["label"], where
        assert ("value" in fact) != ("text" in fact), where
        assert isinstance(fact.get("value", 0), int | float), where
        assert isinstance(fact.get("year", 0), int), where
        assert fact["source"] in SOURCES, where
        assert "year" not in fact or "period" not in fact, where
    assert all(fact["topic"] for fact in COUNTRY[0]["fact"])


def test_country_facts_come_from_the_overview_sections() -> None:
    """Sections 2.1 and 2.2, and the country-wide FDI shares that open 2.3; section 3.1's general
    remarks on Mexico's clusters under the topic "Cluster mapping"; conclusions, 5."""
    for fact in COUNTRY[0]["fact"]:
        allowed = {"3.1"} if fact["topic"] == "Cluster mapping" else {"2.1", "2.2", "2.3 (opening)"}
        assert set(_section_of(fact["source"])) & allowed, fact["label"]
    mapping = [f["label"] for f in COUNTRY[0]["fact"] if f["topic"] == "Cluster mapping"]
    assert any("Pecina" in label for label in mapping)  # fn67: the two types of clusters
    assert any("ESCA" in label for label in mapping)  # who runs the ECEI assessment
    assert any("Triple helix" in label for label in mapping)
    assert {c["source"] for c in COUNTRY[0]["conclusion"]} == {"briefing-section-5"}


def test_every_figure_is_printed_in_the_section_it_cites() -> None:
    """Each numeric fact's value, and each year, is a figure the script reads in the section
    where the fact's source lies (a stronger check than "somewhere in the briefing")."""
    parts, _owners = _measured()
    printed: dict[str, set[float]] = {}
    for figure in briefing_coverage.figures(parts):
        printed.setdefault(figure.section, set()).add(figure.value)
    for fact in COUNTRY[0]["fact"]:
        sections = _section_of(fact["source"])
        for key in ("value", "year"):
            if key in fact:
                assert any(float(fact[key]) in printed[s] for s in sections), (fact["label"], key)


def test_conclusions_follow_section_5_in_order() -> None:
    """Eight conclusions, each a paraphrase of the next passage of section 5."""
    section_5 = BRIEFING[BRIEFING.index("5. Conclusion"):BRIEFING.index("6. Annex")]
    pairs = [("industrialised", "industrialised country"),
             ("programmes and policies", "programmes and policies"),
             ("Baja California and Nuevo León", "Baja California and Nuevo León"),
             ("ECEI", "ECEI’s quality"), ("NAFTA", "NAFTA with USA"),
             ("science, technology and innovation", "including STI"),
             ("ESCP-4i", "ESCP-4i interested"), ("share sector priorities", "shared sectorial")]
    conclusions = [c["text"] for c in COUNTRY[0]["conclusion"]]
    assert len(conclusions) == len(pairs)
    positions = []
    for text, (ours, theirs) in zip(conclusions, pairs, strict=True):
        assert ours in text
        positions.append(section_5.index(theirs))
    assert positions == sorted(positions)


def test_company_names_are_printed_verbatim_in_the_sector_profiles() -> None:
    profiles = _section_2_3()
    for company in COMPANIES:
        for name in [company["name"], *company["aliases"]]:
            assert name in profiles, (company["id"], name)


def test_every_firm_the_profiles_list_is_a_company() -> None:
    """The lists of firms in 2.3, split at commas and "and", are all company records
    ("Volvo Mercedes-Benz" is printed without its comma: two firms, see docs/data.md), and the
    other companies are the firms named one by one: Bombardier, Delta, Aeromexico and CFE."""
    profiles = _section_2_3()
    lists = [("Well-known companies such as ", " are located"),
             ("firms to establish themselves in Mexico such as ", ". Therefore"),
             ("renewable energy field in Mexico such as ", ". Thus"),
             ("such as American ", ". Moreover"),
             ("are present in Mexico: ", ". In recent")]
    listed = set()
    for start, end in lists:
        text = profiles.split(start, 1)[1].split(end, 1)[0]
        text = text.replace("Volvo Mercedes-Benz", "Volvo, Mercedes-Benz")
        text = re.sub(r"\s*\([^)]*\)|(?<=[a-z)])\d+$", "", text)  # "(GE)", "(France)", markers
        for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", text):
            listed.add(re.sub(r"^(?:the German|American)\s+", "", item.strip()))
    assert len(listed) == 36
    one_by_one = {"Bombardier", "Delta", "Aeromexico", "Comisión Federal de Electricidad"}
    assert {c["name"] for c in COMPANIES} == listed | one_by_one


def _states_origin(name: str, origin: str, sentence: str) -> bool:
    """Whether *sentence* gives *origin* as the country of the firm *name*."""
    if f"{name} ({origin})" in sentence:
        return True
    demonym = DEMONYMS.get(origin)
    if demonym is None:
        return False
    if origin == "Mexico":  # "Mexico’s generation … managed by a state-owned utility named …"
        return demonym in sentence and "state-owned utility" in sentence
    pattern = rf"{demonym}\s+(?:firm\s+)?(?:[^,.;]+,\s*)*{re.escape(name)}"
    return re.search(pattern, sentence) is not None


def test_an_origin_is_one_the_briefing_states() -> None:
    """The country is printed beside the name ("ISS (Denmark)") or as an adjective before it
    ("the German SAP"); firms whose country is not printed have no origin."""
    for company in COMPANIES:
        sentences = _sentences_naming(company["name"])
        assert sentences, company["id"]
        if "origin" in company:
            assert any(_states_origin(company["name"], company["origin"], s)
                       for s in sentences), company["id"]
    with_origin = {c["id"] for c in COMPANIES if "origin" in c}
    assert len(with_origin) == 18
    carmakers = [c for c in COMPANIES if c["sectors"] == ["automotive"]]
    assert len(carmakers) == 12
    assert all("origin" not in c and "states" not in c for c in carmakers)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_a_company_is_placed_only_in_a_state_its_sentence_names() -> None:
    placed = {c["id"]: c["states"] for c in COMPANIES if c.get("states")}
    assert placed == {"bombardier": ["queretaro"]}
    names = {s["id"]: [s["name"], *s.get("aliases", [])] for s in STATES}
    for company in COMPANIES:
        for state in company.get("states", []):
            sentences = [_fold(s) for s in _sentences_naming(company["name"])]
            assert any(_fold(n) in s for n in names[state] for s in sentences), company["id"]


def test_investor_countries_are_printed_as_listed() -> None:
    """One fact per sector profile that names investor countries, its list as printed."""
    assert sorted(sector for sector, _fact in INVESTOR_FACTS) == ["ict", "renewable-energy"]
    profiles = _section_2_3()
    for _sector, fact in INVESTOR_FACTS:
        listed = fact["text"].split(" (", 1)[0]
        assert listed in profiles, fact["text"]
        # The footnote is the marker that closes the sentence printing the list.
        rest = profiles.split(listed, 1)[1].split(". ", 1)[0]
        marker = re.search(r"(\d+)\.?$", rest)
        assert marker is not None, fact["text"]
        assert f"fn{marker.group(1)}" == fact["source"], fact["text"]


@pytest.mark.parametrize("kind", ["state", "policy"])
def test_websites_come_from_footnotes(kind: str) -> None:
    """A website is the URL, as printed, of a footnote the record cites (as for clusters)."""
    records = STATES if kind == "state" else POLICIES
    with_website = [r for r in records if "website" in r]
    assert len(with_website) == {"state": 9, "policy": 9}[kind]
    for record in with_website:
        footnotes = [SOURCES[s] for s in record["sources"] if SOURCES[s].get("footnote")]
        assert record["website"] in {s.get("url") for s in footnotes}, record["id"]
        assert record["id"] in DATA_MD.split("## Contact points", 1)[1], record["id"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def _longest_shared_run(text: str, source: list[str]) -> int:
    """The longest run of consecutive words of *text* that also occurs in *source*."""
    words, best = _words(text), 0
    index: dict[str, list[int]] = {}
    for i, word in enumerate(source):
        index.setdefault(word, []).append(i)
    for i, word in enumerate(words):
        for j in index.get(word, []):
            length = 0
            while (i + length < len(words) and j + length < len(source)
                   and words[i + length] == source[j + length]):
                length += 1
            best = max(best, length)
    return best


def _our_texts() -> list[tuple[str, str]]:
    country = COUNTRY[0]
    texts = [("country description", country["description"])]
    texts += [(f"fact {f['label']}", f[key]) for f in country["fact"]
              for key in ("label", "text") if key in f]
    texts += [(f"conclusion {n}", c["text"]) for n, c in enumerate(country["conclusion"], 1)]
    texts += [(c["id"], c["description"]) for c in COMPANIES]
    texts += [(f"{sector} investor countries", fact["text"]) for sector, fact in INVESTOR_FACTS]
    return texts


def test_our_texts_are_our_own_words() -> None:
    """No description, label, text fact or conclusion repeats 12 or more consecutive words of
    the briefings (official titles and printed lists are short enough to stay below)."""
    sources = [_words(BRIEFING), _words(I40)]
    copied = [(where, run) for where, text in _our_texts()
              if (run := max(_longest_shared_run(text, s) for s in sources)) > LONGEST_SHARED_RUN]
    assert copied == []


def test_the_coverage_table_in_data_md_is_the_measured_one() -> None:
    """docs/data.md shows what tools/briefing_coverage.py measures today, and every figure
    of the briefings has a home or a stated reason (rerun it with --update-docs)."""
    rows = briefing_coverage.measure()
    block = DATA_MD.split(briefing_coverage.START, 1)[1].split(briefing_coverage.END, 1)[0]
    assert block.strip() == briefing_coverage.table(rows)
    assert [(r.section, f.printed, f.context) for r in rows for f in r.missing] == []


def test_every_company_and_left_out_figure_is_documented() -> None:
    companies = DATA_MD.split("## Companies (companies.toml)", 1)[1].split("\n## ", 1)[0]
    assert [c["name"] for c in COMPANIES if c["name"] not in companies] == []
    glance = DATA_MD.split("## Mexico at a glance (country.toml)", 1)[1].split("\n## ", 1)[0]
    assert "left out" in glance.lower()
