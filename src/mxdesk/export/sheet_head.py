"""The HTML of a fact sheet's head and of a brochure's "Clusters by state" page (issue 19).

A fact sheet reads like one, not like a form: under the cluster's name, a small locator map of
its state with the state's name (or "State not stated"), beside it the quality label as a
badge and the description; under them the strip of key figures, one tile each (value with its
sign, label, year and source mark), and a legend of the signs used. The fields the head shows
(State, Quality label) are left out of the table that follows; every other field, fact and
source mark stays.

The maps are painter drawings: the HTML keeps their place (:func:`drawings.placeholder`) and
:mod:`mxdesk.export.paper_maps` paints them over it on the page, in vector.
"""

from __future__ import annotations

from collections.abc import Callable

from mxdesk.core import i18n
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.key_figures import LabelBadge, signs_used
from mxdesk.core.sheets import FactSheet
from mxdesk.core.state_counts import NOT_STATED, StateCounts, is_not_stated
from mxdesk.export.drawings import placeholder

#: The bookmark and heading of a brochure's map page (translated where printed: ``_(…)``).
BY_STATE_TITLE = N_("Clusters by state")
#: The labels the directory gives a cluster's State and Quality label fields
#: (core/details.py, which marks them for translation: a sheet made in Spanish has them in
#: Spanish, :func:`field_is` knows both).
STATE_FIELD = "State"
QUALITY_FIELD = "Quality label"
#: The name of that page's map among the document's drawings.
BY_STATE_MAP = "map/by-state"
#: Tiles in a row of the key-figure strip at most.
TILES_PER_ROW = 4
#: The share (%) of the page body the locator's column takes, and the empty column between
#: it and the description (≈ 3.5 mm on A4: the map's credit never touches the description).
LOCATOR_COLUMN = 30
LOCATOR_GAP = 2

#: (source ids...) -> "[1, 2]": the sheet's numbering of its sources.
Cite = Callable[..., str]
#: text -> HTML, escaped and in plain letters.
Escape = Callable[[object], str]

#: The head's styles (points, as Qt's rich text reads them), added to the sheets' CSS.
HEAD_CSS = """
td.locator { vertical-align: top; }
td.locator p.drawing { margin-bottom: 0; }
p.credit { font-size: 5.5pt; color: #666666; margin-top: 2pt; margin-bottom: 0; }
p.place { font-size: 8.5pt; color: #333333; margin-top: 1pt; margin-bottom: 0; }
p.region { font-size: 7.5pt; color: #555555; margin-top: 0; margin-bottom: 0; }
p.nomap { font-size: 8.5pt; color: #555555; margin-top: 10pt; }
p.badge { margin-top: 0; margin-bottom: 6pt; }
span.badge-gold { background-color: #f3e2a9; color: #4d3800; font-weight: bold; }
span.badge-silver { background-color: #e1e5e8; color: #30373d; font-weight: bold; }
span.badge-bronze { background-color: #efd7c3; color: #4f2c0e; font-weight: bold; }
span.badge-other { background-color: #e4ecf4; color: #1d3a57; font-weight: bold; }
span.badge-text { color: #333333; font-size: 8.5pt; }
p.about { margin-top: 0; margin-bottom: 0; }
p.gap { font-size: 3pt; margin-top: 0; margin-bottom: 0; }
table.strip { margin-top: 4pt; margin-bottom: 2pt; }
table.strip td { background-color: #edf4f1; vertical-align: top; }
table.strip td.empty { background-color: #ffffff; }
p.kv { font-size: 13pt; font-weight: bold; color: #0b4f3c; margin-bottom: 0; }
p.kl { font-size: 8.5pt; color: #1a1a1a; margin-bottom: 1pt; }
p.kw { font-size: 7.5pt; color: #555555; margin-bottom: 0; }
p.signs { font-size: 7.5pt; color: #555555; margin-top: 2pt; margin-bottom: 4pt; }
p.by-state { font-size: 8.5pt; color: #333333; }
"""


def locator_name(state_id: str) -> str:
    """The name of *state_id*'s locator map among the document's drawings."""
    return f"locator/{state_id}"


def field_is(label: str, field: str) -> bool:
    """Whether a sheet's field *label* is the directory's *field* (:data:`STATE_FIELD`,
    :data:`QUALITY_FIELD`), in English or in the language the sheet was made in."""
    return label in (field, i18n.gettext(field))


def shown_fields(sheet: FactSheet) -> tuple[tuple[str, str], ...]:
    """The fields the table under the head prints: all but the State (under the locator)
    and the Quality label (the badge)."""
    return tuple((k, v) for k, v in sheet.fields
                 if not field_is(k, STATE_FIELD)
                 and not (field_is(k, QUALITY_FIELD) and sheet.badge is not None))


def _badge_html(badge: LabelBadge, cite: Cite, e: Escape) -> str:
    kind = badge.level.lower() if badge.level.lower() in ("gold", "silver", "bronze") \
        else "other"
    # Translators: a quality label's state on a fact sheet's badge ("expired" is in red).
    status = (e(_("valid")) if badge.valid else
              "<span class='expired'>" + e(_("expired")) + "</span>")
    # Translators: the badge of a cluster's quality label; {level} is Gold, Silver or Bronze.
    name = e(_("{level} label").format(level=_(badge.level)))  # "Gold" as the tables say it
    # Translators: beside the badge; dates as yyyy-mm-dd, {status} is "valid" or "expired".
    said = e(_("{sector} · valid until {until} — {status} (checked {checked})")).format(
        sector=e(badge.sector), until=e(badge.valid_until), status="{status}",
        checked=e(badge.checked)).replace("{status}", status, 1)
    return ("<p class='badge' style='margin-bottom: 6pt'>"
            f"<span class='badge-{kind}'>&nbsp;{name}&nbsp;</span> "
            f"<span class='badge-text'>{said} {cite(badge.source_id)}</span></p>")


def _place_html(sheet: FactSheet, e: Escape, credit: str) -> str:
    """The locator cell: the map's place, the state's name and region and the map's
    *credit* (its attribution), or the words saying no briefing places the cluster."""
    if sheet.state_id is None or not credit:
        return ("<p class='nomap'>" + e(_(NOT_STATED)) + "</p><p class='region'>"
                + e(_("no briefing places it")) + "</p>")
    # The State field says "Nuevo León (region Norte)": the words in brackets, as printed.
    placed = next((v for k, v in sheet.fields if field_is(k, STATE_FIELD)), "")
    region = placed.removeprefix(sheet.state_name).strip()
    region = region[1:-1] if region.startswith("(") and region.endswith(")") else ""
    # Translators: the alternative text of a fact sheet's locator map.
    alt = _("Map: {state} in Mexico").format(state=sheet.state_name)
    return (placeholder(locator_name(sheet.state_id), alt)
            + f"<p class='place'><b>{e(sheet.state_name)}</b></p>"
            + (f"<p class='region'>{e(region)}</p>" if region else "")
            + f"<p class='credit'>{e(credit)}</p>")


def _when(when: str) -> str:
    """A year in a tile: without the brackets the table's column puts round its words."""
    return when[1:-1] if when.startswith("(") and when.endswith(")") else when


def _strip_html(sheet: FactSheet, cite: Cite, e: Escape) -> str:
    tiles = sheet.key_figures
    if not tiles:
        return ""
    per_row = min(TILES_PER_ROW, len(tiles))
    width = 100 // per_row
    rows = []
    for start in range(0, len(tiles), per_row):
        cells = "".join(
            f"<td width='{width}%'><p class='kv'>{e(t.value)}</p><p class='kl'>{e(t.label)}"
            f"</p><p class='kw'>{e(_when(t.when))} {cite(*t.source_ids)}</p></td>"
            for t in tiles[start:start + per_row])
        cells += "<td class='empty'></td>" * (per_row - len(tiles[start:start + per_row]))
        rows.append(f"<tr>{cells}</tr>")
    legend = signs_used(tiles)
    # Translators: under the key figures; {signs} is "> more than · ≈ approximately".
    said = _("{signs}, as the briefings say.").format(signs=legend) if legend else ""
    return ("<h2 style='margin-top: 4pt'>" + e(_("Key figures")) + "</h2>"
            "<table class='strip' cellspacing='4' cellpadding='4' "
            f"width='100%'>{''.join(rows)}</table>"
            + (f"<p class='signs'>{e(said)}</p>" if legend else ""))


def head_html(sheet: FactSheet, cite: Cite, e: Escape, credit: str) -> str:
    """The sheet's head: the locator (or "State not stated") beside the label's badge and
    the description, then the key figures' strip. *cite* numbers sources, *e* escapes;
    *credit* is the map's attribution ("" when there is no map: no locator then)."""
    badge = _badge_html(sheet.badge, cite, e) if sheet.badge is not None else ""
    # A column of its own between the locator and the description: Qt's rich text gives a
    # cell no padding in points, and the map's credit ran into the description (issue 19's
    # trial). The locator is LOCATOR_MM (40 mm) wide: 30 % of a page body is 51 mm or more.
    return ("<table class='head' cellspacing='0' cellpadding='0' width='100%'><tr>"
            f"<td class='locator' width='{LOCATOR_COLUMN}%'>{_place_html(sheet, e, credit)}"
            f"</td><td width='{LOCATOR_GAP}%'></td>"
            f"<td width='{100 - LOCATOR_COLUMN - LOCATOR_GAP}%'>{badge}"
            f"<p class='about'>{e(sheet.description)}</p></td>"
            f"</tr></table><p class='gap'>&nbsp;</p>{_strip_html(sheet, cite, e)}")


def by_state_html(counts: StateCounts, e: Escape) -> str:
    """A brochure's "Clusters by state" page: its heading, what it counts, the map's place
    and the counts in words (the map prints them too; a reader's search finds them here)."""
    placed = [(name, n) for name, n, _at_least in counts.rows if not is_not_stated(name)]
    unplaced = sum(n for name, n, _at_least in counts.rows if is_not_stated(name))
    states = len(placed)
    where = ngettext("Where the {n} cluster of this brochure is",
                     "Where the {n} clusters of this brochure are",
                     counts.clusters).format(n=i18n.number(counts.clusters))
    how = ngettext("the number on each state, the darker the more; {n} state in all",
                   "the number on each state, the darker the more; {n} states in all",
                   states).format(n=i18n.number(states))
    apart = ngettext("{n} with no state stated in the briefings, counted apart",
                     "{n} with no state stated in the briefings, counted apart",
                     unplaced).format(n=i18n.number(unplaced)) if unplaced else ""
    # Translators: the "Clusters by state" page's sentence, made of the three parts above.
    said = (_("{where}: {how}; {apart}.") if apart else _("{where}: {how}.")).format(
        where=where, how=how, apart=apart)
    listed = _("In words: {counts}").format(
        counts=" · ".join(f"{name} {i18n.number(n)}" for name, n in placed))
    return ("<h1>" + e(_(BY_STATE_TITLE)) + f"</h1><p class='sub'>{e(said)}</p>"
            + placeholder(BY_STATE_MAP, counts.caption)
            + f"<p class='by-state'>{e(listed)}</p>")
