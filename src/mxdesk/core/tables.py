"""The four tabs of the window as tables: each tab's base query, columns, facets and search.

Plain data (:class:`TableSpec`, :class:`Column`, :class:`Facet`); :mod:`mxdesk.core.browse`
turns a spec plus what the user typed, ticked and sorted into the SQL that lists it. Every SQL
fragment here is a constant; what a user types or ticks only ever reaches it as a bound
parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mxdesk.core import i18n
from mxdesk.core.i18n import N_, _


@dataclass(frozen=True)
class Column:
    """A visible column of a tab's table.

    ``title`` is its heading as shown ("Quality label"); ``name`` is the base query's column
    each cell shows; ``sort`` is the ``ORDER BY`` terms that sort by it (comma-separated,
    ``DESC`` allowed; a descending sort flips each term), ending in ``sort_key`` so that ties
    fall in name order. In Spanish the terms of :data:`SPANISH_SORT` are replaced by their
    Spanish twins (the names' order as shown).
    """

    title: str
    name: str
    sort: str
    #: False for a column a user adds from the header's menu (a cluster's website, region,
    #: acronym): left out until chosen, so the list stays readable at 1366×768.
    shown: bool = True
    #: The base query's column shown instead of ``name`` in Spanish (issue 20: names and
    #: lists of sectors with their Spanish names); "" for the same column in every language.
    spanish: str = ""
    #: True when the cells are the table's own words ("Industry", "Federal", "Gold (valid
    #: until 2021)"), shown through :func:`shown_value` in the current language.
    words: bool = False

    def shown_name(self) -> str:
        """The base query's column this column shows in the current language."""
        return self.spanish if self.spanish and i18n.language() == i18n.SPANISH else self.name


#: Sort columns of the base queries -> their twins in Spanish: the names folded in the
#: order Spanish shows them (issue 20: "Químicos e Insumos Industriales" among the Q's).
SPANISH_SORT = {"sort_key": "sort_key_es", "industry_sort": "industry_sort_es"}


def sort_column(column: str) -> str:
    """*column* (``"sort_key"``, a base query's or a table's sort column) as it sorts in the
    current language: its Spanish twin (:data:`SPANISH_SORT`) in Spanish."""
    if i18n.language() == i18n.SPANISH:
        return SPANISH_SORT.get(column, column)
    return column


#: The tables whose records the Spanish names put in another order than the English ones
#: (a search in name order then cannot walk the full-text index's English order); set by
#: :func:`set_spanish_order` when a directory is opened.
_SORTED_APART: set[str] = set()


def set_spanish_order(tables: set[str]) -> None:
    """Remember which tables sort otherwise in Spanish (the build stores them in
    ``meta.sorted_apart_in_spanish``), replacing those of a directory opened before."""
    _SORTED_APART.clear()
    _SORTED_APART.update(tables)


def same_order_in_language(spec: TableSpec) -> bool:
    """Whether *spec*'s records, in name order in the current language, are in the
    full-text index's order (the English names'): always in English."""
    return i18n.language() != i18n.SPANISH or not _SORTED_APART.intersection(spec.tables)


#: Today on this computer's calendar, as a facet's SQL writes it (``date('now')`` is UTC's).
#: The build stores a dated facet's counts for each day its values change, putting a date in
#: place of this text (:mod:`mxdesk.core.stored_counts`).
TODAY_SQL = "date('now', 'localtime')"


@dataclass(frozen=True)
class Facet:
    """A way to narrow a tab's table: a group of tick boxes.

    ``title`` is its heading ("State"), also its key in the ticked values
    (:attr:`mxdesk.core.browse.BrowseQuery.selected`); ``sql`` gives ``(key, value)`` rows,
    one per value a record has (a cluster in two sectors has two), ``key`` being the base
    query's key. A facet whose values depend on today's date writes it as :data:`TODAY_SQL`
    and lists in ``changes_on`` (SQL, one ISO date a row) the days on which a value changes,
    so that the counts the build stores hold on any day.
    """

    title: str
    sql: str
    changes_on: str = ""


@dataclass(frozen=True)
class TableSpec:
    """What one tab lists: its rows (one per record), columns, facets and search."""

    #: The word for one row, for the status bar ("12 of 118 clusters").
    noun: str
    plural: str
    #: One row per record with at least: key (unique), kind, id, and every Column.name.
    base: str
    columns: tuple[Column, ...]
    facets: tuple[Facet, ...]
    #: SQL selecting the keys of the rows matching the FTS query bound to ``:q``.
    search_keys: str
    #: The record kinds listed; the first names the search index's block of rowids.
    kinds: tuple[str, ...]
    #: The tables holding them, each with an indexed ``sort_key`` (their name order) and
    #: ``sort_key_es`` (the order of the names shown in Spanish).
    tables: tuple[str, ...]
    #: What the search field finds, in the words of this table's records.
    search_hint: str = ""

    def key_of(self, kind: str, record_id: str) -> str:
        """The base query's key for a record (``kind:id`` where one table lists two kinds)."""
        return f"{kind}:{record_id}" if len(self.kinds) > 1 else record_id


#: The Clusters tab: one row per cluster, with its state, sectors and quality label.
CLUSTERS = TableSpec(
    noun=N_("cluster"),
    plural=N_("clusters"),
    base=(
        "SELECT c.id AS key, 'cluster' AS kind, c.id AS id, c.name AS name, "
        "c.sort_key AS sort_key, c.sort_key_es AS sort_key_es, "
        "coalesce(s.name, '') AS state, coalesce(s.sort_key, '~') AS state_sort, "
        "coalesce(c.sector_names, '') AS sectors, "
        "coalesce(c.name_es, c.name) AS name_es, "
        "coalesce(c.sector_names_es, c.sector_names, '') AS sectors_es, "
        # The label as the details word it: "Gold" alone read as a label in force, while
        # every label in the briefings had expired (the facet below already said so).
        "CASE WHEN c.label_level IS NULL THEN '' "
        # (Today on this computer's calendar, as the details say it; date('now') is UTC's.)
        "WHEN c.label_valid_until >= date('now', 'localtime') "
        "THEN c.label_level || ' (valid until ' || substr(c.label_valid_until, 1, 4) || ')' "
        "ELSE c.label_level || ' (expired ' || substr(c.label_valid_until, 1, 4) || ')' "
        "END AS label, "
        # Labels in force first, then expired ones, each Gold, Silver, Bronze; none last.
        "CASE WHEN c.label_level IS NULL THEN 9 ELSE "
        "(CASE c.label_level WHEN 'Gold' THEN 1 WHEN 'Silver' THEN 2 WHEN 'Bronze' THEN 3 "
        "ELSE 4 END) "
        "+ (CASE WHEN c.label_valid_until >= date('now', 'localtime') THEN 0 ELSE 4 END) "
        "END AS label_rank, "
        # Columns a user adds from the header's menu (issue 17's trial: a mission list taken
        # away had no websites).
        "coalesce(s.region, '') AS region, coalesce(c.acronym, '') AS acronym, "
        "coalesce(c.website, '') AS website, "
        "coalesce(c.label_valid_until, '') AS label_until "
        "FROM clusters c LEFT JOIN states s ON s.id = c.state_id"
    ),
    columns=(
        Column(N_("Name"), "name", "sort_key", spanish="name_es"),
        Column(N_("State"), "state", "state_sort, sort_key"),
        Column(N_("Sectors"), "sectors", "sectors COLLATE NOCASE, sort_key",
               spanish="sectors_es"),
        Column(N_("Quality label"), "label", "label_rank, sort_key", words=True),
        Column(N_("Region"), "region", "region, sort_key", shown=False),
        Column(N_("Acronym"), "acronym", "acronym = '', acronym COLLATE NOCASE, sort_key",
               shown=False),
        Column(N_("Website"), "website", "website = '', website, sort_key", shown=False),
        Column(N_("Label valid until"), "label_until",
               "label_until = '', label_until, sort_key", shown=False),
    ),
    facets=(
        Facet(N_("State"), "SELECT c.id AS key, coalesce(s.name, 'State not stated') AS value "
                       "FROM clusters c LEFT JOIN states s ON s.id = c.state_id"),
        Facet(N_("Region"), "SELECT c.id AS key, coalesce(s.region, 'State not stated') AS value "
                        "FROM clusters c LEFT JOIN states s ON s.id = c.state_id"),
        Facet(N_("Sector"), "SELECT l.cluster_id AS key, x.name AS value FROM cluster_sectors l "
                        "JOIN sectors x ON x.id = l.sector_id"),
        Facet(N_("Quality label"),
              "SELECT id AS key, CASE WHEN label_level IS NULL THEN 'No label' "  # noqa: S608
              f"WHEN label_valid_until >= {TODAY_SQL} THEN label_level || ' (valid)' "
              "ELSE label_level || ' (expired)' END AS value FROM clusters",
              # A label expires the day after its last valid day.
              changes_on="SELECT DISTINCT date(label_valid_until, '+1 day') FROM clusters "
                         "WHERE label_valid_until IS NOT NULL"),
    ),
    search_keys="SELECT record_id FROM search WHERE search MATCH :q AND kind = 'cluster'",
    kinds=("cluster",),
    tables=("clusters",),
    search_hint=N_("Search clusters: any name, acronym, state or sector (accents optional)"),
)

#: The Sectors tab: sectors, industries and themes, with how many clusters and figures each has.
SECTORS = TableSpec(
    noun=N_("sector"),
    plural=N_("sectors"),
    base=(
        "SELECT s.id AS key, 'sector' AS kind, s.id AS id, s.name AS name, s.sort_key AS sort_key, "
        "s.sort_key_es AS sort_key_es, "
        "CASE s.kind WHEN 'industry' THEN 'Industry' WHEN 'theme' THEN 'Theme' "
        "ELSE 'Sector' END AS type, coalesce(i.name, '') AS industry, "
        "coalesce(s.name_es, s.name) AS name_es, coalesce(i.name_es, i.name, '') AS industry_es, "
        "coalesce(i.sort_key, '~') AS industry_sort, "
        "coalesce(i.sort_key_es, '~') AS industry_sort_es, "
        "(SELECT count(*) FROM cluster_sectors l WHERE l.sector_id = s.id) AS clusters, "
        "(SELECT count(*) FROM facts f WHERE f.sector_id = s.id) AS figures "
        "FROM sectors s LEFT JOIN sectors i ON i.id = s.industry_id"
    ),
    columns=(
        Column(N_("Name"), "name", "sort_key", spanish="name_es"),
        Column(N_("Type"), "type", "type, sort_key", words=True),
        Column(N_("Industry"), "industry", "industry_sort, sort_key", spanish="industry_es"),
        Column(N_("Clusters"), "clusters", "clusters DESC, sort_key"),
        Column(N_("Key figures"), "figures", "figures DESC, sort_key"),
    ),
    facets=(
        Facet(N_("Type"), "SELECT id AS key, CASE kind WHEN 'industry' THEN 'Industry' "
                      "WHEN 'theme' THEN 'Theme' ELSE 'Sector' END AS value FROM sectors"),
        Facet(N_("Industry"), "SELECT s.id AS key, coalesce(i.name, 'No industry') AS value "
                          "FROM sectors s LEFT JOIN sectors i ON i.id = s.industry_id "
                          "WHERE s.kind != 'industry'"),
        Facet(N_("With clusters"), "SELECT s.id AS key, CASE WHEN EXISTS (SELECT 1 FROM "
                               "cluster_sectors l WHERE l.sector_id = s.id) THEN 'Has clusters' "
                               "ELSE 'No clusters listed' END AS value FROM sectors s"),
    ),
    search_keys="SELECT record_id FROM search WHERE search MATCH :q AND kind = 'sector'",
    kinds=("sector",),
    tables=("sectors",),
    search_hint=N_("Search sectors and industries: any name, alias or industry "
                   "(accents optional)"),
)

#: A policy's period, from its first year (or its last, when only that is known).
_PERIOD = (
    "SELECT id AS key, "
    "CASE WHEN year_start IS NULL AND year_end IS NULL THEN 'Year not stated' "
    "WHEN coalesce(year_start, year_end) < 2000 THEN 'Before 2000' "
    "WHEN coalesce(year_start, year_end) < 2010 THEN '2000–2009' "
    "WHEN coalesce(year_start, year_end) < 2015 THEN '2010–2014' "
    "ELSE '2015 and later' END AS value FROM policies"
)

#: The Policies tab: federal, state, bilateral and multilateral policies.
POLICIES = TableSpec(
    noun=N_("policy"),
    plural=N_("policies"),
    base=(
        "SELECT p.id AS key, 'policy' AS kind, p.id AS id, p.name AS name, "
        "p.sort_key AS sort_key, p.sort_key_es AS sort_key_es, "
        "CASE p.level WHEN 'federal' THEN 'Federal' WHEN 'state' THEN 'State' "
        "WHEN 'bilateral' THEN 'Bilateral' ELSE 'Multilateral' END AS level, "
        "upper(substr(p.kind, 1, 1)) || substr(p.kind, 2) AS type, "
        "CASE WHEN p.year_start IS NOT NULL AND p.year_end IS NOT NULL "
        "AND p.year_end != p.year_start THEN p.year_start || '–' || p.year_end "
        "WHEN p.year_start IS NULL AND p.year_end IS NOT NULL THEN 'until ' || p.year_end "
        "ELSE coalesce(p.year_start, '') END "
        # A policy whose last year is past says so in the list too, as the details do
        # (this computer's calendar year).
        "|| CASE WHEN p.year_end < CAST(strftime('%Y', 'now', 'localtime') AS INTEGER) "
        "THEN ' (ended)' ELSE '' END AS years, "
        "coalesce(p.year_start, p.year_end, 9999) AS year_sort, "
        "coalesce(p.sector_names, '') AS sectors, "
        "coalesce(p.name_es, p.name) AS name_es, "
        "coalesce(p.sector_names_es, p.sector_names, '') AS sectors_es, "
        "coalesce(p.body_es, p.body, '') AS body_es, "
        "coalesce(p.body, '') AS body, coalesce(p.website, '') AS website, "
        "coalesce((SELECT name FROM states WHERE id = p.state_id), '') AS state "
        "FROM policies p"
    ),
    columns=(
        Column(N_("Name"), "name", "sort_key", spanish="name_es"),
        Column(N_("Level"), "level", "level, sort_key", words=True),
        Column(N_("Type"), "type", "type, sort_key", words=True),
        Column(N_("Years"), "years", "year_sort, sort_key", words=True),
        Column(N_("Sectors"), "sectors", "sectors COLLATE NOCASE, sort_key",
               spanish="sectors_es"),
        Column(N_("Responsible"), "body", "body = '', body COLLATE NOCASE, sort_key",
               shown=False, spanish="body_es"),
        Column(N_("State"), "state", "state = '', state, sort_key", shown=False),
        Column(N_("Website"), "website", "website = '', website, sort_key", shown=False),
    ),
    facets=(
        Facet(N_("Sector"), "SELECT p.id AS key, coalesce(x.name, 'No sector named') AS value "
                        "FROM policies p LEFT JOIN policy_sectors l ON l.policy_id = p.id "
                        "LEFT JOIN sectors x ON x.id = l.sector_id"),
        Facet(N_("Level"), "SELECT id AS key, CASE level WHEN 'federal' THEN 'Federal' "
                       "WHEN 'state' THEN 'State' WHEN 'bilateral' THEN 'Bilateral' "
                       "ELSE 'Multilateral' END AS value FROM policies"),
        Facet(N_("Period"), _PERIOD),
        Facet(N_("Type"), "SELECT id AS key, upper(substr(kind, 1, 1)) || substr(kind, 2) AS value "
                      "FROM policies"),
    ),
    search_keys="SELECT record_id FROM search WHERE search MATCH :q AND kind = 'policy'",
    kinds=("policy",),
    tables=("policies",),
    search_hint=N_("Search policies: any name, acronym, body, state or sector "
                   "(accents optional)"),
)

#: The Cooperation tab: EU–Mexico programmes and European cluster partnerships in one list
#: (two kinds, so its keys are ``kind:id``).
COOPERATION = TableSpec(
    noun=N_("programme or partnership"),
    plural=N_("programmes and partnerships"),
    base=(
        "SELECT 'programme:' || id AS key, 'programme' AS kind, id, name, sort_key, "
        "sort_key_es, coalesce(name_es, name) AS name_es, "
        "'EU–Mexico programme' AS type, coalesce(relation, '') AS grp, "
        "coalesce(field, '') AS area, coalesce(field_es, field, '') AS area_es "
        "FROM programmes "
        "UNION ALL "
        "SELECT 'partnership:' || id, 'partnership', id, name, sort_key, sort_key_es, "
        "coalesce(name_es, name), "
        "'European cluster partnership (ESCP-4i)', "
        "CASE generation WHEN 1 THEN 'First generation' ELSE 'Second generation' END, "
        "coalesce(sector_text, ''), coalesce(sector_text, '') FROM partnerships"
    ),
    columns=(
        Column(N_("Name"), "name", "sort_key", spanish="name_es"),
        Column(N_("Type"), "type", "type, sort_key", words=True),
        Column(N_("Relation or generation"), "grp", "grp, sort_key", words=True),
        Column(N_("Field or sector"), "area", "area COLLATE NOCASE, sort_key", words=True,
               spanish="area_es"),
    ),
    facets=(
        Facet(N_("Type"), "SELECT 'programme:' || id AS key, 'EU–Mexico programme' AS value "
                      "FROM programmes UNION ALL SELECT 'partnership:' || id, "
                      "'European cluster partnership (ESCP-4i)' FROM partnerships"),
        Facet(N_("Relation or generation"),
              "SELECT 'programme:' || id AS key, coalesce(relation, '') AS value FROM programmes "
              "UNION ALL SELECT 'partnership:' || id, CASE generation WHEN 1 THEN "
              "'First generation' ELSE 'Second generation' END FROM partnerships"),
        Facet(N_("Sector"),
              "SELECT 'programme:' || l.programme_id AS key, x.name AS value "
              "FROM programme_sectors l JOIN sectors x ON x.id = l.sector_id UNION ALL "
              "SELECT 'partnership:' || l.partnership_id, x.name FROM partnership_sectors l "
              "JOIN sectors x ON x.id = l.sector_id"),
    ),
    search_keys=(
        "SELECT kind || ':' || record_id FROM search WHERE search MATCH :q "
        "AND kind IN ('programme', 'partnership')"
    ),
    kinds=("programme", "partnership"),
    tables=("programmes", "partnerships"),
    search_hint=N_("Search programmes and partnerships: any name, acronym, field or sector "
                   "(accents optional)"),
)

#: The browse tabs' specs by the name the window and its settings know each tab by
#: (``"clusters"``, ``"sectors"``, ``"policies"``, ``"cooperation"``), in the window's order.
TAB_SPECS: dict[str, TableSpec] = {
    "clusters": CLUSTERS, "sectors": SECTORS, "policies": POLICIES, "cooperation": COOPERATION,
}


# -- the tables' own words in the current language (issue 20) ------------------------------

#: Values the base queries and facets write in English, shown translated by
#: :func:`shown_value`; the facet's key (what a tick and a saved view store) stays English.
WORDS = {word: word for word in (
    N_("Industry"), N_("Theme"), N_("Sector"), N_("Federal"), N_("State"), N_("Bilateral"),
    N_("Multilateral"), N_("EU–Mexico programme"),
    N_("European cluster partnership (ESCP-4i)"), N_("First generation"),
    N_("Second generation"), N_("State not stated"), N_("No label"), N_("No industry"),
    N_("Has clusters"), N_("No clusters listed"), N_("No sector named"),
    N_("Year not stated"), N_("Before 2000"), N_("2015 and later"),
    # Policy kinds (the Type column: the source's kind, capitalised).
    N_("Agency"), N_("Agreement"), N_("Decree"), N_("Institution"), N_("Law"),
    N_("Policy"), N_("Programme"), N_("Regulation"), N_("Strategy"),
    # Programme relations (Table 7) and quality label levels.
    N_("Bilateral Cooperation"), N_("Cooperation on specific issues"),
    N_("Regional cooperation in Latin America"),
    N_("Gold"), N_("Silver"), N_("Bronze"),
)}
_LABEL = re.compile(r"^(\w+) \((valid|expired)(?: until)?(?: (\d{4}))?\)$")
_YEARS = re.compile(r"^(until )?([\d–]+)( \(ended\))?$")


#: The directory's names with a Spanish form (a sector's "Automotive" -> "Automotriz"), as
#: facet values show them in Spanish; set by :func:`set_spanish_names` when a directory is
#: opened (a few dozen rows), since a facet's label is drawn where no directory is at hand.
_SPANISH_NAMES: dict[str, str] = {}


def set_spanish_names(names: dict[str, str]) -> None:
    """Remember the directory's Spanish names (English name -> Spanish) for
    :func:`shown_value`, replacing those of a directory opened before."""
    _SPANISH_NAMES.clear()
    _SPANISH_NAMES.update(names)


def _word(text: str) -> str:
    """*text* translated when it is one of :data:`WORDS`, else as it is."""
    return _(WORDS[text]) if text in WORDS else text


def shown_value(value: str) -> str:
    """*value*, a cell or facet value the tables write in English ("Industry", "Gold
    (valid until 2021)", "2014–2018 (ended)"), in the current language; other text (names,
    as printed) unchanged."""
    if i18n.language() == i18n.ENGLISH or not value:
        return value
    if value in WORDS:
        return _word(value)
    if value in _SPANISH_NAMES:
        return _SPANISH_NAMES[value]
    label = _LABEL.match(value)
    if label:
        level, state, year = _word(label[1]), label[2], label[3]
        if year and state == "valid":
            return _("{level} (valid until {year})").format(level=level, year=year)
        if year:
            return _("{level} (expired {year})").format(level=level, year=year)
        return (_("{level} (valid)") if state == "valid" else
                _("{level} (expired)")).format(level=level)
    years = _YEARS.match(value)
    if years and (years[1] or years[3]):
        shown = _("until {year}").format(year=years[2]) if years[1] else years[2]
        return _("{years} (ended)").format(years=shown) if years[3] else shown
    return value
