"""The detail pane: one record laid out for reading, with cross-links and sources.

Links inside mxdesk use the ``mxdesk:`` scheme (``mxdesk://cluster/claugto``); every other link
is a web address and opens in the system browser.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from mxdesk.core.directory import AnyRecord, Directory
from mxdesk.core.i18n import _
from mxdesk.core.records import KINDS, RecordKey, record_key
from mxdesk.core.text import Term, match_spans

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent, QResizeEvent

    from mxdesk.core.charts import Chart

SCHEME = "mxdesk"


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


def record_html(directory: Directory, record: AnyRecord, terms: Sequence[Term | str] = (),
                today: dt.date | None = None) -> str:
    """The body HTML of the detail pane for *record*, search *terms* marked; a label's status
    is for *today* (default: the computer's date). The writer (ui/detail_html.py) and the
    layout it renders (core/details.py) load with the first record shown, not at start-up."""
    from mxdesk.ui.detail_html import record_html as write

    return write(directory, record, terms, today)


def record_page(directory: Directory, record: AnyRecord, terms: Sequence[Term | str] = (),
                today: dt.date | None = None) -> tuple[str, dict[str, Chart]]:
    """:func:`record_html` and the charts its placeholders name, for :meth:`DetailPane.show_html`
    (loaded with the first record shown, as :func:`record_html`)."""
    from mxdesk.ui.detail_html import record_page as write

    return write(directory, record, terms, today)


#: The widest a chart is drawn in the pane (pixels): wider, its bars get long and its
#: numbers far from their labels.
CHART_WIDTH = 720


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
        self._charts: dict[str, Chart] = {}
        #: The width the charts were drawn for; a resize redraws them (after a pause).
        self._chart_width = 0.0
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(150)
        self._redraw.timeout.connect(self._show_again)
        self.setAccessibleName(_("Record details"))
        self.setToolTip("")
        # (Qt draws a placeholder on one line: kept short enough for a narrow pane.)
        self.setPlaceholderText(_("Select a row to see its details and sources."))

    def show_html(self, body: str, charts: dict[str, Chart] | None = None) -> None:
        """Show *body* (the record's HTML, without ``<html>``/``<body>``) with the page's style
        sheet for the current colours; kept to be shown again after a palette change. Each
        of *charts* (by the name of its placeholder in *body*) is drawn as an image at the
        screen's pixel ratio in the palette's colours (:mod:`mxdesk.export.drawings`)."""
        self._body = body
        self._charts = dict(charts or {})
        if self._charts:
            body = self._with_charts(body)
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

    def _with_charts(self, body: str) -> str:
        """*body* with its charts' places sized for the pane's width, and their images."""
        from mxdesk.export.charts import chart_drawings
        from mxdesk.export.drawings import add_images, colours_of, screen_html

        margin = 2 * self.document().documentMargin() + 24  # room for the scroll bar
        self._chart_width = min(max(self.viewport().width() - margin, 160.0), CHART_WIDTH)
        drawings = chart_drawings(self._charts)
        sized, sizes = screen_html(body, drawings, self._chart_width, self.font(),
                                   self.viewport())
        add_images(self.document(), drawings, sizes, self.devicePixelRatioF(),
                   colours_of(self.palette()), self.font())
        return sized

    def _show_again(self) -> None:
        scroll = self.verticalScrollBar().value()
        self.show_html(self._body, self._charts)
        self.verticalScrollBar().setValue(scroll)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt: a new width redraws the charts for it, once the resizing pauses."""
        super().resizeEvent(event)
        if self._charts:
            margin = 2 * self.document().documentMargin() + 24
            wanted = min(max(self.viewport().width() - margin, 160.0), CHART_WIDTH)
            if abs(wanted - self._chart_width) > 8:
                self._redraw.start()

    def clear_record(self) -> None:
        """Show no record (the placeholder says to select one)."""
        self._body = ""
        self._charts = {}
        self.clear()

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (dark or light colours) needs the page's colours redone."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._body:
            self._show_again()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt: Ctrl+C with nothing selected asks for the whole record (:attr:`copyRecordRequested`);
        other keys as a text browser takes them."""
        if event.matches(QKeySequence.StandardKey.Copy) and not self.textCursor().hasSelection():
            self.copyRecordRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
