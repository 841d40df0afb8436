"""Mission ▸ Share with the delegation… (issue 21): link a mission to the delegation's
address book and calendar, trust a self-signed certificate by its fingerprint, sync, take in
what came (plan first, as an import), settle conflicts, unlink.

Everything that talks to the server runs on a thread of its own (:class:`mxdesk.ui.worker.Task`)
with its own notes and share connections (an SQLite connection belongs to its thread); the
window keeps painting and the dialog says it is busy (a sync counts the items vdirsyncer copies
as it goes). The dialog is not modal: the rest of the window can be used during a long sync.
Linking checks the server first: a link the server shows to be wrong (the login refused, no
such collection, the two addresses swapped, not allowed) is not saved; a server not reached
is (offline linking). Writing into the notes (Take in, Keep
theirs) happens here, on the window's thread, through the window's own store, and
:attr:`ShareDialog.notesChanged` tells the window so that every view reads them again.

The password: from ``$MXDESK_DAV_PASSWORD`` or the keyring (:mod:`mxdesk.core.share.secrets`),
else the one typed in this session, else asked (:class:`SharePrompts`, which tests answer).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.mission.records import Mission
from mxdesk.core.notes import NotesStore
from mxdesk.core.share import engine, secrets, server, sync
from mxdesk.core.share.state import ConflictCopy, Link, ShareState
from mxdesk.ui.agenda import share_words as words
from mxdesk.ui.messages import ask
from mxdesk.ui.worker import Task

log = logging.getLogger("mxdesk.ui")

#: Passwords typed in this session where there is no keyring (or "Remember" was not ticked),
#: by keyring account (``user@host``); never written anywhere.
SESSION_PASSWORDS: dict[str, str] = {}
#: What this session's window said about each mission's last sync: mission uid -> (that
#: sync's time as the share state recorded it, the language it was said in, the line).
SESSION_RESULTS: dict[str, tuple[str, str, str]] = {}


@dataclass
class SharePrompts:
    """How the dialog asks; tests answer without a dialog.

    Attributes:
        ask_password: (the account, "user@host") -> the password typed, None when cancelled.
        ask_unlink: (the question) -> True to unlink.
        ask_unsent: (the warning) -> "sync" (Sync first), "unlink" (Unlink anyway) or ""
            (Cancel): asked instead of *ask_unlink* when changes have not reached the server
            or conflicts are open.
    """

    ask_password: Callable[[str], str | None]
    ask_unlink: Callable[[str], bool]
    ask_unsent: Callable[[str], str]


def dialog_prompts(parent: QWidget) -> SharePrompts:
    """The real questions, over *parent*."""
    def ask_password(account: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent, _("Password"), _("The password of {account} (kept for this session "
                                     "only):").format(account=account),
            QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def ask_unsent(warning: str) -> str:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Unlink the mission"), warning,
                          QMessageBox.StandardButton.NoButton, parent)
        first = box.addButton(_("Sync first"), QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(_("Unlink anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(first)
        box.exec()
        return {first: "sync", anyway: "unlink"}.get(box.clickedButton(), "")  # type: ignore[call-overload]

    return SharePrompts(ask_password,
                        lambda question: ask(parent, _("Unlink the mission"), question),
                        ask_unsent)


@dataclass(frozen=True)
class Checked:
    """The server's answer to a check: "" or one sentence, its kind (one of
    :data:`mxdesk.core.share.server.KINDS`), and, when its certificate is not trusted, the URL
    and the certificate's SHA-256 fingerprint (for the trust step)."""

    problem: str
    kind: str = ""
    untrusted_url: str = ""
    fingerprint: str = ""


def check_link(link: Link, password: str) -> Checked:
    """On a worker thread: the address book and the calendar of *link* checked with
    *password*, each as the kind of collection it must be
    (:func:`mxdesk.core.share.server.check_kind`); the first problem found, an untrusted
    certificate with its fingerprint. Never raises for a network failure."""
    for url, expect in ((link.carddav, "carddav"), (link.caldav, "caldav")):
        problem, kind = server.check_kind(url, link.username, password, link.ca_file,
                                          link.fingerprint, expect=expect)
        if not problem:
            continue
        if kind == "untrusted":
            try:
                found, _pem = server.certificate(url)
            except OSError as exc:
                return Checked(str(exc), "unreachable")
            return Checked(problem, kind, url, found)
        return Checked(problem, kind)
    return Checked("")


def sync_in_thread(store_path: Path, mission_uid: str, password: str,
                   on_line: Callable[[str], None] | None = None) -> sync.Summary:
    """On a worker thread: send and plan the mission's sync with its own connections to the
    notes and the share state (nothing is taken in); *on_line* gets vdirsyncer's log lines.
    Raises :class:`MxdeskError` (the mission gone, not linked) or what opening the notes
    raises."""
    data_dir = store_path.parent
    with NotesStore(store_path, upgrade_backup=False) as store, \
            ShareState(data_dir / "share") as state:
        mission = next((m for m in store.missions() if m.uid == mission_uid), None)
        if mission is None:
            raise sync.ShareError(_("The mission is no longer in your notes."))
        return sync.sync(store, data_dir, state, mission, password, take_in=False,
                         on_line=on_line)


class FittingScroll(QScrollArea):
    """A scroll area that asks for the whole height of what it holds (at its width), so the
    dialog is as tall as its content and scrolls only when the screen is shorter."""

    def sizeHint(self) -> QSize:
        """The held widget's size, its height at the width it has now."""
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        hint = inner.sizeHint()
        width = self.viewport().width() if self.isVisible() else hint.width()
        height = (inner.heightForWidth(width) if inner.hasHeightForWidth() else -1)
        extra = 2 * self.frameWidth()
        return QSize(hint.width() + extra, (height if height > 0 else hint.height()) + extra)


def _wrapped(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ConflictBox(QFrame):
    """One conflict: its title, the fields that differ side by side, Keep mine and Keep
    theirs (which call *choose* with the item's uid and "mine" or "theirs")."""

    def __init__(self, copy: ConflictCopy, rows: list[tuple[str, str, str]],
                 choose: Callable[[str, str], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.copy = copy
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"conflict-{copy.uid}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        title = _wrapped(f"{words.kind_word(copy.kind)}: {copy.title}", self)
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for column, heading in ((1, _("On this computer")), (2, _("On the server"))):
            head = QLabel(heading, self)
            head.setStyleSheet("font-style: italic;")
            grid.addWidget(head, 0, column)
        #: The rows shown: (label, mine, theirs) in words.
        self.rows = rows
        for row, (label, mine, theirs) in enumerate(rows, start=1):
            grid.addWidget(QLabel(label, self), row, 0, Qt.AlignmentFlag.AlignTop)
            for column, value in ((1, mine), (2, theirs)):
                shown = _wrapped(value, self)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(shown, row, column)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.mine_button = QPushButton(_("Keep mine"), self)
        self.mine_button.setToolTip(_("This computer's version stays and goes to the server at "
                                      "the next sync"))
        self.theirs_button = QPushButton(_("Keep theirs"), self)
        self.theirs_button.setToolTip(_("The server's version replaces this computer's"))
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        layout.addLayout(buttons)
        self.mine_button.clicked.connect(lambda _c=False: choose(copy.uid, "mine"))
        self.theirs_button.clicked.connect(lambda _c=False: choose(copy.uid, "theirs"))


class ShareDialog(QDialog):
    """The share dialog of one mission (see the module's docstring).

    Signals:
        notesChanged(): contacts or meetings were written into the notes (taken in, a
            conflict settled with the server's version).
        shareChanged(): the link, its sync state or its conflicts changed (the Mission
            tab's share line is said again).
    """

    notesChanged = Signal()
    shareChanged = Signal()

    def __init__(self, store: NotesStore, mission: Mission, parent: QWidget | None = None,
                 prompts: SharePrompts | None = None,
                 before_sync: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.mission = mission
        self.prompts = prompts or dialog_prompts(self)
        #: Saves what the editors hold before a sync reads the notes (the window's flush).
        self.before_sync = before_sync or (lambda: None)
        self.data_dir = store.path.parent
        self.state = ShareState(self.data_dir / "share")
        #: The work running on a thread (a check, a sync), None when idle.
        self.task: Task | None = None
        #: The sync whose plan waits for Take in or Not now.
        self.summary: sync.Summary | None = None
        #: The certificate offered for trust: (URL, fingerprint).
        self.offered: tuple[str, str] | None = None
        #: A link whose certificate waits to be trusted (nothing saved yet): (the link,
        #: its password, whether it was typed).
        self.pending: tuple[Link, str, bool] | None = None
        #: Fingerprints trusted in this dialog, by server (host:port): a link refused after
        #: the trust step (swapped addresses, a wrong password) keeps it for the next try.
        #: The check still compares it with the certificate the server shows.
        self.trusted: dict[str, str] = {}
        #: The sections shown when the dialog last fitted its size to them.
        self._shape: tuple[object, ...] = ()
        self.setWindowTitle(_("Share “{mission}” with the delegation").format(
            mission=mission.name))
        self.setObjectName("share-dialog")
        self.setMinimumWidth(840)
        self._build()
        self._connect()
        self._show_form(self.link_now() is None)
        self.refresh()
        self.finished.connect(lambda _r: self.state.close())

    # -- the widgets ----------------------------------------------------------------------

    def _build(self) -> None:
        """The sections in a scroll area (they come and go: the form, the trust step, a
        plan, conflicts), the Close button under it, always in sight."""
        layout = QVBoxLayout(self)
        self.body = QWidget(self)
        self.body.setObjectName("share-body")
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(0, 0, 0, 0)
        intro = self.intro = _wrapped(_(
            "The mission's contacts and meetings go to an address book and a calendar on your "
            "delegation's server, and what the others add comes here. Your notes stay "
            "private unless you mark one as shared."), self.body)
        inner.addWidget(intro)
        inner.addWidget(self._build_link())
        inner.addWidget(self._build_check_line())
        inner.addWidget(self._build_trust())
        inner.addWidget(self._build_status())
        inner.addWidget(self._build_plan())
        inner.addWidget(self._build_conflicts(), 1)
        inner.addStretch(0)
        self.middle = FittingScroll(self)
        self.middle.setWidgetResizable(True)
        self.middle.setFrameShape(QFrame.Shape.NoFrame)
        self.middle.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.middle.setWidget(self.body)
        layout.addWidget(self.middle, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _build_link(self) -> QGroupBox:
        box = self.link_box = QGroupBox(_("Server"), self.body)
        outer = QVBoxLayout(box)
        self.form = QWidget(box)
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        self.carddav = QLineEdit(self.form)
        self.carddav.setPlaceholderText("https://cal.example.org/remote.php/dav/addressbooks/…")
        self.caldav = QLineEdit(self.form)
        self.caldav.setPlaceholderText("https://cal.example.org/remote.php/dav/calendars/…")
        self.user = QLineEdit(self.form)
        self.password = QLineEdit(self.form)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Remember the password in the system keyring"), self.form)
        self.remember.setChecked(True)
        form.addRow(_("Address book (CardDAV):"), self.carddav)
        form.addRow(_("Calendar (CalDAV):"), self.caldav)
        form.addRow(_("User name:"), self.user)
        form.addRow(_("Password:"), self.password)
        form.addRow("", self.remember)
        outer.addWidget(self.form)
        row = QHBoxLayout()
        self.link_button = QPushButton(_("Link"), box)
        self.link_button.setToolTip(_("Save the link and check the server: the login, the "
                                      "address book, the calendar, the certificate"))
        self.link_button.setDefault(True)
        row.addStretch(1)
        row.addWidget(self.link_button)
        outer.addLayout(row)
        return box

    def _build_check_line(self) -> QWidget:
        """The check's one line (and the busy bar while it runs), under the Server box."""
        line = self.check_row = QWidget(self.body)
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        self.busy = QProgressBar(line)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.check_line = _wrapped("", line)
        self.check_line.setObjectName("share-check-line")
        row.addWidget(self.busy)
        row.addWidget(self.check_line, 1)
        line.hide()
        return line

    def _say_check(self, text: str) -> None:
        """Say the link's check, or what is wrong with the link typed, in one line."""
        self.check_line.setText(text)
        self.check_row.setVisible(bool(text) or self.busy.isVisibleTo(self))

    def _build_trust(self) -> QGroupBox:
        box = self.trust_box = QGroupBox(_("The server's certificate"), self.body)
        layout = QVBoxLayout(box)
        layout.addWidget(_wrapped(_(
            "The server's certificate is not signed by an authority this computer trusts. "
            "Its SHA-256 fingerprint:"), box))
        self.fingerprint = QLabel(box)
        self.fingerprint.setObjectName("share-fingerprint")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.fingerprint.setFont(mono)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.fingerprint)
        layout.addWidget(_wrapped(_("Compare it with the fingerprint your organiser gives "
                                    "you. Trust it only if every pair is the same."), box))
        row = QHBoxLayout()
        row.addStretch(1)
        self.trust_button = QPushButton(_("Trust this certificate"), box)
        self.distrust_button = QPushButton(_("Cancel"), box)
        row.addWidget(self.trust_button)
        row.addWidget(self.distrust_button)
        layout.addLayout(row)
        box.hide()
        return box

    def _build_status(self) -> QGroupBox:
        box = self.status_box = QGroupBox(_("Sync"), self.body)
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.linked_label = _wrapped("", box)
        form.addRow(_("Server:"), self.linked_label)
        self.synced_label = QLabel(box)
        self.result_label = _wrapped("", box)
        self.result_label.setObjectName("share-result-line")
        self.waiting_label = QLabel(box)
        form.addRow(_("Last synced:"), self.synced_label)
        form.addRow(_("Last result:"), self.result_label)
        form.addRow(_("Waiting to be sent:"), self.waiting_label)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.sync_button = QPushButton(_("Sync now"), box)
        self.sync_button.setToolTip(_("Send what changed here and see what the delegation "
                                      "changed; nothing comes in before you say so"))
        self.sync_busy = QProgressBar(box)
        self.sync_busy.setRange(0, 0)
        self.sync_busy.setMaximumWidth(120)
        self.sync_busy.setTextVisible(False)
        self.sync_busy.hide()
        self.sync_said = QLabel(box)
        self.sync_said.setObjectName("share-sync-progress")
        self.sync_said.setToolTip(_("Items being copied or deleted, either way, so far: what "
                                    "the server took is said when the sync ends"))
        self.unlink_button = QPushButton(_("Unlink…"), box)
        self.unlink_button.setToolTip(_("Stop sharing this mission on this computer; its "
                                        "contacts and meetings stay"))
        row.addWidget(self.sync_button)
        row.addWidget(self.sync_busy)
        self.change_button = QPushButton(_("Change…"), box)
        self.change_button.setToolTip(_("Change the addresses, the user name or the password"))
        row.addWidget(self.sync_said, 1)
        row.addWidget(self.change_button)
        row.addWidget(self.unlink_button)
        layout.addLayout(row)
        return box

    def _build_plan(self) -> QGroupBox:
        box = self.plan_box = QGroupBox(_("From the delegation"), self.body)
        layout = QVBoxLayout(box)
        self.plan_view = QPlainTextEdit(box)
        self.plan_view.setReadOnly(True)
        self.plan_view.setObjectName("share-plan")
        self.plan_view.setMinimumHeight(96)
        self.plan_view.setMaximumHeight(132)
        layout.addWidget(self.plan_view)
        self.gone_row = QWidget(box)
        choices = QHBoxLayout(self.gone_row)
        choices.setContentsMargins(0, 0, 0, 0)
        choices.addWidget(QLabel(_("Deleted on the server:"), self.gone_row))
        self.gone_choice = QButtonGroup(self)
        self.delete_here = QRadioButton(_("Delete them here too"), self.gone_row)
        self.keep_again = QRadioButton(_("Keep them and share them again"), self.gone_row)
        self.decide_later = QRadioButton(_("Decide later"), self.gone_row)
        self.decide_later.setChecked(True)
        for button in (self.delete_here, self.keep_again, self.decide_later):
            self.gone_choice.addButton(button)
            choices.addWidget(button)
        choices.addStretch(1)
        layout.addWidget(self.gone_row)
        row = QHBoxLayout()
        row.addStretch(1)
        self.take_button = QPushButton(_("Take in"), box)
        self.take_button.setToolTip(_("Write what came from the delegation into your notes"))
        self.later_button = QPushButton(_("Not now"), box)
        self.later_button.setToolTip(_("Leave it: it is shown again at the next sync"))
        row.addWidget(self.take_button)
        row.addWidget(self.later_button)
        layout.addLayout(row)
        box.hide()
        return box

    def _build_conflicts(self) -> QGroupBox:
        box = self.conflicts_box = QGroupBox(_("Conflicts"), self.body)
        layout = QVBoxLayout(box)
        layout.addWidget(_wrapped(_("Changed here and on the server since the last sync: "
                                    "both versions are kept until you choose one."), box))
        self.conflicts_area = QScrollArea(box)
        self.conflicts_area.setWidgetResizable(True)
        self.conflicts_area.setFrameShape(QFrame.Shape.NoFrame)
        self.conflicts_area.setMinimumHeight(120)
        self.conflict_list = QWidget(self.conflicts_area)
        self.conflict_layout = QVBoxLayout(self.conflict_list)
        self.conflict_layout.setContentsMargins(0, 0, 0, 0)
        self.conflicts_area.setWidget(self.conflict_list)
        layout.addWidget(self.conflicts_area)
        #: The conflicts shown, one box each.
        self.conflict_boxes: list[ConflictBox] = []
        box.hide()
        return box

    def _connect(self) -> None:
        self.change_button.clicked.connect(lambda _c=False: self._show_form(True))
        self.link_button.clicked.connect(lambda _c=False: self.link())
        self.trust_button.clicked.connect(lambda _c=False: self.trust())
        self.distrust_button.clicked.connect(lambda _c=False: self._distrust())
        self.sync_button.clicked.connect(lambda _c=False: self.sync_now())
        self.unlink_button.clicked.connect(lambda _c=False: self.unlink())
        self.take_button.clicked.connect(lambda _c=False: self.take_in())
        self.later_button.clicked.connect(lambda _c=False: self.not_now())

    # -- what is shown --------------------------------------------------------------------

    def link_now(self) -> Link | None:
        """The mission's link as stored now, None when it is not linked."""
        return self.state.link(self.mission.uid)

    def open(self) -> None:
        """Show the dialog without blocking the window (not modal): a long sync runs while
        the rest of the window is used and read."""
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.show()

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the screen when shown."""
        super().showEvent(event)
        self._shape = ()
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the dialog: show what is stored now (a sync or a link made on the
        command line, or in another window, meanwhile)."""
        super().changeEvent(event)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and self.task is None):
            self.refresh()

    def refresh(self) -> None:
        """Show the link, the sync state and the conflicts as stored now."""
        link = self.link_now()
        writable = not self.store.read_only
        if link is None:
            self._show_form(True)
            self.linked_label.setText("")
            self.linked_label.setToolTip("")
        else:
            host = urlsplit(link.carddav).netloc.rsplit("@", 1)[-1]
            self.linked_label.setText(_("{host} as “{user}”").format(
                host=host, user=link.username))
            self.linked_label.setToolTip(f"{link.carddav}\n{link.caldav}")
            if not self.link_box.isVisibleTo(self) or not self.carddav.text():
                self.carddav.setText(link.carddav)
                self.caldav.setText(link.caldav)
                self.user.setText(link.username)
        self._say_kept(link)
        # (While a certificate waits to be trusted, nothing can be synced.)
        self.status_box.setVisible(link is not None and not self.trust_box.isVisibleTo(self))
        self.intro.setVisible(link is None)  # (said before linking; room for the rest after)
        busy = self.task is not None
        for widget in (self.link_button, self.change_button):
            widget.setEnabled(writable and not busy)
        self.sync_button.setEnabled(writable and not busy and link is not None
                                    and self.summary is None)
        self.unlink_button.setEnabled(not busy and link is not None)
        if not writable:
            self._say_check(_("Your notes are read-only here: {why}.").format(
                why=self.store.read_only))
        if link is not None:
            self.synced_label.setText(sync.last_synced(link))
            shown, stored = self._result_words(link)
            self.result_label.setText(shown)
            self.result_label.setToolTip(stored)
            self.waiting_label.setText(words.changes_waiting(self._waiting()))
        self._show_conflicts()

    def _waiting(self) -> int:
        """The changes made here that have not reached the server (0 when not counted)."""
        try:
            return sync.pending_here(self.store, self.state, self.mission)
        except (MxdeskError, sqlite3.Error) as exc:
            log.warning("changes waiting not counted: %s", exc)
            return 0

    def _result_words(self, link: Link) -> tuple[str, str]:
        """The Last result line, in the window's language, and the stored words of that sync
        (as a tooltip) when the line is not this window's own.

        The window's own line when this session's window said it about the sync recorded
        last, in the language shown now; else a line made from the state (the sync went
        through or not), since the stored words are in the language of whoever synced (the
        command line, another session), with the reason of a failure as stored."""
        said = SESSION_RESULTS.get(self.mission.uid)
        if said is not None and said[0] == link.last_sync_at and said[1] == i18n.language():
            return said[2], ""
        if not link.last_sync_at:
            return "—", ""
        if link.last_ok_at == link.last_sync_at:
            return _("The sync went through."), _("As that sync said: {words}").format(
                words=link.last_result)
        return _("The sync did not go through: {reason}").format(
            reason=link.last_result or "—"), ""

    def _said(self, line: str) -> None:
        """Keep *line* as this window's words about the sync recorded last."""
        link = self.link_now()
        SESSION_RESULTS[self.mission.uid] = (link.last_sync_at if link else "",
                                             i18n.language(), line)

    def _say_kept(self, link: Link | None) -> None:
        """The password field's placeholder: where the password comes from, when one is
        really there (the environment, the keyring, this session); else none."""
        text = ""
        if link is not None and not self.password.text():
            source = password_source(link)
            text = {"env": _("(read from MXDESK_DAV_PASSWORD)"),
                    "keyring": _("(the one kept; type it only to change it)"),
                    "session": _("(the one typed in this session; type it only to change it)"),
                    }.get(source, "")
        self.password.setPlaceholderText(text)

    def _show_form(self, shown: bool) -> None:
        self.link_box.setVisible(shown)
        self._say_kept(self.link_now())
        self._fit()

    def _show_conflicts(self) -> None:
        for box in self.conflict_boxes:
            box.setParent(None)
            box.deleteLater()
        self.conflict_boxes = []
        try:
            copies = self.state.conflicts(self.mission.uid)
        except sqlite3.Error as exc:
            log.warning("conflicts not read: %s", exc)
            copies = []
        layout = self.conflict_layout
        names = words.names_for(self.store) if copies else {}
        for copy in copies:
            try:
                mine, theirs = sync.versions(self.store, self.mission, copy)
                rows = words.differences(copy.kind, mine, theirs, names)
            except MxdeskError as exc:
                rows = [(_("Cannot be read"), str(exc), "")]
            box = ConflictBox(copy, rows, self.resolve, self.conflict_list)
            box.mine_button.setEnabled(not self.store.read_only)
            box.theirs_button.setEnabled(not self.store.read_only)
            layout.addWidget(box)
            self.conflict_boxes.append(box)
        self.conflicts_box.setTitle(words.conflicts_title(len(copies)))
        self.conflicts_box.setVisible(bool(copies))
        self._fit()

    def _fit(self) -> None:
        """When the sections shown changed (the form, the trust step, the status, a plan,
        conflicts): as tall as they need, never taller than the screen's free height (the
        middle scrolls then, Close stays in sight), and inside the screen."""
        if not self.isVisible():
            return
        sections = (self.intro, self.link_box, self.check_row, self.trust_box,
                    self.status_box, self.plan_box, self.conflicts_box)
        shape = (*(w.isVisibleTo(self) for w in sections), len(self.conflict_boxes),
                 self.check_line.text(), self.result_label.text(), self.linked_label.text())
        if shape == self._shape:
            return
        self._shape = shape
        self.body.layout().activate()  # type: ignore[union-attr]
        self.middle.updateGeometry()  # (the dialog's layout keeps its old size hint else)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hint = self.sizeHint()
        screen = self.screen()
        if screen is None:
            self.resize(max(self.width(), hint.width()), hint.height())
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().height() - self.geometry().height()
        height = min(hint.height(), room.height() - frame)
        self.resize(min(max(self.width(), hint.width()), room.width()), height)
        self._inside(room)
        # A wrapped line's height is only known once laid out at its width: whatever still
        # overflows is added next, while the screen has room.
        QTimer.singleShot(0, self, self._fill)

    def _fill(self) -> None:
        """Grow by what the middle still scrolls, within the screen."""
        screen = self.screen()
        if not self.isVisible() or screen is None:
            return
        viewport = self.middle.viewport()
        # What the sections need at the width they have, not only what the scroll bar has
        # taken in so far (its range follows a layout pass that may not have run yet).
        need = (self.body.heightForWidth(viewport.width()) if self.body.hasHeightForWidth()
                else self.body.sizeHint().height())
        over = max(self.middle.verticalScrollBar().maximum(), need - viewport.height(), 0)
        room = screen.availableGeometry()
        frame = self.frameGeometry().height() - self.geometry().height()
        height = min(self.height() + over, room.height() - frame)
        if over and height > self.height():
            self.resize(self.width(), height)
            self._inside(room)

    def _inside(self, room: QRect) -> None:
        """Move the dialog inside *room* (the screen's free area) if it reaches out."""
        place = self.frameGeometry()
        x = min(max(place.left(), room.left()), max(room.left(), room.right() - place.width() + 1))
        y = min(max(place.top(), room.top()), room.bottom() - place.height() + 1)
        if (x, y) != (place.left(), place.top()):
            self.move(x, max(room.top(), y))

    def _set_busy(self, busy: Task | None, said: str = "") -> None:
        self.task = busy
        self.busy.setVisible(busy is not None and said == "link")
        self.check_row.setVisible(bool(self.check_line.text()) or self.busy.isVisibleTo(self))
        self.sync_busy.setVisible(busy is not None and said == "sync")
        self.sync_said.setText(_("Syncing…") if said == "sync" and busy else "")
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setEnabled(busy is None)
        close.setToolTip("" if busy is None else _(
            "Close can be used again when the sync or the check ends (the server's time-out "
            "at most); the rest of the window can be used meanwhile."))
        self.refresh()

    def _progressed(self, done: int, _total: int) -> None:
        """A sync's progress: the items vdirsyncer has begun to copy or delete so far."""
        if self.task is not None and done:
            self.sync_said.setText(ngettext("Syncing… {n} item so far",
                                            "Syncing… {n} items so far", done).format(
                n=i18n.number(done)))

    def reject(self) -> None:
        """Close; not while a check or a sync runs (it ends within the server's timeout)."""
        if self.task is not None:
            return
        super().reject()

    # -- the password -----------------------------------------------------------------------

    def _password(self, link: Link) -> str | None:
        """The link's password: the environment or the keyring, else this session's, else
        asked (and kept for this session); None when not given."""
        known = known_password(link)
        if known is not None:
            return known
        typed = self.prompts.ask_password(secrets.account(link.username, link.carddav))
        if typed:
            SESSION_PASSWORDS[secrets.account(link.username, link.carddav)] = typed
        return typed

    # -- link, check, trust ---------------------------------------------------------------

    def link(self) -> None:
        """Link: check the server first, on a thread, with the password typed (or the one
        known); the link is saved, and the password kept, only when the check does not find
        the link itself wrong (a login refused, no such collection, the other kind of
        collection, not allowed). An unreachable server still links (offline); a certificate
        not trusted is offered for trust first."""
        carddav, caldav = self.carddav.text().strip(), self.caldav.text().strip()
        user, typed = self.user.text().strip(), self.password.text()
        for url in (carddav, caldav):
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                self._say_check(_("“{url}” is not a web address (https://…).").format(
                    url=url) if url else _("Give the address book's and the calendar's "
                                           "addresses."))
                return
        if not user:
            self._say_check(_("Give your user name on the server."))
            return
        before = self.link_now()
        same = before is not None and urlsplit(before.carddav).netloc == urlsplit(carddav).netloc
        link = Link(self.mission.uid, carddav, caldav, user,
                    before.ca_file if same and before else "",
                    before.fingerprint if same and before else
                    self.trusted.get(urlsplit(carddav).netloc, ""))
        password = typed or known_password(link)
        if not password:
            password = self.prompts.ask_password(secrets.account(user, carddav))
            typed = password or ""
        if not password:
            self._say_check(_("Type the password."))
            return
        self._check(link, password, bool(typed))

    def _check(self, link: Link, password: str, typed: bool) -> None:
        self.trust_box.hide()
        self._say_check(_("Checking the server…"))
        task = Task(lambda _t: check_link(link, password), "mxdesk-share-check", self)
        task.finished.connect(lambda result: self._checked(result, link, password, typed))
        task.failed.connect(self._failed)
        self._set_busy(task, "link")
        task.start()

    def _checked(self, result: object, link: Link, password: str, typed: bool) -> None:
        assert isinstance(result, Checked)
        self._set_busy(None)
        if result.kind in server.WRONG_LINK:
            nothing = (_("Nothing was linked.") if self.link_now() is None
                       else _("The link stays as it was."))
            self._say_check(f"{result.problem} {nothing}")
            self.password.clear()
            self._show_form(True)
            self.refresh()
            return
        if result.untrusted_url:
            self.pending = (link, password, typed)
            self.offered = (result.untrusted_url, result.fingerprint)
            self.fingerprint.setText(_grouped(result.fingerprint))
            self.trust_box.show()
            self._say_check(result.problem)
            self.refresh()
            return
        try:
            sync.link(self.state, self.data_dir, link)
            if link.fingerprint:  # (trusted just now: pinned for this server)
                self.state.set_trust(self.mission.uid, link.fingerprint)
        except sqlite3.Error as exc:
            self._say_check(_("The link could not be saved: {reason}").format(reason=exc))
            return
        note = self._keep(link, password) if typed else ""
        self.password.clear()
        self.shareChanged.emit()
        if result.problem:
            said = _("{problem} The link is saved: the next sync tries again.").format(
                problem=result.problem)
        else:
            said = _("✓ The server accepted the login of “{user}”: the address book and the "
                     "calendar answer.").format(user=link.username)
        self._say_check(f"{said} {note}".strip())
        self._show_form(False)
        self.refresh()

    def _keep(self, link: Link, password: str) -> str:
        """Keep a typed password that the server did not refuse: for this session, and in
        the keyring when Remember is ticked. Returns what to say when the keyring cannot."""
        SESSION_PASSWORDS[secrets.account(link.username, link.carddav)] = password
        if not self.remember.isChecked():
            return ""
        if not secrets.has_keyring():
            return _("This computer has no keyring to keep the password in (on Linux: GNOME "
                     "Keyring or KWallet): it is kept until mxdesk closes, and asked again "
                     "after.")
        try:
            secrets.keep(link.username, link.carddav, password)
        except secrets.PasswordError as exc:
            return str(exc) + " " + _("The password is kept for this session only.")
        return ""

    def trust(self) -> None:
        """Trust this certificate: pin its fingerprint for the link, then check again (the
        link is saved when that check passes)."""
        if self.offered is None or self.pending is None:
            return
        link, password, typed = self.pending
        pinned = replace(link, fingerprint=self.offered[1])
        self.trusted[urlsplit(link.carddav).netloc] = self.offered[1]
        self.offered = None
        self.pending = None
        self.trust_box.hide()
        self._check(pinned, password, typed)

    def _distrust(self) -> None:
        self.offered = None
        self.pending = None
        self.trust_box.hide()
        self.refresh()
        self._say_check(_("The certificate was not trusted: nothing is sent to this "
                          "server."))

    def _failed(self, error: object) -> None:
        self._set_busy(None)
        if not isinstance(error, MxdeskError | OSError | sqlite3.Error):
            assert isinstance(error, BaseException)
            raise error  # a bug: to the excepthook, with its traceback
        self._say_check(str(error))
        self.result_label.setText(str(error))

    # -- sync -----------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Sync now: send and plan on a thread (its progress counted from vdirsyncer's lines);
        the plan is shown to be taken in (or the sync is finished at once when nothing would
        come in)."""
        link = self.link_now()
        if link is None or self.task is not None:
            return
        password = self._password(link)
        if password is None:
            self.sync_said.setText(_("No password: nothing was synced."))
            return
        self.before_sync()
        self._say_check("")  # (the link's check is old news now)
        path = self.store.path
        uid = self.mission.uid

        def work(task: Task) -> sync.Summary:
            count = engine.item_counter(lambda n: task.report(n, 0))
            return sync_in_thread(path, uid, password, count)

        task = Task(work, "mxdesk-share-sync", self)
        task.progressed.connect(self._progressed)
        task.finished.connect(self._synced)
        task.failed.connect(self._failed)
        self._set_busy(task, "sync")
        task.start()

    def _synced(self, result: object) -> None:
        assert isinstance(result, sync.Summary)
        self._set_busy(None)
        link = self.state.link(self.mission.uid)
        if result.sent.error_kind == "login" and link is not None:
            # A password typed for this session that the server refuses is not kept: the
            # next Sync now asks again.
            SESSION_PASSWORDS.pop(secrets.account(link.username, link.carddav), None)
        plan = result.plan
        if plan.new or plan.changed or plan.gone_there:
            self.summary = result
            self.plan_view.setPlainText(words.plan_text(result))
            self.gone_row.setVisible(bool(plan.gone_there))
            self.decide_later.setChecked(True)
            self.plan_box.show()
            self.take_button.setFocus()
            self._said(words.result_line(result))
            self.shareChanged.emit()  # (its conflicts are kept now)
            self.refresh()
            return
        self._finish(result, None)

    def _finish(self, summary: sync.Summary, delete_gone: bool | None) -> None:
        try:
            sync.finish(self.store, self.state, summary, delete_gone)
        except MxdeskError as exc:
            line = _("Nothing was taken in: {reason}").format(reason=exc)
        else:
            line = words.result_line(summary)
        self._said(line)
        self.summary = None
        self.plan_box.hide()
        if summary.applied and (summary.plan.new or summary.plan.changed
                                or summary.deleted_here):
            self.notesChanged.emit()
        self.shareChanged.emit()
        self.refresh()

    def take_in(self) -> None:
        """Take in: write the plan into the notes, the deletions as chosen."""
        if self.summary is None:
            return
        choice = {self.delete_here: True, self.keep_again: False}.get(
            self.gone_choice.checkedButton())  # type: ignore[call-overload]
        self._finish(self.summary, choice)

    def not_now(self) -> None:
        """Not now: nothing is taken in; it is planned again at the next sync."""
        if self.summary is None:
            return
        self._said(_("Nothing was taken in: it is shown again at the next sync."))
        self.summary = None
        self.plan_box.hide()
        self.refresh()

    def resolve(self, uid: str, keep: str) -> None:
        """Keep mine / Keep theirs on the conflict about *uid*."""
        try:
            sync.resolve(self.store, self.data_dir, self.state, self.mission, uid, keep)
        except MxdeskError as exc:
            self._said(str(exc))
        else:
            if keep == "theirs":
                self.notesChanged.emit()
        self.shareChanged.emit()
        self.refresh()

    # -- unlink ---------------------------------------------------------------------------

    def unlink(self) -> bool:
        """Unlink…: asked first, and warned when changes made here have not reached the
        server or conflicts are open (Sync first, Unlink anyway, Cancel); the link, its sync
        state, the kept password and the mission's share folder go. The contacts and meetings
        stay. True when unlinked."""
        link = self.link_now()
        if link is None:
            return False
        what = self._unsent()
        plainly = _("Stop sharing “{mission}” on this computer? The link, the password kept "
                    "for it and the sync state are forgotten. Your contacts and meetings "
                    "stay; nothing is deleted on the server.").format(mission=self.mission.name)
        if what:
            answer = self.prompts.ask_unsent(_(
                "{what}: if you unlink now, the delegation never gets them (they stay in "
                "your notes). Sync first?").format(what=what) + "\n\n" + plainly)
            if answer == "sync":
                self.sync_now()
                return False
            if answer != "unlink":
                return False
        elif not self.prompts.ask_unlink(plainly):
            return False
        self.state.forget(self.mission.uid)
        secrets.forget(link.username, link.carddav)
        SESSION_PASSWORDS.pop(secrets.account(link.username, link.carddav), None)
        SESSION_RESULTS.pop(self.mission.uid, None)
        try:
            shutil.rmtree(sync.folder(self.data_dir, self.mission.uid))
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("share folder not removed: %s", exc)
        self.summary = None
        self.pending = None
        self.plan_box.hide()
        self.trust_box.hide()
        for field in (self.carddav, self.caldav, self.user, self.password):
            field.clear()
        self._say_check(_("Unlinked: your contacts and meetings stay on this "
                          "computer."))
        self.shareChanged.emit()
        self.refresh()
        return True

    def _unsent(self) -> str:
        """What unlinking now would leave undone, in words ("2 changes made here have not
        reached the server and 1 conflict is open"), "" when nothing."""
        waiting = self._waiting()
        try:
            conflicts = len(self.state.conflicts(self.mission.uid))
        except sqlite3.Error as exc:
            log.warning("conflicts not counted: %s", exc)
            conflicts = 0
        return sync.unsettled(waiting, conflicts)


def known_password(link: Link) -> str | None:
    """The link's password without asking: ``$MXDESK_DAV_PASSWORD``, the keyring, or the one
    typed in this session; None when there is none."""
    try:
        return secrets.password(link.username, link.carddav)
    except secrets.PasswordError:
        return SESSION_PASSWORDS.get(secrets.account(link.username, link.carddav))


def password_source(link: Link) -> str:
    """Where the link's password would come from now: "env" (``$MXDESK_DAV_PASSWORD``),
    "keyring", "session" (typed in this session), or "" (none: it is asked)."""
    if os.environ.get(secrets.PASSWORD_ENV):
        return "env"
    account = secrets.account(link.username, link.carddav)
    if secrets.kept(link.username, link.carddav):
        return "keyring"
    return "session" if account in SESSION_PASSWORDS else ""


def _grouped(fingerprint: str) -> str:
    """A fingerprint "AB:CD:…" (32 pairs) on two lines of 16 pairs, to compare pair by pair."""
    pairs = fingerprint.split(":")
    return "\n".join(":".join(pairs[i:i + 16]) for i in range(0, len(pairs), 16))


def shown_fingerprint(label: QLabel) -> str:
    """The fingerprint a label shows, as one "AB:CD:…" string (its lines joined)."""
    return ":".join(part for line in label.text().splitlines() for part in line.split(":"))


__all__ = ["ConflictBox", "ShareDialog", "SharePrompts", "dialog_prompts", "shown_fingerprint"]
