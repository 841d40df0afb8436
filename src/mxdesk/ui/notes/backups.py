"""Restoring the notes from a backup: the dialog that lists the backups, and the question
asked before one replaces the notes."""

from __future__ import annotations

from PySide6.QtGui import (
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.i18n import _
from mxdesk.core.notes import (
    BackupInfo,
)
from mxdesk.ui.messages import ask


class RestoreDialog(QDialog):
    """Choose a backup; the window asks for confirmation before anything is replaced."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore your notes from a backup"))
        self.backups = backups
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Backups, newest first (times in this computer's time "
                                  "zone). Restoring replaces your notes with the backup; your "
                                  "current notes are first kept as a backup of their own."),
                                self))
        self.model = QStandardItemModel(self)
        for info in backups:
            why = {"auto": _("automatic"), "manual": _("made by you")}.get(
                info.reason, info.reason.replace("-", " "))
            item = QStandardItem(f"{info.made.astimezone():%Y-%m-%d %H:%M:%S} ({why}) — "
                                 f"{info.counts.describe()}")
            item.setEditable(False)
            self.model.appendRow(item)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Backups"))
        if backups:
            self.view.setCurrentIndex(self.model.index(0, 0))
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(_("Restore…"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> BackupInfo | None:
        """The backup chosen in the list; None when there is none."""
        row = self.view.currentIndex().row()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def confirm_restore(parent: QWidget, info: BackupInfo) -> bool:
    """Ask before a restore replaces the notes with the backup *info*; True: restore."""
    return ask(parent, _("Restore this backup?"),
               _("Replace your notes with the backup of {time}?\n\n"
                 "It holds {counts}. Your current notes are first "
                 "kept as a backup of their own (“before-restore”), so this can be undone by "
                 "restoring that one.").format(time=info.local_time,
                                               counts=info.counts.describe()))
