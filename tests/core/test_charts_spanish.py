"""Charts and key figures in Spanish (issue 20): which figures share a chart, how each bar is
drawn and the scales are decided on the English source's words (``Fact.label_key``,
``unit_key``, ``qualifier_key``), so every record of the real directory charts in Spanish
exactly as in English, while titles, bar labels and units read in Spanish."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from mxdesk.core import i18n, sheets
from mxdesk.core.charts import Chart, charts_of, common_scales, known_names, shown_value
from mxdesk.core.details import FactRow, Figures, details
from mxdesk.core.directory import Directory
from mxdesk.core.key_figures import key_figures
from mxdesk.core.records import Fact, RecordRef
from mxdesk.ui.detail_html import CHARTED, record_page

KINDS = ("sector", "country", "cluster", "policy")
TERMS = Path(__file__).parents[2] / "data" / "source" / "es" / "terms.toml"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


@pytest.fixture(scope="module")
def english_only() -> set[str]:
    """Words of the directory's English texts that none of their Spanish forms use."""
    terms = tomllib.loads(TERMS.read_text(encoding="utf-8"))
    english: set[str] = set()
    spanish: set[str] = set()
    for table in terms.values():
        for key, value in table.items():
            english |= _words(key)
            spanish |= _words(str(value))
    # And the words mxdesk's own chart titles are made of.
    english |= {"figures", "other", "by", "state", "topic", "rank", "best", "expected",
                "target", "goal", "forecast", "until", "top", "printed", "stated", "clusters"}
    return english - spanish


@pytest.fixture(scope="module")
def names(directory: Directory) -> set[str]:
    """The words of the directory's names (in Spanish), which a chart may print as they are,
    and of the dates its briefings print: a figure without a year is "(según la edición de
    April 2018)", the date quoted as the document prints it (:mod:`mxdesk.core.dating`)."""
    out: set[str] = set()
    with i18n.using("es"):
        for kind in ("sector", "country", "cluster", "policy", "state"):
            for ref in directory.all_refs(kind):  # type: ignore[arg-type]
                out |= _words(ref.name)
    for _id, _title, date in directory.documents():
        out |= _words(date or "")
    return out


def _pages(directory: Directory, kind: str, record_id: str,
           ) -> Iterator[tuple[str, str, tuple[Chart, ...]]]:
    """(where, record's title, charts) of one record, made as each caller makes them: the
    detail pane (:func:`record_page`), the brochure's sector and country pages, and
    :func:`charts_of` over each of the record's lists of figures."""
    record = directory.get(kind, record_id)  # type: ignore[arg-type]
    shown = details(directory, record)
    known = known_names(directory)
    figures = [charts_of(s.body.rows, known, shown.title) for s in shown.sections_in("pane")
               if isinstance(s.body, Figures)]
    yield "charts_of", shown.title, common_scales(c for topic in figures for c in topic)
    if kind in CHARTED:
        yield "pane", shown.title, tuple(record_page(directory, record)[1].values())
    if kind in ("sector", "country"):
        page = (sheets.sector_page if kind == "sector" else sheets.country_page)(
            directory, record_id)
        yield "paper", shown.title, tuple(c for topic in page.charts for c in topic)


def _made(directory: Directory, lang: str) -> dict[tuple[str, str, str], tuple[str, list[
        tuple[Chart, str, list[str]]]]]:
    """Every record's charts in *lang*: (kind, id, where) → (title, [(chart, heading, bar
    labels)]), the heading read in *lang*."""
    out = {}
    with i18n.using(lang):
        for kind in KINDS:
            for ref in directory.all_refs(kind):  # type: ignore[arg-type]
                for where, title, charts in _pages(directory, kind, ref.id):
                    out[kind, ref.id, where] = (title, [(c, c.heading, [b.label for b in c.bars])
                                                        for c in charts])
    return out


@pytest.fixture(scope="module")
def both(directory: Directory) -> tuple[dict, dict]:  # type: ignore[type-arg]
    return _made(directory, "en"), _made(directory, "es")


def _shape(chart: Chart) -> tuple[object, ...]:
    return (len(chart.bars), chart.top, chart.scale, chart.dots,
            tuple((b.value, b.reach, b.expected, b.source_ids, b.mark) for b in chart.bars))


def test_every_record_charts_in_spanish_as_in_english(both: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    english, spanish = both
    assert english.keys() == spanish.keys()
    charted = [key for key, (_, charts) in english.items() if charts]
    # The real directory charts: sectors, the country, a cluster and policies.
    assert {kind for kind, _, _ in charted} >= {"sector", "country", "cluster", "policy"}
    assert ("sector", "automotive", "paper") in charted
    for key in english:
        en = [c for c, _, _ in english[key][1]]
        es = [c for c, _, _ in spanish[key][1]]
        assert len(es) == len(en), key
        assert [_shape(c) for c in es] == [_shape(c) for c in en], key
        # Charts of one unit on a page share a scale in Spanish as in English.
        assert [c.unit_matched for c in es] == [c.unit_matched for c in en], key


def test_the_automotive_changes_chart_is_not_lost_in_spanish(both: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    english, spanish = both
    en = english["sector", "automotive", "paper"][1]
    es = spanish["sector", "automotive", "paper"][1]
    assert len(en) == len(es) == 4
    assert en[1][1] == "Increase in vehicle production and exports — %, 2016"
    assert es[1][1] == "Aumento de la producción y las exportaciones — %, 2016"
    assert es[1][2] == ["Producción de vehículos respecto del año anterior",
                        "Exportaciones de vehículos respecto de 2015"]
    # A goal is hatched in either language.
    assert [b.expected for b in es[2][0].bars] == [True, True]


def test_spanish_charts_print_no_english(both: tuple[dict, dict], english_only: set[str],  # type: ignore[type-arg]
                                         names: set[str]) -> None:
    english, spanish = both
    for key, (title, charts) in spanish.items():
        allowed = names | _words(title)
        for (_chart, heading, labels), (_, en_heading, en_labels) in zip(
                charts, english[key][1], strict=True):
            assert heading != en_heading, key
            for text in (heading, *labels):
                found = (_words(text) - allowed) & english_only
                assert not found, (key, text, found)
            for label, en_label in zip(labels, en_labels, strict=True):
                # A bar says the same as in English only when it is a name ("Nuevo León") or
                # an acronym ("MSCA").
                assert label != en_label or _words(label) <= names or label.isupper(), \
                    (key, label)


def test_key_figures_sign_in_spanish_as_in_english(directory: Directory) -> None:
    signed = 0
    for ref in directory.all_refs("cluster"):
        with i18n.using("en"):
            english = key_figures(directory.cluster(ref.id))
        with i18n.using("es"):
            spanish = key_figures(directory.cluster(ref.id))
        assert [k.sign for k in spanish] == [k.sign for k in english], ref.id
        for en, es in zip(english, spanish, strict=True):
            signed += bool(en.sign)
            assert es.value.startswith(en.sign), (ref.id, es.value)
            assert not (en.sign and es.label == en.label and es.label.isascii()), ref.id
    assert signed >= 5


def test_shown_value_uses_the_signs_in_spanish() -> None:
    def fact(qualifier: str, spanish: str, unit: str = "%", unit_es: str = "%") -> Fact:
        return Fact("Empleos", "fn1", 35000.0, unit=unit_es, qualifier=spanish
                    ).in_english(unit, qualifier, "Jobs")

    with i18n.using("es"):
        assert shown_value(fact("more than", "más de")) == "> 35,000%"
        assert shown_value(fact("approximately", "aproximadamente")) == "≈ 35,000%"
        assert shown_value(fact("up to", "hasta")) == "≤ 35,000%"
        assert shown_value(fact("until", "hasta")) == "35,000%"  # "until" dates, not caps
        assert shown_value(fact("at least", "al menos", "billion EUR", "mil millones de EUR")
                           ) == "≥ 35,000 mil millones de €"


def test_a_fact_read_in_spanish_keeps_its_english_label(directory: Directory) -> None:
    with i18n.using("es"):
        facts = directory.sector("automotive").facts
    labels = {f.label_key: f.label for f in facts}
    assert labels["Vehicles produced"] == "Vehículos producidos"
    english = directory.sector("automotive").facts
    assert all(f.label_key == f.label for f in english)


def test_a_ranking_and_a_count_of_a_whole_read_in_spanish() -> None:
    def rank(label: str, english: str, value: float) -> FactRow:
        return FactRow(Fact(label, "fn1", value, unit="posición (de 140 países)", year=2018
                            ).in_english("rank (of 140 countries)", None, english))

    def count(state: str, value: float) -> FactRow:
        return FactRow(Fact("Clústeres i4.0 en el estado (de 35)", "fn2", value,
                            unit="clústeres", printed="April 2018").in_english(
            "clusters", None, "i4.0 clusters in the state (of 35)"),
            state=RecordRef("state", state.lower(), state))

    with i18n.using("es"):
        ranks = charts_of([rank("Índice de competitividad: pilar A", "Competitiveness index: "
                                "pillar A", 7), rank("Índice de competitividad: pilar B",
                                                     "Competitiveness index: pillar B", 20)])
        counts = charts_of([count("Jalisco", 3), count("Puebla", 2)])
        assert [c.heading for c in ranks] == [
            "Índice de competitividad — posición de 140 países; 1 es la mejor, 2018"]
        assert ranks[0].dots
        assert ranks[0].top == 140
        assert [b.label for b in ranks[0].bars] == ["Pilar A", "Pilar B"]
        assert [b.shown for b in ranks[0].bars] == ["#7", "#20"]
        assert counts[0].top == 35
        assert counts[0].unit_matched == "of 35 clusters"
        assert counts[0].heading == ("Clústeres i4.0 por estado — clústeres de 35, según la "
                                     "edición de abril de 2018")
        assert [b.label for b in counts[0].bars] == ["Jalisco", "Puebla"]
