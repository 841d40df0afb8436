"""The About box: the version, the data and where it comes from, and the keys (made from the
action table, so it lists what the menus do)."""

from __future__ import annotations

import html
import logging
import sqlite3
from itertools import groupby

from PySide6.QtGui import QKeySequence

from mxdesk import __version__
from mxdesk.core import i18n
from mxdesk.core.dating import figures_sentence
from mxdesk.core.directory import Directory
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext, number
from mxdesk.core.notes import NotesStore
from mxdesk.export.credit import attribution_text
from mxdesk.ui.actions import ACTIONS, ActionSpec, shortcuts
from mxdesk.ui.messages import translated


def _what(spec: ActionSpec) -> str:
    """What the key list calls *spec*: its ``about`` words, else its text as a phrase."""
    if spec.about:
        return translated(spec.about)
    text = _(spec.text).replace("&", "").rstrip("…")
    return text[:1].lower() + text[1:]


def _keys(keys: list[str]) -> str:
    """Keys that share an entry: "Alt+Left/Right", "Ctrl+1…5", "Ctrl++/Ctrl+-"."""
    if len(keys) == 1:
        return keys[0]
    # The modifiers all of them share ("Ctrl+"), up to a whole "+".
    shared = min(len(key) for key in keys)
    while any(key[:shared] != keys[0][:shared] for key in keys):
        shared -= 1
    prefix = keys[0][:keys[0].rfind("+", 0, shared) + 1]
    rests = [key[len(prefix):] for key in keys]
    if len(keys) > 2 and all(rest.isdigit() for rest in rests):
        return f"{keys[0]}…{rests[-1]}"
    if prefix and all(rest.isalpha() and len(rest) > 1 for rest in rests):
        return keys[0] + "".join(f"/{rest}" for rest in rests[1:])
    return "/".join(keys)


def key_list(specs: tuple[ActionSpec, ...] = ACTIONS) -> str:
    """Every shortcut of *specs* with what it does, in the table's order, " · " between.

    Neighbouring rows with the same words share one entry."""
    keyed = [(_what(spec), shortcuts(spec)[0]) for spec in specs if spec.keys]
    entries = []
    for what, rows in groupby(keyed, key=lambda row: row[0]):
        keys = [key.toString(QKeySequence.SequenceFormat.NativeText) for _what, key in rows]
        entries.append(f"{_keys(keys)} {what}")
    return " · ".join(entries)


log = logging.getLogger("mxdesk.ui")


def notes_line(store: NotesStore) -> str:
    """What the About box says of the user's notes: every kind counted ("2 contacts, 1 note,
    0 shortlists, 1 mission and 3 meetings in /…/notes.db"), or why there are none."""
    if store.stand_in:
        # Translators: the About box's "Your notes:" line; {reason} says why they are not open.
        return _("not open ({reason})").format(reason=store.read_only)
    try:
        # Translators: the About box's "Your notes:" line: "2 contacts, 1 note, … in /…/notes.db".
        return _("{counts} in {path}").format(counts=store.counts().describe(), path=store.path)
    except (MxdeskError, sqlite3.Error) as exc:
        log.warning("About: the notes cannot be counted: %s", exc)
        return _("they cannot be counted just now")


def _map_line(directory: Directory) -> str:
    """The map's source and licence (issue 19: named in About and under every drawn map)."""
    try:
        attribution = directory.mexico_map().attribution
    except MxdeskError as exc:
        log.warning("About: the map's source cannot be read: %s", exc)
        return ""
    if not attribution:
        return ""
    return "<p>" + _("<b>The map of Mexico:</b> {source}.").format(
        source=html.escape(attribution_text(attribution))) + "</p>"


def _counts(c: dict[str, int]) -> str:
    """The directory's records counted kind by kind: "118 clusters, 40 sectors, …"."""
    def n(count: int) -> str:
        return number(count)

    return ", ".join((
        ngettext("{n} cluster", "{n} clusters", c["cluster"]).format(n=n(c["cluster"])),
        ngettext("{n} sector", "{n} sectors", c["sector"]).format(n=n(c["sector"])),
        ngettext("{n} policy", "{n} policies", c["policy"]).format(n=n(c["policy"])),
        ngettext("{n} EU–Mexico programme", "{n} EU–Mexico programmes",
                 c["programme"]).format(n=n(c["programme"])),
        ngettext("{n} cluster partnership", "{n} cluster partnerships",
                 c["partnership"]).format(n=n(c["partnership"])),
        ngettext("{n} state", "{n} states", c["state"]).format(n=n(c["state"])),
        ngettext("{n} company", "{n} companies", c["company"]).format(n=n(c["company"]))))


def about_text(directory: Directory, notes: str = "") -> str:
    """The About box's text (HTML) for *directory*; *notes* is what the user's notes hold
    (``NotesCounts.describe()``, or why they are not open), a paragraph of its own when
    given."""
    info = directory.info()
    c = info.counts
    sources = ngettext("{n} source", "{n} sources", c["source"]).format(n=number(c["source"]))
    return (
        f"<h3>mxdesk {html.escape(__version__)}</h3>"
        "<p>" + _("An offline directory of Mexico's clusters for European trade missions.")
        + "</p><p>"
        # Translators: {counts} lists the records kind by kind ("118 clusters, 40 sectors, …").
        + _("<b>Data</b> version {version}, built {date}: {counts}; {sources}.").format(
            version=html.escape(info.data_version), date=html.escape(i18n.made_on(info.build_date)),
            counts=html.escape(_counts(c)), sources=html.escape(sources))
        + f" {html.escape(figures_sentence(directory))}</p><p>"
        + _("<b>Where the data comes from:</b> the ECCP's <i>Preparatory Briefing on "
            "Mexico</i> (with its footnotes) and ProMéxico's study <i>Mexico's competitiveness "
            "clusters in industrial innovation</i> (summary, April 2018). Every record lists "
            "its sources; figures keep the year they refer to.")
        + "</p>"
        + _map_line(directory)
        + "<p>" + _("<b>Keys:</b> {keys} · Ctrl+C in the details copies the record.").format(
            keys=html.escape(key_list())) + "</p>"
        + ("<p>" + _("<b>Your notes:</b> {notes}.").format(notes=html.escape(notes)) + "</p>"
           if notes else "")
        + "<p>" + _("Database: {path}").format(path=html.escape(str(directory.path))) + "</p>"
    )
