"""The menu of a row in a browsing tab (right-click or the Menu key): the window's own actions
where it has them — copy, the website, the shortlist star, a meeting with the cluster, the
fact sheet and brochure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMenu

from mxdesk.core.i18n import _
from mxdesk.ui.detail import web_url
from mxdesk.ui.messages import label

if TYPE_CHECKING:
    from mxdesk.ui.tab import BrowserTab
    from mxdesk.ui.window import MainWindow


def row_menu(window: MainWindow, tab: BrowserTab) -> QMenu:
    """The menu of the record *tab* shows, its items the window's actions (so each says and
    does what the menu bar's does); empty when no record is shown. The caller shows it and
    deletes it after."""
    menu = QMenu(window)
    if tab.current is None:
        return menu
    kind, record_id = tab.current
    record = window.directory.get(kind, record_id)
    actions = window.named_actions
    menu.addAction(actions["copy"])
    website = getattr(record, "website", None)
    open_site = menu.addAction(label(_("Open website ({address})").format(address=website))
                               if website else _("Open website"))
    open_site.setEnabled(bool(website))
    if website:
        url = QUrl(web_url(website))
        open_site.setStatusTip(_("Open {address} in the web browser").format(
            address=url.toString()))
        open_site.triggered.connect(lambda _checked=False: window.follow_link(url))
    if kind == "cluster" and tab is window.tab_pages.made_page("clusters"):
        menu.addSeparator()
        current = window.store.current_shortlist()
        name = current.name if current else _("My shortlist")
        on = window.store.is_starred(record_id)
        # The star's own button: it adds, takes off and offers Undo as a click on it does.
        panel = window.notes_panel
        toggle = menu.addAction(label(
            (_("Take off the shortlist “{name}”") if on
             else _("Add to the shortlist “{name}”")).format(name=name)))
        toggle.setEnabled(panel.star.isEnabled() and panel.cluster_id == record_id)
        toggle.triggered.connect(lambda _checked=False: panel.star.click())
        menu.addAction(actions["add_meeting"])  # (issue 18) with this cluster
        menu.addAction(actions["export_sheet"])
        menu.addAction(actions["print"])
        if len(tab.selected_records()) > 1:
            menu.addAction(actions["export_brochure"])
    return menu
