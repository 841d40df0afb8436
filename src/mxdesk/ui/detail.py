"""The detail pane: one record laid out for reading, with cross-links and sources.

Links inside mxdesk use the ``mxdesk:`` scheme (``mxdesk://cluster/claugto``); every other link
is a web address and opens in the system browser.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from mxdesk.core.details import (
    LINK_LIMIT,
    SOURCES,
    Aliases,
    Bullets,
    Citations,
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
from mxdesk.core.records import KINDS, RecordKey, RecordRef, Source, record_key
from mxdesk.core.text import Term, match_spans

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

SCHEME = "mxdesk"
#: A list of cross-links longer than LINK_LIMIT (a large directory lists thousands of a
#: state's clusters) shows its first names and "and N more": a readable start, and less to
#: lay out on every selection.
LONG_LIST_START = 12


def record_url(kind: str, record_id: str) -> QUrl:
    """The link to a record in the detail pane: ``mxdesk://<kind>/<id>``."""
    return QUrl(f"{SCHEME}://{kind}/{record_id}")


def parse_record_url(url: QUrl) -> RecordKey | None:
    """``mxdesk://cluster/claugto`` -> ``RecordKey("cluster", "claugto")``; None for other
    links (another scheme, an unknown kind, no id)."""
    if url.scheme() != SCHEME:
        return None
    kind = url.host()
    record_id = url.path().lstrip("/")
    if kind in KINDS and record_id:
        return record_key(kind, record_id)
    return None


def web_url(address: str) -> str:
    """The briefings print many addresses without a scheme; a link needs one."""
    return address if "://" in address else f"http://{address}"


def highlight(text: str, terms: Sequence[Term | str]) -> str:
    """*text* as HTML with every word starting with a search term marked."""
    out: list[str] = []
    last = 0
    for start, end in match_spans(text, list(terms)):
        out.append(html.escape(text[last:start]))
        out.append(f"<span class='hit'>{html.escape(text[start:end])}</span>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def _source_html(source: Source) -> str:
    note = f"footnote {source.footnote}: " if source.footnote is not None else ""
    text = f"{html.escape(note)}{html.escape(source.title)}"
    if source.url:
        text += f" — <a href='{html.escape(web_url(source.url))}'>{html.escape(source.url)}</a>"
    elif source.section and source.section not in source.title:
        text += f" ({html.escape(source.section)})"
    return text


class _DetailWriter:
    """Writes one record's :class:`Details` as the pane's HTML: search terms marked, records
    linked, sources numbered as they are first cited."""

    def __init__(self, terms: Sequence[Term | str]) -> None:
        self.terms = terms
        self.citations = Citations()

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
            more = f"{count - limit:,} more"
            if records.everything is not None:
                href = record_url(records.everything.kind, records.everything.id).toString()
                more = f"<a href='{href}'>{more}</a>"
            shown += f" and {more}"
        return shown

    def cite(self, source_id: str) -> str:
        n = self.citations.number(source_id)
        return f"<a href='#src-{n}' class='cite'>[{n}]</a>"

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
        cells = "".join(f"<tr><th>{html.escape(f.label)}</th><td>{self.value(f.value)}</td></tr>"
                        for f in fields)
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
            return f"{self.link(item.ref)} — {self.text(item.note)}"
        sector = f" — {html.escape(item.sector)}" if item.sector else ""
        return f"{html.escape(item.table)}: “{self.text(item.name)}”{sector}"

    def figure(self, row: FactRow) -> str:
        fact = row.fact
        if row.owner:
            label = f"<td width='50%'>{self.link(row.owner)}: {self.text(fact.label)}</td>"
        else:
            where = f" — {self.link(row.state)}" if row.state else ""
            label = f"<td width='42%'>{self.text(fact.label)}{where}</td>"
        value_class = "value" if fact.value is not None else "text"
        return (f"<tr>{label}<td class='{value_class}'>{self.text(fact.display_value())}</td>"
                f"<td class='when'>{html.escape(fact.when())}</td>"
                f"<td>{self.cite(fact.source_id)}</td></tr>")

    def section(self, section: Section) -> str:
        body = section.body
        if isinstance(body, Figures):
            shown = ("<table class='facts'>" + "".join(self.figure(r) for r in body.rows)
                     + "</table>")
        elif isinstance(body, Links):
            shown = (f"<p>{self.links(body.records)}</p>" if body.records.total else
                     f"<p><i>{html.escape(body.none)}</i></p>")
        else:
            items = ([self.item(i) for i in body.items] if isinstance(body, Bullets) else
                     [f"<b>{html.escape(label)}:</b> {self.links(refs)}"
                      for label, refs in body.lists])
            shown = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        return f"<h3>{html.escape(section.heading)}</h3>{shown}"

    def page(self, record: Details) -> str:
        """The whole body: title, fields, description, sections and the sources cited."""
        parts = [f"<h2>{self.text(record.title)}</h2>"]
        if record.subtitle:
            parts.append(f"<p class='kind'>{html.escape(record.subtitle)}</p>")
        parts.append(self.fields(record.fields_in("pane")))
        if record.description:
            parts.append(f"<p>{self.text(record.description)}</p>")
        parts += [self.section(s) for s in record.sections_in("pane")]
        # Sources cited in place (figures, the label, locations) come first, numbered as met;
        # the rest of the record's follow.
        for source in record.sources:
            self.citations.number(source.id)
        items = [f"<li><a name='src-{n}'></a>{_source_html(source)}</li>" for n, source in
                 self.citations.listed((*record.sources, *record.more_sources))]
        if items:
            parts.append(f"<h3>{SOURCES}</h3><ol class='sources'>" + "".join(items) + "</ol>")
        return "".join(parts)


def record_html(directory: Directory, record: AnyRecord, terms: Sequence[Term | str] = (),
                today: dt.date | None = None) -> str:
    """The body HTML of the detail pane for *record*, search *terms* marked; a label's status
    is for *today* (default: the computer's date)."""
    return _DetailWriter(terms).page(details(directory, record, today))


def style_sheet(palette: QPalette) -> str:
    """CSS for the pane, from the current palette so dark and light themes both read well."""
    text = palette.color(QPalette.ColorRole.Text).name()
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    link = palette.color(QPalette.ColorRole.Link).name()
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    hit = "#7a5d00" if dark else "#fff0a0"
    expired = "#ff8a80" if dark else "#b3261e"
    valid = "#81c995" if dark else "#1e7a34"
    return (
        f"body {{ color: {text}; }} a {{ color: {link}; }}"
        f"h2 {{ margin-bottom: 0; }} p.kind {{ color: {muted}; margin-top: 2px; }}"
        f"h3 {{ margin-top: 14px; margin-bottom: 4px; }}"
        f"th {{ text-align: left; padding-right: 12px; color: {muted}; font-weight: normal; }}"
        "td { padding-right: 10px; vertical-align: top; }"
        "td.value { font-weight: bold; } "
        f"td.when {{ color: {muted}; }} a.cite {{ text-decoration: none; }}"
        f".hit {{ background-color: {hit}; }}"
        f".expired {{ color: {expired}; font-weight: bold; }}"
        f".valid {{ color: {valid}; font-weight: bold; }}"
    )


class DetailPane(QTextBrowser):
    """Shows one record; Ctrl+C with nothing selected copies the whole record as text.

    Signals:
        copyRecordRequested(): Ctrl+C was pressed with nothing selected: the window copies the
            whole record.
    """

    copyRecordRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self._body = ""
        self.setAccessibleName("Record details")
        self.setToolTip("")
        # (Qt draws a placeholder on one line: kept short enough for a narrow pane.)
        self.setPlaceholderText("Select a row to see its details and sources.")

    def show_html(self, body: str) -> None:
        """Show *body* (the record's HTML, without ``<html>``/``<body>``) with the page's style
        sheet for the current colours; kept to be shown again after a palette change."""
        self._body = body
        css = style_sheet(self.palette())
        document = self.document()
        if document.defaultStyleSheet() != css:
            document.setDefaultStyleSheet(css)
        # setHtml empties the document first, which hides the scroll bar and widens the page;
        # the new record then brings the bar back and the whole record is laid out a second
        # time at the narrower width. Holding the bar while the text is replaced lays it out
        # once; if the new record fits without a bar, the bar goes when the policy returns.
        bar = self.verticalScrollBar()
        hold = bar.isVisible()
        if hold:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHtml(f"<html><body>{body}</body></html>")
        if hold:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def clear_record(self) -> None:
        """Show no record (the placeholder says to select one)."""
        self._body = ""
        self.clear()

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (dark or light colours) needs the page's colours redone."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._body:
            scroll = self.verticalScrollBar().value()
            self.show_html(self._body)
            self.verticalScrollBar().setValue(scroll)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt: Ctrl+C with nothing selected asks for the whole record (:attr:`copyRecordRequested`);
        other keys as a text browser takes them."""
        if event.matches(QKeySequence.StandardKey.Copy) and not self.textCursor().hasSelection():
            self.copyRecordRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
