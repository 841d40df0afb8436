"""The detail pane: one record laid out for reading, with cross-links and sources.

Links inside mxdesk use the ``mxdesk:`` scheme (``mxdesk://cluster/claugto``); every other link
is a web address and opens in the system browser.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from mxdesk.core.directory import AnyRecord, Directory
from mxdesk.core.profile import TABLE_NAMES, label_status
from mxdesk.core.records import (
    Cluster,
    Fact,
    Kind,
    Partnership,
    Policy,
    Programme,
    RecordRef,
    Sector,
    Source,
    State,
)
from mxdesk.core.text import Term, match_spans

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

SCHEME = "mxdesk"
#: A list of cross-links this long or shorter is shown whole: every list of the bundled
#: directory (the longest, ICT's other clusters, has 23).
LINK_LIMIT = 25
#: A longer one (a large directory lists thousands of a state's clusters) shows its first
#: names and "and N more": a readable start, and less to lay out on every selection.
LONG_LIST_START = 12


def record_url(kind: str, record_id: str) -> QUrl:
    return QUrl(f"{SCHEME}://{kind}/{record_id}")


def parse_record_url(url: QUrl) -> tuple[Kind, str] | None:
    """``mxdesk://cluster/claugto`` -> ("cluster", "claugto"); None for other links."""
    if url.scheme() != SCHEME:
        return None
    kind = url.host()
    record_id = url.path().lstrip("/")
    if kind in ("cluster", "sector", "policy", "programme", "partnership", "state") and record_id:
        return kind, record_id  # type: ignore[return-value]
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


class _Page:
    """Builds the HTML of one record."""

    def __init__(self, directory: Directory, terms: Sequence[Term | str],
                 today: dt.date) -> None:
        self.directory = directory
        self.terms = terms
        self.today = today
        self.parts: list[str] = []
        self.source_ids: list[str] = []
        self.numbers: dict[str, int] = {}

    def text(self, value: object) -> str:
        return highlight(str(value), self.terms)

    def link(self, ref: RecordRef) -> str:
        return f"<a href='{record_url(ref.kind, ref.id).toString()}'>{self.text(ref.name)}</a>"

    def links(self, refs: Iterable[RecordRef], exclude: str | None = None,
              total: int | None = None, everything: RecordRef | None = None) -> str:
        """Links to the records, or to the first few of a long list; *total* (without
        *exclude*) says how many there are when the caller fetched only the first ones, and
        *everything* is a record whose page lists them all (a state: its clusters)."""
        items = [r for r in refs if r.id != exclude]
        count = total if total is not None else len(items)
        limit = LINK_LIMIT if count <= LINK_LIMIT else LONG_LIST_START
        shown = ", ".join(self.link(r) for r in items[:limit])
        if count > limit:
            more = f"{count - limit:,} more"
            if everything is not None:
                href = record_url(everything.kind, everything.id).toString()
                more = f"<a href='{href}'>{more}</a>"
            shown += f" and {more}"
        return shown

    def state_clusters(self, state_id: str, exclude: str | None = None) -> str:
        d = self.directory
        total = d.count_clusters_in_state(state_id) - (1 if exclude else 0)
        state = RecordRef("state", state_id, "")
        return self.links(d.clusters_in_state(state_id, LINK_LIMIT + 1), exclude, total,
                          everything=state)

    def sector_clusters(self, sector_ids: list[str], exclude: str | None = None) -> str:
        d = self.directory
        total = d.count_clusters_in_sectors(sector_ids) - (1 if exclude else 0)
        return self.links(d.clusters_in_sectors(sector_ids, LINK_LIMIT + 1), exclude, total)

    def cite(self, source_id: str) -> str:
        if source_id not in self.numbers:
            self.numbers[source_id] = len(self.numbers) + 1
            self.source_ids.append(source_id)
        n = self.numbers[source_id]
        return f"<a href='#src-{n}' class='cite'>[{n}]</a>"

    def title(self, name: str, subtitle: str) -> None:
        self.parts.append(f"<h2>{self.text(name)}</h2>")
        if subtitle:
            self.parts.append(f"<p class='kind'>{html.escape(subtitle)}</p>")

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in rows if v)
        if cells:
            self.parts.append(f"<table class='fields'>{cells}</table>")

    def para(self, text: str) -> None:
        if text:
            self.parts.append(f"<p>{self.text(text)}</p>")

    def section(self, heading: str, body: str) -> None:
        if body:
            self.parts.append(f"<h3>{html.escape(heading)}</h3>{body}")

    def bullets(self, heading: str, items: Sequence[str]) -> None:
        if items:
            self.section(heading, "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")

    def related(self, lists: Sequence[tuple[str, str]]) -> None:
        """The "Related" section: each (label, links) that has links, label in bold."""
        self.bullets("Related", [f"<b>{html.escape(label)}:</b> {links}"
                                 for label, links in lists if label and links])

    def facts(self, facts: Sequence[Fact], heading: str = "Key figures") -> None:
        if not facts:
            return
        rows = []
        for fact in facts:
            where = ""
            if fact.state_id:
                where = f" — {self.link(self.directory.ref('state', fact.state_id))}"
            value_class = "value" if fact.value is not None else "text"
            rows.append(
                f"<tr><td width='42%'>{self.text(fact.label)}{where}</td>"
                f"<td class='{value_class}'>{self.text(fact.display_value())}</td>"
                f"<td class='when'>{html.escape(fact.when())}</td>"
                f"<td>{self.cite(fact.source_id)}</td></tr>")
        self.section(heading, "<table class='facts'>" + "".join(rows) + "</table>")

    def sources(self, extra: Iterable[str]) -> None:
        for source_id in extra:
            self.cite(source_id)
        items = []
        for n, source in enumerate(self.directory.sources(self.source_ids), start=1):
            items.append(f"<li><a name='src-{n}'></a>{_source_html(source)}</li>")
        if items:
            self.section("Sources", "<ol class='sources'>" + "".join(items) + "</ol>")

    def html(self) -> str:
        return "".join(self.parts)


def _source_html(source: Source) -> str:
    note = f"footnote {source.footnote}: " if source.footnote is not None else ""
    text = f"{html.escape(note)}{html.escape(source.title)}"
    if source.url:
        text += f" — <a href='{html.escape(web_url(source.url))}'>{html.escape(source.url)}</a>"
    elif source.section and source.section not in source.title:
        text += f" ({html.escape(source.section)})"
    return text


def _cluster(page: _Page, c: Cluster) -> None:
    d = page.directory
    subtitle = "Cluster organisation" + (f" · {c.acronym}" if c.acronym else "")
    page.title(c.name, subtitle)
    label = ""
    if c.label:
        status = label_status(c, page.today)
        css = "valid" if c.label.is_valid_on(page.today) else "expired"
        label = f"<span class='{css}'>{html.escape(status)}</span> {page.cite(c.label.source_id)}"
    state = page.link(c.state) if c.state else "<i>not stated in the briefings</i>"
    if c.state:
        state += f" ({html.escape(d.state(c.state.id).region)})"
    website = ""
    if c.website:
        website = f"<a href='{html.escape(web_url(c.website))}'>{html.escape(c.website)}</a>"
    page.fields([
        ("Also known as", "; ".join(page.text(a) for a in c.aliases)),
        ("State", state),
        ("Sectors", page.links(c.sectors)),
        ("Legal form", page.text(c.legal_form) if c.legal_form else ""),
        ("Founded", str(c.founded) if c.founded else ""),
        ("Quality label", label),
        ("Website", website),
    ])
    page.para(c.description)
    page.facts(c.facts)
    page.bullets("Committees and work groups", [page.text(x) for x in c.committees])
    page.bullets("Focus areas", [page.text(x) for x in c.focus_areas])
    page.bullets("Offices", [page.text(x) for x in c.offices])
    page.bullets("Strategic partners", [page.text(x) for x in c.partners])
    sector_ids = [s.id for s in c.sectors]
    related = [
        (f"Policies touching {', '.join(s.name for s in c.sectors)}",
         page.links(d.policies_for_sectors(sector_ids)) if sector_ids else ""),
        (f"Other clusters in {c.state.name}" if c.state else "",
         page.state_clusters(c.state.id, exclude=c.id) if c.state else ""),
        ("Other clusters in the same sectors",
         page.sector_clusters(sector_ids, exclude=c.id) if sector_ids else ""),
        ("EU cooperation in these sectors",
         page.links(d.cooperation_for_sectors(sector_ids)) if sector_ids else ""),
    ]
    page.related(related)
    page.bullets("Listed in the briefing", [
        f"{html.escape(TABLE_NAMES.get(x.table, x.table))}: “{page.text(x.name)}”"
        + (f" — {html.escape(x.sector_text)}" if x.sector_text else "") for x in c.listings])
    page.sources(c.source_ids)


def _sector(page: _Page, s: Sector) -> None:
    d = page.directory
    page.title(s.name, {"industry": "Industry", "theme": "Theme"}.get(s.kind, "Sector"))
    page.fields([
        ("Also known as", "; ".join(page.text(a) for a in s.aliases)),
        ("Industry", page.link(s.industry) if s.industry else ""),
        ("Sectors", page.links(s.subsectors)),
    ])
    page.para(s.description)
    page.facts(s.facts)
    page.bullets("Top locations", [
        f"<b>{page.text(loc.group)}</b> {page.cite(loc.source_id)}: {page.links(loc.states)}"
        for loc in s.locations])
    ids = [s.id, *(x.id for x in s.subsectors)]
    page.related([
        ("Clusters", page.sector_clusters(ids)),
        ("Policies", page.links(d.policies_for_sectors(ids))),
        ("EU cooperation", page.links(d.cooperation_for_sectors(ids))),
    ])
    page.sources(s.source_ids)


def _policy(page: _Page, p: Policy) -> None:
    d = page.directory
    page.title(p.name, f"{p.level.capitalize()} {p.kind}")
    page.fields([
        ("Also known as", "; ".join(page.text(a) for a in p.aliases)),
        ("State", page.link(p.state) if p.state else ""),
        ("Years", html.escape(p.years())),
        ("Responsible", page.text(p.body) if p.body else ""),
        ("Part of", page.link(p.parent) if p.parent else ""),
        ("Components", page.links(p.children)),
        ("Sectors", page.links(p.sectors)),
        ("Briefing section", html.escape(p.section or "")),
    ])
    page.para(p.description)
    page.facts(p.facts)
    ids = [s.id for s in p.sectors]
    # One "Related" section (a state policy with sectors used to get two).
    page.related([
        ("Clusters in these sectors", page.sector_clusters(ids) if ids else ""),
        ("Other policies in these sectors",
         page.links(d.policies_for_sectors(ids), exclude=p.id) if ids else ""),
        (f"Clusters in {p.state.name}" if p.state else "",
         page.state_clusters(p.state.id) if p.state else ""),
    ])
    page.sources(p.source_ids)


def _cooperation(page: _Page, r: Programme | Partnership) -> None:
    d = page.directory
    if isinstance(r, Programme):
        page.title(r.name, "EU–Mexico cooperation programme")
        website = (f"<a href='{html.escape(web_url(r.website))}'>{html.escape(r.website)}</a>"
                   if r.website else "")
        page.fields([("Relation", page.text(r.relation)), ("Field", page.text(r.field)),
                     ("Sectors", page.links(r.sectors)), ("Website", website)])
    else:
        page.title(r.name, "European Strategic Cluster Partnership for Going International")
        generation = {1: "First", 2: "Second"}.get(r.generation, str(r.generation))
        page.fields([("Acronym", page.text(r.acronym)),
                     ("Generation", f"{generation} generation ESCP-4i"),
                     ("Sector", page.text(r.sector_text)), ("Sectors", page.links(r.sectors))])
    page.para(r.description)
    ids = [s.id for s in r.sectors]
    if ids:
        page.related([
            ("Mexican clusters in these sectors", page.sector_clusters(ids)),
            ("Policies in these sectors", page.links(d.policies_for_sectors(ids))),
        ])
    page.sources(r.source_ids)


def _state(page: _Page, s: State) -> None:
    d = page.directory
    page.title(s.name, f"Federal entity · region {s.region}")
    count = ""
    if s.annex_count is not None:
        count = f"{s.annex_count} (as stated in Table 6 of the briefing)"
    page.fields([("Also known as", "; ".join(page.text(a) for a in s.aliases)),
                 ("Region", html.escape(s.region)),
                 ("Formally organised clusters", count)])
    count_here = d.count_clusters_in_state(s.id)
    page.section(f"Clusters in {s.name} ({count_here:,})",
                 f"<p>{page.state_clusters(s.id)}</p>" if count_here else
                 "<p><i>The briefings name no cluster in this state.</i></p>")
    page.bullets("State cluster policy", [page.link(p) for p in d.policies_in_state(s.id)])
    about = d.facts_about_state(s.id)
    if about:
        rows = [f"<tr><td width='50%'>{page.link(owner)}: {page.text(f.label)}</td>"
                f"<td class='{'value' if f.value is not None else 'text'}'>"
                f"{page.text(f.display_value())}</td>"
                f"<td class='when'>{html.escape(f.when())}</td><td>{page.cite(f.source_id)}</td>"
                "</tr>" for owner, f in about]
        page.section("Figures about this state", "<table class='facts'>" + "".join(rows)
                     + "</table>")
    page.bullets("Named among the top locations of", [
        f"{page.link(sector)} — {page.text(group)}" for sector, group in
        d.locations_of_state(s.id)])
    page.sources(s.source_ids)


def record_html(directory: Directory, record: AnyRecord, terms: Sequence[Term | str] = (),
                today: dt.date | None = None) -> str:
    """The body HTML of the detail pane for *record*."""
    page = _Page(directory, terms, today or dt.date.today())
    if isinstance(record, Cluster):
        _cluster(page, record)
    elif isinstance(record, Sector):
        _sector(page, record)
    elif isinstance(record, Policy):
        _policy(page, record)
    elif isinstance(record, Programme | Partnership):
        _cooperation(page, record)
    else:
        _state(page, record)
    return page.html()


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
    """Shows one record; Ctrl+C with nothing selected copies the whole record as text."""

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
        if event.matches(QKeySequence.StandardKey.Copy) and not self.textCursor().hasSelection():
            self.copyRecordRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
