"""The record pages in a Spanish window (issue 20): the detail pane of each kind of record
shows core/details.py's labels and headings in Spanish, and Edit ▸ Copy record as text
copies the Spanish text ``mxdesk --lang es show`` prints."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtGui import QGuiApplication

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.ui.window import MainWindow

#: Our English words that must not be left in a Spanish pane (its list of sources quotes the
#: briefing's titles, so only the text before it is read).
ENGLISH = ("Also known as", "Key figures", "Related", "Quality label", "Sectors",
           "Cluster organisation", "Footnote", "Strategic partners", "Listed in the briefing",
           "Policies touching", "Other clusters", "valid until", "Top locations",
           "Federal entity", "Formally organised", "Figures about this state", "at a glance",
           "Conclusions of the briefing", "Years", "Responsible", "Briefing section",
           "EU cooperation", "Relation", "Generation", "Origin", "not stated")


@pytest.fixture
def spanish_window(make_window: Callable[[], MainWindow]) -> MainWindow:
    """A window built after Spanish was chosen (the suite's fixture sets English back)."""
    i18n.set_language("es")
    window = make_window()
    window.resize(1366, 768)
    return window


def _pane(window: MainWindow, kind: str, record_id: str) -> str:
    window.navigate(kind, record_id)
    tab = window.current_tab()
    assert tab.current == (kind, record_id)
    return tab.detail.toPlainText()


@pytest.mark.parametrize(("kind", "record_id", "expected"), [
    ("cluster", "claut", ["Organización clúster · CLAUT", "También conocido como",
                          "Etiqueta de calidad", "Etiqueta de Oro", "vencida (consultado el",
                          "Cifras clave", "Socios estratégicos", "Relacionados",
                          "Políticas que abarcan", "Otros clústeres en Nuevo León",
                          "Citado en el informe", "Fuentes", "Nota al pie 68"]),
    ("sector", "automotive", ["Ubicaciones principales", "Cifras clave", "Empresas:",
                              "Políticas:", "Cooperación con la UE:"]),
    ("policy", "automotive-sector-priorities-2016", ["Estrategia federal", "Años",
                                                     "Responsable", "Sección del informe"]),
    # The second trial: "Law federal" (a kind without a Spanish word).
    ("policy", "energy-transition-law", ["Ley federal"]),
    ("policy", "aem", ["Institución federal"]),
    ("programme", "eu-mex-innova", ["Programa de cooperación UE–México", "Relación",
                                    "Cooperación bilateral", "Ámbito",
                                    "Clústeres mexicanos de estos sectores"]),
    ("partnership", "eacp-abroad", ["Siglas", "Generación", "ESCP-4i de primera generación"]),
    ("state", "nuevo-leon", ["Entidad federativa · región Norte", "Región",
                             "Clústeres formalmente constituidos",
                             "12 (según la Tabla 6 del informe)", "Clústeres en Nuevo León (14)",
                             "Política estatal de clústeres", "Cifras sobre este estado",
                             "Entre las ubicaciones principales de"]),
    ("company", "accenture", ["Empresa · Irlanda", "Origen", "Estados",
                              "no indicado en el informe",
                              "Otras empresas de estos sectores"]),
    ("country", "mexico", ["México de un vistazo", "El país en su conjunto",
                           "Conclusiones del informe"]),
])
def test_the_detail_pane_of_each_kind_in_spanish(spanish_window: MainWindow, kind: str,
                                                 record_id: str, expected: list[str]) -> None:
    text = _pane(spanish_window, kind, record_id)
    for words in expected:
        assert words in text, words
    ours = text.split("\nFuentes\n")[0]
    for english in ENGLISH:
        assert english not in ours, english


def test_copy_record_as_text_copies_spanish(spanish_window: MainWindow) -> None:
    window = spanish_window
    window.navigate("cluster", "claut")
    QGuiApplication.clipboard().clear()
    window.named_actions["copy"].trigger()  # Edit ▸ Copy record as text
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("CLAUT — Cluster Automotriz de Nuevo León\n")
    for expected in ("Tipo de registro:", "También conocido como:", "Etiqueta de calidad:",
                     "\nCifras clave\n", "\nSocios estratégicos\n", "\nFuentes\n",
                     "[1] Nota al pie 68:"):
        assert expected in copied, expected
    for english in ("Also known as", "Key figures", "\nSources\n", "Footnote", "Kind:"):
        assert english not in copied, english


@pytest.mark.parametrize(("kind", "record_id"), [("cluster", "claut"), ("state", "nuevo-leon")])
def test_the_pane_s_labels_are_translated_once(directory: Directory, kind: str,
                                               record_id: str) -> None:
    """core/details.py gives the labels and headings in the current language already: the
    pane writes them as they are, so the pseudo-locale brackets each field's label and
    section's heading once (never ⟦⟦…⟧⟧), and Spanish shows them as Spanish."""
    from mxdesk.ui.detail import record_html

    with i18n.using("qps-ploc"):
        marked = record_html(directory, directory.get(kind, record_id))
    labels = re.findall(r"<(?:th|h3)>([^<]*)</", marked)
    assert labels
    assert all(label.startswith("⟦") for label in labels), labels
    assert not [label for label in labels if label.startswith("⟦⟦")]
    with i18n.using("es"):
        spanish = record_html(directory, directory.get(kind, record_id))
    assert "⟦" not in spanish
    assert "Clústeres" in spanish or "Clúster" in spanish
