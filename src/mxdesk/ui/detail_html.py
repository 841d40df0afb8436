"""The detail pane's HTML: one record's :class:`~mxdesk.core.details.Details` written with
cross-links, search highlights and numbered sources. Loaded with the first record shown (its
layout's many small types cost ~8 ms to import), not at start-up."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from mxdesk.core.charts import Chart, charts_of, common_scales, known_names
from mxdesk.core.dating import fact_when
from mxdesk.core.details import (
    LINK_LIMIT,
    SOURCES,
    Aliases,
    Bullets,
    Citations,
    Cited,
    Details,
    FactRow,
    Field,
    Figures,
    Group,
    Item,
    LabelStatus,
    Links,
    Mention,
    Plain,
    RecordList,
    Section,
    Unstated,
    Value,
    WebLink,
    details,
)
from mxdesk.core.directory import AnyRecord, Directory
from mxdesk.core.i18n import _, ngettext, number
from mxdesk.core.records import RecordRef, Source
from mxdesk.core.text import Term
from mxdesk.export.drawings import placeholder
from mxdesk.ui.detail import highlight, record_url, web_url
from mxdesk.ui.messages import translated

#: A list of cross-links longer than LINK_LIMIT (a large directory lists thousands of a
#: state's clusters) shows its first names and "and N more": a readable start, and less to
#: lay out on every selection.
LONG_LIST_START = 12
#: The kinds whose figures are drawn as charts above their table (issue 19): a sector (and
#: the Industry 4.0 theme) and the country.
CHARTED = ("sector", "country")
#: The widths (%) of the figures table's columns: label, value, when, source mark. Fixed, so
#: that Qt does not squeeze the value column to its longest word when a label or a date is
#: long (issue 19's trial: ICT's "Telecommunications" broke into "Telecommunicati" / "ons"
#: at 1366×768): a value column a third of the pane holds any word of the directory, and
#: "when" holds "(year not stated)" on one line in a pane of 1366×768.
FIGURE_COLUMNS = (34, 32, 25, 9)


def _source_html(source: Source) -> str:
    """One source as its line of the list (:meth:`Source.citation`), its address a link."""
    if not source.url:
        return html.escape(source.citation())
    link = f"<a href='{html.escape(web_url(source.url))}'>{html.escape(source.url)}</a>"
    line = source.citation()
    if line.endswith(f" — {source.url}"):
        return html.escape(line.removesuffix(f" — {source.url}")) + f" — {link}"
    return html.escape(line.removesuffix(source.url)) + link  # the title is the address


class _DetailWriter:
    """Writes one record's :class:`Details` as the pane's HTML: search terms marked, records
    linked, sources numbered as they are first cited."""

    def __init__(self, terms: Sequence[Term | str],
                 known: dict[str, str] | None = None) -> None:
        self.terms = terms
        #: The states' and sectors' names a chart's title may say it is "by" (charts_of).
        self.known = known or {}
        self.citations = Citations()
        self.kind = ""
        #: The record's name, for a chart whose labels give no title ("Automotive figures").
        self.record_title = ""
        #: The charts the page holds, by the name of their place (``chart-1``).
        self.charts: dict[str, Chart] = {}

    def text(self, value: str) -> str:
        return highlight(value, self.terms)

    def link(self, ref: RecordRef) -> str:
        return f"<a href='{record_url(ref.kind, ref.id).toString()}'>{self.text(ref.name)}</a>"

    def links(self, records: RecordList) -> str:
        """Links to the records, or to the first few of a long list and "and N more" (a link
        to the record listing them all, when there is one)."""
        count = records.total
        limit = LINK_LIMIT if count <= LINK_LIMIT else LONG_LIST_START
        shown = ", ".join(self.link(r) for r in records.refs[:limit])
        if count > limit:
            rest = count - limit
            # Translators: the end of a long list of links ("Aguascalientes, … and 88 more").
            more = ngettext("{n} more", "{n} more", rest).format(n=number(rest))
            if records.everything is not None:
                href = record_url(records.everything.kind, records.everything.id).toString()
                more = f"<a href='{href}'>{more}</a>"
            # Translators: {names} are the first links of a long list, {more} says how many
            # follow ("12 more", a link to them all).
            shown = _("{names} and {more}").format(names=shown, more=more)
        return shown

    def cite(self, source_id: str, *more: str) -> str:
        """The linked mark of *source_id* ("[4]"), of several sources "[4, 15]"."""
        if not more:
            n = self.citations.number(source_id)
            return f"<a href='#src-{n}' class='cite'>[{n}]</a>"
        numbers = sorted({self.citations.number(s) for s in (source_id, *more)})
        return "[" + ", ".join(f"<a href='#src-{n}' class='cite'>{n}</a>" for n in numbers) + "]"

    def value(self, value: Value) -> str:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Plain):
            return html.escape(value.text)
        if isinstance(value, Aliases):
            return "; ".join(self.text(a) for a in value.names)
        if isinstance(value, RecordRef):
            return self.link(value)
        if isinstance(value, RecordList):
            return self.links(value)
        if isinstance(value, WebLink):
            return (f"<a href='{html.escape(web_url(value.address))}'>"
                    f"{html.escape(value.address)}</a>")
        if isinstance(value, LabelStatus):
            css = "valid" if value.valid else "expired"
            return (f"<span class='{css}'>{html.escape(value.text)}</span> "
                    f"{self.cite(value.source_id)}")
        if isinstance(value, Unstated):
            return f"<i>{html.escape(value.text)}</i>"
        return f"{self.link(value.state)} ({html.escape(value.region)})"

    def fields(self, fields: Sequence[Field]) -> str:
        cells = "".join(f"<tr><th>{html.escape(f.label)}</th>"
                        f"<td>{self.value(f.value)}</td></tr>" for f in fields)
        return f"<table class='fields'>{cells}</table>" if cells else ""

    def item(self, item: Item) -> str:
        if isinstance(item, str):
            return self.text(item)
        if isinstance(item, RecordRef):
            return self.link(item)
        if isinstance(item, Group):
            return (f"<b>{self.text(item.name)}</b> {self.cite(item.source_id)}: "
                    f"{self.links(item.states)}")
        if isinstance(item, Mention):
            cite = f" {self.cite(item.source_id)}" if item.source_id else ""
            return f"{self.link(item.ref)} — {self.text(item.note)}{cite}"
        if isinstance(item, Cited):
            return f"{self.text(item.text)} {self.cite(item.source_id)}"
        sector = f" — {html.escape(item.sector)}" if item.sector else ""
        return f"{html.escape(item.table)}: “{self.text(item.name)}”{sector}"

    def figure(self, row: FactRow) -> str:
        """One row of the figures table, its columns as wide as :data:`FIGURE_COLUMNS` says."""
        fact = row.fact
        label_w, value_w, when_w, cite_w = FIGURE_COLUMNS
        if row.owner:
            label = f"{self.link(row.owner)}: {self.text(fact.label)}"
        else:
            where = f" — {self.link(row.state)}" if row.state else ""
            label = f"{self.text(fact.label)}{where}"
        value_class = "value" if fact.value is not None else "text"
        return (f"<tr><td width='{label_w}%'>{label}</td>"
                f"<td class='{value_class}' width='{value_w}%'>"
                f"{self.text(fact.display_value())}</td>"
                f"<td class='when' width='{when_w}%'>{html.escape(fact_when(fact))}</td>"
                f"<td width='{cite_w}%'>{self.cite(*fact.source_ids)}</td></tr>")

    def section(self, section: Section) -> str:
        body = section.body
        if isinstance(body, Figures):
            shown = ("<table class='facts'>" + "".join(self.figure(r) for r in body.rows)
                     + "</table>")
            if self.kind in CHARTED:  # after the table, so its marks number the sources
                shown = self.drawn(body) + shown
        elif isinstance(body, Links):
            shown = (f"<p>{self.links(body.records)}</p>" if body.records.total else
                     f"<p><i>{html.escape(body.none)}</i></p>")
        else:
            items = ([self.item(i) for i in body.items] if isinstance(body, Bullets) else
                     [f"<b>{html.escape(label)}:</b> {self.links(refs)}"
                      for label, refs in body.lists])
            shown = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        return f"<h3>{html.escape(section.heading)}</h3>{shown}"

    def drawn(self, body: Figures) -> str:
        """The charts of *body*'s figures, each a placeholder the pane fills with its image
        (its words the image's alternative text); the table below keeps every number."""
        out = []
        for chart in charts_of(body.rows, self.known, self.record_title):
            marks = {b.source_ids[0]: f"[{self.citations.number(b.source_ids[0])}]"
                     for b in chart.bars}
            name = f"chart-{len(self.charts) + 1}"
            self.charts[name] = chart.marked(marks)
            out.append(placeholder(name, self.charts[name].text()))
        return "".join(out)

    def page(self, record: Details) -> str:
        """The whole body: title, fields, description, sections and the sources cited."""
        self.kind = record.kind
        self.record_title = record.title
        parts = [f"<h2>{self.text(record.title)}</h2>"]
        if record.subtitle:
            parts.append(f"<p class='kind'>{html.escape(record.subtitle)}</p>")
        parts.append(self.fields(record.fields_in("pane")))
        if record.description:
            parts.append(f"<p>{self.text(record.description)}</p>")
        parts += [self.section(s) for s in record.sections_in("pane")]
        # Sources cited in place (figures, the label, locations) come first, numbered as met;
        # the rest of the record's follow. Each shows one number, the [n] its citations use,
        # beside the footnote's own ("[1] Footnote 86: …"): a numbered list would add a
        # second ("1. Footnote 86"). The PDF's list (export/html.py) is written the same way.
        for source in record.sources:
            self.citations.number(source.id)
        rows = [f"<tr><td><a name='src-{n}'></a>[{n}]</td><td>{_source_html(source)}</td></tr>"
                for n, source in self.citations.listed((*record.sources, *record.more_sources))]
        if rows:
            parts.append(f"<h3>{translated(SOURCES)}</h3><table class='sources'>" + "".join(rows)
                         + "</table>")
        if record.dated:
            parts.append(f"<p class='dated'><small><i>{html.escape(record.dated)}</i></small></p>")
        return "".join(parts)


def record_html(directory: Directory, record: AnyRecord, terms: Sequence[Term | str] = (),
                today: dt.date | None = None) -> str:
    """The body HTML of the detail pane for *record*, search *terms* marked; a label's status
    is for *today* (default: the computer's date). Raises what :func:`details` raises."""
    return _DetailWriter(terms).page(details(directory, record, today))


def record_page(directory: Directory, record: AnyRecord, terms: Sequence[Term | str] = (),
                today: dt.date | None = None) -> tuple[str, dict[str, Chart]]:
    """:func:`record_html` and the charts its placeholders name (``{"chart-1": Chart}``;
    empty for a record without charts), those of one unit drawn to one scale
    (:func:`~mxdesk.core.charts.common_scales`). Raises what :func:`details` raises."""
    shown = details(directory, record, today)
    writer = _DetailWriter(terms, known_names(directory) if shown.kind in CHARTED else None)
    page = writer.page(shown)
    return page, dict(zip(writer.charts, common_scales(writer.charts.values()), strict=True))
