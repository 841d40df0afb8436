"""The HTML of fact sheets and brochures: the style sheet, the sources numbered in order of
first citation, each sheet, policy and list of sources, and the document cut into sections.

Pure text, no Qt: :mod:`mxdesk.export.layout` lays these sections out on pages. Every letter
reaches the page in plain letters ("fi", not the ligature "ﬁ", see :func:`plain_letters`), so
a reader's search, copy or screen reader finds what the page shows.
"""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mxdesk import __version__
from mxdesk.core import i18n
from mxdesk.core.charts import Chart
from mxdesk.core.dating import YEAR_NOT_STATED
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.records import Source
from mxdesk.core.sheets import Brochure, CountryPage, Excerpt, FactSheet, Figure, PolicyBrief
from mxdesk.core.text import fold
from mxdesk.export.credit import attribution_text
from mxdesk.export.sheet_head import (
    BY_STATE_TITLE,
    HEAD_CSS,
    QUALITY_FIELD,
    STATE_FIELD,
    by_state_html,
    field_is,
    head_html,
    shown_fields,
)

#: The style sheet of every section (sizes in points, as Qt's rich text reads them).
CSS = """
body { color: #1a1a1a; }
h1 { font-size: 17pt; font-weight: bold; color: #0b4f3c; margin-top: 0; margin-bottom: 2pt; }
h2 { font-size: 12pt; font-weight: bold; color: #0b4f3c; margin-top: 12pt; margin-bottom: 4pt; }
h3 { font-size: 10.5pt; font-weight: bold; margin-top: 9pt; margin-bottom: 2pt; }
p { margin-top: 0; margin-bottom: 5pt; }
p.sub { color: #555555; margin-bottom: 8pt; }
p.meta { color: #555555; font-size: 8.5pt; margin-bottom: 3pt; }
span.said { color: #333333; font-size: 8pt; }
span.more { color: #555555; font-style: italic; }
table.fields td { padding: 1pt 8pt 1pt 0; vertical-align: top; }
table.fields td.k { color: #555555; }
table.figures td { padding: 1.5pt 6pt 1.5pt 0; vertical-align: top;
                   border-bottom: 1px solid #dddddd; }
td.v { font-weight: bold; }
td.w, td.c { color: #555555; }
.expired { color: #a32020; font-weight: bold; }
ul { margin-top: 0; margin-bottom: 4pt; }
li { margin-bottom: 1pt; }
table.toc td { padding: 2pt 4pt 2pt 0; }
td.page { text-align: right; }
p.cover-title { font-size: 26pt; font-weight: bold; color: #0b4f3c; margin-bottom: 6pt; }
p.cover-sub { font-size: 14pt; color: #333333; margin-bottom: 30pt; }
table.sources td { padding-right: 6px; padding-bottom: 3px; vertical-align: top; }
td.n { color: #555555; }
p.remark-head { font-size: 8pt; font-weight: bold; color: #7a4b00; background-color: #fbecc4;
                margin-top: 2pt; margin-bottom: 0; }
p.remark { font-size: 11pt; font-weight: bold; color: #1a1a1a; background-color: #fbecc4;
           margin-top: 0; margin-bottom: 10pt; }
span.toc-remark { color: #7a4b00; font-weight: bold; }
span.toc-expired { color: #a11d1d; }
table.agenda td { vertical-align: top; border-bottom: 1px solid #dddddd; }
""" + HEAD_CSS


class _Sources:
    """Numbers sources in order of first citation, for [n] marks and the closing list."""

    def __init__(self, sources: tuple[Source, ...]) -> None:
        self.by_id = {s.id: s for s in sources}
        self.numbers: dict[str, int] = {}

    def cite(self, *source_ids: str) -> str:
        marks: list[int] = []
        for source_id in dict.fromkeys(source_ids):
            if source_id not in self.by_id:
                continue
            if source_id not in self.numbers:
                self.numbers[source_id] = len(self.numbers) + 1
            marks.append(self.numbers[source_id])
        return f"[{', '.join(str(n) for n in sorted(marks))}]" if marks else ""

    def ordered(self) -> list[tuple[int, Source]]:
        return sorted(((n, self.by_id[sid]) for sid, n in self.numbers.items()),
                      key=lambda pair: pair[0])


#: The ligature characters U+FB00–U+FB06 ("ﬁ", "ﬂ", "ﬀ", "ﬃ", "ﬄ", "ﬅ", "ﬆ"), as the letters
#: they stand for: one typed or pasted into a note would reach the text layer as itself, and
#: a search for "finanzas" would not find "ﬁnanzas". Only these: NFKC on all the text would
#: change what the user wrote elsewhere (superscripts, full-width forms, "ℌ").
_PLAIN_LETTERS = {code: unicodedata.normalize("NFKC", chr(code))
                  for code in range(0xFB00, 0xFB07)}


def plain_letters(text: str) -> str:
    """*text* with the ligature characters U+FB00–U+FB06 written as their letters; no other
    change (str in, str out; raises nothing)."""
    return text.translate(_PLAIN_LETTERS)


def _e(text: object) -> str:
    return html.escape(plain_letters(str(text)))


def _source_line(source: Source) -> str:
    """A source's text in the list, as the detail pane and ``mxdesk show`` write it
    (:meth:`Source.citation`)."""
    return _e(source.citation())


def _lines(text: str) -> str:
    """The user's text as typed: escaped (markup and "&" are letters), its lines kept."""
    return "<br/>".join(_e(line.rstrip()) for line in text.strip().splitlines())


def _sheet_html(sheet: FactSheet, sources: _Sources, credit: str = "") -> str:
    """One cluster's page: its head (:mod:`.sheet_head`; *credit* the map's attribution,
    "" for no map), its other fields, its statements, lists, policies, the user's own notes
    and its sources' marks."""
    out = [f"<h1>{_e(sheet.title)}</h1>", f"<p class='sub'>{_e(sheet.subtitle)}</p>"]
    if sheet.remark:
        # The shortlist's remark ("Meeting Tue 10 March 10:00, Apodaca") is what a traveller
        # looks for first: under the name, large, marked as the user's own words.
        remark_head = _e(_("Your remark"))
        out.append(f"<p class='remark-head'>{remark_head}</p>"
                   f"<p class='remark'>{_lines(sheet.remark)}</p>")
    # The head (issue 19): the locator map and the state beside the label and the
    # description, then the strip of key figures; the other fields under them.
    out.append(head_html(sheet, sources.cite, _e, credit))
    rows = []
    for key, value in shown_fields(sheet):
        shown = _e(value)
        if field_is(key, QUALITY_FIELD) and sheet.label_expired:
            shown = f"<span class='expired'>{shown}</span>"
        rows.append(f"<tr><td class='k' width='25%'>{_e(key)}</td><td>{shown}</td></tr>")
    if rows:
        details = _e(_("Details"))
        out.append(f"<h2>{details}</h2><table class='fields' cellspacing='0' "
                   f"cellpadding='1.5' width='100%'>{''.join(rows)}</table>")
    statements = tuple(f for f in sheet.figures if not f.is_number)
    if statements:
        # The strip holds the numbers; the statements in words keep the table (and its
        # heading when there is no strip).
        heading = _("Also in the briefings") if sheet.key_figures else _("Key figures")
        out.append(f"<h2>{_e(heading)}</h2>{_figures_html(statements, sources)}")
    for title, items in sheet.lists:
        out.append(f"<h2>{_e(title)}</h2><ul>"
                   + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")
    if sheet.related_policies:
        related = _e(_("Related policies"))
        out.append(f"<h2>{related}</h2><p>"
                   + _e("; ".join(sheet.related_policies)) + "</p>")
    for title, entries in sheet.own:
        own: list[str] = []
        for entry in entries:
            if entry.line:  # a contact, and what was said when you met
                said = _excerpt_html(entry.text, is_note=False)
                own.append(_e(entry.line)
                           + (f"<br/><span class='said'>{said}</span>" if said else ""))
            else:
                own.append(_excerpt_html(entry.text, is_note=True))
        heading = _e(_(title))
        out.append(f"<h2>{heading}</h2><p class='meta'>"
                   + _e(_("From your own notes in mxdesk, not from the briefings."))
                   + "</p><ul>" + "".join(f"<li>{item}</li>" for item in own) + "</ul>")
    out.append(_sources_line(sources.cite(*sheet.source_ids)))
    return "".join(out)


#: The widths (%) of a table of figures' columns: label, a gap after it, value, a gap after
#: it, when, source. "When" fits "(year not stated)" on one line (its cell does not wrap); a
#: longer one ("(as printed in April 2018)") wraps between its words. The gaps keep a long
#: label off its value and a long value off its date, on every line of both: Qt's rich text
#: has no padding to give (a padding in points reads as 0 and cancels cellpadding, whose
#: pixels are the device's: 2 px at 300 dpi is 0.2 mm). Issue 19's trials found "is a" run
#: into "(year not stated)" and, once the date wrapped, "stay a" into "April 2018)" (two
#: no-break spaces before the date kept only its first line off the value).
_SHEET_COLUMNS = (41, 2, 27, 2, 19, 9)
#: … on the country's and a sector's page, where many values are sentences: they get the room.
_COUNTRY_COLUMNS = (31, 2, 39, 2, 18, 8)


def _when_html(when: str) -> str:
    """A figure's year in its cell: kept on one line when it fits the column as
    "(year not stated)" does; a longer one wraps between its words, never inside its last
    two ("April 2018)"). Qt breaks a run of no-break spaces wherever it overflows, inside a
    number too ("April 2" over "018)", into the next cell)."""
    words = _e(when or YEAR_NOT_STATED).split(" ")
    if len(when) <= len(YEAR_NOT_STATED):
        return "&nbsp;".join(words)
    return " ".join([*words[:-2], "&nbsp;".join(words[-2:])])


def _figures_html(figures: tuple[Figure, ...], sources: _Sources,
                  widths: tuple[int, int, int, int, int, int] = _SHEET_COLUMNS) -> str:
    """A table of figures: label, value (a number in bold), when, and its source's mark;
    *widths* the columns' shares of the page (%): label, gap, value, gap, when, source (an
    empty column keeps each gap: see :data:`_SHEET_COLUMNS`)."""
    label, gap, value, gap2, when, cite = widths
    rows = "".join(
        f"<tr><td width='{label}%'>{_e(f.label)}</td><td width='{gap}%'></td>"
        f"<td class='{'v' if f.is_number else 't'}' width='{value}%'>{_e(f.value)}</td>"
        f"<td width='{gap2}%'></td><td class='w' width='{when}%'>{_when_html(f.when)}</td>"
        f"<td class='c' width='{cite}%'>{sources.cite(*f.source_ids)}</td></tr>"
        for f in figures)
    return f"<table class='figures' cellspacing='0' cellpadding='2' width='100%'>{rows}</table>"


def _charts_html(charts: tuple[Chart, ...], sources: _Sources,
                 drawn: dict[str, Chart]) -> str:
    """The places of *charts* (each bar marked with its source's number), the charts kept in
    *drawn* under the names the places hold, for export/drawings.py to paint over. Written
    here as text: ``<p class="drawing"><img src="drawing:NAME" alt="…"></p>``."""
    out = []
    for chart in charts:
        name = f"chart-{len(drawn) + 1}"
        drawn[name] = chart.marked({b.source_ids[0]: sources.cite(b.source_ids[0])
                                    for b in chart.bars})
        out.append(f'<p class="drawing"><img src="drawing:{name}" '
                   f'alt="{_e(drawn[name].text())}"></p>')
    return "".join(out)


def _country_html(page: CountryPage, sources: _Sources,
                  drawn: dict[str, Chart] | None = None) -> str:
    """"Mexico at a glance": its figures under their topics (each topic's charts above its
    table, kept in *drawn*), then the conclusions."""
    out = [f"<h1>{_e(page.title)}</h1>", f"<p class='sub'>{_e(page.subtitle)}</p>",
           f"<p>{_e(page.description)}</p>"]
    drawn = {} if drawn is None else drawn
    charts = page.charts or tuple(() for _ in page.topics)
    for (topic, figures), drawing in zip(page.topics, charts, strict=True):
        table = _figures_html(figures, sources, _COUNTRY_COLUMNS)  # numbers the sources first
        out.append(f"<h2>{_e(topic)}</h2>{_charts_html(drawing, sources, drawn)}{table}")
    if page.conclusions:
        out.append(f"<h2>{_e(page.conclusions_heading)}</h2><ul>" + "".join(
            f"<li>{_e(text)} {sources.cite(source_id)}</li>"
            for text, source_id in page.conclusions) + "</ul>")
    out.append(_sources_line(sources.cite(*page.source_ids)))
    return "".join(out)


def _sources_line(marks: str) -> str:
    """The line under a page naming its sources' marks ("Sources: [1, 2]")."""
    # Translators: under a fact sheet; {marks} are the numbers of its sources: "[1, 2, 5]".
    said = _("Sources: {marks}").format(marks=marks)
    return f"<p class='meta'>{_e(said)}</p>"


def _agenda_html(brochure: Brochure) -> str:
    """The mission's agenda: each day's heading and its meetings, one line each."""
    out = ["<h1>" + _e(_("Agenda")) + "</h1><p class='sub'>"
           + _e(_("The meetings by day: times in the place's zone, the home time in brackets. "
                  "The day sheets have room for notes."))
           + "</p>"]
    for day in brochure.agenda:
        rows = "".join(f"<tr><td width='30%'>{_e(line.when)}</td><td width='2%'></td>"
                       f"<td width='68%'>{_e(line.what)}</td></tr>" for line in day.lines)
        out.append(f"<h2>{_e(day.heading)}</h2><table class='agenda' cellspacing='0' "
                   f"cellpadding='2' width='100%'>{rows}</table>")
    return "".join(out)


def _excerpt_html(text: Excerpt, is_note: bool) -> str:
    """A note (*is_note*) or a contact's comment with its line breaks, and what is left out
    said in words."""
    shown = "<br/>".join(_e(line) for line in text.lines)
    if text.left_out:
        n = text.left_out
        said = (ngettext("… {n} more character: the whole note is in mxdesk",
                         "… {n} more characters: the whole note is in mxdesk", n) if is_note
                else ngettext("… {n} more character: the whole comment is in mxdesk",
                              "… {n} more characters: the whole comment is in mxdesk", n))
        shown += f"<br/><span class='more'>{_e(said.format(n=i18n.number(n)))}</span>"
    return shown


def _policy_html(policy: PolicyBrief, sources: _Sources) -> str:
    sectors = (" · " + _e(_("Sectors: {sectors}").format(sectors=policy.sectors))
               if policy.sectors else "")
    return (f"<h3>{_e(policy.name)}</h3>"
            f"<p class='meta'>{_e(policy.facts_line)}{sectors}</p>"
            f"<p>{_e(policy.description)} {sources.cite(*policy.source_ids)}</p>")


def _sources_html(sources: _Sources, heading: str) -> str:
    """The list of sources under *heading*: each with the one number its [n] marks use, then
    the footnote's own ("[1] Footnote 86: …"), as the detail pane lists them."""
    rows = "".join(f"<tr><td class='n'>[{n}]</td><td>{_source_line(s)}</td></tr>"
                   for n, s in sources.ordered())
    return f"{heading}<table class='sources' cellspacing='0'>{rows}</table>"


def _sheet_state(sheet: FactSheet) -> str:
    """The state a sheet prints, without its region ("Coahuila"; "not stated in the
    briefings" for a cluster no briefing places)."""
    if sheet.state_name:
        return sheet.state_name
    return next((value for key, value in sheet.fields if field_is(key, STATE_FIELD)), "")


def _credit(brochure: Brochure) -> str:
    """The attribution every printed map carries; "" when the directory has no map."""
    return attribution_text(brochure.mexico.attribution) if brochure.mexico is not None else ""


def sheet_bookmarks(sheets: Sequence[FactSheet]) -> list[str]:
    """The PDF bookmark of each of *sheets*, in order: its title, and where another sheet of
    the same document has the same title (case and accents aside), the title and its state as
    the contents print them ("Cluster Automotriz — Coahuila"), so the outline tells them apart.
    Two sheets of one name and one state keep the same bookmark. Raises nothing."""
    seen = Counter(fold(sheet.title) for sheet in sheets)
    return [f"{sheet.title} — {_sheet_state(sheet)}" if seen[fold(sheet.title)] > 1
            else sheet.title for sheet in sheets]


@dataclass(frozen=True)
class Section:
    """A part of the document that starts on a new page: cover, contents, one sheet, …"""

    html: str
    #: The PDF bookmark of the section, if it has one.
    bookmark: str | None
    #: The contents page lists it (the cover and the contents themselves are not listed).
    listed: bool = True
    header: bool = True
    #: The drawings its HTML keeps a place for (``drawing:NAME``), by name: a core
    #: :class:`~mxdesk.core.charts.Chart`, or an ``export.drawings.Drawing``.
    drawings: tuple[tuple[str, Any], ...] = ()


def sections(brochure: Brochure, starts: list[int] | None = None) -> list[Section]:
    """The document's sections in order, as HTML.

    *starts* holds the first page (from 1) of each section, for the table of contents;
    ``None`` prints placeholders of the same width, for the first layout pass. A single sheet
    is one section; a brochure is the cover, the contents, "Mexico at a glance" (when it has
    the country's page), a section per sheet, the policies (if any) and the sources. Raises
    nothing.
    """
    sources = _Sources(brochure.sources)
    if brochure.is_single_sheet:
        only = brochure.sheets[0]
        html_text = _sheet_html(only, sources, _credit(brochure))
        dated = f"<p class='meta'>{_e(brochure.dated)}</p>" if brochure.dated else ""
        return [Section(html_text + _sources_html(sources, "<h2>" + _e(_("Sources")) + "</h2>")
                        + dated, only.title)]

    parts: list[Section] = [Section(_cover_html(brochure), _("Cover"), listed=False,
                                    header=False)]
    body: list[Section] = []
    if brochure.agenda:
        body.append(Section(_agenda_html(brochure), _("Agenda")))
    if brochure.country is not None:
        drawn: dict[str, Chart] = {}
        body.append(Section(_country_html(brochure.country, sources, drawn),
                            brochure.country.title, drawings=tuple(drawn.items())))
    for sector in brochure.sectors:  # issue 19: the page of the sector it is for
        drawn = {}
        body.append(Section(_country_html(sector, sources, drawn), sector.title,
                            drawings=tuple(drawn.items())))
    if brochure.by_state is not None and brochure.mexico is not None:
        body.append(Section(by_state_html(brochure.by_state, _e), _(BY_STATE_TITLE)))
    first_sheet = len(body)
    body += [Section(_sheet_html(sheet, sources, _credit(brochure)), mark)
             for sheet, mark in zip(brochure.sheets, sheet_bookmarks(brochure.sheets),
                                    strict=True)]
    if brochure.policies:
        policies_title = _("Policies relevant to these clusters")
        body.append(Section(
            f"<h1>{_e(policies_title)}</h1><p class='sub'>"
            + _e(_("Federal, state and bilateral policies touching the sectors of the "
                   "clusters in this brochure."))
            + "</p>" + "".join(_policy_html(p, sources) for p in brochure.policies),
            policies_title))
    body.append(Section(_sources_html(sources, "<h1>" + _e(_("Sources")) + "</h1>"),
                        _("Sources")))
    # The contents list every later section with the page it starts on.
    rows = []
    for n, section in enumerate(body):
        page = str(starts[n + 2]) if starts is not None else "000"
        title = section.bookmark or ""
        if first_sheet <= n < first_sheet + len(brochure.sheets):
            sheet = brochure.sheets[n - first_sheet]
            label = (f"{_e(sheet.title)}<span style='color:#666666'> — "
                     f"{_e(_sheet_state(sheet))}</span>")
            if sheet.label_expired:  # marked in every list, not only on its page (issue 16)
                expired = _e(_("label expired")).replace(" ", "&nbsp;")
                label += f" <span class='toc-expired'>·&nbsp;{expired}</span>"
            if sheet.remark:
                label += f"<br/><span class='toc-remark'>{_lines(sheet.remark)}</span>"
        else:
            label = f"<b>{_e(title)}</b>"
        rows.append(f"<tr><td width='88%'>{label}</td><td class='page' width='12%'>{page}"
                    "</td></tr>")
    contents = _("Contents")
    parts.append(Section(f"<h1>{_e(contents)}</h1>"
                         "<table class='toc' cellspacing='0' cellpadding='2' width='100%'>"
                         f"{''.join(rows)}</table>",
                         contents, listed=False))
    return parts + body


def _cover_html(brochure: Brochure) -> str:
    """A brochure's cover: its title, what it holds, when and from which data it was made."""
    n = len(brochure.policies)
    # Translators: on a brochure's cover, after "Policies": how many policies it prints.
    policies = ngettext("{n} relevant to their sectors", "{n} relevant to their sectors",
                        n).format(n=i18n.number(n))
    data = _("version {version}, built {built}").format(version=brochure.data_version,
                                                        built=i18n.made_on(brochure.build_date))
    rows = ((_("Selection"), brochure.selection),
            (_("Clusters"), i18n.number(len(brochure.sheets))), (_("Policies"), policies),
            (_("Made on"), i18n.date(brochure.created, "long")), (_("Data"), data))
    widths = [" width='16%'", *([""] * (len(rows) - 1))]
    table = "".join(f"<tr><td class='k'{width}>{_e(key)}</td><td>{_e(value)}</td></tr>"
                    for width, (key, value) in zip(widths, rows, strict=True))
    # Translators: the cover's note; {dated} is a sentence saying what the figures describe.
    note = _("{dated} Numbers in brackets point to the list of sources at the end.").format(
        dated=brochure.dated).strip()
    return ("<p class='cover-title'>" + _e(brochure.title) + "</p>"
            "<p class='cover-sub'>" + _e(_("Mission brochure · Mexico cluster directory"))
            + "</p>"
            "<p>&nbsp;</p><table class='fields' cellspacing='0' cellpadding='2' width='100%'>"
            f"{table}</table><p>&nbsp;</p><p class='meta'>{_e(note)}</p>"
            "<p class='meta'>"
            + _e(_("Made with mxdesk {version}.").format(version=__version__)) + "</p>")


@dataclass(frozen=True)
class Document:
    """A document other than a brochure, for :func:`typeset` and :func:`paint` (the day
    sheets, the report): its *title* (the header's left, the PDF's title), the *footer*'s
    left text, its sections as HTML (*sections*, called with each section's first page or
    None, as :func:`~mxdesk.export.html.sections`), the body text's size in *points* and
    the style sheet *css*."""

    title: str
    footer: str
    sections: Callable[[list[int] | None], list[Section]]
    points: int = 9
    css: str = CSS


def _day(iso: str) -> str:
    """An ISO date (the data's build date) as :func:`mxdesk.core.i18n.date` writes it
    ("30 Nov 2026", "30 nov 2026"); a text that is not one, as it is."""
    try:
        return i18n.date(dt.date.fromisoformat(iso), "medium")
    except ValueError:
        return iso


def as_document(content: Brochure | Document) -> Document:
    """*content* as a :class:`Document`: a brochure's sections, title and footer (its data
    version, build and made dates); a document as it is. Raises nothing."""
    if isinstance(content, Document):
        return content
    # Translators: the footer of every page of a brochure (the page number is on its right).
    # Both days in one form, in either language (it read "built 2026-11-30 · made 30 Nov
    # 2026" on one line).
    footer = _("Data version {version} · built {built} · made {made}").format(
        version=content.data_version, built=_day(content.build_date),
        made=i18n.date(content.created, "medium"))
    return Document(content.title,
                    footer + (f" · {content.dated_short}" if content.dated_short else ""),
                    lambda starts: sections(content, starts))
