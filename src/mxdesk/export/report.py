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

from mxdesk.core.mission.paper import STATUS_WORDS, day_heading
from mxdesk.core.mission.report import Report, report
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


def _e(text: object) -> str:
    from mxdesk.export.html import plain_letters

    return html.escape(plain_letters(str(text)))


def _table(head: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """A table with a header row; cells are HTML already. A narrow empty column between
    two keeps one's text off the next (Qt's rich text ignores a cell's own padding);
    *widths* (%) are the columns' shares of what the gaps leave."""
    gap = "<td width='2%'></td>"
    scale = (100 - 2 * (len(widths) - 1)) / 100

    def line(cells: list[str], cls: str = "") -> str:
        return "<tr>" + gap.join(f"<td{cls} width='{round(w * scale)}%'>{c}</td>"
                                 for c, w in zip(cells, widths, strict=True)) + "</tr>"

    return ("<table class='list' width='100%' cellspacing='0' cellpadding='2'>"
            + line([_e(h) for h in head], " class='head'")
            + "".join(line(row) for row in rows) + "</table>")


def _summary(made: Report) -> str:
    m, c = made.mission, made.counts
    rows = [("Held (done)", c.held), ("Cancelled", c.cancelled), ("Still to come", c.to_come),
            ("Proposed, never confirmed", c.never_confirmed),
            ("Confirmed, not marked done", c.not_marked_done), ("All meetings", c.total),
            ("Contacts met", len(made.contacts)), ("Next steps", len(made.next_steps)),
            ("… overdue", made.overdue)]
    counts = "".join(f"<tr><td width='45%'>{_e(k)}</td><td class='num' width='10%'>{v}</td>"
                     "<td width='45%'></td></tr>" for k, v in rows)
    return (f"<h1>{_e(made.title)}</h1>"
            f"<p class='sub'>{_e(day_heading(m.start_date))} to {_e(day_heading(m.end_date))}"
            f" · home time {_e(m.home_zone)} · written {_e(made.today.isoformat())}</p>"
            f"<h2>The meetings</h2><table class='list' width='100%' cellspacing='0' "
            f"cellpadding='2'>{counts}</table>")


def _held(made: Report) -> str:
    rows = []
    for h in made.held:
        m = h.meeting
        who = "<br/>".join(_e(p) for p in h.people)
        clusters = "<br/>".join(_e(c.name) for c in h.clusters)
        what = f"<b>{_e(m.title)}</b>" + (f"<br/>{_e(m.place)}" if m.place else "")
        if m.outcome:
            what += f"<p class='outcome'><span class='k'>Outcome: </span>{_e(m.outcome)}</p>"
        rows.append([f"{_e(f'{h.day:%a} %d' % h.day.day)} {_e(f'{h.day:%b}')}<br/>"
                     f"{_e(h.time)}", what,
                     clusters, who])
    if not rows:
        return "<h1>Meetings held</h1><p>No meeting is marked done.</p>"
    return ("<h1>Meetings held</h1><p class='sub'>Times in the place's zone.</p>"
            + _table(["When", "Meeting and outcome", "Clusters", "Who"], rows,
                     [17, 43, 22, 18]))


def _steps(made: Report) -> str:
    rows = []
    for s in made.next_steps:
        due = s.due.isoformat() if s.due else "no date"
        if s.overdue:
            due = f"<span class='overdue'>{_e(due)} · overdue</span>"
        rows.append([due, _e(s.step), f"{_e(s.meeting.title)} "
                     f"<span class='k'>({_e(STATUS_WORDS[s.meeting.status].lower())})</span>",
                     "<br/>".join(_e(c.name) for c in s.clusters)])
    if not rows:
        return "<h1>Next steps</h1><p>No next step was written down.</p>"
    return (f"<h1>Next steps</h1><p class='sub'>By due date; overdue: due before "
            f"{_e(made.today.isoformat())} ({made.overdue}).</p>"
            + _table(["Due", "Next step", "From the meeting", "Clusters"], rows,
                     [18, 34, 28, 20]))


def _contacts(made: Report) -> str:
    rows = [[f"<b>{_e(c.name)}</b>" + (f"<br/><span class='k'>{_e(c.role)}</span>"
                                        if c.role else ""),
             _e(c.organisation),
             "<br/>".join(_e(x) for x in (c.email, c.phone) if x) or "<span class='k'>—</span>",
             "<br/>".join(_e(n) for n in c.clusters), str(c.meetings)] for c in made.contacts]
    if not rows:
        return "<h1>Contacts met</h1><p>No contact was met at a meeting marked done.</p>"
    return ("<h1>Contacts met</h1><p class='sub'>At meetings held, by organisation; e-mail "
            "and phone as your notes have them.</p>"
            + _table(["Name and role", "Organisation", "E-mail, phone", "Clusters", "Met"],
                     rows, [24, 20, 30, 20, 6]))


def _clusters(made: Report) -> str:
    rows = [[f"<b>{_e(x.cluster.name)}</b><br/><span class='k'>{_e(x.cluster.context)}</span>",
             str(x.counts.held), str(x.counts.cancelled), str(x.counts.to_come),
             str(x.counts.never_confirmed), str(x.counts.not_marked_done)]
            for x in made.per_cluster]
    if not rows:
        return "<h1>By cluster</h1><p>The mission names no cluster.</p>"
    return ("<h1>By cluster</h1><p class='sub'>The mission's clusters and those its meetings "
            "named: how their meetings ended.</p>"
            + _table(["Cluster", "Held", "Cancelled", "Still to come", "Never confirmed",
                      "Not marked done"], rows, [36, 9, 13, 13, 14, 15]))


def _h2(text: str) -> str:
    return text.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def report_sections(made: Report) -> list[Section]:
    """The report's sections, each starting a page with a bookmark: the summary's counts,
    the next steps (what to do now) and the meetings held, one after the other (page 1 is
    not left half empty); then the contacts met and the clusters. Raises nothing."""
    from mxdesk.export.html import Section

    return [Section(_summary(made) + _h2(_steps(made)) + _h2(_held(made)),
                    "Summary, next steps, meetings held"),
            Section(_contacts(made) + _h2(_clusters(made)), "Contacts and clusters")]


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
    document = Document(made.title, f"Written {today.isoformat()} with mxdesk · home time "
                        f"{mission.home_zone}", lambda _starts: parts, REPORT_POINTS,
                        CSS + REPORT_CSS)
    return export_pdf(document, Path(path), "a4")


def write_report_xlsx(store: NotesStore, directory: Directory, mission: Mission, path: Path,
                      today: dt.date) -> Path:
    """Write the report of *mission* on *today* to *path* (.xlsx): sheets "Summary",
    "Meetings held", "Next steps" (by due date, "overdue" marked), "Contacts met" and
    "By cluster"; dates are Excel dates, text never a formula. Returns *path*.

    Raises :class:`TableExportError` when the file cannot be written (nothing is left
    behind), and as :func:`write_report_pdf` otherwise.
    """
    made = report(store, directory, mission, today)
    c = made.counts
    summary = Sheet("Summary", (Column("What"), Column("Value")), [
        ("Mission", mission.name), ("First day", mission.start_date),
        ("Last day", mission.end_date), ("Home time zone", mission.home_zone),
        ("Written on", today), ("Held (done)", c.held),
        ("Cancelled", c.cancelled), ("Still to come", c.to_come),
        ("Proposed, never confirmed", c.never_confirmed),
        ("Confirmed, not marked done", c.not_marked_done), ("All meetings", c.total),
        ("Next steps overdue", made.overdue)])
    held = Sheet("Meetings held", (
        Column("Day", "date"), Column("Start", "time"), Column("End", "time"), Column("Zone"),
        Column("Title"), Column("Place"), Column("Clusters"), Column("Contacts"),
        Column("Outcome"), Column("Next step"), Column("Due", "date")), [
        (h.day, h.meeting.start.time().replace(tzinfo=None),
         h.meeting.end.time().replace(tzinfo=None), h.meeting.zone, h.meeting.title,
         h.meeting.place, "; ".join(x.name for x in h.clusters), "; ".join(h.people),
         h.meeting.outcome, h.meeting.next_step, h.meeting.next_due) for h in made.held])
    steps = Sheet("Next steps", (
        Column("Due", "date"), Column("Overdue"), Column("Next step"), Column("Meeting"),
        Column("Meeting's day", "date"), Column("Clusters")), [
        (s.due, "overdue" if s.overdue else "", s.step, s.meeting.title,
         s.meeting.start.date(), "; ".join(x.name for x in s.clusters))
        for s in made.next_steps])
    contacts = Sheet("Contacts met", (
        Column("Name"), Column("Role"), Column("Organisation"), Column("E-mail"),
        Column("Phone"), Column("Clusters"), Column("Meetings", "number")), [
        (p.name, p.role, p.organisation, p.email, p.phone, "; ".join(p.clusters), p.meetings)
        for p in made.contacts])
    clusters = Sheet("By cluster", (
        Column("Cluster"), Column("Context"), Column("Held", "number"),
        Column("Cancelled", "number"), Column("Still to come", "number"),
        Column("Never confirmed", "number"),
        Column("Not marked done", "number")), [
        (x.cluster.name, x.cluster.context, x.counts.held, x.counts.cancelled,
         x.counts.to_come, x.counts.never_confirmed, x.counts.not_marked_done)
        for x in made.per_cluster])
    return write_workbook(Path(path), [summary, held, steps, contacts, clusters])
