"""The papers in Spanish (issue 20): a fact sheet and a brochure made under
``i18n.using("es")`` print mxdesk's own words in Spanish — headings, cover, contents, footers,
the map's words, chart titles — with counts in the right plural, while the same papers made
in English stay as they were. The directory's names stay as printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from mxdesk.core import i18n, sheets
from mxdesk.core.changes import Change, as_text, grouped
from mxdesk.core.charts import Bar, Chart, unit_text
from mxdesk.core.directory import Directory
from mxdesk.core.key_figures import KeyFigure, signs_used
from mxdesk.core.selections import of_selection, whole_directory
from mxdesk.core.sheets import Excerpt
from mxdesk.core.state_counts import NOT_STATED, StateCounts, cluster_counts
from mxdesk.export.credit import attribution_text
from mxdesk.export.html import _excerpt_html, as_document
from mxdesk.export.pdf import export_pdf
from mxdesk.export.sheet_head import by_state_html
from tests.pdftext import pdf_text

DAY = dt.date(2026, 11, 29)


def _plain(text: object) -> str:
    return str(text)


@pytest.fixture(scope="module")
def spanish_sheet(directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("es") / "claut.pdf"
    with i18n.using("es"):
        export_pdf(sheets.single_sheet(directory, "claut", DAY), path)
    return path


@pytest.fixture(scope="module")
def spanish_brochure(directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("es") / "brochure.pdf"
    with i18n.using("es"):
        chosen = whole_directory(directory)
        three = type(chosen)(**{**chosen.__dict__, "cluster_ids": chosen.cluster_ids[:3]})
        export_pdf(sheets.brochure_of(directory, three, DAY), path)
    return path


def test_a_fact_sheet_made_in_spanish_prints_its_headings_and_footer_in_spanish(
        spanish_sheet: Path) -> None:
    text = pdf_text(spanish_sheet, 0)
    for expected in ("Ficha técnica: Cluster Automotriz de Nuevo León",  # the page's header
                     "Cifras clave", "Políticas relacionadas", "Fuentes", "Página 1 de 1",
                     "Versión de datos", "elaborado el 29 nov 2026", "Etiqueta de Oro",
                     "vigente hasta 2019-06-23 — vencida (consultado el 2026-11-29)",
                     "Mapa: @svg-maps/mexico 2.0.0 de Victor Cazanave",
                     "CC BY 4.0; contornos sin cambios"):
        assert expected in text, expected
    for english in ("Key figures", "Related policies", "Sources", "Page 1 of 1",
                    "Data version", "valid until", "outlines unchanged"):
        assert english not in text, english
    # The directory's names are printed as they are.
    assert "Cluster Automotriz de Nuevo León" in text
    reader = PdfReader(spanish_sheet)
    assert reader.metadata is not None
    assert reader.metadata.title == "Ficha técnica: Cluster Automotriz de Nuevo León"


def test_a_brochure_made_in_spanish_has_a_spanish_cover_contents_and_footers(
        spanish_brochure: Path) -> None:
    reader = PdfReader(spanish_brochure)
    pages = len(reader.pages)
    cover = pdf_text(spanish_brochure, 0)
    for expected in ("Folleto de misión · Directorio de clústeres de México",
                     "El directorio de clústeres de México", "Selección", "todo el directorio",
                     "Clústeres", "Elaborado el", "29 de noviembre de 2026",
                     "Los números entre corchetes remiten a la lista de fuentes al final."):
        assert expected in cover, expected
    contents = pdf_text(spanish_brochure, 1)
    assert "Contenido" in contents
    assert "Clústeres por estado" in contents
    assert f"Página 2 de {pages}" in contents
    whole = pdf_text(spanish_brochure)
    for expected in ("Clústeres por estado", "Dónde están los 3 clústeres de este folleto",
                     "En palabras:", "Clústeres por estado", "ninguno", "Centro, ampliado",
                     "Fuentes", f"Página {pages} de {pages}"):
        assert expected in whole, expected
    assert "Contents" not in whole
    assert "Page 2 of" not in whole


def test_the_same_papers_in_english_stay_in_english(directory: Directory,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "claut.pdf"
    export_pdf(sheets.single_sheet(directory, "claut", DAY), path)
    text = pdf_text(path, 0)
    for expected in ("Key figures", "Related policies", "Sources", "Page 1 of 1",
                     "made 29 Nov 2026", "Gold label", "valid until 2019-06-23 — expired",
                     "outlines unchanged, states shaded by mxdesk"):
        assert expected in text, expected
    assert "Fuentes" not in text


def _built(directory: Directory, lang: str) -> str:
    """The directory's build date as *lang* writes a date ("30 nov 2026")."""
    with i18n.using(lang):
        return i18n.date(dt.date.fromisoformat(directory.info().build_date), "medium")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_fact_sheet_s_footer_says_both_days_in_one_form(directory: Directory,
                                                          tmp_path: Path, lang: str) -> None:
    # Issue 20's trial: "compilada el 2026-11-30 · elaborado el 30 nov 2026" on one line
    # ("built 2026-11-30 · made 30 Nov 2026" in English).
    path = tmp_path / "claut.pdf"
    with i18n.using(lang):
        export_pdf(sheets.single_sheet(directory, "claut", DAY), path)
    text = " ".join(pdf_text(path, 0).split())
    said = {"es": f"compilada el {_built(directory, 'es')} · elaborado el 29 nov 2026",
            "en": f"built {_built(directory, 'en')} · made 29 Nov 2026"}[lang]
    assert said in text
    assert directory.info().build_date not in text


def test_a_spanish_brochure_s_cover_dates_the_data_as_spanish_does(
        directory: Directory, spanish_brochure: Path) -> None:
    cover = " ".join(pdf_text(spanish_brochure, 0).split())
    assert f"compilada el {_built(directory, 'es')}" in cover
    assert directory.info().build_date not in cover


def test_a_chart_title_in_spanish() -> None:
    bars = (Bar("Querétaro", 12, None, "exact", "12", ("s1",)),
            Bar("Sonora", 5, None, "exact", "5", ("s1",)))
    chart = Chart("Aerospace clusters by state", "of 35 clusters", "(2018)", bars)
    ranked = Chart("Doing Business rank", "rank (of 190 countries)", "(2018)", bars,
                   dots=True, top=190)
    assert chart.heading == "Aerospace clusters by state — clusters of 35, 2018"
    assert ranked.heading == "Doing Business rank — of 190 countries; 1 is best, 2018"
    with i18n.using("es"):
        assert chart.heading == "Aerospace clusters by state — clusters de 35, 2018"
        assert ranked.heading.endswith("; 1 es la mejor, 2018")
        assert unit_text("of 35 clusters") == "clusters de 35"


def test_a_spanish_brochure_titles_its_charts_in_spanish(directory: Directory) -> None:
    with i18n.using("es"):
        page = sheets.country_page(directory, directory.all_refs("country")[0].id, DAY)
    headings = [c.heading for topic in page.charts for c in topic]
    assert headings
    # "<what> — <unit>, <date>": our own words in Spanish (the directory gives the rest).
    assert not any("1 is best" in h or " by sector" in h or " by state" in h
                   for h in headings), headings


@pytest.mark.parametrize(("n", "english", "spanish"), [
    (1, "1 cluster", "1 clúster"), (2, "2 clusters", "2 clústeres")])
def test_counts_printed_take_the_plural_that_fits(directory: Directory, n: int,
                                                 english: str, spanish: str) -> None:
    ids = [r.id for r in directory.all_refs("cluster")][:n]
    assert cluster_counts(directory, ids).caption == f"Clusters by state · {english}"
    with i18n.using("es"):
        assert cluster_counts(directory, ids).caption == f"Clústeres por estado · {spanish}"


@pytest.mark.parametrize(("n", "spanish"), [
    (1, "… 1 carácter más: la nota completa está en mxdesk"),
    (2, "… 2 caracteres más: la nota completa está en mxdesk")])
def test_a_note_cut_short_says_how_much_in_spanish(n: int, spanish: str) -> None:
    with i18n.using("es"):
        assert spanish in _excerpt_html(Excerpt(("Hola",), n), is_note=True)
    english = "more character:" if n == 1 else "more characters:"
    assert english in _excerpt_html(Excerpt(("Hi",), n), is_note=True)


@pytest.mark.parametrize(("clusters", "states", "spanish"), [
    (1, 1, "Dónde está el único clúster de este folleto: el número sobre cada estado, más "
           "oscuro cuantos más haya; 1 estado en total."),
    (2, 2, "Dónde están los 2 clústeres de este folleto: el número sobre cada estado, más "
           "oscuro cuantos más haya; 2 estados en total; 1 sin estado indicado en los "
           "informes, contado aparte.")])
def test_the_clusters_by_state_page_in_spanish(clusters: int, states: int,
                                              spanish: str) -> None:
    rows = [("Jalisco", 1, False), ("Sonora", 1, False)][:states]
    if clusters == 2:
        rows.append((NOT_STATED, 1, False))
    counts = StateCounts(tuple(rows), clusters, "x")
    with i18n.using("es"):
        page = by_state_html(counts, _plain)
    assert spanish in page
    assert "<h1>Clústeres por estado</h1>" in page
    english = by_state_html(counts, _plain)
    assert ("Where the 1 cluster of this brochure is" if clusters == 1
            else "Where the 2 clusters of this brochure are") in english


def test_the_cover_counts_policies_in_the_plural_that_fits(directory: Directory) -> None:
    with i18n.using("es"):
        chosen = of_selection(directory, ["claut", "claugto"])
        assert chosen.title == "Clústeres mexicanos seleccionados"
        assert chosen.label == "2 clústeres seleccionados"
        made = sheets.brochure_of(directory, chosen, DAY)
        footer = as_document(made).footer
    assert footer.startswith("Versión de datos ")
    assert "elaborado el 29 nov 2026" in footer


def test_the_signs_legend_and_the_map_credit_in_spanish(directory: Directory) -> None:
    tiles = (KeyFigure("> 35,000", "Jobs", "2016", ("s",), ">"),
             KeyFigure("≈ 110", "Companies", "2016", ("s",), "≈"))
    with i18n.using("es"):
        assert signs_used(tiles) == "> más de · ≈ aproximadamente"
        credit = attribution_text(directory.mexico_map().attribution)
    assert signs_used(tiles) == "> more than · ≈ approximately"
    assert credit == ("Mapa: @svg-maps/mexico 2.0.0 de Victor Cazanave, basado en MapSVG "
                      "(mapsvg.com), CC BY 4.0; contornos sin cambios, estados sombreados "
                      "por mxdesk")


@pytest.mark.parametrize(("count", "spanish"), [(1, "1 cambio"), (2, "2 cambios")])
def test_the_changes_of_a_release_in_spanish(count: int, spanish: str) -> None:
    changes = [Change("2026.12.1", "cluster", "claut", "CLAUT", "field",
                      subject="Quality label", before="Gold", after="Silver"),
               Change("2026.12.1", "cluster", "x", "X", "added")][:count]
    with i18n.using("es"):
        text = as_text(grouped(changes))
    assert f"Versión 2026.12.1: {spanish}" in text
    assert "Datos modificados (1)" in text
    assert "CLAUT (clúster claut): Etiqueta de calidad: Gold → Silver" in text
    english = as_text(grouped(changes))
    assert "CLAUT (cluster claut): Quality label: Gold → Silver" in english
