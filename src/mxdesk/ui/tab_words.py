"""The words a browsing tab says of its list (issue 20): its search field's and table's
accessible names, the status line's count and what it says when nothing matches, each a whole
sentence per tab so that a translation can agree with the noun (Spanish "ningún clúster",
"ninguna política")."""

from __future__ import annotations

from dataclasses import dataclass

from mxdesk.core.i18n import N_, _, ngettext, number
from mxdesk.core.tables import TableSpec
from mxdesk.ui.messages import translated


@dataclass(frozen=True)
class TabWords:
    """What one tab's list is called, each text marked with ``N_`` and translated when
    shown (the status line's count, a plural, is :func:`count`'s)."""

    #: The table's accessible name ("Clusters").
    things: str
    #: The search field's accessible name, and its placeholder when the spec gives no hint.
    search: str
    #: The facet panel's accessible name.
    filter: str
    #: The bar over an empty list.
    none_match: str
    #: The status line when nothing matches, with the count in ``{status}``.
    none_status: str


#: By the tab's spec's plural (:mod:`mxdesk.core.tables`).
WORDS: dict[str, TabWords] = {
    "clusters": TabWords(
        N_("Clusters"), N_("Search clusters"), N_("Filter clusters"),
        N_("No clusters match the search and filters."), N_("No clusters match — {status}")),
    "sectors": TabWords(
        N_("Sectors"), N_("Search sectors"), N_("Filter sectors"),
        N_("No sectors match the search and filters."), N_("No sectors match — {status}")),
    "policies": TabWords(
        N_("Policies"), N_("Search policies"), N_("Filter policies"),
        N_("No policies match the search and filters."), N_("No policies match — {status}")),
    "programmes and partnerships": TabWords(
        N_("Programmes and partnerships"), N_("Search programmes and partnerships"),
        N_("Filter programmes and partnerships"),
        N_("No programmes and partnerships match the search and filters."),
        N_("No programmes and partnerships match — {status}")),
}


def search_name(spec: TableSpec) -> str:
    """The search field's accessible name: "Search clusters"."""
    words = WORDS.get(spec.plural)
    return _(words.search) if words else _("Search {things}").format(things=translated(spec.plural))


def search_hint(spec: TableSpec) -> str:
    """The search field's placeholder: the spec's hint, else :func:`search_name`."""
    return translated(spec.search_hint) if spec.search_hint else search_name(spec)


def filter_name(spec: TableSpec) -> str:
    """The facet panel's accessible name: "Filter clusters"."""
    words = WORDS.get(spec.plural)
    return _(words.filter) if words else _("Filter {things}").format(things=translated(spec.plural))


def table_name(spec: TableSpec) -> str:
    """The table's accessible name: "Clusters"."""
    words = WORDS.get(spec.plural)
    return _(words.things) if words else translated(spec.plural).capitalize()


def count(spec: TableSpec, shown: int, total: int) -> str:
    """The status line: "12 of 118 clusters" (the noun agrees with *total*)."""
    if spec.plural == "clusters":
        # Translators: the status bar's count of the Clusters tab ("12 of 118 clusters").
        text = ngettext("{shown} of {total} cluster", "{shown} of {total} clusters", total)
    elif spec.plural == "sectors":
        text = ngettext("{shown} of {total} sector", "{shown} of {total} sectors", total)
    elif spec.plural == "policies":
        text = ngettext("{shown} of {total} policy", "{shown} of {total} policies", total)
    elif spec.plural == "programmes and partnerships":
        text = ngettext("{shown} of {total} programme or partnership",
                        "{shown} of {total} programmes and partnerships", total)
    else:
        # Translators: the status bar's count of a list; {things} is what it lists.
        return _("{shown} of {total} {things}").format(
            shown=number(shown), total=number(total),
            things=translated(spec.noun if total == 1 else spec.plural))
    return text.format(shown=number(shown), total=number(total))


def none_match(spec: TableSpec) -> str:
    """The bar over an empty list: "No clusters match the search and filters."."""
    words = WORDS.get(spec.plural)
    if words is None:
        return _("No {things} match the search and filters.").format(things=translated(spec.plural))
    return _(words.none_match)


def none_status(spec: TableSpec, status: str) -> str:
    """The status line when nothing matches: "No clusters match — 0 of 118 clusters"."""
    words = WORDS.get(spec.plural)
    if words is None:
        return _("No {things} match — {status}").format(things=translated(spec.plural),
                                                        status=status)
    return _(words.none_status).format(status=status)


def how_many(spec: TableSpec, n: int) -> str:
    """*n* of the tab's records: "1 cluster", "12 clusters"."""
    if spec.plural == "clusters":
        text = ngettext("{n} cluster", "{n} clusters", n)
    elif spec.plural == "sectors":
        text = ngettext("{n} sector", "{n} sectors", n)
    elif spec.plural == "policies":
        text = ngettext("{n} policy", "{n} policies", n)
    elif spec.plural == "programmes and partnerships":
        text = ngettext("{n} programme or partnership", "{n} programmes and partnerships", n)
    else:
        # Translators: {n} records of a list; {things} is what it lists.
        return _("{n} {things}").format(n=number(n), things=translated(
            spec.noun if n == 1 else spec.plural))
    return text.format(n=number(n))
