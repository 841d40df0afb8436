"""What changed in the directory: told once when the window opens a newer directory than the
one it opened last, and again from Help ▸ What changed in the directory….

The list is the directory's own (:mod:`mxdesk.core.changes`, made by the build): per release,
the changes to records the user has notes, contacts or shortlists on first, then one group
per kind of change. Each record is a link that opens it in the window (a merged or renamed
record opens as the record it is now); a removed record says so and has no link. The dialog
never blocks the window.
"""

from __future__ import annotations

import html
import logging
import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.changes import (
    YOURS_TITLE,
    Change,
    ReleaseChanges,
    grouped,
    is_newer,
    noted_clusters,
    recorded,
)
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, ngettext, number
from mxdesk.core.notes import NotesStore
from mxdesk.ui.detail import parse_record_url, record_url
from mxdesk.ui.messages import translated
from mxdesk.ui.settings import WindowSettings

log = logging.getLogger("mxdesk.ui")

TITLE = N_("What changed in the directory")
#: Opens a record in the window: (kind, id).
OpenRecord = Callable[[str, str], None]


def _e(text: object) -> str:
    return html.escape(str(text))


def _entry(change: Change, yours: bool) -> str:
    """One change as an item of the list (HTML): its record (a link unless it was removed),
    then what changed (and, among the user's records, what became of their notes)."""
    opens = change.opens
    name = _e(change.name)
    record = (f"<a href='{record_url(*opens).toString()}'>{name}</a>" if opens is not None
              else f"<b>{name}</b>")
    kind = f" <span style='color: gray'>({_e(translated(change.kind))})</span>"
    if change.change == "figure" and change.before is not None and change.after is not None:
        # Translators: a figure's value before and after a release of the directory.
        was, now = _("was:"), _("now:")
        what = (f"{_e(change.subject)}<div style='margin-left: 16px'>"
                f"<span style='color: gray'>{_e(was)}</span> {_e(change.before)}<br>"
                f"<span style='color: gray'>{_e(now)}</span> {_e(change.after)}</div>")
    else:
        what = _e(change.what())
    left = ""
    if yours and change.change == "removed":
        left = "<br><i>" + _e(_("Your notes on it stay in My notes, marked as no longer in "
                                 "the directory.")) + "</i>"
    elif yours and change.new_id is not None:
        left = "<br><i>" + _e(_("Your notes on it now show under the record it is now.")) + \
            "</i>"
    return f"<li>{record}{kind}: {what}{left}</li>"


def changes_html(releases: Sequence[ReleaseChanges]) -> str:
    """The dialog's list (HTML): a heading per release when there are several, a heading per
    group with its count, and the changes as a list under each."""
    parts: list[str] = []
    for release in releases:
        if len(releases) > 1:
            parts.append("<h3>" + _e(_("Release {version}").format(version=release.release))
                         + "</h3>")
        for group in release.groups:
            yours = group.title == YOURS_TITLE
            parts.append(f"<h4>{_e(translated(group.heading))}</h4><ul>")
            parts.extend(_entry(change, yours) for change in group.changes)
            parts.append("</ul>")
    return "".join(parts)


def summary(count: int, mine: int, since: str | None, current: str) -> str:
    """The line above the list: the data versions, how many changes (*count*) and how many
    of them are to the user's records (*mine*)."""
    if not count:
        if since:
            return _("Nothing in the directory changed from data version {since} to "
                     "{current}.").format(since=since, current=current)
        return _("Nothing in the directory changed up to data version {current}.").format(
            current=current)
    if since:
        said = ngettext("The directory changed from data version {since} to {current}: "
                        "{n} change.",
                        "The directory changed from data version {since} to {current}: "
                        "{n} changes.", count)
    else:
        said = ngettext("The directory changed up to data version {current}: {n} change.",
                        "The directory changed up to data version {current}: {n} changes.",
                        count)
    parts = [said.format(since=since, current=current, n=number(count))]
    if mine:
        parts.append(ngettext(
            "{n} of the records you have notes or shortlists on changed: they come first.",
            "{n} of the records you have notes or shortlists on changed: they come first.",
            mine).format(n=number(mine)))
    parts.append(_("Click a record to open it."))
    return " ".join(parts)


class ChangesDialog(QDialog):
    """The list of changes, in a window that does not block the main one.

    Signals:
        recordChosen(str, str): a record's link was clicked: (kind, id) of the record to
            open (the record it is now, for a merged or renamed one).
    """

    recordChosen = Signal(str, str)

    def __init__(self, releases: Sequence[ReleaseChanges], since: str | None, current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_(TITLE))
        self.setObjectName("what-changed")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        count = sum(r.count for r in releases)
        mine = len({(c.kind, c.record_id) for r in releases for g in r.groups
                    if g.title == YOURS_TITLE for c in g.changes})
        layout = QVBoxLayout(self)
        #: The line above the list: what was opened and how much changed.
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setText(summary(count, mine, since, current))
        layout.addWidget(self.summary)
        #: The changes, each record a link.
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("what-changed-list")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(changes_html(releases))
        self.browser.anchorClicked.connect(self._clicked)
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def _clicked(self, url: QUrl) -> None:
        target = parse_record_url(url)
        if target is not None:
            self.recordChosen.emit(target.kind, target.id)


class WhatChanged(QObject):
    """What changed in the directory, for one window: told at start (:meth:`announce`) and on
    Help ▸ What changed in the directory… (:meth:`show`).

    It remembers the data version opened (``WindowSettings.last_data_version``); *open_record*
    opens a record in the window, (kind, id). Nothing is read until it is asked.
    """

    def __init__(self, directory: Directory, store: NotesStore, settings: WindowSettings,
                 open_record: OpenRecord, parent: QWidget) -> None:
        super().__init__(parent)
        self.directory = directory
        self.store = store
        self.settings = settings
        self.open_record = open_record
        self._parent = parent
        #: The data version opened before this one, when this start told what changed since.
        self.since: str | None = None
        #: The dialog shown last (None once closed, or before any).
        self.dialog: ChangesDialog | None = None

    def announce(self) -> ChangesDialog | None:
        """At start, once the window shows: remember the directory's data version and, when
        it is newer than the one remembered (compared as numbers: 2026.11.10 after
        2026.11.9) and the directory lists changes since, show them. With nothing remembered,
        a user who already has notes, contacts or shortlists came from 2026.11.1, the one
        release that did not remember its version: every release's changes are shown. A
        first start ever (nothing remembered, nothing noted) only remembers. Returns the
        dialog shown, or None."""
        try:
            current = self.directory.info().data_version
        except MxdeskError as exc:
            log.warning("what changed: the directory's version cannot be read: %s", exc)
            return None
        last = self.settings.last_data_version
        if current != last and current != "?":
            self.settings.last_data_version = current
        if last is None:
            if not self._has_own_records():
                return None
        elif not is_newer(current, last):
            return None
        self.since = last
        if not self._changes(last):
            return None
        return self.show()

    def _has_own_records(self) -> bool:
        """Whether the user has any contact, note or shortlist (False when they cannot be
        read: nothing is then told)."""
        try:
            return any(self.store.counts())
        except (MxdeskError, sqlite3.Error) as exc:
            log.warning("what changed: the notes cannot be counted: %s", exc)
            return False

    def show(self) -> ChangesDialog:
        """Show the changes since the version opened before this start (every release's
        changes when this start told none), the user's records first; a dialog still open
        is closed and a new one, with the list read again, takes its place."""
        if self.dialog is not None:
            self.dialog.close()
        found = self._changes(self.since)
        current = self.directory.info().data_version
        dialog = ChangesDialog(grouped(found, self._noted()), self.since, current, self._parent)
        dialog.recordChosen.connect(self.open_record)
        dialog.destroyed.connect(lambda _obj=None: self._closed(dialog))
        self.dialog = dialog
        dialog.show()
        return dialog

    def _closed(self, dialog: ChangesDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _changes(self, since: str | None) -> list[Change]:
        try:
            return recorded(self.directory, since)
        except (MxdeskError, ValueError) as exc:
            log.warning("what changed: the list cannot be read: %s", exc)
            return []

    def _noted(self) -> set[str]:
        """The clusters the user's records name (and what they lead to now); none when the
        notes cannot be read (they are then only not listed first)."""
        try:
            return noted_clusters(self.store.cluster_ids_in_use(), self.directory)
        except (MxdeskError, sqlite3.Error) as exc:
            log.warning("what changed: the notes were not read: %s", exc)
            return set()
