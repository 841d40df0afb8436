"""What the figures describe: the briefings' dates, and the one sentence every view shows.

Issue 16: a data version ("2026.11.1") is the date of our build, not of the figures. The
briefings are what the figures describe: the companion study prints its date ("April 2018");
the Preparatory Briefing prints none (docs/data.md, "When the briefings were written"), so it
is called undated and dated instead by the year of its latest figures, computed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from mxdesk.core import i18n
from mxdesk.core.directory import Directory
from mxdesk.core.i18n import N_, _
from mxdesk.core.records import Fact

#: What a figure with neither a year nor a period shows where its year would be, when the
#: document that prints it is undated (the Preparatory Briefing).
YEAR_NOT_STATED = N_("(year not stated)")
#: … when that document prints a date: the figure is known only to have been printed then
#: ("(as printed in April 2018)"), not to be a figure of that year (docs/data.md).
# Translators: {date} is the date the briefing prints, as it prints it ("April 2018").
AS_PRINTED = N_("(as printed in {date})")

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class BriefingDate:
    """One briefing: its *title*, the *date* it prints (None when it prints none) and, for
    one that prints none, the year of its *latest* figures (None when it has no dated
    figures)."""

    document_id: str
    title: str
    date: str | None
    latest: int | None

    def shown(self) -> str:
        """``"April 2018"``, ``"undated; its latest figures are of 2018"`` or ``"undated"``
        (the words in the current language; the printed date as printed)."""
        if self.date:
            return printed_date(self.date)
        if self.latest:
            return _("undated; its latest figures are of {year}").format(year=self.latest)
        return _("undated")


def fact_when(fact: Fact) -> str:
    """The year or period of *fact* (``"2017"``, ``"2013–2017"``), or what
    :func:`no_year` says when the briefing gives neither."""
    return fact.when() or no_year(fact)


def no_year(fact: Fact) -> str:
    """What *fact* shows for a year it does not have: ``"(as printed in April 2018)"`` when
    its document prints a date (:data:`AS_PRINTED`), else :data:`YEAR_NOT_STATED`. Raises
    nothing."""
    return (_(AS_PRINTED).format(date=printed_date(fact.printed)) if fact.printed
            else _(YEAR_NOT_STATED))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def printed_date(text: str) -> str:
    """A document's printed date in the current language: "April 2018" stays as printed in
    English and reads "abril de 2018" in Spanish (the same month and year, CLDR's words);
    any other form of date is shown as printed. Raises nothing."""
    month, _space, year = text.partition(" ")
    if i18n.language() == i18n.ENGLISH or month not in _MONTHS or not year.isdigit():
        return text
    return i18n.month_year(dt.date(int(year), _MONTHS.index(month) + 1, 1))


def latest_figures(fact_years: list[int], cited: list[str]) -> int | None:
    """The year of a briefing's latest figures: the latest of *fact_years* that is not after
    the newest year printed in its footnotes' titles and addresses (*cited*: the newest
    publication it rests on). A figure dated later than anything it cites is a target or a
    forecast ("50% by 2050"), not a figure of that year. Without a year in *cited*, the latest
    of *fact_years*; None when there are no years."""
    newest = max((int(y) for text in cited for y in _YEAR.findall(text)), default=None)
    kept = [y for y in fact_years if newest is None or y <= newest]
    return max(kept, default=None)


def briefing_dates(directory: Directory) -> tuple[BriefingDate, ...]:
    """The briefings of *directory* (documents with a file; not its conventions), in id order
    (the Preparatory Briefing first). Raises DirectoryError when the file cannot be read."""
    out = []
    for doc_id, title, date in directory.documents():
        latest = None if date else latest_figures(
            directory.fact_years(doc_id), directory.cited_texts(doc_id))
        out.append(BriefingDate(doc_id, title, date or None, latest))
    return tuple(out)


def figures_sentence(directory: Directory) -> str:
    """The one sentence that says what the figures describe: ``"Figures as published in the
    Preparatory Briefing on Mexico (undated; its latest figures are of 2018) and Mexico's
    competitiveness clusters in industrial innovation (April 2018); each figure shows its
    year."`` Raises DirectoryError when the file cannot be read."""
    return sentence(briefing_dates(directory))


def sentence(dates: tuple[BriefingDate, ...]) -> str:
    """:func:`figures_sentence` for given *dates* ("" when there are none)."""
    if not dates:
        return ""
    # Translators: {title} is a briefing's own title (English, not translated), {when} its
    # date or "undated; …".
    named = [_("the {title} ({when})").format(title=d.title, when=d.shown())
             if d.title.startswith("Preparatory")
             else _('"{title}" ({when})').format(title=d.title, when=d.shown()) for d in dates]
    # Translators: {briefings} is a list of briefings with their dates ("the Preparatory
    # Briefing on Mexico (undated; …) and "…" (April 2018)").
    return _("Figures as published in {briefings}; each figure shows its year.").format(
        briefings=i18n.join(named))


def figures_until(directory: Directory) -> str:
    """The short form of :func:`figures_sentence` every PDF page's footer carries:
    ``"figures of 2018 and earlier"`` (the latest year a briefing prints as its date or holds
    in its figures), or "" when none is known. Raises DirectoryError when the file cannot be
    read."""
    return until(briefing_dates(directory))


def until(dates: tuple[BriefingDate, ...]) -> str:
    """:func:`figures_until` for given *dates*."""
    years = [int(y) for d in dates for y in _YEAR.findall(d.date or "")]
    years += [d.latest for d in dates if d.latest]
    # Translators: a PDF page's footer; {year} is a year ("2018").
    return _("figures of {year} and earlier").format(year=max(years)) if years else ""

