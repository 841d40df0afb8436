"""A record's page in Spanish (issue 20): the labels, headings and subtitles core/details.py
writes, ``mxdesk show``'s text, a label's status, the kinds, footnotes, the redirect and
not-found messages — all in Spanish under ``i18n.using("es")`` (the directory's names stay as
they are), while English stays as it was."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from mxdesk.core import i18n
from mxdesk.core.details import Details, Field, Plain, Unstated, details, label_status
from mxdesk.core.directory import Directory
from mxdesk.core.errors import NotFoundError
from mxdesk.core.record_text import details_text, text_profile
from mxdesk.core.records import RecordRef, Source
from mxdesk.core.redirects import Redirect

DAY = dt.date(2026, 11, 29)

#: Our English words that must not be left on a Spanish page.
ENGLISH = ("Also known as", "Sources", "Key figures", "Related", "Quality label", "Sectors",
           "Website", "Cluster organisation", "Footnote", "Kind:", "Strategic partners",
           "Listed in the briefing", "Policies touching", "Other clusters in", "valid until",
           "checked", "Top locations", "Companies", "EU cooperation", "Federal entity",
           "Formally organised", "State cluster policy", "Figures about this state",
           "Named among", "at a glance", "Conclusions of the briefing", "The country as a",
           "Years", "Responsible", "Briefing section", "(ended)")


def _page(directory: Directory, kind: str, record_id: str) -> tuple[Details, str]:
    """The record's details and its text, both made in Spanish."""
    with i18n.using("es"):
        record = directory.get(kind, record_id)  # type: ignore[arg-type]
        return details(directory, record, DAY), text_profile(directory, record, DAY)


def _words(page: Details) -> str:
    """Every label, heading and subtitle of *page*, one a line."""
    return "\n".join([page.title, page.subtitle, *(f.label for f in page.fields),
                      *(s.heading for s in page.sections),
                      *(label for s in page.sections
                        for label, _refs in getattr(s.body, "lists", ()))])


def _no_english(text: str) -> None:
    """No English word of ours in *text*; the list of sources quotes the briefing's titles
    ("Table 6 – Formally organised clusters by state"), so only what comes before it counts."""
    ours = text.split("\nFuentes\n")[0]
    for english in ENGLISH:
        assert english not in ours, english


def _field(text: str, label: str, value: str) -> bool:
    """Whether the text has the field line "<label>: <value>", the value in its column."""
    return re.search(rf"^{re.escape(label)}: +{re.escape(value)}", text, re.MULTILINE) is not None


def test_a_cluster_page_in_spanish(directory: Directory) -> None:
    page, text = _page(directory, "cluster", "claut")
    assert page.subtitle == "Organización clúster · CLAUT"
    labels = [f.label for f in page.fields_in("pane")]
    assert labels == ["También conocido como", "Estado", "Sectores", "Forma jurídica",
                      "Etiqueta de calidad", "Sitio web"]
    headings = [s.heading for s in page.sections_in("pane")]
    assert headings == ["Cifras clave", "Socios estratégicos", "Relacionados",
                        "Citado en el informe"]
    related = next(s.body for s in page.sections if s.heading == "Relacionados")
    assert [label for label, _refs in related.lists] == [  # type: ignore[union-attr]
        "Políticas que abarcan Automotriz, Transporte", "Otros clústeres en Nuevo León",
        "Otros clústeres de los mismos sectores", "Cooperación con la UE en estos sectores"]
    assert _field(text, "Tipo de registro", "clúster")
    for expected in ("También conocido como: CLAUT;",
                     "Etiqueta de calidad:   Etiqueta de Oro (", "vigente hasta 2019-06-23 — "
                     "vencida (consultado el 2026-11-29) [1]", "\nCifras clave\n",
                     "\nFuentes\n", "[1] Nota al pie 68: ",
                     "Tabla 2 (etiquetas de calidad de la ECEI): \"CLAUT\""):
        assert expected in text, expected
    _no_english(_words(page))
    _no_english(text)
    # The directory's names are as the directory gives them.
    assert page.title == "Cluster Automotriz de Nuevo León"


def test_the_values_line_up_after_the_longest_spanish_label(directory: Directory) -> None:
    _details, text = _page(directory, "cluster", "claut")
    fields = text.splitlines()[2:10]
    starts = set()
    for line in fields:
        after = line.index(":") + 1
        starts.add(after + len(line[after:]) - len(line[after:].lstrip()))
    # One column of values, after "Etiqueta de calidad: ", the longest label.
    assert starts == {len("Etiqueta de calidad: ") + 2}, fields


def test_a_sector_page_in_spanish(directory: Directory) -> None:
    page, text = _page(directory, "sector", "automotive")
    assert (page.title, page.subtitle) == ("Automotriz", "Sector")
    headings = [s.heading for s in page.sections_in("pane")]
    assert headings[:3] == ["Cifras clave", "Ubicaciones principales", "Relacionados"]
    related = next(s.body for s in page.sections if s.heading == "Relacionados")
    assert [label for label, _refs in related.lists] == [  # type: ignore[union-attr]
        "Clústeres", "Empresas", "Políticas", "Cooperación con la UE"]
    assert _field(text, "Tipo de registro", "sector")
    assert _field(text, "Tipo", "sector")
    assert _field(text, "Industria", "Transporte")
    assert "\nEmpresas\n  Audi\n" in text
    _no_english(_words(page))
    _no_english(text)


def test_a_policy_page_in_spanish(directory: Directory) -> None:
    page, text = _page(directory, "policy", "automotive-sector-priorities-2016")
    assert page.subtitle == "Estrategia federal"
    # (Its Spanish name is ours, a descriptive one: the English reads as an alias.)
    assert [f.label for f in page.fields_in("pane")] == [
        "También conocido como", "Años", "Responsable", "Sectores", "Sección del informe"]
    for label, value in (("Tipo de registro", "política"), ("Tipo", "estrategia"),
                         ("Nivel", "federal"), ("Sección", "2.3"), ("Años", "2016"),
                         ("Responsable", "")):
        assert _field(text, label, value), label
    _no_english(_words(page))
    _no_english(text)


def test_an_ended_policy_says_so_in_spanish(directory: Directory) -> None:
    ended = next(p for p in (directory.policy(r.id) for r in directory.all_refs("policy"))
                 if p.year_end is not None and p.year_end < DAY.year)
    with i18n.using("es"):
        years = ended.years_on(DAY)
    assert years.endswith(" (concluida)")
    assert ended.years_on(DAY).endswith(" (ended)")


def test_the_country_page_in_spanish(directory: Directory) -> None:
    country = directory.all_refs("country")[0].id
    page, text = _page(directory, "country", country)
    assert page.title == "México de un vistazo"
    assert page.subtitle == ("El país en su conjunto: economía, comercio, inversión, "
                             "clústeres, conclusiones")
    assert page.sections[-1].heading == "Conclusiones del informe"
    assert "\nConclusiones del informe\n" in text
    _no_english(_words(page))
    _no_english(text)


def test_a_state_page_in_spanish(directory: Directory) -> None:
    page, text = _page(directory, "state", "nuevo-leon")
    assert page.subtitle == "Entidad federativa · región Norte"
    pane = _words(page)
    for expected in ("También conocido como", "Región", "Clústeres formalmente constituidos",
                     "Clústeres en Nuevo León (14)", "Política estatal de clústeres",
                     "Cifras sobre este estado", "Entre las ubicaciones principales de"):
        assert expected in pane, expected
    assert Field("Clústeres formalmente constituidos",
                 Plain("12 (según la Tabla 6 del informe)"), "pane") in page.fields
    assert _field(text, "Tipo de registro", "estado")
    assert _field(text, "Cifra del anexo", "12")
    for expected in ("\nClústeres\n", "\nPolíticas estatales\n"):
        assert expected in text, expected
    _no_english(pane)
    _no_english(text)


def test_a_company_programme_and_partnership_in_spanish(directory: Directory) -> None:
    company, _text = _page(directory, "company", "accenture")
    assert company.subtitle == "Empresa · Irlanda"
    assert [f.label for f in company.fields] == [
        "Tipo de registro", "Id", "Origen", "Sectores", "Estados"]
    assert company.fields[-1].value == Unstated("no indicado en el informe")
    programme, _text = _page(directory, "programme", "eu-mex-innova")
    assert programme.subtitle == "Programa de cooperación UE–México"
    assert ("Relación", "Cooperación bilateral") in [
        (f.label, f.value) for f in programme.fields]
    partnership, text = _page(directory, "partnership", "eacp-abroad")
    assert "ESCP-4i de primera generación" in str(partnership.fields)
    assert _field(text, "Generación", "primera")
    for page in (company, programme, partnership):
        _no_english(_words(page))


def test_a_label_status_in_both_languages(directory: Directory) -> None:
    claut = directory.cluster("claut")
    assert label_status(claut, dt.date(2019, 1, 1)) == (
        "Gold label (Transportation and mobility), valid until 2019-06-23 — valid (checked "
        "2019-01-01)")
    with i18n.using("es"):
        assert label_status(claut, dt.date(2019, 1, 1)) == (
            "Etiqueta de Oro (Transportation and mobility), vigente hasta 2019-06-23 — vigente "
            "(consultado el 2019-01-01)")
        assert label_status(claut, DAY).endswith("— vencida (consultado el 2026-11-29)")


def test_the_english_page_stays_english(directory: Directory) -> None:
    text = text_profile(directory, directory.cluster("claut"), DAY)
    assert text.splitlines()[2:5] == ["Kind:          cluster", "Id:            claut",
                                      "Also known as: CLAUT; Nuevo León Auto Cluster; "
                                      "Nuevo León Auto Cluster (CLAUT); Cluster Automotriz "
                                      "de Nuevo León (CLAUT)"]
    assert "\nSources\n  [1] Footnote 68: " in text


def test_a_footnote_and_the_details_text_in_spanish() -> None:
    source = Source("fn4", "briefing", "World Bank", footnote=4, url="data.worldbank.org")
    assert source.citation() == "Footnote 4: World Bank — data.worldbank.org"
    with i18n.using("es"):
        assert source.citation() == "Nota al pie 4: World Bank — data.worldbank.org"
        page = Details(kind="cluster", id="x", title="X", long_title="X", subtitle="",
                       fields=(), description="", facts=(), sections=(), sources=(source,))
        assert details_text(page).endswith("\nFuentes\n  [1] Nota al pie 4: World Bank — "
                                           "data.worldbank.org\n")


def test_redirects_and_not_found_in_spanish(directory: Directory) -> None:
    merged = Redirect("old-x", "merged", RecordRef("cluster", "claut", "CLAUT"), "2026.11.2",
                      "merged: the same cluster")
    removed = Redirect("gone", "removed", None, "2026.11.2", "removed: no longer listed")
    assert merged.says() == "old-x is now CLAUT (claut), since 2026.11.2: the same cluster"
    with i18n.using("es"):
        assert merged.says() == ("old-x es ahora CLAUT (claut), desde la versión 2026.11.2: "
                                 "the same cluster")
        assert removed.says() == ("gone se eliminó del directorio en la versión 2026.11.2: "
                                  "no longer listed")
        with pytest.raises(NotFoundError, match="no hay ningún registro de tipo clúster con "
                                                "el id 'nowhere'"):
            directory.ref("cluster", "nowhere")
        with pytest.raises(NotFoundError, match="nada en el directorio se llama 'Atlantis'"):
            directory.resolve("Atlantis")
    with pytest.raises(NotFoundError, match="no cluster with id 'nowhere'"):
        directory.ref("cluster", "nowhere")


def test_mxdesk_lang_es_show_prints_spanish_labels() -> None:
    environ = {**os.environ, "MXDESK_LANG": "en"}
    result = subprocess.run([sys.executable, "-m", "mxdesk", "--lang", "es", "show", "claut"],
                            capture_output=True, text=True, timeout=120, check=False,
                            encoding="utf-8", env=environ)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert _field(out, "Tipo de registro", "clúster")
    for expected in ("También conocido como: CLAUT;",
                     "Estado:                Nuevo León", "Sectores:              Automotriz",
                     "Etiqueta de calidad:   Etiqueta de Oro", "\nSocios estratégicos\n",
                     "\nCitado en el informe\n", "\nCifras clave\n", "\nFuentes\n",
                     "Nota al pie 68:"):
        assert expected in out, expected
    _no_english(out)
    unknown = subprocess.run([sys.executable, "-m", "mxdesk", "--lang", "es", "show",
                              "Atlantis"], capture_output=True, text=True, timeout=120,
                             check=False, encoding="utf-8", env=environ)
    assert "nada en el directorio se llama 'Atlantis'" in unknown.stderr
