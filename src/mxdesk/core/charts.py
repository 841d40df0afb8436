"""Charts of a record's figures (issue 19): which figures may share an axis, and how each bar
says what the briefing says. No Qt: ``mxdesk.export.charts`` draws what this decides.

Only comparable figures share an axis: the same unit and the same year or period. A figure
with neither is dated only by its source (:func:`mxdesk.core.dating.no_year`), so it shares
an axis only with figures of the same footnote, printed together. A percentage is a part of
some whole, and two share an axis only when their labels name the same whole
(:func:`whole_of`): the parts of one "Share of the EU's key exports to Mexico: …", of one
"Installed capacity: …"; a sector's "Share of Mexico's total GDP" (3%) and "Share of Mexico's
manufacturing GDP" (18%) are shares of different totals and never meet, nor does a share
with a growth rate. Changes ("growth", "increase") share an axis with changes over the same
period, an annual rate only with annual rates. Within those, a chart holds
the figures one label names in parts ("Share of the EU's key exports to Mexico: machinery
…"), the same figure for several states, or labels that begin (and end) alike; a figure
left alone stays in the figures table only. Ranks share an axis only when their unit says
"of N" with the same N (a rank of 140 countries and one of an unstated list are not
comparable) and are drawn as dots, 1 the best.

Charts of one page (a record in the pane, a sector's or the country's page on paper) that
count in the same unit are drawn to one common scale (:func:`common_scales`): their axis
runs from the smallest to the largest value among them all, so a bar's length compares with
a bar's of another chart ("Government goal — million vehicles, 2020": the 5 million goal
drawn longer than 2016's 3.47 million produced) although they never share an axis (their
years differ). A unit that one chart alone uses keeps that chart's own scale, and a chart
whose unit gives the axis' end ("of 35 clusters", a rank "of 140") keeps that end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from mxdesk.core import i18n
from mxdesk.core.chart_titles import TOPIC, TRAILING_PAREN, by_kind, capital, named, titled
from mxdesk.core.dating import fact_when
from mxdesk.core.detail_parts import FactRow
from mxdesk.core.directory import Directory
from mxdesk.core.i18n import _, pgettext
from mxdesk.core.key_figures import SIGNS
from mxdesk.core.records import Fact
from mxdesk.core.text import fold

#: How a bar is drawn from its qualifier: "exact" ends where the figure does; "open" goes on
#: past it ("more than", "over": the figure is a floor); "about" is approximate ("around");
#: "ceiling" is a most ("up to": drawn dashed).
Reach = Literal["exact", "open", "about", "ceiling"]

# The signs are the key-figure strip's (one table for every page that prints a qualifier).
_OPEN = {word: sign for word, sign in SIGNS.items() if sign in (">", "≥")}
_ABOUT = {word for word, sign in SIGNS.items() if sign == "≈"}
_CEILING = {word for word, sign in SIGNS.items() if sign == "≤"}
#: Qualifiers that change what the figure is, not its size: said in the bar's label.
_SAID = {"expected", "until", "top"}
_RANK_OF = re.compile(r"\bof (\d[\d,]*)\b")


def number_text(value: float) -> str:
    """``35000`` → ``"35,000"``, ``6.8`` → ``"6.8"``, ``-5.2`` → ``"-5.2"`` (no rounding:
    the figure as the briefing prints it). Raises nothing."""
    if float(value).is_integer():
        return i18n.number(int(value))
    decimals = len(f"{value:.6f}".rstrip("0").partition(".")[2])
    return i18n.number(value, decimals)


@dataclass(frozen=True)
class Bar:
    """One figure of a chart: its *label* (the part of the figure's label that tells it from
    the others, with "(expected)" and the like when its qualifier says so), *value* in the
    chart's unit, the briefing's *qualifier*, how it is drawn (*reach*), *shown* (the number
    printed at the bar's end: "> 100", "≈ 2", "≤ 100%"), the *source_ids* of its footnote,
    *mark*, that footnote's number on the page ("[4]"; "" until a page numbers it), and
    whether it is *expected*: a target, goal or forecast, not a measured figure (drawn
    hatched, and its label says so: "… (expected)", "… (target)")."""

    label: str
    value: float
    qualifier: str | None
    reach: Reach
    shown: str
    source_ids: tuple[str, ...]
    mark: str = ""
    expected: bool = False


@dataclass(frozen=True)
class Chart:
    """Figures that share an axis: *title* (what they have in common, from their labels),
    *unit* as the directory writes it ("%", "billion EUR", "of 35 clusters", "rank (of 140
    countries)"), *when* (the year, the period, or "(as printed in April 2018)"), the *bars*
    in the order the briefing prints them, whether they are ranks drawn as dots (*dots*: 1 is
    best), *top*, the axis' end when the unit gives one (35 for "of 35 clusters"), else
    None, and *scale*, the (lowest, highest) values of the page's charts in the same unit,
    the axis they are all drawn to (:func:`common_scales`; None: drawn to its own)."""

    title: str
    unit: str
    when: str
    bars: tuple[Bar, ...]
    dots: bool = False
    top: float | None = None
    scale: tuple[float, float] | None = None
    #: *unit* as the English source writes it (issue 20: *unit* is in the language the
    #: figures were read in), what charts of one unit are matched on; "" when it is *unit*.
    unit_key: str = ""

    @property
    def unit_matched(self) -> str:
        """The unit as the English source writes it: what charts of one unit share."""
        return self.unit_key or self.unit

    @property
    def heading(self) -> str:
        """The title line, always "<what> — <unit>, <date>": ``"Share of accrued FDI — %,
        1999–2017"``, ``"i4.0 clusters by topic — clusters of 35, as printed in April 2018"``
        (an "(of 35)" the unit says is not said again in the title), ``"Light-vehicle and
        heavy-vehicle production plants — plants, year not stated"``; ranks add "1 is best"
        (``"Index — rank of 140 countries; 1 is best, 2018"``, "rank" said once: ``"Doing
        Business rank — of 190 countries; 1 is best, 2018"``)."""
        unit = unit_text(self.unit, self.unit_matched)
        title = self.title.removesuffix(":")
        rank = _("rank {whole}").format(whole="")  # "rank ": the word a ranking's unit starts
        if self.dots and rank.strip().lower() in title.lower().split() and unit.startswith(rank):
            unit = unit.removeprefix(rank)  # "Doing Business rank — of 190 countries"
        whole = _RANK_OF.search(self.unit_matched)
        if whole:
            said = (re.escape(whole.group(0)) if self.unit == self.unit_matched
                    else r"\w+ " + re.escape(whole.group(1)))  # "(de 35)" in Spanish
            title = re.sub(r"\s*\(" + said + r"\)", "", title)
        when = self.when.strip("()")
        if self.dots:
            # Translators: a ranking chart's title: "Doing Business rank — of 190 countries;
            # 1 is best, 2018".
            return _("{title} — {unit}; 1 is best, {when}").format(title=title, unit=unit,
                                                                   when=when)
        # Translators: a chart's title: what it shows, its unit, its year or period.
        return _("{title} — {unit}, {when}").format(title=title, unit=unit, when=when)

    def text(self) -> str:
        """The chart in words, for a screen reader and the image's alternative text:
        ``"Share of accrued FDI — %, 1999–2017: manufacturing industries 49% [1]; …"``."""
        bars = "; ".join(f"{b.label} {b.shown}{' ' + b.mark if b.mark else ''}"
                         for b in self.bars)
        return f"{self.heading}: {bars}."

    def marked(self, marks: dict[str, str]) -> Chart:
        """This chart with each bar's *mark* taken from *marks* (its first source's id → the
        page's "[n]"; a bar whose source is not in *marks* keeps its mark)."""
        return replace(self, bars=tuple(
            replace(b, mark=marks.get(b.source_ids[0], b.mark)) for b in self.bars))


def unit_text(unit: str, key: str = "") -> str:
    """The unit as a chart's title line says it: ``"of 35 clusters"`` → ``"clusters of
    35"``, ``"rank (of 140 countries)"`` → ``"rank of 140 countries"``, others as they
    are. *key* is *unit* as the English source writes it, when *unit* is in another language
    (``unit_text("de 35 clústeres", "of 35 clusters")`` → ``"clústeres de 35"``): what it
    is is read from *key*, its words from *unit*. Raises nothing."""
    key = key or unit
    found = re.fullmatch(r"of (\d[\d,]*) (.+)", key)
    if found:
        what = found.group(2)
        if unit != key:
            words = re.fullmatch(r"\S+ " + re.escape(found.group(1)) + r" (.+)", unit)
            if words is None:
                return unit
            what = words.group(1)
        # Translators: a chart's unit, "clusters of 35" (the axis ends at 35).
        return _("{unit} of {n}").format(unit=what, n=found.group(1))
    ranked = re.fullmatch(r"rank \((of \d[\d,]* .+)\)", key)
    if ranked is None:
        return unit
    whole = ranked.group(1)
    if unit != key:
        words = re.fullmatch(r"\S+ \((.+)\)", unit)  # "posición (de 140 países)"
        if words is None:
            return unit
        whole = words.group(1)
    # Translators: a ranking's unit in a chart's title: "rank of 140 countries".
    return _("rank {whole}").format(whole=whole)


def shown_value(fact: Fact) -> str:
    """The number a bar prints: the value with its unit's sign and the qualifier's mark
    (``"> 35,000"``, ``"≈ 2%"``, ``"≤ 100%"``, ``"#7"`` for a rank). Raises ValueError for a
    fact without a value."""
    if fact.value is None:
        raise ValueError(f"{fact.label!r} has no value to chart")
    unit = fact.unit_key  # what the unit is; the sign and the words are the language's
    number = number_text(fact.value)
    if unit == "%":
        number += "%"
    elif unit.startswith("rank"):
        number = f"#{number}"
    elif unit.startswith(("billion EUR", "million EUR")):
        word = {"billion": _("billion"), "million": _("million")}[unit.split(" ")[0]]
        # Translators: money at a chart bar's end: "€6.8 billion".
        number = _("€{number} {word}").format(number=number, word=word)
    q = fact.qualifier_key
    if q in _OPEN:
        return f"{_OPEN[q]} {number}"
    if q in _ABOUT:
        return f"≈ {number}"
    if q in _CEILING:
        return f"≤ {number}"
    return number


def reach_of(qualifier: str | None) -> Reach:
    """How a bar with *qualifier* is drawn (see :data:`Reach`)."""
    if qualifier in _OPEN:
        return "open"
    if qualifier in _ABOUT:
        return "about"
    if qualifier in _CEILING:
        return "ceiling"
    return "exact"


_OF_IN_LABEL = re.compile(r"\s*\(of (\d[\d,]*)\)$")


def unit_of(fact: Fact, key: bool = False) -> str:
    """The unit a figure is charted in: its own, with the whole its label gives in brackets
    ("i4.0 competitiveness clusters in the state (of 35)", "clusters" → ``"of 35
    clusters"``), so that counts of one whole are drawn alike, against it; in the language
    the fact was read in ("de 35 clústeres"), or with *key* as the English source writes it
    (what code matches on). "" for a figure without a unit. Raises nothing."""
    unit = fact.unit_key
    shown = unit if key else (fact.unit or "")
    found = _OF_IN_LABEL.search(fact.label_key)
    if found and unit and unit != "%" and not unit.startswith(("of ", "rank")):
        if key or shown == unit:
            return f"of {found.group(1)} {unit}"
        # Translators: a count's unit with the whole it is a part of: "of 35 clusters"
        # (written as the directory writes such units: "de 35 clústeres").
        return _("of {n} {unit}").format(n=found.group(1), unit=shown)
    return shown


def _rank_of(unit: str) -> int | None:
    found = _RANK_OF.search(unit)
    return int(found.group(1).replace(",", "")) if found else None


_SHARE_OF = re.compile(r"\bshare of (?:the )?(.+?)\s*(?::|\(|$)", re.IGNORECASE)
_CHANGE = re.compile(r"\b(growth|increase|decrease|decline|change)\b", re.IGNORECASE)
_ANNUAL = re.compile(r"\bannual", re.IGNORECASE)


def whole_of(fact: Fact) -> str:
    """What a percentage is a part of, as its label says, for :func:`charts_of` to keep
    shares of different wholes apart: ``"share of mexico's total gdp"`` for "Share of
    Mexico's total GDP", ``"part of installed capacity"`` for "Installed capacity: biomass",
    ``"change"`` (``"annual change"``) for a growth or an increase, and the label itself
    for a percentage that names no whole (it then shares an axis with nothing). ``""`` for a
    figure in another unit (its unit says what it counts). Raises nothing."""
    if fact.unit_key != "%":
        return ""
    label = fact.label_key  # the English source's words (issue 20)
    share = _SHARE_OF.search(label)
    if share:
        return "share of " + fold(share.group(1))
    head, colon, _ = label.partition(": ")
    if colon:
        return "part of " + fold(head)
    if _CHANGE.search(label):
        return "annual change" if _ANNUAL.search(label) else "change"
    return "figure " + fold(label)


def _axis_key(fact: Fact) -> tuple[str, ...] | None:
    """What figures must share to share an axis, or None for one that never does."""
    unit = unit_of(fact, key=True)
    if fact.value is None or not unit:
        return None
    if unit.startswith("rank") and _rank_of(unit) is None:
        return None  # a rank of a list of unknown length compares with nothing
    when = fact.when()
    whole = whole_of(fact)
    return (unit, when, whole) if when else (unit, "", fact.printed or "", fact.source_id, whole)


def _said(fact: Fact) -> str:
    """" (until)", " (top)", " (expected)" after a bar's label whose qualifier changes what
    the figure is and whose label does not say it (decided on the English source's words,
    said in the fact's)."""
    q = fact.qualifier_key
    if q not in _SAID or q in fact.label_key.lower():
        return ""
    word = pgettext("figure", "expected") if q == "expected" else (fact.qualifier or q)
    return f" ({word})"


#: How a chart's title was made from its labels (:func:`_stems`), for the same to be made
#: from the labels in another language (:func:`_in_words`): "colon" (the head of "Head:
#: part" labels), "state" (one figure for several states), "paren" (the remark in brackets
#: the labels end with), "titled" (:func:`mxdesk.core.chart_titles.titled`), "left" (the
#: figures of an axis no title took: titled, else listed, else the record's).
How = Literal["colon", "state", "paren", "titled", "left", ""]


def _stems(rows: Sequence[FactRow], topics: set[str], known: Mapping[str, str],
           ) -> list[tuple[str, How, list[tuple[str, FactRow]]]]:
    """The rows split into (title, how, [(bar label, row)]) by what their labels share (the
    English source's words), in the order first met; a row that shares nothing comes alone
    (title "")."""
    labels = [r.fact.label_key for r in rows]
    parens = [m.group(1) if (m := TRAILING_PAREN.search(x)) else None for x in labels]
    firsts = [tuple(w.lower() for w in x.split()[:3]) for x in labels]
    keyed: dict[str, list[tuple[str, FactRow]]] = {}
    hows: dict[str, How] = {}
    prefixed: dict[tuple[str, ...], list[FactRow]] = {}
    order: list[tuple[str, object]] = []
    for n, row in enumerate(rows):
        label = labels[n]
        head, colon, tail = label.partition(": ")
        how: How
        if colon and sum(x.startswith(head + ": ") for x in labels) > 1:
            key, item, how = head, tail, "colon"
        elif row.state is not None and labels.count(label) > 1:
            # The same figure for several states: "… in the state (of 35)" → "… by state".
            key = (label.replace(" in the state", " by state", 1) if " in the state" in label
                   else by_kind(label, "state"))
            item, how = row.state.name, "state"
        elif parens[n] and parens.count(parens[n]) > 1:
            key, item, how = str(parens[n]), TRAILING_PAREN.sub("", label), "paren"
        elif len(firsts[n]) == 3 and firsts.count(firsts[n]) > 1:
            if firsts[n] not in prefixed:
                order.append(("prefix", firsts[n]))
            prefixed.setdefault(firsts[n], []).append(row)
            continue
        else:
            order.append(("alone", row))
            continue
        if key not in keyed:
            order.append(("key", key))
            hows[key] = how
        keyed.setdefault(key, []).append((capital(item) + _said(row.fact), row))
    out: list[tuple[str, How, list[tuple[str, FactRow]]]] = []
    for kind, what in order:
        if kind == "key":
            out.append((capital(str(what)), hows[str(what)], keyed[str(what)]))
        elif kind == "alone":
            assert isinstance(what, FactRow)
            out.append(("", "", [(what.fact.label_key + _said(what.fact), what)]))
        else:
            group = prefixed[what]  # type: ignore[index]
            made = titled([r.fact.label_key for r in group], topics, known)
            title, bars = made if made is not None else ("", [r.fact.label_key for r in group])
            out.append((title, "titled" if made is not None else "",
                        [(bar + _said(r.fact), r) for bar, r in zip(bars, group, strict=True)]))
    return out


def _in_words(how: How, title: str, items: list[tuple[str, FactRow]], known: Mapping[str, str],
              topics: set[str], bland: str) -> tuple[str, list[str]]:
    """The title and bar labels of a chart whose *title* and bars (*items*) were made, as
    *how* says, from the English source's labels, made the same way from the labels in the
    language the figures were read in (issue 20): the same structure where their words allow
    it, else a title those labels give (:func:`titled`, *topics* the record's topics in
    their words; :func:`named`) or *bland*, the record's, over the labels whole. The English
    ones when the labels are English."""
    facts = [r.fact for _, r in items]
    if all(f.label == f.label_key for f in facts):
        return title, [label for label, _ in items]
    labels = [f.label for f in facts]
    said = [_said(f) for f in facts]
    if how == "colon" and all(": " in x for x in labels) \
            and len({x.partition(": ")[0] for x in labels}) == 1:
        return (capital(labels[0].partition(": ")[0]),
                [capital(x.partition(": ")[2]) + s for x, s in zip(labels, said, strict=True)])
    if how == "state":
        return _by_state(labels[0]), [capital(r.state.name if r.state else f.label) + s
                                      for (_, r), f, s in zip(items, facts, said, strict=True)]
    parens = [m.group(1) if (m := TRAILING_PAREN.search(x)) else "" for x in labels]
    if how == "paren" and all(parens) and len(set(parens)) == 1:
        return capital(parens[0]), [capital(TRAILING_PAREN.sub("", x)) + s
                                    for x, s in zip(labels, said, strict=True)]
    made = titled(labels, topics, known)
    if made is not None:
        return made[0], [bar + s for bar, s in zip(made[1], said, strict=True)]
    return (named(labels, known) or bland), [x + s for x, s in zip(labels, said, strict=True)]


def _by_state(label: str) -> str:
    """The title of one figure for several states, from its label in the language it was
    read in: "… in the state (of 35)" → "… by state (of 35)"."""
    # Translators: the words of a figure's label that say it is about one state
    # ("i4.0 competitiveness clusters in the state (of 35)"), as the directory's Spanish
    # labels write them: a chart of that figure for several states is titled "… by state".
    phrase = pgettext("figure label", "in the state")
    paren = TRAILING_PAREN.search(label)
    base = TRAILING_PAREN.sub("", label)
    found = re.search(r"\s+" + re.escape(phrase) + r"\b", base, re.IGNORECASE)
    if found:
        base = base[:found.start()] + base[found.end():]
    return capital(by_kind(base.strip(), "state")) + (f" ({paren.group(1)})" if paren else "")


def _topic_said() -> re.Pattern[str]:
    """:data:`TOPIC` in the current language ("Qué abarca el tema de …")."""
    # Translators: how the directory's labels name a topic of the i4.0 clusters, as its
    # Spanish labels write it ("What the digital factories topic covers"); {topic} is the
    # topic's name.
    said = pgettext("figure label", "What the {topic} topic covers")
    before, _topic, after = said.partition("{topic}")
    return re.compile("^" + re.escape(before) + r"(.+?)" + (re.escape(after) if after else
                                                           r"(?=\s*\(|$)"), re.IGNORECASE)


#: Words of a label that make its figure one not yet measured: a goal, target or forecast.
_EXPECTED = re.compile(r"\b(expected|forecast(?:ed)?|goal|target|to be installed)\b",
                       re.IGNORECASE)


def expected_as(fact: Fact) -> str | None:
    """What makes *fact* a figure not yet measured, as a bar's label says it: "expected"
    (its qualifier, or its label's "Expected …"), "forecast", "goal", "target"; None for a
    measured figure. Read in the English source's words. Raises nothing."""
    if fact.qualifier_key == "expected":
        return "expected"
    found = _EXPECTED.search(fact.label_key)
    if found is None:
        return None
    word = found.group(1).lower()
    return {"forecasted": "forecast", "to be installed": "expected"}.get(word, word)


def _bar(label: str, fact: Fact, english: str) -> Bar:
    """*fact*'s bar under *label* (its label in the English source's words: *english*); a
    figure not yet measured says so in its label."""
    kind = expected_as(fact)
    if kind is not None and not _EXPECTED.search(english):
        said = {"expected": pgettext("figure", "expected"),
                "forecast": pgettext("figure", "forecast"),
                "goal": pgettext("figure", "goal"),
                "target": pgettext("figure", "target")}.get(kind, kind)
        if label == english or fold(said) not in fold(label):
            # Translators: after a bar's label, a figure not yet measured: "… (expected)".
            label += _(" ({kind})").format(kind=said)
    return Bar(label, float(fact.value or 0), fact.qualifier, reach_of(fact.qualifier_key),
               shown_value(fact), fact.source_ids, expected=kind is not None)


def _chart(title: str, labels: list[str], items: list[tuple[str, FactRow]]) -> Chart:
    """The chart of *items* (English bar label, row) titled *title*, its bars' labels
    *labels* (in the language the figures were read in)."""
    first = items[0][1].fact
    key = unit_of(first, key=True)
    unit = unit_of(first)
    dots = key.startswith("rank")
    top = _rank_of(key)
    bars = tuple(_bar(label, r.fact, english)
                 for label, (english, r) in zip(labels, items, strict=True))
    return Chart(title, unit, fact_when(first), bars, dots=dots,
                 top=float(top) if top is not None else None,
                 unit_key=key if key != unit else "")


def charts_of(rows: Iterable[FactRow], known: Mapping[str, str] | None = None,
              record: str = "") -> tuple[Chart, ...]:
    """The charts of a record's figures (*rows*, in the order its page lists them): for each
    set of comparable figures (see the module's docstring), a chart per title they share,
    and one of those left, when two or more are. A chart has two bars or more; figures in
    words, without a unit, or alone stay out.

    Titles come from the labels' own words (:func:`mxdesk.core.chart_titles.titled`):
    "i4.0 clusters by sector" when what the labels differ by is a sector, a state or a
    topic: *known* maps folded names (:func:`mxdesk.core.text.fold`) to "state" or "sector"
    (:func:`known_names`), and the record's "What the … topic covers" figures name its
    topics. Figures whose labels give no title are titled from *record*, the record's
    name ("Automotive figures", "Other Automotive figures"; "Figures" without it), never
    with a fragment of a label.

    Which figures share a chart, and how each is drawn, is decided on the English source's
    words (:attr:`Fact.label_key`, :attr:`~Fact.unit_key`, :attr:`~Fact.qualifier_key`), so
    figures read in Spanish chart as in English; titles, bar labels and units are in the
    words the figures were read in (issue 20). Raises nothing."""
    rows = list(rows)
    known = known or {}
    topics = {fold(m.group(1)) for r in rows if (m := TOPIC.match(r.fact.label_key))}
    topic = _topic_said()
    said_topics = {fold(m.group(1)) for r in rows if (m := topic.match(r.fact.label))}
    axes: dict[tuple[str, ...], list[FactRow]] = {}
    for row in rows:
        key = _axis_key(row.fact)
        if key is not None:
            axes.setdefault(key, []).append(row)
    charts: list[tuple[int, Chart]] = []
    place = {id(row): n for n, row in enumerate(rows)}
    for group in axes.values():
        if len(group) < 2:
            continue
        left: list[tuple[str, FactRow]] = []
        for title, how, items in _stems(group, topics, known):
            if title and len(items) > 1:
                whole = _("{record} figures").format(record=record) if record else _("Figures")
                shown, labels = _in_words(how, title, items, known, said_topics, whole)
                charts.append((place[id(items[0][1])], _chart(shown, labels, items)))
            else:
                left += items
        if len(left) > 1:
            english = [r.fact.label_key for _, r in left]
            made = titled(english, topics, known)
            if made is not None:
                left = [(bar + _said(r.fact), r) for bar, (_, r) in zip(made[1], left,
                                                                        strict=True)]
            found = made[0] if made is not None else named(english, known)
            other = len(left) < len(group)
            if record:
                bland = (_("Other {record} figures") if other
                         else _("{record} figures")).format(record=record)
            else:
                bland = _("Other figures") if other else _("Figures")
            shown, labels = _in_words("left", found or bland, left, known, said_topics, bland)
            charts.append((place[id(left[0][1])], _chart(shown, labels, left)))
    # In the order the page lists their first figures.
    return tuple(chart for _, chart in sorted(charts, key=lambda pair: pair[0]))


def common_scales(charts: Iterable[Chart]) -> tuple[Chart, ...]:
    """*charts*, the charts of one page in its order, with those of a unit that two or more
    of them count in drawn to one scale: each one's *scale* set to (the smallest value among
    them and 0, the largest and 0), so lengths compare across charts. A chart whose unit no
    other chart has, or whose axis the unit ends (*top*: "of 35", a rank), keeps
    ``scale=None``. Units are matched as the English source writes them
    (:attr:`Chart.unit_matched`). Raises nothing."""
    charts = tuple(charts)
    by_unit: dict[str, list[float]] = {}
    counted: dict[str, int] = {}
    for chart in charts:
        if chart.top is None and not chart.dots:
            unit = chart.unit_matched
            by_unit.setdefault(unit, []).extend(b.value for b in chart.bars)
            counted[unit] = counted.get(unit, 0) + 1
    return tuple(
        replace(c, scale=(min(0.0, *by_unit[c.unit_matched]),
                          max(0.0, *by_unit[c.unit_matched])))
        if c.top is None and not c.dots and counted[c.unit_matched] > 1 else c
        for c in charts)


def known_names(directory: Directory) -> dict[str, str]:
    """The states' and sectors' names as :func:`charts_of` knows them: folded name →
    "state" or "sector" (a name both are is a state). Raises :class:`DirectoryError` when
    the directory cannot be read."""
    out = {fold(r.name): "sector" for r in directory.all_refs("sector")}
    out.update({fold(r.name): "state" for r in directory.all_refs("state")})
    return out
