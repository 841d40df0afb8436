"""The report after a mission, rendered twice from one :class:`~mxdesk.core.mission.report.
Report`: as PDF (a summary with the counts, then the meetings held, the next steps by due
date, the contacts met and the clusters, each a bookmarked section) and as XLSX (a sheet for
each). Qt is loaded only for the PDF.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

from mxdesk.core import i18n
from mxdesk.core.i18n import N_, _, pgettext
from mxdesk.core.mission.report import Report, report
from mxdesk.core.mission.wording import dated, long_day, status_word
from mxdesk.core.mission.workbook import Column, Sheet, write_workbook

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.core.mission.records import Mission
    from mxdesk.core.notes import NotesStore
    from mxdesk.export.html import Section
    from mxdesk.export.pdf import ExportResult

__all__ = ["REPORT_CSS", "report_sections", "write_report_pdf", "write_report_xlsx"]

#: The report's style sheet (points), over the brochure's.
REPORT_CSS = """
table.list td { vertical-align: top; border-bottom: 1px solid #dddddd; }
td.head { color: #555555; font-weight: bold; }
td.num { font-weight: bold; text-align: right; }
span.overdue { color: #a32020; font-weight: bold; }
p.outcome { margin-top: 0; margin-bottom: 2pt; }
span.k { color: #555555; }
"""
#: The body text's size, in points.
REPORT_POINTS = 10
#: The counts' names, on paper (translated where shown).
HELD = N_("Held (done)")
TO_COME = N_("Still to come")
NEVER_CONFIRMED = N_("Proposed, never confirmed")
NOT_MARKED_DONE = N_("Confirmed, not marked done")
ALL_MEETINGS = N_("All meetings")


def _e(text: object) -> str:
    from mxdesk.export.html import plain_letters

    return html.escape(plain_letters(str(text)))


def _table(head: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """A table with a header row; cells are HTML already. A narrow empty column between
    two keeps one's text off the next (Qt's rich text ignores a cell's own padding);
    *widths* (%) are the columns' shares of what the gaps leave."""
    gap = "<td width='2%'></td>"
    room = 100 - 2 * (len(widths) - 1)
    # Whole percentages adding up to the room the gaps leave: rounded each, they could add
    # up to more, and Qt took the excess off the last column (Spanish "No marcada|s").
    shares = [round(w * room / 100) for w in widths[:-1]]
    shares.append(room - sum(shares))

    def line(cells: list[str], cls: str = "") -> str:
        return "<tr>" + gap.join(f"<td{cls} width='{w}%'>{c}</td>"
                                 for c, w in zip(cells, shares, strict=True)) + "</tr>"

    return ("<table class='list' width='100%' cellspacing='0' cellpadding='2'>"
            + line([_e(h) for h in head], " class='head'")
            + "".join(line(row) for row in rows) + "</table>")


def _summary(made: Report) -> str:
    m, c = made.mission, made.counts
    rows = [(_(HELD), c.held), (pgettext("column", "Cancelled"), c.cancelled),
            (_(TO_COME), c.to_come),
            (_(NEVER_CONFIRMED), c.never_confirmed),
            (_(NOT_MARKED_DONE), c.not_marked_done), (_(ALL_MEETINGS), c.total),
            (_("Contacts met"), len(made.contacts)), (_("Next steps"), len(made.next_steps)),
            (_("… overdue"), made.overdue)]
    counts = "".join(f"<tr><td width='45%'>{_e(k)}</td><td class='num' width='10%'>"
                     f"{_e(i18n.number(v))}</td><td width='45%'></td></tr>" for k, v in rows)
    # Translators: under the report's title: {first} and {last} the mission's first and last
    # days ("Tuesday 14 July 2026"), {zone} an IANA zone name, {day} a date ("2026-07-24" in
    # English, "24 jul 2026" in Spanish).
    sub = _("{first} to {last} · home time {zone} · written {day}").format(
        first=long_day(m.start_date), last=long_day(m.end_date), zone=m.home_zone,
        day=i18n.made_on(made.today))
    meetings = _("The meetings")
    return (f"<h1>{_e(made.title)}</h1><p class='sub'>{_e(sub)}</p>"
            f"<h2>{_e(meetings)}</h2><table class='list' width='100%' "
            f"cellspacing='0' cellpadding='2'>{counts}</table>")


def _held(made: Report) -> str:
    rows = []
    for h in made.held:
        m = h.meeting
        who = "<br/>".join(_e(p) for p in h.people)
        clusters = "<br/>".join(_e(c.name) for c in h.clusters)
        what = f"<b>{_e(m.title)}</b>" + (f"<br/>{_e(m.place)}" if m.place else "")
        if m.outcome:
            outcome = _("Outcome:")
            what += (f"<p class='outcome'><span class='k'>{_e(outcome)} </span>"
                     f"{_e(m.outcome)}</p>")
        rows.append([f"{_e(dated(h.day, '%a'))} {h.day.day} {_e(dated(h.day, '%b'))}<br/>"
                     f"{_e(h.time)}", what,
                     clusters, who])
    title = _e(_("Meetings held"))
    if not rows:
        return f"<h1>{title}</h1><p>" + _e(_("No meeting is marked done.")) + "</p>"
    zone = _e(_("Times in the place's zone."))
    return (f"<h1>{title}</h1><p class='sub'>{zone}</p>"
            + _table([pgettext("column", "When"), _("Meeting and outcome"),
                      pgettext("column", "Clusters"), pgettext("column", "Who")], rows,
                     [17, 43, 22, 18]))


def _steps(made: Report) -> str:
    rows = []
    for s in made.next_steps:
        due = _e(s.due.isoformat() if s.due else _("no date"))
        if s.overdue:
            late = _("overdue")
            due = f"<span class='overdue'>{due} · {_e(late)}</span>"
        rows.append([due, _e(s.step), f"{_e(s.meeting.title)} "
                     f"<span class='k'>({_e(status_word(s.meeting.status, lower=True))})</span>",
                     "<br/>".join(_e(c.name) for c in s.clusters)])
    title = _e(_("Next steps"))
    if not rows:
        return f"<h1>{title}</h1><p>" + _e(_("No next step was written down.")) + "</p>"
    # Translators: {day} an ISO date, {n} how many next steps are overdue.
    sub = _("By due date; overdue: due before {day} ({n}).").format(
        day=made.today.isoformat(), n=i18n.number(made.overdue))
    return (f"<h1>{title}</h1><p class='sub'>{_e(sub)}</p>"
            + _table([pgettext("column", "Due"), pgettext("column", "Next step"),
                      _("From the meeting"), pgettext("column", "Clusters")], rows,
                     [18, 34, 28, 20]))


def _contacts(made: Report) -> str:
    rows = [[f"<b>{_e(c.name)}</b>" + (f"<br/><span class='k'>{_e(c.role)}</span>"
                                        if c.role else ""),
             _e(c.organisation),
             "<br/>".join(_e(x) for x in (c.email, c.phone) if x) or "<span class='k'>—</span>",
             "<br/>".join(_e(n) for n in c.clusters), _e(i18n.number(c.meetings))]
            for c in made.contacts]
    title = _e(_("Contacts met"))
    if not rows:
        return (f"<h1>{title}</h1><p>" + _e(_("No contact was met at a meeting marked done."))
                + "</p>")
    return (f"<h1>{title}</h1><p class='sub'>"
            + _e(_("At meetings held, by organisation; e-mail and phone as your notes have "
                   "them.")) + "</p>"
            + _table([_("Name and role"), pgettext("column", "Organisation"),
                      _("E-mail, phone"), pgettext("column", "Clusters"),
                      # Translators: a narrow column: how many meetings a contact was met at.
                      pgettext("column", "Met")],
                     # (Wide enough for a header's longest word: Spanish "Vistos" broke
                     # into "Vist|os", issue 20's trial.)
                     rows, [24, 18, 30, 18, 10]))


def _clusters(made: Report) -> str:
    rows = [[f"<b>{_e(x.cluster.name)}</b><br/><span class='k'>{_e(x.cluster.context)}</span>",
             *(_e(i18n.number(n)) for n in (x.counts.held, x.counts.cancelled,
                                           x.counts.to_come, x.counts.never_confirmed,
                                           x.counts.not_marked_done))]
            for x in made.per_cluster]
    title = _e(_("By cluster"))
    if not rows:
        return f"<h1>{title}</h1><p>" + _e(_("The mission names no cluster.")) + "</p>"
    return (f"<h1>{title}</h1><p class='sub'>"
            + _e(_("The mission's clusters and those its meetings named: how their meetings "
                   "ended.")) + "</p>"
            + _table([pgettext("column", "Cluster"), pgettext("column", "Held"),
                      pgettext("column", "Cancelled"), pgettext("column", "Still to come"),
                      pgettext("column", "Never confirmed"),
                      pgettext("column", "Not marked done")], rows,
                     # Each count's column holds its header's longest word on one line
                     # (Spanish broke "Realiz|adas", "Cancelad|as", "confirmad|as").
                     [24, 15, 15, 14, 15, 17]))


def _h2(text: str) -> str:
    return text.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def report_sections(made: Report) -> list[Section]:
    """The report's sections, each starting a page with a bookmark: the summary's counts,
    the next steps (what to do now) and the meetings held, one after the other (page 1 is
    not left half empty); then the contacts met and the clusters. Raises nothing."""
    from mxdesk.export.html import Section

    return [Section(_summary(made) + _h2(_steps(made)) + _h2(_held(made)),
                    _("Summary, next steps, meetings held")),
            Section(_contacts(made) + _h2(_clusters(made)), _("Contacts and clusters"))]


def write_report_pdf(store: NotesStore, directory: Directory, mission: Mission, path: Path,
                     today: dt.date) -> ExportResult:
    """Write the report of *mission* on *today* to *path* (.pdf, A4), atomically: the
    summary and counts, meetings held with outcomes, next steps by due date (overdue ones
    marked), contacts met, counts per cluster; a bookmark for each. Returns the
    :class:`ExportResult`.

    Raises :class:`ExportError` when the file cannot be written (nothing is left behind),
    :class:`MxdeskError` for an unsaved mission, TypeError when *today* is not a date,
    :class:`StoreError` / :class:`DirectoryError` when the notes / directory cannot be read.
    """
    from mxdesk.export.html import CSS, Document
    from mxdesk.export.pdf import export_pdf

    made = report(store, directory, mission, today)
    parts = report_sections(made)
    # Translators: the report's footer: {day} a date ("2026-11-30" in English, "30 nov 2026"
    # in Spanish), {zone} an IANA zone name.
    footer = _("Written {day} with mxdesk · home time {zone}").format(
        day=i18n.made_on(today), zone=mission.home_zone)
    document = Document(made.title, footer, lambda _starts: parts, REPORT_POINTS,
                        CSS + REPORT_CSS)
    return export_pdf(document, Path(path), "a4")


def write_report_xlsx(store: NotesStore, directory: Directory, mission: Mission, path: Path,
                      today: dt.date) -> Path:
    """Write the report of *mission* on *today* to *path* (.xlsx): sheets "Summary",
    "Meetings held", "Next steps" (by due date, "overdue" marked), "Contacts met" and
    "By cluster"; dates are Excel dates, text never a formula. The sheets' names, header rows
    and the Summary's labels are in the current language (:mod:`mxdesk.core.i18n`), so the
    sheets of a Spanish workbook are "Resumen", "Reuniones realizadas"…. Returns *path*.

    Raises :class:`TableExportError` when the file cannot be written (nothing is left
    behind), and as :func:`write_report_pdf` otherwise.
    """
    made = report(store, directory, mission, today)
    c = made.counts
    # Translators: the sheets' names of a mission's report workbook (.xlsx; 31 characters at
    # most, none of []:*?/\), their columns and the Summary's labels.
    summary = Sheet(pgettext("workbook", "Summary"), (
        Column(pgettext("column", "What")), Column(pgettext("column", "Value"))), [
        (pgettext("noun", "Mission"), mission.name), (_("First day"), mission.start_date),
        (_("Last day"), mission.end_date), (_("Home time zone"), mission.home_zone),
        (_("Written on"), today), (_(HELD), c.held),
        (pgettext("column", "Cancelled"), c.cancelled), (_(TO_COME), c.to_come),
        (_(NEVER_CONFIRMED), c.never_confirmed),
        (_(NOT_MARKED_DONE), c.not_marked_done), (_(ALL_MEETINGS), c.total),
        (_("Next steps overdue"), made.overdue)])
    held = Sheet(pgettext("workbook", "Meetings held"), (
        Column(pgettext("column", "Day"), "date"), Column(pgettext("column", "Start"), "time"),
        Column(pgettext("column", "End"), "time"), Column(pgettext("column", "Zone")),
        Column(pgettext("column", "Title")), Column(pgettext("column", "Place")),
        Column(pgettext("column", "Clusters")), Column(pgettext("column", "Contacts")),
        Column(pgettext("column", "Outcome")), Column(pgettext("column", "Next step")),
        Column(pgettext("column", "Due"), "date")), [
        (h.day, h.meeting.start.time().replace(tzinfo=None),
         h.meeting.end.time().replace(tzinfo=None), h.meeting.zone, h.meeting.title,
         h.meeting.place, "; ".join(x.name for x in h.clusters), "; ".join(h.people),
         h.meeting.outcome, h.meeting.next_step, h.meeting.next_due) for h in made.held])
    steps = Sheet(pgettext("workbook", "Next steps"), (
        Column(pgettext("column", "Due"), "date"), Column(pgettext("column", "Overdue")),
        Column(pgettext("column", "Next step")), Column(pgettext("column", "Meeting")),
        Column(pgettext("column", "Meeting's day"), "date"),
        Column(pgettext("column", "Clusters"))), [
        (s.due, _("overdue") if s.overdue else "", s.step, s.meeting.title,
         s.meeting.start.date(), "; ".join(x.name for x in s.clusters))
        for s in made.next_steps])
    contacts = Sheet(pgettext("workbook", "Contacts met"), (
        Column(pgettext("column", "Name")), Column(pgettext("column", "Role")),
        Column(pgettext("column", "Organisation")), Column(pgettext("column", "E-mail")),
        Column(pgettext("column", "Phone")), Column(pgettext("column", "Clusters")),
        Column(pgettext("column", "Meetings"), "number")), [
        (p.name, p.role, p.organisation, p.email, p.phone, "; ".join(p.clusters), p.meetings)
        for p in made.contacts])
    clusters = Sheet(pgettext("workbook", "By cluster"), (
        Column(pgettext("column", "Cluster")), Column(pgettext("column", "Context")),
        Column(pgettext("column", "Held"), "number"),
        Column(pgettext("column", "Cancelled"), "number"),
        Column(pgettext("column", "Still to come"), "number"),
        Column(pgettext("column", "Never confirmed"), "number"),
        Column(pgettext("column", "Not marked done"), "number")), [
        (x.cluster.name, x.cluster.context, x.counts.held, x.counts.cancelled,
         x.counts.to_come, x.counts.never_confirmed, x.counts.not_marked_done)
        for x in made.per_cluster])
    return write_workbook(Path(path), [summary, held, steps, contacts, clusters])
