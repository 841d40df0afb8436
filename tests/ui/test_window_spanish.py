"""The window in Spanish (issue 20): the language is chosen before the window is built, as
the application does at start-up, and the window then speaks it — menus, tabs, the search
field, the columns, the status line, the map, Search everything, the saved views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.tables import CLUSTERS, POLICIES
from mxdesk.ui import about, tab_words
from mxdesk.ui.saved_views import ViewPrompts
from mxdesk.ui.tab import BrowserTab
from mxdesk.ui.window import MainWindow


@pytest.fixture
def spanish_window(make_window: Callable[[], MainWindow]) -> MainWindow:
    """A window built after Spanish was chosen (the suite's fixture sets English back)."""
    i18n.set_language("es")
    return make_window()


def type_search(qtbot: QtBot, tab: BrowserTab, text: str) -> None:
    tab.search_field.clear()
    qtbot.keyClicks(tab.search_field, text)
    qtbot.waitUntil(lambda: tab.model.browse.text == text)


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_menu_bar_and_its_items_read_spanish(spanish_window: MainWindow) -> None:
    window = spanish_window
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Archivo", "&Editar", "&Ver", "I&r", "&Misión", "Ay&uda"]
    file_items = menu_texts(window.menus["File"])
    assert file_items[:4] == ["Exportar fic&ha técnica como PDF…",
                              "Exportar &folleto de la misión…",
                              "&Imprimir ficha técnica…",
                              "Exportar esta &lista a Excel o CSV…"]
    assert file_items[-1] == "&Salir"
    assert "Buscar en &todo…" in menu_texts(window.menus["Edit"])
    view_items = menu_texts(window.menus["View"])
    assert view_items[:6] == ["Clústeres", "Sectores", "Políticas", "Cooperación",
                              "Mis notas", "Misión"]
    assert "Clústeres en un &mapa" in view_items
    assert menu_texts(window.menus["Go"])[:3] == ["&Atrás", "A&delante",
                                                  "&México de un vistazo"]
    assert menu_texts(window.menus["Help"]) == ["&Qué cambió en el directorio…",
                                                "&Acerca de mxdesk"]
    export = window.named_actions["export_sheet"]
    assert export.statusTip() == ("Guardar la ficha técnica del clúster mostrado como "
                                  "archivo PDF")
    assert export.toolTip().endswith("(Ctrl+E)")


def test_no_two_items_of_a_spanish_menu_share_a_mnemonic(spanish_window: MainWindow) -> None:
    def mnemonic(text: str) -> str | None:
        at = text.replace("&&", "").find("&")
        return text.replace("&&", "")[at + 1].lower() if at >= 0 else None

    menus = [spanish_window.menuBar(), *spanish_window.menus.values()]
    for menu in menus:
        keys = [m for a in menu.actions() if (m := mnemonic(a.text())) is not None]
        assert len(keys) == len(set(keys)), [a.text() for a in menu.actions()]
    # The menu bar's and the tabs' Alt keys together.
    tabs = spanish_window.tabs
    bar = [mnemonic(a.text()) for a in spanish_window.menuBar().actions()]
    tab_keys = [mnemonic(tabs.tabText(i)) for i in range(tabs.count())]
    assert len(set(bar + tab_keys)) == len(bar + tab_keys)


def test_the_tabs_search_field_and_columns_read_spanish(qtbot: QtBot,
                                                        spanish_window: MainWindow) -> None:
    window = spanish_window
    tabs = window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "&Clústeres", "&Sectores", "&Políticas", "C&ooperación", "Mis &notas", "M&isión"]
    assert window.windowTitle().startswith("Directorio de clústeres de México")
    tab = window.tab_pages["clusters"]
    assert tab.search_field.accessibleName() == "Buscar clústeres"
    assert tab.search_field.toolTip().startswith("Cada palabra coincide con el inicio")
    assert tab.facet_view.accessibleName() == "Filtrar clústeres"
    assert tab.table.accessibleName() == "Clústeres"
    # The column "Sectors" (its title is the directory part's, the same word as the tab).
    model = tab.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert "Sectores" in headers
    sectors = headers.index("Sectores")
    assert model.headerData(sectors, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole) == "Ordenar por sectores"
    # View ▸ Políticas, triggered as the menu does: that tab, in Spanish.
    window.named_actions["tab3"].trigger()
    policies = window.tab_pages["policies"]
    assert window.tabs.currentWidget() is policies
    assert policies.search_field.accessibleName() == "Buscar políticas"
    # Search everything's field (Edit ▸ Buscar en todo…).
    window.named_actions["everything"].trigger()
    box = window.search_everything
    qtbot.waitUntil(box.isVisible)
    assert box.windowTitle() == "Buscar en todo"
    assert box.field.placeholderText().startswith("Clústeres, sectores, políticas")
    assert box.hint.text() == "Escriba para buscar. ↑↓ elige, Intro abre, Esc cierra."
    qtbot.keyClicks(box.field, "aeroespacial")
    box.update_results()
    assert " encontrados. ↑↓ elige, Intro abre, Esc cierra." in box.hint.text()
    box.close()


def test_the_status_line_counts_in_spanish(qtbot: QtBot, spanish_window: MainWindow) -> None:
    window = spanish_window
    tab = window.tab_pages["clusters"]
    total = tab.model.total
    assert window.statusBar().currentMessage() == f"{total} de {total} clústeres"
    type_search(qtbot, tab, "zzzqqq")
    assert window.statusBar().currentMessage() == (
        f"Ningún clúster coincide — 0 de {total} clústeres")
    assert tab.empty_label.text() == "Ningún clúster coincide con la búsqueda y los filtros."
    assert tab.clear_button.text() == "Limpiar búsqueda y filtros"
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == f"{total} de {total} clústeres"


@pytest.mark.parametrize(("spec", "shown", "total", "said"), [
    (CLUSTERS, 1, 1, "1 de 1 clúster"),
    (CLUSTERS, 2, 2, "2 de 2 clústeres"),
    (CLUSTERS, 1_234, 2_000, "1,234 de 2,000 clústeres"),
    (POLICIES, 0, 1, "0 de 1 política"),
    (POLICIES, 1, 2, "1 de 2 políticas"),
])
def test_a_count_agrees_with_its_total(spec: object, shown: int, total: int,
                                       said: str) -> None:
    with i18n.using("es"):
        assert tab_words.count(spec, shown, total) == said  # type: ignore[arg-type]


def test_the_map_its_switch_and_caption_read_spanish(qtbot: QtBot,
                                                     spanish_window: MainWindow) -> None:
    window = spanish_window
    tab = window.tab_pages["clusters"]
    switch = tab.table_or_map
    assert switch is not None
    assert (switch.table_button.text(), switch.map_button.text()) == ("Tabla", "Mapa")
    # View ▸ Clústeres en un mapa, as the menu triggers it.
    window.named_actions["map"].trigger()
    qtbot.waitUntil(switch.map.isVisible)
    assert switch.tiles_box.text() == "Cuadrícula"
    cluster_map = switch.map
    assert cluster_map.accessibleName() == "Mapa de clústeres por estado"
    assert cluster_map.figures().caption == "Clústeres por estado"
    type_search(qtbot, tab, "automotriz")
    assert cluster_map.figures().caption == "Clústeres por estado · búsqueda “automotriz”"
    assert cluster_map.state_text("jalisco").endswith(
        ". Haga clic o presione Espacio para mostrar solo sus clústeres")


def test_saving_a_view_and_the_about_box_speak_spanish(qtbot: QtBot,
                                                       spanish_window: MainWindow) -> None:
    window = spanish_window
    asked: list[str] = []

    def ask_name(_title: str, question: str, offered: str) -> str | None:
        asked.append(f"{question} [{offered}]")
        return "Autos"

    window.saved_views.prompts = ViewPrompts(ask_name, lambda _t, _n: None,
                                             lambda _t, _q: True, lambda _t, _x: None)
    tab = window.tab_pages["clusters"]
    tab.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Nombre de esta vista (su búsqueda, filtros marcados y orden): "
                     "[Clústeres]"]
    assert window.statusBar().currentMessage() == "Se guardó la vista “Autos” (menú Ir)"
    window.menus["Go"].aboutToShow.emit()
    assert "Autos (Clústeres)" in menu_texts(window.menus["Go"])
    text = window.about_text()
    assert "Un directorio sin conexión de los clústeres de México" in text
    assert f"{tab.model.total} clústeres" in text
    assert "Ctrl+E ficha técnica" in about.key_list()


def test_the_about_box_credits_the_map_and_dates_the_data_in_spanish(
        qtbot: QtBot, spanish_window: MainWindow, directory: Directory) -> None:
    # Issue 20's trial: "El mapa de México: Map: @svg-maps/mexico 2.0.0 by Victor Cazanave…"
    # and "generada el 2026-11-30" in the Spanish About box (F1).
    from tests.ui.test_notes_ui import click_in_next_dialog

    seen: list[str] = []
    click_in_next_dialog("OK", seen)
    spanish_window.named_actions["about"].trigger()
    [text] = seen
    assert "Mapa: @svg-maps/mexico 2.0.0 de Victor Cazanave, basado en MapSVG" in text
    assert "Map:" not in text
    assert " by " not in text
    built = dt.date.fromisoformat(directory.info().build_date)
    with i18n.using("es"):
        day = i18n.date(built, "medium")
    assert f"generada el {day}" in text
    assert directory.info().build_date not in text
