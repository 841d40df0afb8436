"""Which delegations a contact is shared with: in the contact's form, one box per mission
linked to a server (issue 21; the first trial's L9).

A mission shares by itself the contacts met in its meetings or on its days, and those already
in its shared address book: their box is ticked and cannot be unticked (it says why). Any other
contact (a card imported from a phone, someone met before the trip) is shared when its box is
ticked: it goes at the next sync. Unticked before that sync, it stays on this computer; once
sent, it stays shared while it exists here. The choice is kept in the share state
(``share/share.db``), never in the notes file.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _
from mxdesk.core.mission.records import Mission
from mxdesk.core.notes import Contact, NotesStore
from mxdesk.ui.messages import plain_tip

log = logging.getLogger("mxdesk.share")

#: Why a contact's box reads as it does (:func:`mxdesk.core.share.sync.why_shared`).
WHY = {
    "known": N_("Already in the delegation's shared address book: it stays shared while it "
                "exists here."),
    "met": N_("Met in one of this mission's meetings: shared with its delegation."),
    "during": N_("Met on one of this mission's days (its met-on date): shared with its "
                 "delegation."),
    "chosen": N_("Goes to the delegation's shared address book at the next sync. Untick it "
                 "to keep the contact on this computer only."),
    "": N_("Tick to share this contact with the mission's delegation at the next sync: name, "
           "role, organisation, cluster, e-mails, phones, where and when met; never the "
           "comment or the tags."),
}


class DelegationBoxes(QWidget):
    """The boxes of one contact, one per linked mission (none when no mission is linked).

    Signals:
        changed(): a box was ticked or unticked (the share state changed).
    """

    changed = Signal()

    def __init__(self, store: NotesStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.contact_uid = ""
        #: The boxes shown, with their mission.
        self.boxes: list[tuple[QCheckBox, Mission]] = []
        self._read_only = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def _folder(self) -> Path:
        return self.store.path.parent / "share"

    def show_for(self, contact: Contact | None) -> bool:
        """Make the boxes of *contact* (none for None); returns whether there are any. The
        share folder is never made just to say there is nothing shared, and the sharing's
        modules are loaded only once a mission is linked."""
        for box, _mission in self.boxes:
            self._layout.removeWidget(box)
            box.hide()  # (gone from the form now; deleted once the loop is back)
            box.deleteLater()
        self.boxes = []
        self.contact_uid = contact.uid if contact is not None else ""
        if contact is None or not (self._folder() / "share.db").is_file():
            return False
        from mxdesk.core.share import sync
        from mxdesk.core.share.state import ShareState

        try:
            with ShareState(self._folder()) as state:
                links = state.links()
                missions = {m.uid: m for m in self.store.missions()} if links else {}
                rows = [(missions[link.mission_uid],
                         sync.why_shared(self.store, state, missions[link.mission_uid],
                                         contact.uid))
                        for link in links if link.mission_uid in missions]
        except (OSError, MxdeskError, sqlite3.Error) as exc:
            log.warning("share state not read: %s", exc)
            return False
        for mission, why in rows:
            box = QCheckBox(_("The delegation of “{mission}”").format(mission=mission.name),
                            self)
            box.setAccessibleName(_("Share this contact with the delegation of “{mission}”"
                                    ).format(mission=mission.name))
            self._say(box, why)
            box.clicked.connect(lambda checked, box=box, mission=mission:
                                self._chosen(box, mission, bool(checked)))
            self._layout.addWidget(box)
            box.show()  # (now, not at the layout's next pass)
            self.boxes.append((box, mission))
        return bool(self.boxes)

    def _say(self, box: QCheckBox, why: str) -> None:
        box.setChecked(bool(why))
        box.setProperty("why", why)
        box.setEnabled(why in ("", "chosen") and not self._read_only)
        box.setToolTip(plain_tip(_(WHY[why])))

    def _chosen(self, box: QCheckBox, mission: Mission, shared: bool) -> None:
        """A box clicked: share the contact with that delegation at the next sync, or no
        longer (before it was sent)."""
        from mxdesk.core.share import sync
        from mxdesk.core.share.state import ShareState

        try:
            with ShareState(self._folder()) as state:
                state.choose(mission.uid, self.contact_uid, shared)
                why = sync.why_shared(self.store, state, mission, self.contact_uid)
        except (OSError, MxdeskError, sqlite3.Error) as exc:
            log.warning("share state not written: %s", exc)
            box.setChecked(not shared)
            box.setToolTip(plain_tip(_("The choice could not be saved: {reason}").format(
                reason=exc)))
            return
        self._say(box, why)
        self.changed.emit()

    def set_read_only(self, reason: str) -> None:
        """No box can be changed while the notes are read-only (*reason*; "" to allow)."""
        self._read_only = bool(reason)
        for box, _mission in self.boxes:
            box.setEnabled(str(box.property("why")) in ("", "chosen") and not reason)
