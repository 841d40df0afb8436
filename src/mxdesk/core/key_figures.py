"""A fact sheet's head (issue 19): the strip of a cluster's key figures and its quality label
as a badge, decided without Qt.

A key figure is one of the cluster's numeric facts, short enough for a tile: its value with
the briefing's qualifier as a sign ("> 35,000" for "more than 35,000 jobs", "≈ 110" for
"approximately 110 companies"; a word the signs do not cover stays a word), its unit left out
where the label already says it ("Members": "92", not "92 members"), its label, its year (or
what stands for one, :func:`mxdesk.core.dating.fact_when`) and its sources. Nothing is
rounded: the number is the briefing's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from mxdesk.core.dating import fact_when
from mxdesk.core.i18n import N_, _
from mxdesk.core.records import Cluster, Fact
from mxdesk.core.text import fold

#: The briefings' qualifiers as signs, on the strip and at a chart bar's end
#: (:mod:`mxdesk.core.charts`); the legend under the strip says them in words
#: (:func:`signs_used`). "until" is not among them: "30 % until 2020" dates a target, it
#: does not cap a figure, so it stays a word.
SIGNS = {"more than": ">", "over": ">", "at least": "≥", "minimum": "≥",
         "approximately": "≈", "about": "≈", "around": "≈", "up to": "≤"}
#: What each sign means, for the legend (in English; translated where printed).
SIGN_WORDS = {">": N_("more than"), "≥": N_("at least"), "≈": N_("approximately"),
              "≤": N_("up to")}


@dataclass(frozen=True)
class KeyFigure:
    """One tile of the key-figure strip.

    Attributes:
        value: the number as printed, with its sign and any unit the label does not say
            ("> 35,000", "€1,374.46 million per year").
        label: what it counts ("Direct jobs").
        when: its year or period, or what stands for one ("year not stated").
        source_ids: its sources, in the order printed.
        sign: the qualifier's sign in *value* ("" for none, or for a qualifier kept in words).
    """

    value: str
    label: str
    when: str
    source_ids: tuple[str, ...]
    sign: str = ""


@dataclass(frozen=True)
class LabelBadge:
    """A cluster's quality label as a badge: *level* ("Gold"), the *sector* it was given in,
    the day it is *valid_until* (ISO), whether it is *valid* on the day *checked* (ISO), and
    its *source_id*."""

    level: str
    sector: str
    valid_until: str
    valid: bool
    checked: str
    source_id: str


def _unit_said(unit: str, label: str) -> bool:
    """Whether *label* already says *unit* ("Members" says "members"; "Direct jobs" says
    "jobs"; "Institutions" does not say "members")."""
    words = fold(label).replace("/", " ").split()
    unit_words = fold(unit).split()
    ends_with_it = bool(unit_words) and words[-len(unit_words):] == unit_words
    return ends_with_it or fold(unit) == fold(label)


def key_figure(fact: Fact) -> KeyFigure | None:
    """*fact* as a tile, or None when it is a statement in words (no number). Its sign and
    whether its label says its unit are decided on the English source's words
    (:attr:`Fact.qualifier_key`, :attr:`~Fact.unit_key`, :attr:`~Fact.label_key`); what it
    prints is in the words it was read in ("> 35,000", "Empleos directos"). Raises
    nothing."""
    if fact.value is None:
        return None
    unit_said = bool(fact.unit_key) and _unit_said(fact.unit_key, fact.label_key)
    bare = dataclasses.replace(fact, qualifier=None, unit=None if unit_said else fact.unit)
    bare = bare.in_english(None if unit_said else fact.unit_key or None, None, fact.label_key)
    value = bare.display_value()
    sign = SIGNS.get(fact.qualifier_key.strip().lower(), "")
    if sign:
        value = f"{sign} {value}"
    elif fact.qualifier:
        value = f"{fact.qualifier} {value}"
    return KeyFigure(value, fact.label, fact_when(fact), fact.source_ids, sign)


def key_figures(cluster: Cluster) -> tuple[KeyFigure, ...]:
    """The cluster's numeric facts as tiles, in the order the directory lists them (the
    detail pane's); its statements in words are not among them. Raises nothing."""
    return tuple(tile for tile in (key_figure(f) for f in cluster.facts) if tile is not None)


def signs_used(figures: tuple[KeyFigure, ...]) -> str:
    """The legend of the signs *figures* use, in words ("> more than · ≈ approximately");
    "" when they use none."""
    used = dict.fromkeys(f.sign for f in figures if f.sign)
    return " · ".join(f"{sign} {_(SIGN_WORDS[sign])}" for sign in used)


def label_badge(cluster: Cluster, today: dt.date) -> LabelBadge | None:
    """The cluster's quality label as a badge, valid or not on *today*; None for a cluster
    without one. Raises nothing."""
    label = cluster.label
    if label is None:
        return None
    return LabelBadge(label.level, label.sector, label.valid_until.isoformat(),
                      label.is_valid_on(today), today.isoformat(), label.source_id)
