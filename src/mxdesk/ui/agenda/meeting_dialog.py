"""The meeting dialog: what, when and where (its zone preset from the cluster's state and the
place), with whom, where it stands, and after it the outcome, the next step and its due date.
Save writes it only when the record can be right; a refused field is marked and said."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, pgettext
from mxdesk.core.mission.records import InvalidRecordError, Meeting, MeetingStatus, Mission
from mxdesk.core.mission.wording import dated, status_word
from mxdesk.core.notes import NotesStore
from mxdesk.core.zones import DEFAULT_ZONE, ZoneError, guess_zone
from mxdesk.ui.agenda.fields import (
    ClusterList,
    ContactList,
    ZoneChooser,
    mark,
    refusal_label,
    unmark,
)
from mxdesk.ui.agenda.when_fields import DayField, TimeField
from mxdesk.ui.notes.models import ClusterNames

log = logging.getLogger("mxdesk.ui")

#: What each field of a meeting is called in the form (for a refusal's message).
FIELD_LABELS = {"title": N_("Title"), "start": N_("Start"), "zone": N_("Time zone"),
                "duration_min": N_("Duration"), "place": N_("Place"), "status": N_("Status"),
                "next_due": N_("Next step due"), "mission_id": N_("Mission"),
                "home_zone": N_("Home zone"), "day": N_("Date"), "comment": N_("Notes")}


def span_text(first: dt.date, last: dt.date) -> str:
    """A mission's days in short: "Tue 16–Thu 18 Mar 2027", "Mon 29 Mar–Thu 1 Apr 2027",
    "Wed 30 Dec 2026–Fri 1 Jan 2027", "Tue 16 Mar 2027" (one day)."""
    end = f"{dated(last, '%a')} {last.day} {dated(last, '%b %Y')}"
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month):
        return f"{dated(first, '%a')} {first.day}–{end}"
    if first.year == last.year:
        return f"{dated(first, '%a')} {first.day} {dated(first, '%b')}–{end}"
    return f"{dated(first, '%a')} {first.day} {dated(first, '%b %Y')}–{end}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class MeetingDialog(QDialog):
    """Make or change one meeting. *meeting* None makes a new one in *mission* on *day*
    (else the mission's first day, else today), with *clusters* and *contacts* already
    chosen. On Save the meeting is checked (:class:`InvalidRecordError` marks its field and
    says why, nothing is written) and stored; :attr:`saved` then holds it as stored.

    A date outside the mission's days is kept, with a warning line under When while it is
    typed; status "done" is refused for a meeting that starts after *now* (a callable giving
    the aware time now; the clock unless a test gives one)."""

    def __init__(self, store: NotesStore, directory: Directory, mission: Mission | None,
                 meeting: Meeting | None = None, day: dt.date | None = None,
                 clusters: tuple[str, ...] = (), contacts: tuple[str, ...] = (),
                 start: dt.time | None = None, parent: QWidget | None = None,
                 now: Callable[[], dt.datetime] = _now) -> None:
        super().__init__(parent)
        self.now = now
        self.store = store
        self.directory = directory
        self.mission = mission
        self.meeting = meeting
        #: The meeting as stored after Save (None before, or when cancelled).
        self.saved: Meeting | None = None
        self.names = ClusterNames(directory)
        self.setWindowTitle(pgettext("window", "Meeting") if meeting else _("New meeting"))
        self.setObjectName("meeting-dialog")
        self._build(mission.home_zone if mission else "")
        #: Whether the zone still follows the clusters and the place (until the user
        #: chooses one).
        self._auto_zone = meeting is None
        if meeting is not None:
            self._load(meeting)
        else:
            first = day or (mission.start_date if mission else dt.date.today())
            self.date.set_day(first)
            self.start.set_time(start or dt.time(9))
            for cluster_id in clusters:
                self.clusters.add_id(cluster_id)
            for uid in contacts:
                self.contacts.add_uid(uid)
            self._guess_zone()
        self.zone.set_day(self._day())
        self.zone.chosenByUser.connect(self._zone_chosen)
        self.clusters.changed.connect(self._guess_zone)
        self.place.textEdited.connect(lambda _text: self._guess_zone())
        self.date.dayChanged.connect(lambda d: self.zone.set_day(d or self._day()))
        self.date.dayChanged.connect(lambda _d: self._say_outside())
        self._say_outside()
        self.title.setFocus()

    # -- the form -------------------------------------------------------------------------

    def _build(self, home_zone: str) -> None:
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)
        what = QGroupBox(_("The meeting"), self)
        form = QFormLayout(what)
        self.title = QLineEdit(what)
        self.title.setAccessibleName(_(FIELD_LABELS["title"]))
        self.title.setPlaceholderText(_("what it is, with whom: “Aerocluster — supplier day”"))
        self.date = DayField(_(FIELD_LABELS["day"]), parent=what)
        self.start = TimeField(_(FIELD_LABELS["start"]), what)
        self.duration = QSpinBox(what)
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.duration.setSuffix(" min")
        self.duration.setAccessibleName(_(FIELD_LABELS["duration_min"]))
        when = QHBoxLayout()
        when.addWidget(self.date, 2)
        # Translators: the When line: [date] at [time] for [minutes].
        when.addWidget(QLabel(pgettext("time", "at"), what))
        when.addWidget(self.start, 1)
        when.addWidget(QLabel(pgettext("duration", "for"), what))
        when.addWidget(self.duration, 1)
        self.zone = ZoneChooser(home_zone, what)
        self.place = QLineEdit(what)
        self.place.setAccessibleName(_(FIELD_LABELS["place"]))
        self.place.setPlaceholderText(
            _("address, venue or city (a city or state named sets the zone)"))
        self.status = QComboBox(what)
        self.status.setAccessibleName(_(FIELD_LABELS["status"]))
        for status in MeetingStatus:
            self.status.addItem(status_word(status, lower=True), status.value)
        # Translators: the meeting dialog's mnemonics (Alt+letter after &) must differ from
        # each other: Title, When, Time zone, Place, Status, Notes, Clusters, Contacts,
        # Outcome, Next step, Due.
        form.addRow(_("&Title:"), self.title)
        when_label = QLabel(_("&When:"), what)
        when_label.setBuddy(self.date.edit)
        form.addRow(when_label, when)
        #: Says, while the date is outside the mission's days, that it is kept anyway.
        self.outside = QLabel(what)
        self.outside.setObjectName("outside-mission")
        self.outside.setWordWrap(True)
        self.outside.setTextFormat(Qt.TextFormat.PlainText)
        self.outside.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        form.addRow("", self.outside)
        self._form = form
        form.addRow(_("Time &zone:"), self.zone)
        form.addRow(_("&Place:"), self.place)
        form.addRow(_("&Status:"), self.status)
        self.comment = QPlainTextEdit(what)
        self.comment.setAccessibleName(_(FIELD_LABELS["comment"]))
        self.comment.setPlaceholderText(_("agenda, who to ask for, directions (an imported "
                                          "event's description comes here)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().height() * 4 + 12)
        form.addRow(_("No&tes:"), self.comment)
        # The zone's line wraps and the columns share the width evenly: nothing moves
        # sideways while the form is filled in (a long zone line widened this column and
        # squeezed Who, and clicks landed on the wrong field).
        self.zone.note.setWordWrap(True)
        self.zone.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.zone.note.setFixedHeight(self.zone.note.fontMetrics().lineSpacing() * 2 + 2)
        self.zone.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        columns.addWidget(what, 1)

        right = QVBoxLayout()
        who = QGroupBox(pgettext("group", "Who"), self)
        who_form = QFormLayout(who)
        self.clusters = ClusterList(self.names, who)
        self.contacts = ContactList(self.store, self.names, who)
        who_form.addRow(_("&Clusters:"), self.clusters)
        who_form.addRow(_("C&ontacts:"), self.contacts)
        right.addWidget(who)
        after = QGroupBox(_("After it"), self)
        after_form = QFormLayout(after)
        self.outcome = QPlainTextEdit(after)
        self.outcome.setAccessibleName(_("Outcome"))
        self.outcome.setTabChangesFocus(True)
        self.outcome.setMaximumHeight(self.outcome.fontMetrics().height() * 3 + 12)
        self.next_step = QLineEdit(after)
        self.next_step.setAccessibleName(pgettext("field", "Next step"))
        self.next_due = DayField(_(FIELD_LABELS["next_due"]), optional=True,
                                 blank=pgettext("date", "none"), parent=after)
        self.next_due.fallback = self._day
        after_form.addRow(_("O&utcome:"), self.outcome)
        after_form.addRow(_("&Next step:"), self.next_step)
        due_label = QLabel(_("D&ue:"), after)
        due_label.setBuddy(self.next_due.edit)
        after_form.addRow(due_label, self.next_due)
        right.addWidget(after)
        columns.addLayout(right, 1)
        # Two columns of one width, whatever they hold (their widest at the start).
        width = max(what.sizeHint().width(), who.sizeHint().width(),
                    after.sizeHint().width())
        for group in (what, who, after):
            group.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            group.setMinimumWidth(width)

        self.message = refusal_label(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        #: The widget of each field a refusal can name.
        self.field_widgets: dict[str, QWidget] = {
            "title": self.title, "start": self.start, "zone": self.zone.combo,
            "duration_min": self.duration, "place": self.place, "status": self.status,
            "next_due": self.next_due.edit, "day": self.date.edit}
        for widget in (self.title, self.place, self.next_due.edit, self.date.edit):
            widget.textEdited.connect(lambda _t, w=widget: unmark(w))
        self.start.timeChanged.connect(lambda: unmark(self.start))
        self.date.dayChanged.connect(lambda _d: unmark(self.start))

    def _load(self, meeting: Meeting) -> None:
        self.title.setText(meeting.title)
        self.date.set_day(meeting.start.date())
        self.start.set_time(meeting.start.time())
        # A meeting from another calendar may last longer than a day (an all-day event over
        # several days): its length is kept, not cut to the field's usual maximum.
        self.duration.setMaximum(max(24 * 60, meeting.duration_min))
        self.duration.setValue(meeting.duration_min)
        self.zone.set_zone(meeting.zone)
        self.place.setText(meeting.place)
        self.status.setCurrentIndex(self.status.findData(meeting.status.value))
        for cluster_id in meeting.clusters:
            self.clusters.add_id(cluster_id)
        for uid in meeting.contacts:
            self.contacts.add_uid(uid)
        self.outcome.setPlainText(meeting.outcome)
        self.next_step.setText(meeting.next_step)
        self.next_due.set_day(meeting.next_due)
        self.comment.setPlainText(meeting.comment)

    def _day(self) -> dt.date:
        """The meeting's day as typed; when it is no date yet, the one it had (the
        mission's first day, else today)."""
        try:
            return self.date.day() or dt.date.today()
        except ValueError:
            if self.meeting is not None:
                return self.meeting.start.date()
            return self.mission.start_date if self.mission else dt.date.today()

    def _say_outside(self) -> None:
        """Show the warning line under When while the date typed is outside the mission's
        days (the meeting is kept, on a day row of its own); hide it otherwise."""
        text = ""
        mission = self.mission
        try:
            day = self.date.day()
        except ValueError:
            day = None
        if mission is not None and day is not None \
                and not mission.start_date <= day <= mission.end_date:
            text = "⚠ " + _("Outside the mission's days ({days}): it is kept, and listed on its "
                            "own day").format(days=span_text(mission.start_date,
                                                             mission.end_date))
        self.outside.setText(text)
        self._form.setRowVisible(self.outside, bool(text))

    def _zone_chosen(self) -> None:
        self._auto_zone = False

    def _guess_zone(self) -> None:
        """Preset the zone from the first cluster's state and the place's text, until the
        user chooses one."""
        if not self._auto_zone:
            return
        state = None
        for cluster_id in self.clusters.chosen():
            try:
                found = self.directory.cluster(cluster_id).state
            except MxdeskError:
                continue
            state = found.id if found else None
            break
        try:
            guessed = guess_zone(state, self.place.text())
        except ZoneError:
            guessed = DEFAULT_ZONE
        self.zone.set_zone(guessed)

    # -- saving ---------------------------------------------------------------------------

    def record(self) -> Meeting:
        """The meeting the form holds; raises :class:`InvalidRecordError` naming the field
        at fault."""
        day, start_time, due = self._when()
        start = dt.datetime.combine(day, start_time)
        fields = {
            "title": self.title.text(), "start": start, "zone": self.zone.zone(),
            "duration_min": self.duration.value(), "place": self.place.text().strip(),
            "status": str(self.status.currentData()),
            "clusters": self.clusters.chosen(), "contacts": self.contacts.chosen(),
            "outcome": self.outcome.toPlainText().strip(),
            "next_step": self.next_step.text().strip(), "next_due": due,
            "comment": self.comment.toPlainText().strip(),
        }
        if self.meeting is not None:
            made = replace(self.meeting, **fields)  # type: ignore[arg-type]
        else:
            made = Meeting(mission_id=self.mission.id if self.mission else None,
                           **fields)  # type: ignore[arg-type]
        self._done_only_once_started(made)
        return made

    def _done_only_once_started(self, meeting: Meeting) -> None:
        """Refuse status done for a meeting that starts after now (field ``status``); one
        stored as done with the same start is left as it is."""
        if meeting.status is not MeetingStatus.DONE or meeting.start <= self.now():
            return
        kept = self.meeting
        if kept is not None and kept.status is MeetingStatus.DONE and kept.start == meeting.start:
            return
        start = meeting.start
        raise InvalidRecordError(
            "status", _("the meeting has not started yet ({when}): it can be done only once it "
                        "has started; leave it proposed or confirmed until then").format(
                when=f"{dated(start, '%a')} {start.day} {dated(start, '%b %Y')} "
                     f"{start:%H:%M} {start.tzname() or ''}"))

    def _when(self) -> tuple[dt.date, dt.time, dt.date | None]:
        """The day, start and due date typed; raises :class:`InvalidRecordError` naming
        the one that is no date or time, or a due date (newly set) before the meeting."""
        try:
            day = self.date.day()
        except ValueError as exc:
            raise InvalidRecordError("day", str(exc)) from exc
        assert day is not None  # (the field is not optional)
        try:
            start_time = self.start.time_of_day()
        except ValueError as exc:
            raise InvalidRecordError("start", str(exc)) from exc
        try:
            due = self.next_due.day()
        except ValueError as exc:
            raise InvalidRecordError("next_due", str(exc)) from exc
        kept = self.meeting.next_due if self.meeting is not None else None
        if due is not None and due < day and due != kept:
            raise InvalidRecordError("next_due", _(
                "{due} is before the meeting ({day}): a next step is due after it").format(
                due=due.isoformat(), day=day.isoformat()))
        return day, start_time, due

    def refuse(self, field: str, text: str) -> None:
        """Mark the field *field* (a Meeting field's name) and say *text* under the form."""
        widget = self.field_widgets.get(field)
        label = _(FIELD_LABELS[field]) if field in FIELD_LABELS else field
        said = text.removeprefix(f"{field}: ").rstrip()
        stop = "" if said.endswith((".", ")")) else "."
        # Translators: {field} a field's name, {reason} why it was refused (ends with its stop).
        message = _("{field}: {reason} Nothing was saved.").format(field=label,
                                                                    reason=said + stop)
        if widget is not None:
            mark(widget, message)
            widget.setFocus()
        self.message.setText(message)
        self.message.show()

    def accept(self) -> None:
        """Save: check, then store; a refusal keeps the dialog open and says why."""
        for widget in self.field_widgets.values():
            unmark(widget)
        self.message.hide()
        try:
            record = self.record()
            names = {c: self.names(c)[0] for c in record.clusters}
            self.saved = self.store.save_meeting(record, names)
            self.meeting = self.saved  # (a second Save changes it, never makes another)
        except InvalidRecordError as exc:
            self.refuse(exc.field, str(exc))
            return
        except MxdeskError as exc:
            self.message.setText(_("The meeting was not saved: {reason}").format(reason=exc))
            self.message.show()
            return
        super().accept()
