"""A mission's agenda on paper: the day sheets (PDF, a page or more per day, for the pocket)
and the meetings as a workbook (XLSX).

The content is :mod:`mxdesk.core.mission.paper`'s; here it becomes HTML, and each day's
meetings are packed whole onto pages — measured one by one, so a meeting never breaks across
a page and a long day's next page starts with the day's heading again — then typeset and
written by :mod:`mxdesk.export.pdf`. Text is set at 11 points (titles and times at 13), to
be read at arm's length. Qt is loaded only for the PDF.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext, pgettext
from mxdesk.core.mission.day_rows import OUTSIDE_WORDS
from mxdesk.core.mission.paper import DaySheet, SheetMeeting, day_sheets, zone_abbreviation
from mxdesk.core.mission.records import Mission
from mxdesk.core.mission.workbook import Column, Sheet, write_workbook

if TYPE_CHECKING:
    from PySide6.QtGui import QPagedPaintDevice

    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore
    from mxdesk.export.html import Section
    from mxdesk.export.pdf import ExportResult

__all__ = ["DAY_CSS", "day_sheet_sections", "write_agenda_xlsx", "write_day_sheets"]

#: The day sheets' style sheet (points): large enough to read held at arm's length.
DAY_CSS = """
body { color: #1a1a1a; }
h1 { font-size: 19pt; font-weight: bold; color: #0b4f3c; margin-top: 0; margin-bottom: 1pt; }
p.sub { color: #555555; font-size: 9.5pt; margin-top: 0; margin-bottom: 4pt; }
table.meeting { margin-top: 6pt; }
td.when { font-size: 13pt; font-weight: bold; }
td.home { color: #555555; font-size: 10pt; }
p.title { font-size: 13pt; font-weight: bold; margin-top: 0; margin-bottom: 2pt; }
p.line { margin-top: 0; margin-bottom: 1.5pt; }
span.k { color: #555555; }
span.context { color: #555555; font-size: 9.5pt; }
span.reach { color: #333333; font-size: 10pt; }
span.proposed { color: #7a4b00; font-weight: bold; }
span.confirmed { color: #0b4f3c; font-weight: bold; }
span.done { color: #0b4f3c; font-weight: bold; }
span.cancelled { color: #a32020; font-weight: bold; }
p.flag { color: #a32020; font-weight: bold; margin-top: 1pt; margin-bottom: 1pt; }
p.gone { color: #777777; }
table.lines td { border-bottom: 1px solid #8a8a8a; font-size: 14pt; }
td.notes { color: #777777; font-size: 8.5pt; }
"""
#: The body text's size, in points.
DAY_POINTS = 11
#: Ruled lines for notes under each meeting at least (none under a cancelled one): a page's
#: meetings are packed with these, then the room left on the page is shared out among its
#: meetings as more lines.
NOTE_LINES = 3
#: The share of a page's height a page's meetings may fill (a page is measured whole, with
#: its heading; this keeps a pixel's rounding off the page's foot).
_FILL = 0.99


def _e(text: object) -> str:
    from mxdesk.export.html import plain_letters

    return html.escape(plain_letters(str(text)))


def _meeting_html(shown: SheetMeeting, note_lines: int = NOTE_LINES) -> str:
    """One meeting: the times (place, then home) on the left; title, status, place, who
    (with e-mail and phone when your notes have them), clusters, the meeting's notes and
    flags on the right; *note_lines* ruled lines for notes below."""
    m = shown.meeting
    status = f"<span class='{m.status.value}'>{_e(shown.status)}</span>"
    lines = [f"<p class='title'>{_e(m.title)} · {status}</p>"]
    # Translators: the labels of a meeting's lines on a day sheet.
    where, who, cluster_word, notes = _("Where:"), _("Who:"), _("Cluster:"), _("Notes:")
    if m.place:
        lines.append(f"<p class='line'><span class='k'>{_e(where)} </span>"
                     f"{_e(m.place)}</p>")
    reach = shown.reach or ("",) * len(shown.people)
    for person, how in zip(shown.people, reach, strict=True):
        how_html = f" <span class='reach'>— {_e(how)}</span>" if how else ""
        lines.append(f"<p class='line'><span class='k'>{_e(who)} </span>{_e(person)}"
                     f"{how_html}</p>")
    for cluster in shown.clusters:
        context = (f" <span class='context'>— {_e(cluster.context)}</span>"
                   if cluster.context else "")
        lines.append(f"<p class='line'><span class='k'>{_e(cluster_word)} </span>"
                     f"{_e(cluster.name)}{context}</p>")
    if m.comment.strip():
        lines.append(f"<p class='line'><span class='k'>{_e(notes)} </span>"
                     f"{_e(' '.join(m.comment.split()))}</p>")
    lines += [f"<p class='flag'>⚠ {_e(flag)}</p>" for flag in shown.flags]
    style = " class='gone'" if m.cancelled else ""
    # Translators: before the home time under a meeting's time on a day sheet ("home
    # 17:00–18:00 CEST").
    home_word = pgettext("time", "home")
    out = [f"<hr/><table class='meeting' width='100%' cellspacing='0' cellpadding='2'{style}>"
           f"<tr><td width='26%' class='when'>{_e(shown.local)}<br/>"
           f"<span style='font-size:10pt;font-weight:normal;color:#555555'>"
           # The home day's name, when it is another, stands where "home" would, so the
           # column keeps it on the time's line ("Sat 00:00–01:00 CET").
           f"{'' if shown.home[:1].isalpha() else _e(home_word) + ' '}{_e(shown.home)}"
           "</span></td>"
           f"<td width='74%'>{''.join(lines)}</td></tr></table>"]
    if not m.cancelled:
        # Translators: beside the ruled lines left for handwritten notes under a meeting.
        ruled = pgettext("ruled lines", "Notes")
        rows = "".join("<tr><td>&nbsp;</td></tr>" for _ in range(note_lines))
        out.append("<table width='100%' cellspacing='0' cellpadding='0'><tr>"
                   f"<td width='26%' class='notes'>{_e(ruled)}</td>"
                   "<td width='74%'>"
                   f"<table class='lines' width='100%' cellspacing='0' cellpadding='0'>{rows}"
                   "</table></td></tr></table>")
    return "".join(out)


def _heading_html(mission: Mission, sheet: DaySheet, part: int, parts: int) -> str:
    days = mission.days
    which = (_("day {n} of {days}").format(n=days.index(sheet.day) + 1, days=len(days))
             if sheet.day in days else _(OUTSIDE_WORDS))
    heading = (_("{day} (continued)").format(day=sheet.heading) if part > 1
               else sheet.heading)
    home = zone_abbreviation(dt.datetime.combine(sheet.day, dt.time(12), dt.UTC)
                             .astimezone(_zone(mission.home_zone)))
    count = sum(1 for m in sheet.meetings if not m.meeting.cancelled)
    said = (ngettext("{n} meeting", "{n} meetings", count).format(n=i18n.number(count))
            if sheet.meetings else _("no meetings"))
    # Translators: a day sheet's line under its heading: {zone} the home zone's IANA name,
    # {abbreviation} its abbreviation that day ("CET").
    zones = _("times in the place's zone, home time ({zone}, {abbreviation}) under each").format(
        zone=mission.home_zone, abbreviation=home)
    page = (" · " + _("page {n} of {pages}").format(n=part, pages=parts)) if parts > 1 else ""
    return (f"<h1>{_e(heading)}</h1>"
            f"<p class='sub'>{_e(mission.name)} · {_e(which)} · {_e(said)} · {_e(zones)}"
            f"{_e(page)}</p>")


def _zone(name: str) -> dt.tzinfo:
    from mxdesk.core.zones import zone

    return zone(name)


def day_sheet_sections(mission: Mission, sheets: Iterable[DaySheet],
                       device: QPagedPaintDevice) -> list[Section]:
    """The day sheets as sections, one a page: each day's meetings packed whole onto pages
    of *device* (laid out there to measure them), the heading on every page, a bookmark on
    each day's first. Raises nothing."""
    from mxdesk.export.html import Section
    from mxdesk.export.layout import drop, page_body, text_document

    room = page_body(device).height() * _FILL

    def height(text: str) -> float:
        doc = text_document(device, text, DAY_POINTS, DAY_CSS)
        try:
            return float(doc.size().height())
        finally:
            drop(doc)

    out: list[Section] = []
    for sheet in sheets:
        pages: list[list[SheetMeeting]] = [[]]
        for shown in sheet.meetings:
            # Measured with the page's own heading ("… (continued)" after the first), as
            # it will print; "page 9 of 9" is as long as the number it will say.
            top = _heading_html(mission, sheet, len(pages), 9)
            if pages[-1] and height(top + "".join(
                    _meeting_html(m) for m in [*pages[-1], shown])) > room:
                pages.append([])
            pages[-1].append(shown)
        for n, page in enumerate(pages, 1):
            top = _heading_html(mission, sheet, n, len(pages))
            none = _("No meetings on this day.")
            body = (_spread(top, page, room, height) if page
                    else f"<p>{_e(none)}</p>" + _meeting_notes())
            out.append(Section(top + body, sheet.heading if n == 1 else None))
    return out


def _spread(top: str, page: list[SheetMeeting], room: float,
            height: Callable[[str], float]) -> str:
    """The page's meetings with the room left under them shared out as ruled lines: each
    meeting not cancelled gets :data:`NOTE_LINES` and as many more as fit, alike."""
    def laid(extra: int) -> str:
        return "".join(_meeting_html(m, NOTE_LINES + (0 if m.meeting.cancelled else extra))
                       for m in page)

    open_ = sum(1 for m in page if not m.meeting.cancelled)
    base = laid(0)
    if not open_:
        return base
    used = height(top + base)
    line = height(top + laid(1)) - used  # what one more line under each takes
    if line <= 0 or used + line > room:
        return base
    extra = int((room - used) // line)
    while extra > 0 and height(top + laid(extra)) > room:
        extra -= 1
    return laid(extra)


def _meeting_notes() -> str:
    rows = "".join("<tr><td>&nbsp;</td></tr>" for _ in range(NOTE_LINES * 3))
    return f"<table class='lines' width='100%' cellspacing='0' cellpadding='0'>{rows}</table>"


def write_day_sheets(store: NotesStore, directory: Directory, mission: Mission, path: Path,
                     paper: str = "a4", days: Iterable[dt.date] | None = None
                     ) -> ExportResult:
    """Write the day sheets of *mission* to *path* (.pdf) on *paper* ("a4" or "letter"):
    one page or more per day with meetings (*days* None) or per day of *days*, each
    meeting with its times in the place's zone and at home, place, who, clusters (with a
    line of context), status, flags and ruled room for notes; a bookmark per day. Returns
    the :class:`ExportResult` (path, pages, bookmarks as (day heading, first page)).

    Raises :class:`ExportError` when the file cannot be written (nothing is left behind),
    :class:`MxdeskError` for another paper, a day outside the mission or an unsaved mission,
    :class:`StoreError` / :class:`DirectoryError` when the notes / directory cannot be read.
    """
    from PySide6.QtCore import QBuffer
    from PySide6.QtGui import QPdfWriter

    from mxdesk.export.html import Document
    from mxdesk.export.layout import configure, ensure_gui_application
    from mxdesk.export.pdf import RESOLUTION, export_pdf

    ensure_gui_application()
    sheets = day_sheets(store, directory, mission, days)
    if not sheets:
        raise MxdeskError(_("nothing to print: the mission “{mission}” has no meetings").format(
            mission=mission.name))
    # A writer into memory with nothing drawn, only to measure the meetings on the paper.
    buffer = QBuffer()
    measure = QPdfWriter(buffer)
    measure.setResolution(RESOLUTION)
    configure(measure, paper)  # raises MxdeskError for another paper
    parts = day_sheet_sections(mission, sheets, measure)
    del measure
    document = Document(_("Day sheets: {mission}").format(mission=mission.name),
                        # Translators: the day sheets' footer: {day} a date ("2026-11-30"
                        # in English, "30 nov 2026" in Spanish), {zone} an IANA zone name.
                        _("Made {day} with mxdesk · home time {zone}").format(
                            day=i18n.made_on(dt.date.today()), zone=mission.home_zone),
                        lambda _starts: parts, DAY_POINTS, DAY_CSS)
    return export_pdf(document, Path(path), paper)


def agenda_columns() -> tuple[Column, ...]:
    """The agenda workbook's columns, titled in the current language (a person reads them)."""
    # Translators: the columns of a mission's agenda workbook (.xlsx).
    return (
        Column(pgettext("column", "Day"), "date"), Column(pgettext("column", "Start"), "time"),
        Column(pgettext("column", "End"), "time"), Column(pgettext("column", "Zone")),
        Column(pgettext("column", "Home start"), "datetime"),
        Column(pgettext("column", "Title")), Column(pgettext("column", "Place")),
        Column(pgettext("column", "Clusters")), Column(pgettext("column", "Contacts")),
        Column(pgettext("column", "Status")), Column(pgettext("column", "Outcome")),
        Column(pgettext("column", "Next step")), Column(pgettext("column", "Due"), "date"))


def write_agenda_xlsx(store: NotesStore, directory: Directory, mission: Mission,
                      path: Path) -> Path:
    """Write the meetings of *mission* to *path* (.xlsx), one row each in order of start:
    day (an Excel date), start and end (times, in the place's zone), zone (IANA name and
    abbreviation), home start (date and time in the mission's home zone), title, place,
    clusters and contacts (names, "; " between), status, outcome, next step and due (a
    date). Text is never a formula. The sheet's name and the header row are in the current
    language (:mod:`mxdesk.core.i18n`); the cells are the user's own text. Returns *path*.

    Raises :class:`TableExportError` when the file cannot be written (nothing is left
    behind), :class:`MxdeskError` for an unsaved mission, :class:`StoreError` /
    :class:`DirectoryError` when the notes / directory cannot be read.
    """
    rows = []
    for sheet in day_sheets(store, directory, mission):
        for shown in sheet.meetings:
            m = shown.meeting
            home = m.at_home(mission.home_zone)
            rows.append((
                sheet.day, m.start.time().replace(tzinfo=None),
                m.end.time().replace(tzinfo=None),
                f"{m.zone} ({zone_abbreviation(m.start)})", home.replace(tzinfo=None),
                m.title, m.place, "; ".join(c.name for c in shown.clusters),
                "; ".join(shown.people), shown.status, m.outcome, m.next_step, m.next_due))
    # Translators: the name of the agenda workbook's sheet (31 characters at most).
    sheet_name = pgettext("workbook", "Agenda")
    return write_workbook(Path(path), [Sheet(sheet_name, agenda_columns(), rows)])
