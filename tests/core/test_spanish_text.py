"""The directory's own text in Spanish (issue 20): data/source/es/*.toml built into the
database, read in the current language, searched in either."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from mxdesk.core import i18n, paths
from mxdesk.core.browse import CLUSTERS, SECTORS, BrowseQuery
from mxdesk.core.build import build, load_sources
from mxdesk.core.directory import Directory
from mxdesk.core.errors import BuildError
from mxdesk.core.search import search
from mxdesk.core.spanish_source import english_terms

STUB = Path(__file__).resolve().parents[1] / "data" / "es_stub"


def _source_with(tmp: Path, stub: Path = STUB) -> Path:
    """A copy of data/source with *stub* as its Spanish folder."""
    source = tmp / "source"
    shutil.copytree(paths.source_dir(), source, ignore=shutil.ignore_patterns("es"))
    shutil.copytree(stub, source / "es")
    return source


def _build(tmp: Path, source: Path) -> Path:
    out = tmp / "clusters.db"
    build(source, out, paths.source_dir().parent / "changes")
    return out


@pytest.fixture(scope="module")
def spanish_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    tmp = tmp_path_factory.mktemp("spanish")
    with Directory(_build(tmp, _source_with(tmp))) as directory:
        yield directory


def test_a_cluster_reads_in_the_language_of_the_call(spanish_db: Directory) -> None:
    english = spanish_db.cluster("claut")
    assert english.description.startswith("Non-profit automotive cluster of Nuevo León")
    assert english.legal_form == "non-profit organisation"
    assert [s.name for s in english.sectors] == ["Automotive", "Transportation"]
    with i18n.using("es"):
        spanish = spanish_db.cluster("claut")
    assert spanish.description.startswith("Clúster automotriz sin fines de lucro")
    assert spanish.legal_form == "organización sin fines de lucro"
    assert [s.name for s in spanish.sectors] == ["Automotriz", "Transporte"]
    # Names the Spanish files do not give stay as printed.
    assert spanish.name == english.name == "Cluster Automotriz de Nuevo León"


def test_a_sector_has_its_spanish_name_and_the_english_one_as_an_alias(
        spanish_db: Directory) -> None:
    with i18n.using("es"):
        sector = spanish_db.sector("automotive")
        assert spanish_db.ref("sector", "automotive").name == "Automotriz"
    assert sector.name == "Automotriz"
    assert sector.aliases[0] == "Automotive"
    assert "Automotriz" not in sector.aliases
    assert sector.description.startswith("Uno de los cuatro sectores")
    english = spanish_db.sector("automotive")
    assert english.name == "Automotive"
    assert english.description.startswith("One of the four sectors")


def test_fact_labels_units_and_topics_follow_the_language(spanish_db: Directory) -> None:
    def vehicles() -> str:
        fact = next(f for f in spanish_db.sector("automotive").facts if f.value == 3.47)
        return f"{fact.label}: {fact.display_value()}"

    assert vehicles() == "Vehicles produced: 3.47 million vehicles"
    with i18n.using("es"):
        assert vehicles() == "Vehículos producidos: 3.47 millones de vehículos"
        fact = spanish_db.country("mexico").facts[0]
        assert (fact.topic, spanish_db.country("mexico").name) == ("Economía", "México")
        # Code that recognises units matches the English source's words.
        assert fact.unit_key == "rank (Latin America)"
    # A label with no Spanish reads in English in Spanish too.
    with i18n.using("es"):
        labels = {f.label for f in spanish_db.sector("automotive").facts}
    assert "Share of Mexico's total GDP" in labels


def test_sector_location_groups_read_in_spanish(spanish_db: Directory) -> None:
    groups = {g.group for g in spanish_db.sector("renewable-energy").locations}
    assert "Bioenergy Projects" in groups
    with i18n.using("es"):
        groups = {g.group for g in
                  spanish_db.sector("renewable-energy").locations}
    assert "Proyectos de bioenergía" in groups
    assert "Bioenergy Projects" not in groups


def test_the_cache_keeps_each_language_apart(spanish_db: Directory) -> None:
    """Cross-links are kept once read: a switch of language must not show the other's."""
    english = spanish_db.clusters_in_sectors(["automotive"], limit=3)
    with i18n.using("es"):
        policies = spanish_db.policies_for_sectors(["automotive"])
        assert spanish_db.policies_for_sectors(["automotive"]) == policies
    assert spanish_db.clusters_in_sectors(["automotive"], limit=3) == english
    with i18n.using("es"):
        cooperation = spanish_db.cooperation_for_sectors(["automotive"])
    assert cooperation == spanish_db.cooperation_for_sectors(["automotive"])  # no Spanish names
    assert spanish_db._kept_answers  # answers kept, per language
    assert {key[0] for key in spanish_db._kept_answers} == {"en", "es"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("text", "kind", "record_id"), [
    ("palabraunicaespanola", "cluster", "claut"),   # a word of the Spanish description only
    ("Palabraúnicaespañola", "cluster", "claut"),
    ("automotriz", "sector", "automotive"),
    ("transporte", "sector", "transportation"),     # the Spanish name only
    ("vehiculos producidos", "sector", "automotive"),  # a Spanish fact label, no accents
    ("automotive", "sector", "automotive"),          # the English name, in Spanish too
    ("proyectos de bioenergia", "sector", "renewable-energy"),
])
def test_search_finds_a_record_in_either_language(spanish_db: Directory, language: str,
                                                  text: str, kind: str,
                                                  record_id: str) -> None:
    with i18n.using(language):
        hits = search(spanish_db, text, kind=kind)  # type: ignore[arg-type]
    assert record_id in [h.id for h in hits]


def test_a_hit_is_named_in_the_language_of_the_search(spanish_db: Directory) -> None:
    assert search(spanish_db, "transporte", kind="sector")[0].name == "Transportation"
    with i18n.using("es"):
        assert search(spanish_db, "transporte", kind="sector")[0].name == "Transporte"


def test_lookup_knows_the_spanish_name(spanish_db: Directory) -> None:
    assert [r.id for r in spanish_db.lookup("Transporte")] == ["transportation"]


def test_the_browse_tables_show_spanish_names_and_keep_english_ticks(
        spanish_db: Directory) -> None:
    query = BrowseQuery(CLUSTERS, text="claut")
    sectors_column = [c.name for c in CLUSTERS.columns].index("sectors")
    english = query.rows(spanish_db, 0, 5)
    assert "Automotive" in english[0].cells[sectors_column]
    with i18n.using("es"):
        spanish = query.rows(spanish_db, 0, 5)
        # A tick stores the facet's key (the English value) and still narrows the list.
        ticked = BrowseQuery(SECTORS, selected={"Type": {"Sector"}})
        assert ticked.count(spanish_db) == BrowseQuery(
            SECTORS, selected={"Type": {"Sector"}}).count(spanish_db)
        counts = dict(BrowseQuery(CLUSTERS, text="claut")
                      .facet_counts(spanish_db)["Sector"])
    assert "Automotriz" in spanish[0].cells[sectors_column]
    assert "Automotive" in counts  # the value ticked and saved is the English one


def _broken(tmp: Path, file: str, text: str) -> Path:
    stub = tmp / "stub"
    shutil.copytree(STUB, stub)
    (stub / file).write_text(text, encoding="utf-8")
    return _source_with(tmp, stub)


@pytest.mark.parametrize(("file", "text", "message"), [
    ("clusters.toml", '[no-such-cluster]\ndescription = "Clúster."\n',
     "es/clusters.toml [no-such-cluster]: names no cluster of clusters.toml"),
    ("sectors.toml", '[automotive]\nnmae = "Automotriz"\n',
     "es/sectors.toml [automotive]: unknown field 'nmae'"),
    ("terms.toml", '[label]\n"Vehicles made" = "Vehículos fabricados"\n',
     "es/terms.toml [label]: no record uses the label 'Vehicles made'"),
    ("terms.toml", '[colour]\n"red" = "rojo"\n', "es/terms.toml [colour]: not a field"),
    ("terms.toml", '[committee]\n"Tea Committee" = "Comité del té"\n',
     "es/terms.toml [committee]: no record uses the committee 'Tea Committee'"),
    # A listing row's sector is not a quality label's: the key must be a label's sector.
    ("terms.toml", '[label_sector]\n"Furniture" = "Muebles"\n',
     "es/terms.toml [label_sector]: no record uses the label_sector 'Furniture'"),
    ("terms.toml", '[field]\n"Solar energy" = "Energía solar"\n',
     "es/terms.toml [field]: no record uses the field 'Solar energy'"),
    ("country.toml", '[mexico]\nconclusions = ["Una."]\n',
     "es/country.toml [mexico]: 1 conclusions, the English has"),
    ("clusters.toml", '[claut]\ndescription = "  "\n',
     "es/clusters.toml [claut]: description is not a text"),
])
def test_bad_spanish_fails_the_build_and_says_where(tmp_path: Path, file: str, text: str,
                                                    message: str) -> None:
    out = tmp_path / "clusters.db"
    with pytest.raises(BuildError, match="problem") as caught:
        build(_broken(tmp_path, file, text), out, paths.source_dir().parent / "changes")
    assert message in str(caught.value)
    assert not out.exists()


def test_the_build_works_with_no_spanish_at_all(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(paths.source_dir(), source, ignore=shutil.ignore_patterns("es"))
    with Directory(_build(tmp_path, source)) as directory, i18n.using("es"):
        assert directory.sector("automotive").name == "Automotive"


def _spanish_source() -> dict[str, dict[str, dict[str, object]]]:
    return load_sources(paths.source_dir())["es"]


def test_every_description_and_fact_word_of_the_real_source_has_spanish() -> None:
    src = load_sources(paths.source_dir())
    spanish = src["es"]
    missing: list[str] = []
    for file, key in (("clusters", "cluster"), ("sectors", "sector"), ("policies", "policy"),
                      ("programmes", "programme"), ("partnerships", "partnership"),
                      ("country", "country"), ("companies", "company")):
        for record in src[file].get(key, []):
            if record.get("description") and not spanish.get(file, {}).get(
                    record["id"], {}).get("description"):
                missing.append(f"{file} {record['id']} description")
    terms = spanish.get("terms", {})
    for field in ("label", "unit", "qualifier", "text", "topic", "group"):
        missing += [f"terms {field} {english!r}" for english in
                    sorted(english_terms(src)[field]) if english not in terms.get(field, {})]
    assert not missing, f"{len(missing)} without Spanish, e.g. {missing[:10]}"


def test_the_stub_files_are_valid_toml() -> None:
    for path in STUB.glob("*.toml"):
        with path.open("rb") as handle:
            assert tomllib.load(handle)


def test_facet_values_and_table_words_show_in_spanish(spanish_db: Directory) -> None:
    from mxdesk.core.facet_counts import FacetCount
    from mxdesk.core.tables import shown_value

    # The directory opened last gives the facets' Spanish names (the window opens one).
    Directory(spanish_db.path).close()

    assert FacetCount("Automotive", 1234).label() == "Automotive (1,234)"
    assert shown_value("Gold (valid until 2031)") == "Gold (valid until 2031)"
    with i18n.using("es"):
        assert FacetCount("Automotive", 1).label() == "Automotriz (1)"
        assert FacetCount("Industry", 2, True).label() == "Industria (2+)"
        assert shown_value("Gold (valid until 2031)") == "Oro (vigente hasta 2031)"
        assert shown_value("Silver (expired)") == "Plata (vencida)"
        assert shown_value("2014–2018 (ended)") == "2014–2018 (concluida)"
        assert BrowseQuery(CLUSTERS).describe(1, 2) == "1 de 2 clústeres"


def test_the_index_holds_text_not_lists(spanish_db: Directory) -> None:
    """Each part of a record's body is its own text in the index (a list is flattened)."""
    bodies = [row[0] for row in spanish_db.conn.execute("SELECT body FROM display_text")]
    assert not [b for b in bodies if "['" in b or "None" in b]


# -- issue 20, second trial: the "as printed" descriptions, sort order, policy kinds ----------


def test_fields_committees_focus_areas_and_label_sectors_follow_the_language(
        spanish_db: Directory) -> None:
    claugto = spanish_db.cluster("claugto")
    assert claugto.committees[:3] == ("Human Capital", "Purchasing", "Supply Chain")
    assert claugto.label is not None
    assert claugto.label.sector == "Transportation and mobility"
    assert spanish_db.programme("euro-solar").field == "Solar Energy"
    with i18n.using("es"):
        claugto = spanish_db.cluster("claugto")
        it_baja = spanish_db.cluster("it-baja")
        solar = spanish_db.programme("euro-solar")
        gemex = spanish_db.programme("gemex")
    # Each item with a Spanish form reads in Spanish, the others as printed.
    assert claugto.committees[:3] == ("Capital humano", "Purchasing", "Cadena de suministro")
    assert claugto.label is not None
    assert claugto.label.sector == "Transporte y movilidad"
    assert it_baja.focus_areas[:2] == ("desarrollo de software",
                                       "IoT and cloud computing services")
    assert it_baja.offices == spanish_db.cluster("it-baja").offices  # names: as printed
    assert solar.field == "Energía solar"
    assert gemex.field == "Geothermal Energy"


def test_the_cooperation_tab_shows_the_field_in_spanish(spanish_db: Directory) -> None:
    from mxdesk.core.browse import COOPERATION

    area = [c.name for c in COOPERATION.columns].index("area")
    query = BrowseQuery(COOPERATION, text="euro solar")
    assert query.rows(spanish_db, 0, 5)[0].cells[area] == "Solar Energy"
    with i18n.using("es"):
        assert query.rows(spanish_db, 0, 5)[0].cells[area] == "Energía solar"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("text", "record_id"), [
    ("energía solar", "euro-solar"), ("nanociencias", "eu-mex-innova"),
    ("cadena de suministro", "claugto"), ("desarrollo de software", "it-baja"),
    ("transporte y movilidad", "claut"),
])
def test_search_finds_the_spanish_field_committee_focus_area_and_label_sector(
        spanish_db: Directory, language: str, text: str, record_id: str) -> None:
    with i18n.using(language):
        assert record_id in {hit.id for hit in search(spanish_db, text)}


def _in_name_order(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, id) pairs in the tables' order: the name folded, then the id."""
    from mxdesk.core.text import fold

    return sorted(pairs, key=lambda pair: f"{fold(pair[0])} {pair[1]}")


def test_lists_sort_by_the_spanish_names_in_spanish(spanish_db: Directory) -> None:
    """The second trial: in Spanish, "Automotriz" sorted as "Automotive" (the English name)."""
    from mxdesk.core.tables import SECTORS

    english = [(r.name, r.id) for r in spanish_db.all_refs("sector")]
    assert english == _in_name_order(english)
    name = [c.name for c in SECTORS.columns].index("name")
    with i18n.using("es"):
        refs = [(r.name, r.id) for r in spanish_db.all_refs("sector")]
        whole = BrowseQuery(SECTORS)
        rows = [(r.cells[name], r.id) for r in whole.rows(spanish_db, 0, 500)]
        backwards = [(r.cells[name], r.id) for r in
                     BrowseQuery(SECTORS, descending=True).rows(spanish_db, 0, 500)]
        found = BrowseQuery(SECTORS, text="t")
        found_rows = [(r.cells[name], r.id) for r in found.rows(spanish_db, 0, 500)]
        place = whole.position(spanish_db, "sector", "transportation")
        found_place = found.position(spanish_db, "sector", "transportation")
        keys = [i for _k, i in found.ordered_keys(spanish_db)]
    assert ("Transporte", "transportation") in refs
    assert ("Automotriz", "automotive") in refs
    assert refs == _in_name_order(refs) != english
    assert rows == refs
    assert backwards == rows[::-1]
    assert found_rows == _in_name_order(found_rows)
    assert place == rows.index(("Transporte", "transportation"))
    assert found_place == found_rows.index(("Transporte", "transportation"))
    assert found_place == keys.index("transportation")


def test_a_search_in_name_order_walks_the_index_where_spanish_sorts_alike(
        spanish_db: Directory) -> None:
    """Clusters (no Spanish names in the stub) keep the index's fast path in Spanish;
    sectors, whose Spanish names sort otherwise, are sorted by their Spanish key."""
    with i18n.using("es"):
        assert BrowseQuery(CLUSTERS, text="cluster").indexed
        assert not BrowseQuery(SECTORS, text="auto").indexed
    assert BrowseQuery(SECTORS, text="auto").indexed
    plans = " ".join(str(row[-1]) for row in spanish_db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM sectors ORDER BY sort_key_es LIMIT 5"))
    assert "idx_sectors_sort_key_es" in plans


def test_every_policy_kind_and_level_of_the_source_has_a_word() -> None:
    from mxdesk.core.records import policy_kind_name, policy_level_name

    policies = load_sources(paths.source_dir())["policies"]["policy"]
    kinds = {p["kind"] for p in policies}
    levels = {p["level"] for p in policies}
    assert {"law", "institution"} <= kinds
    # The pseudo-locale marks every word the catalogue knows; a kind not known stays bare.
    with i18n.using(i18n.PSEUDO):
        assert not [k for k in kinds if policy_kind_name(k) == k]
        assert not [v for v in levels if policy_level_name(v) == v]
    with i18n.using("es"):
        assert policy_kind_name("law") == "ley"
        assert policy_kind_name("institution") == "institución"


def test_a_hit_past_its_end_says_so_in_the_language() -> None:
    from mxdesk.core.directory import with_past_end

    assert with_past_end("PROSOFT", "ended 2014") == "PROSOFT  (ended 2014)"
    assert with_past_end("CLAUT", "label expired") == "CLAUT  (label expired)"
    with i18n.using("es"):
        assert with_past_end("PROSOFT", "ended 2014") == "PROSOFT  (concluida en 2014)"
        assert with_past_end("CLAUT", "label expired") == "CLAUT  (etiqueta vencida)"


def test_mxdesk_search_in_spanish_marks_an_ended_policy_in_spanish() -> None:
    from tests.test_cli import mxdesk

    out = mxdesk("--lang", "es", "search", "promexico", "--kind", "policy").stdout
    assert "ProMéxico  (concluida en 2018)" in out
    hits = mxdesk("--lang", "es", "search", "promexico", "--kind", "policy", "--json").stdout
    assert '"past_end": "ended 2018"' in hits  # JSON is data: as in English
