"""Finding text a person reads that is not in their language (issue 20).

Two checks, over every string a window shows (:func:`window_texts`) or a PDF prints:

- **the pseudo-locale** (:data:`mxdesk.core.i18n.PSEUDO`): every marked string comes out with
  each letter accented, so a word of plain ASCII letters on screen was never marked — unless it
  is a name from the directory or the user's data (:func:`data_words`), which stay as printed;
- **Spanish**: a word found only in the English of the catalogues (a msgid's word no Spanish
  msgstr uses) is English left in the Spanish window: a string marked but not translated, or
  not marked at all.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from mxdesk.core import paths

#: Words that are the same in every language: formats, keys, products, units.
UNIVERSAL = {
    "pdf", "csv", "json", "vcard", "icalendar", "ics", "xlsx", "excel", "ctrl", "shift", "alt",
    "esc", "enter", "del", "tab", "home", "end", "pgup", "pgdown", "ins", "backspace", "space",
    "mxdesk", "qt", "sqlite", "utf", "ok", "outlook", "google", "apple", "thunderbird", "svg",
    "png", "www", "http", "https", "com", "mx", "org", "html", "cc", "by", "iso", "url", "id",
    "uid", "vcf", "eu", "ue", "ecei", "km", "mm", "cm", "kg", "usd", "eur", "mxn", "gb",
    "mb", "kb", "am", "pm", "utc", "gmt", "cdt", "cst", "mst", "pst", "pdt", "mdt", "est",
    "edt", "cet", "cest", "wikipedia", "npm", "mit", "babel", "cldr", "pyside", "python",
    "linux", "windows", "macos", "dejavu", "sans", "iana", "ii", "iii", "iv", "vi", "vii",
    "viii", "ix", "xi", "xii", "a4", "us", "dav", "api",
    # Key names as Qt writes shortcuts (QKeySequence.NativeText; Qt's catalogue has them).
    "left", "right", "up", "down", "return", "delete", "insert", "meta",
    *(f"f{n}" for n in range(1, 13)),
    # Each language's name in itself (View ▸ Language, the brochure dialog).
    "english",
}
#: Qt's own words (its standard buttons): its catalogue translates them, the pseudo-locale
#: has none.
QT_WORDS = {"cancel", "save", "open", "close", "apply", "yes", "no", "discard", "reset",
            "help", "retry", "ignore", "abort"}
_TRANSLATED_COLUMNS = re.compile(
    r"^(description|label|unit|qualifier|text|topic|group_name|grp|location_group|period|"
    r"conclusion|display_text|summary|kind|level|relation|field|origin|legal_form|body|"
    r"section)(_\w+)?$")
_MARKUP = re.compile(r"<[^<>]*>|&[a-zA-Z]+;|&#\d+;")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SKIP = re.compile(
    r"(?:https?://|www\.)\S*(?:(?<=[/?&=-]) \S+)*"  # a URL, wrapped or not
    r"|[\w.-]+\.[a-z]{2,}/\S*|\S+@\S+\.\S+|[/\\~]\S*[/\\]\S*"  # a bare URL, address, path
    r"|\S+\.(?:pdf|csv|json|vcf|ics|xlsx|svg|png|db|ini|log)\b"  # a file name
    r"|\$[A-Z_]+|--[a-z-]+|\{[^}]*\}",  # a variable, an option, a field
    re.IGNORECASE)


def words(text: str) -> list[str]:
    """The words of *text* in plain ASCII letters (a pseudo-locale word has none), markup,
    paths, URLs, addresses, file names, variables and options left out."""
    return [w for w in _WORD.findall(_SKIP.sub(" ", _MARKUP.sub(" ", text))) if w.isascii()]


def data_words(db: Path, notes: Path | None = None) -> set[str]:
    """Every word of the directory that stays as printed in any language — names, acronyms,
    aliases, titles of sources, committees — lower-cased, and every word of the user's own
    data in the notes file *notes* (contacts, meetings, missions, remarks)."""
    found: set[str] = set(UNIVERSAL)
    if notes is not None:
        with sqlite3.connect(f"file:{notes}?mode=ro", uri=True) as con:
            for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND sql NOT LIKE '%fts5%'").fetchall():
                for row in con.execute(f'SELECT * FROM "{table}"'):
                    for value in row:
                        if isinstance(value, str):
                            found.update(w.lower() for w in words(value))
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%fts5%' "
            "AND name NOT LIKE 'search%' AND name NOT LIKE 'sqlite%'")]
        for table in tables:
            columns = [r[1] for r in con.execute(f"PRAGMA table_info('{table}')")
                       if (r[2] or "").upper() in ("TEXT", "")]
            for column in columns:
                if _TRANSLATED_COLUMNS.match(column):
                    continue
                for (value,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}" '
                                            f'WHERE typeof("{column}") = \'text\''):
                    found.update(w.lower() for w in words(value))
    return found


def unmarked(texts: Iterable[str], allowed: set[str]) -> list[str]:
    """The texts (shown in the pseudo-locale) holding a plain word that is no name nor one of
    Qt's own: each with its words that gave it away."""
    allowed = allowed | QT_WORDS
    out: list[str] = []
    for text in texts:
        plain = sorted({w for w in words(text) if len(w) > 1 and w.lower() not in allowed})
        if plain:
            out.append(f"{text[:100]!r}: {', '.join(plain)}")
    return out


def _catalogue_words() -> tuple[set[str], set[str]]:
    english: set[str] = set()
    spanish: set[str] = set()
    for po in sorted((paths.SOURCE_TREE / "resources" / "locale" / "es").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle, locale="es"):
                if not message.id:
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strs = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in ids:
                    english.update(w.lower() for w in words(text))
                for text in strs:  # type: ignore[assignment]
                    spanish.update(w.lower() for w in words(text or ""))
    return english, spanish


def english_left(texts: Iterable[str], allowed: set[str]) -> list[str]:
    """The texts (shown in Spanish) holding a word only the English of the catalogues uses,
    no Spanish translation and no name: each with those words."""
    english, spanish = _catalogue_words()
    only = {w for w in english - spanish - allowed if len(w) > 2}
    out: list[str] = []
    for text in texts:
        left = sorted({w for w in words(text) if w.lower() in only})
        if left:
            out.append(f"{text[:100]!r}: {', '.join(left)}")
    return out


def _menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title()]
    for action in menu.actions():
        if action.isSeparator():
            continue
        out += [action.text(), action.toolTip(), action.statusTip()]
        if action.menu() is not None:
            out += _menu_texts(action.menu())  # type: ignore[arg-type]
    return out


def window_texts(window: QWidget) -> list[str]:
    """Every text *window* shows or tells a screen reader now: its title, menus (with their
    items' tool and status tips), and each visible widget's text, placeholder, tool tip,
    accessible name and description, a tab's title, a combo box's items, a view's column
    titles, a text pane's text."""
    out = [window.windowTitle()]
    menu_bar = getattr(window, "menuBar", None)
    if menu_bar is not None:
        for action in menu_bar().actions():
            if action.menu() is not None:
                out += _menu_texts(action.menu())
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisibleTo(window) and widget is not window:
            continue
        out += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(),
                widget.statusTip(), widget.whatsThis()]
        if isinstance(widget, QLabel | QAbstractButton):
            out.append(widget.text())
        if isinstance(widget, QLineEdit):
            out.append(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            out.append(widget.title())
        if isinstance(widget, QTabWidget):
            for n in range(widget.count()):
                out += [widget.tabText(n), widget.tabToolTip(n)]
        if isinstance(widget, QComboBox):
            out += [widget.itemText(n) for n in range(widget.count())]
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            out += [widget.toPlainText(), widget.placeholderText()]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # (a private override: a list's one column)
                columns = 1
            for column in range(columns):
                title = model.headerData(column, Qt.Orientation.Horizontal,
                                         Qt.ItemDataRole.DisplayRole)
                tip = model.headerData(column, Qt.Orientation.Horizontal,
                                       Qt.ItemDataRole.ToolTipRole)
                out += [str(title or ""), str(tip or "")]
    return [text for text in out if text and text.strip()]
