"""Build data/clusters.db from the TOML files in data/source/.

Longer than ~450 lines: an offline tool (the app never loads it) whose checks and writer
follow the schema table by table; split, one table's rules would live in two files.

Run ``python -m mxdesk.core.build`` (or ``python -m mxdesk.core.build SOURCE_DIR OUTPUT``).
The build checks every reference first and refuses to write anything when one is broken;
it writes to a temporary file and renames it into place, so a failed build never leaves a
half-written database behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sqlite3
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from mxdesk.core import paths
from mxdesk.core.errors import BuildError
from mxdesk.core.facet_counts import write_stored_counts
from mxdesk.core.geo import MapSourceError, load_map_source
from mxdesk.core.schema import (
    CLUSTER_ITEM_KINDS,
    DIRECTORY_SCHEMA_VERSION,
    search_rowids,
)
from mxdesk.core.spanish_source import SpanishText, check_spanish, load_spanish
from mxdesk.core.spelling import write_vocabulary
from mxdesk.core.text import FTS_TOKENIZE, fold, index_text

log = logging.getLogger("mxdesk.db")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FILES = (
    "meta", "sources", "states", "sectors", "clusters", "policies", "programmes", "partnerships",
    "country", "companies",
)

#: One row to insert into a table of the directory database: column name -> value (str, int,
#: float or None), as sqlite-utils' ``insert_all`` takes it. Not a row of the TOML sources.
DatabaseRow = dict[str, Any]
#: The old name of :data:`DatabaseRow`, kept for callers.
Row = DatabaseRow
#: The search index's columns of text, folded there and kept as written in display_text.
_SEARCHED = ("name", "aliases", "place", "body")
#: Tables whose rows the UI lists, sorted by their folded name (column sort_key).
SORTED_TABLES = ("states", "sectors", "clusters", "policies", "programmes", "partnerships",
                 "countries", "companies")
#: The kinds of record: (source file, its table of records: the kind), in the order the
#: build checks them. Country and companies came with issue 16.
_KINDS = (
    ("sources", "source"), ("states", "state"), ("sectors", "sector"), ("clusters", "cluster"),
    ("policies", "policy"), ("programmes", "programme"), ("partnerships", "partnership"),
    ("country", "country"), ("companies", "company"),
)


def load_sources(source_dir: Path) -> dict[str, dict[str, Any]]:
    """Read every TOML file of *source_dir*: file name (``"clusters"``, …) -> its tables.
    Raises :class:`BuildError` when one is missing or is not valid TOML."""
    loaded: dict[str, dict[str, Any]] = {}
    for name in _FILES:
        path = source_dir / f"{name}.toml"
        try:
            with path.open("rb") as handle:
                loaded[name] = tomllib.load(handle)
        except FileNotFoundError as exc:
            raise BuildError(f"{path}: missing source file") from exc
        except tomllib.TOMLDecodeError as exc:
            raise BuildError(f"{path}: not valid TOML: {exc}") from exc
    loaded["redirects"] = load_redirects(source_dir)
    # The Spanish text beside the English (issue 20): every file optional.
    loaded["es"] = load_spanish(source_dir)
    loaded["changes"] = load_change_lists(changes_dir(source_dir))
    state_ids = {s.get("id") for s in loaded["states"].get("state", [])}
    try:
        loaded["map"] = load_map_source(source_dir / "maps", state_ids)
    except MapSourceError as exc:
        raise BuildError(str(exc)) from exc
    return loaded


def load_redirects(source_dir: Path) -> dict[str, Any]:
    """*source_dir*/redirects.toml (ids of earlier releases that no longer name a record), or
    no redirects when the file is absent. Raises :class:`BuildError` when it is not valid
    TOML."""
    path = source_dir / "redirects.toml"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise BuildError(f"{path}: not valid TOML: {exc}") from exc


# -- releases: redirects and change lists (issue 16) ------------------------------------


def changes_dir(source_dir: Path) -> Path:
    """Where the committed change lists of *source_dir* are: ``data/changes`` beside
    ``data/source``."""
    return source_dir.parent / "changes"


def load_change_lists(folder: Path) -> dict[str, Any]:
    """Every change list in *folder* (:func:`mxdesk.core.changes.read_change_lists`), as the
    sources hold them: ``{"change_list": [ChangeList, …]}``, oldest release first. Raises
    :class:`BuildError` when one is not valid."""
    from mxdesk.core.changes import read_change_lists

    return {"change_list": read_change_lists(folder)}


def create_release_tables(db: sqlite_utils.Database) -> None:
    """The tables of what earlier releases had: ``redirects`` (an id that names no record
    now -> what it became) and ``changes`` (each release's change list, in list order)."""
    t = _Tables(db)
    t.create("redirects", {"old_id": str, "change": str, "new_kind": str, "new_id": str,
                           "release": str, "reason": str}, pk="old_id",
             not_null=["change", "release", "reason"])
    t.create("changes", {"release": str, "position": int, "kind": str, "record_id": str,
                         "name": str, "change": str, "subject": str, "before": str,
                         "after": str, "new_kind": str, "new_id": str, "reason": str},
             pk=("release", "position"), not_null=["kind", "record_id", "name", "change"])


def write_release_tables(db: sqlite_utils.Database, src: dict[str, dict[str, Any]]) -> None:
    """Fill the tables of :func:`create_release_tables` from redirects.toml and the change
    lists (none for sources that have neither, like the synthetic directory's). A redirect's
    ``change`` is "removed" without ``new``, "merged" when its reason says so, else
    "renamed"; its new record's kind is read from the names written."""
    rows = []
    for entry in _records(src.get("redirects", {}), "redirect"):
        new = entry.get("new")
        found = db.execute("SELECT kind FROM names WHERE record_id = ? ORDER BY kind",
                           [new]).fetchone() if new else None
        reason = str(entry["reason"])
        change = ("removed" if not new else
                  "merged" if reason.lower().startswith("merged") else "renamed")
        rows.append({"old_id": entry["old"], "change": change, "new_kind": found[0] if found
                     else None, "new_id": new, "release": str(entry["release"]),
                     "reason": reason})
    db["redirects"].insert_all(rows)  # type: ignore[union-attr]
    db["changes"].insert_all(  # type: ignore[union-attr]
        {"release": change_list.release, "position": n, "kind": c.kind,
         "record_id": c.record_id, "name": c.name, "change": c.change, "subject": c.subject,
         "before": c.before, "after": c.after, "new_kind": c.new_kind, "new_id": c.new_id,
         "reason": c.reason}
        for change_list in src.get("changes", {}).get("change_list", [])
        for n, c in enumerate(change_list.changes))


def write_release_changes(previous: Path, source_dir: Path, output: Path,
                          folder: Path) -> Path:
    """``--previous``: compare the previous release's database *previous* with *output*
    (just built from *source_dir*) and write the change list to *folder*/<release>.json;
    returns its path. Raises :class:`BuildError` as
    :func:`mxdesk.core.release_diff.compare` does."""
    from mxdesk.core.changes import write_change_list
    from mxdesk.core.release_diff import compare

    changes = compare(previous, output, _records(load_redirects(source_dir), "redirect"))
    return write_change_list(changes, folder)


class _Checker:
    """Collects every broken reference so one build run reports them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def require(self, ok: bool, where: str, message: str) -> None:
        if not ok:
            self.problems.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.problems:
            shown = "\n  ".join(self.problems[:50])
            more = len(self.problems) - 50
            tail = f"\n  … and {more} more" if more > 0 else ""
            raise BuildError(f"{len(self.problems)} problem(s) in data/source:\n  {shown}{tail}")


def _records(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    records = data.get(key, [])
    return list(records) if isinstance(records, list) else []


def validate(src: dict[str, dict[str, Any]]) -> None:
    """Check ids, references and sources across all files; raise BuildError listing problems."""
    check = _Checker()
    ids: dict[str, set[str]] = {}
    for file, key in _KINDS:
        seen: set[str] = set()
        for index, record in enumerate(_records(src.get(file, {}), key)):
            rid = record.get("id")
            where = f"{file}.toml {key} #{index + 1} ({rid})"
            check.require(isinstance(rid, str) and bool(_ID.match(rid)), where, "bad or missing id")
            check.require(rid not in seen, where, "duplicate id")
            check.require(bool(record.get("name") or record.get("title")), where, "no name")
            if isinstance(rid, str):
                seen.add(rid)
        ids[key] = seen
    documents = {d.get("id") for d in _records(src["sources"], "document")}

    def refs(where: str, kind: str, values: Iterable[Any]) -> None:
        for value in values:
            check.require(value in ids[kind], where, f"unknown {kind} {value!r}")

    def facts(where: str, record: dict[str, Any]) -> None:
        for n, fact in enumerate(record.get("fact", [])):
            at = f"{where} fact #{n + 1} ({fact.get('label')})"
            check.require(bool(fact.get("label")), at, "no label")
            check.require("value" in fact or "text" in fact, at, "neither value nor text")
            check.require(
                "value" not in fact or isinstance(fact["value"], int | float), at,
                "value is not a number",
            )
            check.require(("source" in fact) != ("sources" in fact), at,
                          "give one of source (a footnote) or sources (a list)")
            cited = _fact_sources(fact)
            check.require(bool(cited) and len(set(cited)) == len(cited), at,
                          "sources must be a list of different ids")
            refs(at, "source", cited or [None])
            if "state" in fact:
                refs(at, "state", [fact["state"]])
            if "topic" in fact:
                check.require(_text(fact["topic"]), at, "topic is not a text")

    for source in _records(src["sources"], "source"):
        check.require(source.get("document") in documents, f"sources.toml {source.get('id')}",
                      f"unknown document {source.get('document')!r}")
        if "same_as" in source:
            refs(f"sources.toml {source.get('id')}", "source", [source["same_as"]])

    for file, key in _KINDS[1:]:
        for record in _records(src.get(file, {}), key):
            where = f"{file}.toml {record.get('id')}"
            check.require(bool(record.get("sources")), where, "no sources")
            refs(where, "source", record.get("sources", []))
            refs(where, "sector", record.get("sectors", []))
            if record.get("state"):
                refs(where, "state", [record["state"]])
            if key != "state":
                check.require(bool(record.get("description")), where, "no description")
            facts(where, record)
            if key == "sector":
                check.require(record.get("kind") in {"industry", "sector", "theme"}, where,
                              f"bad kind {record.get('kind')!r}")
                if record.get("industry"):
                    refs(where, "sector", [record["industry"]])
                for loc in record.get("location", []):
                    refs(f"{where} location {loc.get('group')}", "state", loc.get("states", []))
                    refs(f"{where} location {loc.get('group')}", "source", [loc.get("source")])
            if key == "cluster":
                for listing in record.get("listing", []):
                    at = f"{where} listing {listing.get('name')!r}"
                    check.require(bool(listing.get("table")), at, "no table")
                    if listing.get("state"):
                        refs(at, "state", [listing["state"]])
                label = record.get("label")
                if label:
                    refs(f"{where} label", "source", [label.get("source")])
                    try:
                        _date(label.get("valid_until"))
                    except ValueError:
                        check.require(False, f"{where} label", "valid_until is not a date")
            if key == "policy" and record.get("parent"):
                refs(where, "policy", [record["parent"]])
            if key in ("state", "policy") and "website" in record:
                check.require(_text(record["website"]), where, "website is not a text")
            if key in ("country", "company"):
                check_country_or_company(key, record, where, check, refs)
    check_names_and_redirects(src, ids, check)
    check_spanish(src, check.require)
    check.raise_if_any()


def _text(value: Any) -> bool:
    """Whether *value* is a text with something in it (not blank)."""
    return isinstance(value, str) and bool(value.strip())


def check_country_or_company(key: str, record: dict[str, Any], where: str, check: _Checker,
                             refs: Callable[[str, str, Iterable[Any]], None]) -> None:
    """Add to *check* what a country's or a company's own fields break (issue 16): a
    company's sectors (at least one, each known), states (each known) and origin (a text
    when given); a country's conclusions (each a text with a known source). *refs* checks
    ids of a kind (``refs(where, "state", ids)``); the fields every kind has (id, name,
    sources, description, facts) are checked with the others'."""
    if key == "company":
        check.require(bool(record.get("sectors")), where, "no sectors")
        refs(where, "state", record.get("states", []))
        if "origin" in record:
            check.require(_text(record["origin"]), where, "origin is not a text")
        return
    for n, conclusion in enumerate(record.get("conclusion", [])):
        at = f"{where} conclusion #{n + 1}"
        check.require(_text(conclusion.get("text")), at, "no text")
        refs(at, "source", [conclusion.get("source")])


def check_names_and_redirects(src: dict[str, dict[str, Any]], ids: dict[str, set[str]],
                              check: _Checker) -> None:
    """Add to *check* every record whose name, acronym and aliases hold two forms that differ
    only in case ("IT@Baja" and "IT@BAJA": look-ups and search fold case, so the second form
    only repeats the first under "Also known as"), and every redirects.toml entry that does
    not hold: an ``old`` id that still names a record or comes twice, a ``new`` id that names
    none, no ``release`` or ``reason``. *ids* maps each kind ("cluster", …, "source") to its
    ids. Records are found generically (any table of records with an id and a name), so
    kinds added later are checked too."""
    for file, tables in src.items():
        for key, records in tables.items():
            for record in records if isinstance(records, list) else []:
                if not isinstance(record, dict) or "name" not in record:
                    continue
                seen: dict[str, str] = {}
                for form in [record["name"], record.get("acronym"), *record.get("aliases", [])]:
                    if isinstance(form, str):
                        first = seen.setdefault(form.casefold(), form)
                        check.require(first == form, f"{file}.toml {key} {record.get('id')}",
                                      f"{first!r} and {form!r} differ only in case")
    current = set().union(*(each for kind, each in ids.items() if kind != "source"))
    olds: set[str] = set()
    for n, entry in enumerate(_records(src.get("redirects", {}), "redirect")):
        old, new = entry.get("old"), entry.get("new")
        where = f"redirects.toml redirect #{n + 1} ({old})"
        check.require(isinstance(old, str) and bool(_ID.match(old)), where, "bad or missing old")
        check.require(old not in current, where, "old still names a record")
        check.require(old not in olds, where, "old comes twice")
        check.require(new is None or new in current, where, f"new {new!r} names no record")
        check.require(bool(entry.get("release")) and bool(entry.get("reason")), where,
                      "no release or no reason")
        if isinstance(old, str):
            olds.add(old)


def distinct_aliases(name: str, forms: Iterable[str]) -> list[str]:
    """*forms* without repeats, without *name*, and without a form that differs from an
    earlier one (or from *name*) only in case: the first form printed is kept."""
    seen = {name.casefold()}
    out: list[str] = []
    for form in forms:
        if form.casefold() not in seen:
            seen.add(form.casefold())
            out.append(form)
    return out


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _joined(*parts: Any) -> str:
    """Join text for the search index, flattening lists (of lists: a record's fact words
    inside its body were written as "['…']" before issue 20), skipping blanks and repeats."""
    out: dict[str, str] = {}

    def add(part: Any) -> None:
        if isinstance(part, list | tuple):
            for each in part:
                add(each)
        elif part:
            out.setdefault(fold(str(part)), str(part))

    add(parts)
    return " · ".join(out.values())


class _Tables:
    """Creates the schema with sqlite-utils, relations declared as foreign keys."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def create(
        self, name: str, columns: dict[str, type], pk: str | tuple[str, ...],
        fks: Iterable[tuple[str, str, str]] = (), not_null: Iterable[str] = (),
    ) -> None:
        self.db[name].create(  # type: ignore[union-attr]
            columns, pk=pk, foreign_keys=list(fks), not_null=set(not_null),
        )

    def link(self, name: str, left: tuple[str, str], right: tuple[str, str]) -> None:
        """A many-to-many table: (left_col -> left_table.id, right_col -> right_table.id)."""
        self.create(
            name, {left[0]: str, right[0]: str}, pk=(left[0], right[0]),
            fks=[(left[0], left[1], "id"), (right[0], right[1], "id")],
        )


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table of the directory (docs/data.md, "Schema") in the empty *db*, with
    their keys, foreign keys and NOT NULL columns; rows are written after."""
    t = _Tables(db)
    t.create("meta", {"key": str, "value": str}, pk="key")
    t.create("documents", {"id": str, "title": str, "file": str, "date": str}, pk="id")
    t.create(
        "sources",
        {"id": str, "document_id": str, "footnote": int, "title": str, "url": str,
         "section": str, "same_as": str},
        pk="id", fks=[("document_id", "documents", "id"), ("same_as", "sources", "id")],
        not_null=["document_id", "title"],
    )
    t.create("states", {"id": str, "name": str, "region": str, "annex_count": int,
                        "website": str, "sort_key": str, "sort_key_es": str}, pk="id",
             not_null=["name", "region"])
    # Each state's outline on the map of Mexico (mxdesk.core.geo, issue 19): absolute SVG
    # path data in the frame meta.map_view_box, keyed by the state and its ISO 3166-2 code;
    # label_x, label_y: where its number is printed (geo.label_point, the pole of
    # inaccessibility of its largest ring), computed here once rather than on every paint.
    t.create("state_shapes", {"state_id": str, "iso_code": str, "outline": str,
                              "label_x": float, "label_y": float},
             pk="state_id", fks=[("state_id", "states", "id")],
             not_null=["iso_code", "outline", "label_x", "label_y"])
    # The Spanish text (issue 20) sits beside the English in *_es columns, NULL where the
    # sources give none (a reader then shows the English): one row read per record in
    # either language, no join.
    t.create(
        "sectors",
        {"id": str, "name": str, "kind": str, "industry_id": str, "description": str,
         "sort_key": str, "name_es": str, "description_es": str, "sort_key_es": str},
        pk="id", fks=[("industry_id", "sectors", "id")], not_null=["name", "kind"],
    )
    t.create(
        "clusters",
        {"id": str, "name": str, "acronym": str, "state_id": str, "legal_form": str,
         "founded": int, "website": str, "description": str, "label_level": str,
         "label_sector": str, "label_valid_until": str, "label_source_id": str,
         "sort_key": str, "sector_names": str, "name_es": str, "description_es": str,
         "legal_form_es": str, "sector_names_es": str, "label_sector_es": str,
         "sort_key_es": str},
        pk="id", fks=[("state_id", "states", "id"), ("label_source_id", "sources", "id")],
        not_null=["name", "description"],
    )
    t.create(
        "policies",
        {"id": str, "name": str, "kind": str, "level": str, "state_id": str, "year_start": int,
         "year_end": int, "body": str, "parent_id": str, "section": str, "description": str,
         "website": str, "sort_key": str, "sector_names": str, "name_es": str,
         "description_es": str, "body_es": str, "sector_names_es": str, "sort_key_es": str},
        pk="id", fks=[("state_id", "states", "id"), ("parent_id", "policies", "id")],
        not_null=["name", "kind", "level", "description"],
    )
    t.create(
        "programmes",
        {"id": str, "name": str, "relation": str, "field": str, "website": str,
         "description": str, "sort_key": str, "name_es": str, "description_es": str,
         "field_es": str, "sort_key_es": str},
        pk="id", not_null=["name", "description"],
    )
    t.create(
        "partnerships",
        {"id": str, "name": str, "acronym": str, "generation": int, "sector_text": str,
         "description": str, "sort_key": str, "name_es": str, "description_es": str,
         "sort_key_es": str},
        pk="id", not_null=["name", "description"],
    )
    create_country_and_company_tables(t)
    for kind, table in (("state", "states"), ("sector", "sectors"), ("cluster", "clusters"),
                        ("policy", "policies"), ("country", "countries"),
                        ("company", "companies")):
        t.create(f"{kind}_aliases", {f"{kind}_id": str, "alias": str}, pk=(f"{kind}_id", "alias"),
                 fks=[(f"{kind}_id", table, "id")])
    for kind, table in (("state", "states"), ("sector", "sectors"), ("cluster", "clusters"),
                        ("policy", "policies"), ("programme", "programmes"),
                        ("partnership", "partnerships"), ("country", "countries"),
                        ("company", "companies")):
        t.link(f"{kind}_sources", (f"{kind}_id", table), ("source_id", "sources"))
    for kind, table in (("cluster", "clusters"), ("policy", "policies"),
                        ("programme", "programmes"), ("partnership", "partnerships"),
                        ("company", "companies")):
        t.link(f"{kind}_sectors", (f"{kind}_id", table), ("sector_id", "sectors"))
    t.link("company_states", ("company_id", "companies"), ("state_id", "states"))
    t.create(
        "cluster_listings",
        {"cluster_id": str, "position": int, "table_ref": str, "name": str, "state_id": str,
         "sector_text": str},
        pk=("cluster_id", "position"),
        fks=[("cluster_id", "clusters", "id"), ("state_id", "states", "id")],
        not_null=["table_ref", "name"],
    )
    t.create(
        "cluster_items",
        {"cluster_id": str, "kind": str, "position": int, "text": str, "text_es": str},
        pk=("cluster_id", "kind", "position"), fks=[("cluster_id", "clusters", "id")],
        not_null=["text"],
    )
    t.create(
        "sector_locations",
        {"sector_id": str, "grp": str, "state_id": str, "source_id": str, "grp_es": str},
        pk=("sector_id", "grp", "state_id"),
        fks=[("sector_id", "sectors", "id"), ("state_id", "states", "id"),
             ("source_id", "sources", "id")],
    )
    t.create(
        "facts",
        {"id": int, "cluster_id": str, "sector_id": str, "policy_id": str, "country_id": str,
         "company_id": str, "state_id": str, "topic": str, "label": str, "value": float,
         "text": str, "unit": str, "year": int, "period": str, "qualifier": str,
         "source_id": str, "label_es": str, "unit_es": str, "qualifier_es": str,
         "text_es": str, "topic_es": str, "period_es": str},
        pk="id",
        fks=[("cluster_id", "clusters", "id"), ("sector_id", "sectors", "id"),
             ("policy_id", "policies", "id"), ("country_id", "countries", "id"),
             ("company_id", "companies", "id"), ("state_id", "states", "id"),
             ("source_id", "sources", "id")],
        not_null=["label", "source_id"],
    )
    # Every source of each fact, in the order the briefing prints their markers ("35,36");
    # the first is also facts.source_id (schema 7).
    t.create("fact_sources", {"fact_id": int, "position": int, "source_id": str},
             pk=("fact_id", "position"),
             fks=[("fact_id", "facts", "id"), ("source_id", "sources", "id")],
             not_null=["source_id"])
    # Every name, acronym and alias of every record, folded, for exact lookups by name.
    t.create("names", {"kind": str, "record_id": str, "key": str, "name": str},
             pk=("kind", "record_id", "key"))
    db["names"].create_index(["key"])  # type: ignore[union-attr]
    for column in ("cluster_id", "sector_id", "policy_id", "country_id", "company_id",
                   "state_id"):
        db["facts"].create_index([column])  # type: ignore[union-attr]
    db["clusters"].create_index(["state_id", "sort_key"])  # type: ignore[union-attr]
    db["cluster_sectors"].create_index(["sector_id"])  # type: ignore[union-attr]
    db["policy_sectors"].create_index(["sector_id"])  # type: ignore[union-attr]
    db["company_sectors"].create_index(["sector_id"])  # type: ignore[union-attr]
    db["company_states"].create_index(["state_id"])  # type: ignore[union-attr]
    # The index holds the text folded by mxdesk.core.text.index_text, the one folding that
    # every query gets too; its tokenizer only splits at the spaces that folding leaves
    # (see FTS_TOKENIZE). What a search shows comes from display_text, the same rowids.
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5("
        "kind UNINDEXED, record_id UNINDEXED, name, aliases, place, body, "
        f"tokenize = '{FTS_TOKENIZE}', prefix = '1 2 3')"
    )
    db.execute(
        "CREATE TABLE display_text (rowid INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "aliases TEXT NOT NULL, place TEXT NOT NULL, body TEXT NOT NULL, name_es TEXT)"
    )


def create_country_and_company_tables(t: _Tables) -> None:
    """The tables of the country ("Mexico at a glance") and of companies (issue 16): their
    records and the country's conclusions. Their aliases, sources, sectors and the companies'
    states are link tables made with the other kinds'; their facts are rows of ``facts``."""
    t.create("countries", {"id": str, "name": str, "description": str, "sort_key": str,
                           "name_es": str, "description_es": str, "sort_key_es": str},
             pk="id", not_null=["name", "description"])
    t.create("companies", {"id": str, "name": str, "origin": str, "description": str,
                           "sort_key": str, "name_es": str, "description_es": str,
                           "origin_es": str, "sort_key_es": str}, pk="id",
             not_null=["name", "description"])
    t.create(
        "country_conclusions",
        {"country_id": str, "position": int, "text": str, "source_id": str, "text_es": str},
        pk=("country_id", "position"),
        fks=[("country_id", "countries", "id"), ("source_id", "sources", "id")],
        not_null=["text", "source_id"],
    )


def _fact_sources(fact: dict[str, Any]) -> list[Any]:
    """The sources a fact of data/source cites, in order: its ``source``, or its list
    ``sources`` (footnotes printed side by side, "35,36"); [] when it gives neither."""
    if "sources" in fact:
        return list(fact["sources"]) if isinstance(fact["sources"], list) else []
    return [fact["source"]] if "source" in fact else []


class _Writer:
    """Turns the validated source dicts into rows."""

    def __init__(self, db: sqlite_utils.Database, src: dict[str, dict[str, Any]]) -> None:
        self.db = db
        self.src = src
        self.fact_rows: list[DatabaseRow] = []
        self.name_rows: dict[tuple[str, str, str], DatabaseRow] = {}
        self.search_rows: list[DatabaseRow] = []
        self.buffers: dict[str, list[DatabaseRow]] = {}
        self.states = {s["id"]: s for s in _records(src["states"], "state")}
        self.sectors = {s["id"]: s for s in _records(src["sectors"], "sector")}
        self.es = SpanishText(src)

    def insert(self, table: str, rows: Iterable[DatabaseRow]) -> None:
        """Queue rows; :meth:`flush` writes each table in one batch, in creation order."""
        self.buffers.setdefault(table, []).extend(rows)

    def flush(self) -> None:
        order = [name for (name,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()]
        for table in sorted(self.buffers, key=lambda t: order.index(t) if t in order else 0):
            rows = self.buffers[table]
            if rows:
                self.db[table].insert_all(rows, batch_size=2000)  # type: ignore[union-attr]
        self.buffers.clear()

    def names(self, kind: str, rid: str, *names: Any) -> None:
        for name in names:
            for each in name if isinstance(name, list | tuple) else [name]:
                if each and fold(str(each)):
                    key = fold(str(each))
                    self.name_rows.setdefault((kind, rid, key),
                                              {"kind": kind, "record_id": rid, "key": key,
                                               "name": str(each)})

    def facts(self, owner: str, rid: str, record: dict[str, Any]) -> None:
        for fact in record.get("fact", []):
            self.fact_rows.append({
                "id": len(self.fact_rows) + 1, "cluster_id": None, "sector_id": None,
                "policy_id": None, "country_id": None, "company_id": None, f"{owner}_id": rid,
                "state_id": fact.get("state"), "topic": fact.get("topic"),
                "label": fact["label"], "value": fact.get("value"), "text": fact.get("text"),
                "unit": fact.get("unit"), "year": fact.get("year"), "period": fact.get("period"),
                "qualifier": fact.get("qualifier"), "source_id": _fact_sources(fact)[0],
                **self.es.fact_columns(fact),
            })
            self.insert("fact_sources", ({"fact_id": len(self.fact_rows), "position": n,
                                          "source_id": source}
                                         for n, source in enumerate(_fact_sources(fact))))

    def links(self, table: str, left: str, rid: str, column: str, values: Iterable[str]) -> None:
        self.insert(table, ({left: rid, column: v} for v in dict.fromkeys(values)))

    def sector_list(self, ids: Iterable[str]) -> str:
        """The sectors' names as the tables show them: sorted, comma-separated."""
        names = sorted({self.sectors[i]["name"] for i in ids}, key=fold)
        return ", ".join(names)

    def sector_list_es(self, ids: Iterable[str]) -> str | None:
        """:meth:`sector_list` in Spanish (a sector without a Spanish name in English), or
        None when no sector of *ids* has a Spanish name (the English list then shows)."""
        pairs = [(self.sectors[i]["name"], self.es.field("sectors", i, "name")) for i in ids]
        if not any(es for _en, es in pairs):
            return None
        return ", ".join(sorted({es or en for en, es in pairs}, key=fold))

    def sector_names(self, ids: Iterable[str]) -> list[str]:
        out: list[str] = []
        for sid in ids:
            out.append(self.sectors[sid]["name"])
            out.extend(self.sectors[sid].get("aliases", []))
            if self.es.field("sectors", sid, "name"):
                out.append(self.es.field("sectors", sid, "name"))
        return out

    def own(self, file: str, record: dict[str, Any]) -> dict[str, Any]:
        """A record's own Spanish columns: ``name_es`` and ``description_es`` (None where the
        Spanish files give none)."""
        return {"name_es": self.es.field(file, record["id"], "name"),
                "description_es": self.es.field(file, record["id"], "description")}

    def state_names(self, sid: str | None) -> list[str]:
        if not sid:
            return []
        state = self.states[sid]
        return [state["name"], *state.get("aliases", [])]

    def search(self, kind: str, rid: str, name: str, aliases: Any, place: Any, body: Any,
               file: str = "") -> None:
        """Queue the search row of a record: its name, aliases, place and body, with the
        Spanish of the record (from *file*, ``"clusters"``, …: its Spanish name among the
        aliases, its Spanish description and figures in the body), so that a search finds
        it in either language (issue 20)."""
        name_es = description_es = None
        if file:
            name_es = self.es.field(file, rid, "name")
            description_es = self.es.field(file, rid, "description")
        self.search_rows.append({
            "kind": kind, "record_id": rid, "name": name,
            "aliases": _joined([*(aliases if isinstance(aliases, list | tuple) else [aliases]),
                                name_es]),
            "place": _joined(place),
            "body": _joined([*(body if isinstance(body, list | tuple) else [body]),
                             description_es]),
            "name_es": name_es,
        })

    def write(self) -> None:
        src = self.src
        self.insert("documents", ({"id": d["id"], "title": d["title"], "file": d.get("file"),
                                   "date": d.get("date")}
                                  for d in _records(src["sources"], "document")))
        sources = _records(src["sources"], "source")
        # same_as points at another source: insert those after their targets.
        ordered = sorted(sources, key=lambda s: "same_as" in s)
        self.insert("sources", ({"id": s["id"], "document_id": s["document"],
                                 "footnote": s.get("footnote"), "title": s["title"],
                                 "url": s.get("url"), "section": s.get("section"),
                                 "same_as": s.get("same_as")} for s in ordered))
        self._states()
        self.insert("state_shapes", self.src["map"]["states"])
        self._sectors()
        self._clusters()
        self._policies()
        self._programmes()
        self._partnerships()
        self._countries()
        self._companies()
        self.insert("facts", self.fact_rows)
        self.insert("names", self.name_rows.values())
        numbered = self._numbered(self.search_rows)
        self.insert("search", ({"rowid": row["rowid"], "kind": row["kind"],
                                "record_id": row["record_id"],
                                **{c: index_text(row[c]) for c in _SEARCHED}}
                               for row in numbered))
        self.insert("display_text", ({"rowid": row["rowid"], "name_es": row["name_es"],
                                      **{c: row[c] for c in _SEARCHED}}
                                     for row in numbered))
        self.flush()

    @staticmethod
    def _numbered(rows: list[DatabaseRow]) -> list[DatabaseRow]:
        """The search rows with their rowids: each block in the tables' name order (the same
        order as their ``sort_key``, computed the same way), so a search can page through its
        matches in rowid order. See :data:`mxdesk.core.schema.SEARCH_BLOCKS`."""
        def order(row: DatabaseRow) -> tuple[int, str]:
            return search_rowids(row["kind"])[0], f"{fold(row['name'])} {row['record_id']}"

        numbered: list[DatabaseRow] = []
        block, position = -1, 0
        for row in sorted(rows, key=order):
            low = search_rowids(row["kind"])[0]
            block, position = low, (position + 1 if low == block else 0)
            numbered.append({"rowid": low + position, **row})
        return numbered

    def _states(self) -> None:
        for s in _records(self.src["states"], "state"):
            self.insert("states", [{"id": s["id"], "name": s["name"], "region": s["region"],
                                    "annex_count": s.get("annex_count"),
                                    "website": s.get("website")}])
            self.insert("state_aliases", ({"state_id": s["id"], "alias": a}
                                          for a in dict.fromkeys(s.get("aliases", []))))
            self.links("state_sources", "state_id", s["id"], "source_id", s["sources"])
            self.names("state", s["id"], s["id"], s["name"], s.get("aliases", []))
            self.search("state", s["id"], s["name"], s.get("aliases", []), s["region"], [])

    def _sectors(self) -> None:
        records = _records(self.src["sectors"], "sector")
        # Industries first, so a sector's industry_id already exists when it is inserted.
        for s in sorted(records, key=lambda r: r["kind"] != "industry"):
            self.insert("sectors", [{"id": s["id"], "name": s["name"], "kind": s["kind"],
                                     "industry_id": s.get("industry"),
                                     "description": s.get("description"),
                                     **self.own("sectors", s)}])
        for s in records:
            self.insert("sector_aliases", ({"sector_id": s["id"], "alias": a}
                                           for a in dict.fromkeys(s.get("aliases", []))))
            self.links("sector_sources", "sector_id", s["id"], "source_id", s["sources"])
            rows: dict[tuple[str, str], DatabaseRow] = {}
            for loc in s.get("location", []):
                for state in loc["states"]:
                    rows.setdefault((loc["group"], state), {
                        "sector_id": s["id"], "grp": loc["group"], "state_id": state,
                        "source_id": loc["source"], "grp_es": self.es.term("group", loc["group"])})
            self.insert("sector_locations", rows.values())
            self.facts("sector", s["id"], s)
            industry = self.sectors[s["industry"]]["name"] if s.get("industry") else None
            industry_es = self.es.field("sectors", s["industry"], "name") \
                if s.get("industry") else None
            self.names("sector", s["id"], s["id"], s["name"], s.get("aliases", []),
                       self.es.field("sectors", s["id"], "name"))
            groups = [loc["group"] for loc in s.get("location", [])]
            self.search("sector", s["id"], s["name"], s.get("aliases", []),
                        [industry, industry_es],
                        [s.get("description"), _fact_words(s), groups,
                         self.es.fact_words(s), [self.es.term("group", g) for g in groups]],
                        "sectors")

    def _clusters(self) -> None:
        for c in _records(self.src["clusters"], "cluster"):
            label = c.get("label") or {}
            self.insert("clusters", [{
                "id": c["id"], "name": c["name"], "acronym": c.get("acronym"),
                "state_id": c.get("state"), "legal_form": c.get("legal_form"),
                "founded": c.get("founded"), "website": c.get("website"),
                "description": c["description"], "label_level": label.get("level"),
                "label_sector": label.get("sector"),
                "label_valid_until": _date(label["valid_until"]).isoformat() if label else None,
                "label_source_id": label.get("source"),
                "sector_names": self.sector_list(c.get("sectors", [])),
                "sector_names_es": self.sector_list_es(c.get("sectors", [])),
                "legal_form_es": self.es.term("legal_form", c.get("legal_form")),
                "label_sector_es": self.es.term("label_sector", label.get("sector")),
                **self.own("clusters", c),
            }])
            listings = c.get("listing", [])
            aliases = distinct_aliases(c["name"], [*c.get("aliases", []),
                                                   *(x["name"] for x in listings)])
            self.insert("cluster_aliases", ({"cluster_id": c["id"], "alias": a} for a in aliases))
            self.insert("cluster_listings", ({
                "cluster_id": c["id"], "position": n, "table_ref": x["table"], "name": x["name"],
                "state_id": x.get("state"), "sector_text": x.get("sector"),
            } for n, x in enumerate(listings)))
            items: list[DatabaseRow] = []
            for kind in CLUSTER_ITEM_KINDS:
                values = c.get(f"{kind}s" if kind != "focus_area" else "focus_areas", [])
                items.extend({"cluster_id": c["id"], "kind": kind, "position": n, "text": v,
                              "text_es": self.es.item(kind, v)}
                             for n, v in enumerate(values))
            self.insert("cluster_items", items)
            self.links("cluster_sectors", "cluster_id", c["id"], "sector_id", c.get("sectors", []))
            self.links("cluster_sources", "cluster_id", c["id"], "source_id", c["sources"])
            self.facts("cluster", c["id"], c)
            self.names("cluster", c["id"], c["id"], c["name"], c.get("acronym"), aliases,
                       self.es.field("clusters", c["id"], "name"))
            self.search(
                "cluster", c["id"], c["name"], [c.get("acronym"), *aliases],
                [*self.state_names(c.get("state")), *self.sector_names(c.get("sectors", [])),
                 label.get("level")],
                [c["description"], c.get("legal_form"), [i["text"] for i in items],
                 [x.get("sector") for x in listings], _fact_words(c),
                 self.es.term("legal_form", c.get("legal_form")), self.es.fact_words(c),
                 [i["text_es"] for i in items],
                 self.es.term("label_sector", label.get("sector"))],
                "clusters",
            )

    def _policies(self) -> None:
        records = _records(self.src["policies"], "policy")
        # Parents before children, for the parent_id foreign key.
        for p in sorted(records, key=lambda r: bool(r.get("parent"))):
            self.insert("policies", [{
                "id": p["id"], "name": p["name"], "kind": p["kind"], "level": p["level"],
                "state_id": p.get("state"), "year_start": p.get("year_start"),
                "year_end": p.get("year_end"), "body": p.get("body"),
                "parent_id": p.get("parent"), "section": p.get("section"),
                "description": p["description"], "website": p.get("website"),
                "sector_names": self.sector_list(p.get("sectors", [])),
                "sector_names_es": self.sector_list_es(p.get("sectors", [])),
                "body_es": self.es.term("body", p.get("body")), **self.own("policies", p),
            }])
        for p in records:
            self.insert("policy_aliases", ({"policy_id": p["id"], "alias": a}
                                           for a in dict.fromkeys(p.get("aliases", []))))
            self.links("policy_sectors", "policy_id", p["id"], "sector_id", p.get("sectors", []))
            self.links("policy_sources", "policy_id", p["id"], "source_id", p["sources"])
            self.facts("policy", p["id"], p)
            self.names("policy", p["id"], p["id"], p["name"], p.get("aliases", []),
                       self.es.field("policies", p["id"], "name"))
            self.search(
                "policy", p["id"], p["name"], p.get("aliases", []),
                [p.get("body"), self.es.term("body", p.get("body")), p["level"], p["kind"],
                 *self.state_names(p.get("state")), *self.sector_names(p.get("sectors", []))],
                [p["description"], _fact_words(p), self.es.fact_words(p)],
                "policies",
            )

    def _programmes(self) -> None:
        for p in _records(self.src["programmes"], "programme"):
            self.insert("programmes", [{
                "id": p["id"], "name": p["name"], "relation": p.get("relation"),
                "field": p.get("field"), "website": p.get("website"),
                "description": p["description"], "field_es": self.es.term("field", p.get("field")),
                **self.own("programmes", p)}])
            self.links("programme_sectors", "programme_id", p["id"], "sector_id",
                       p.get("sectors", []))
            self.links("programme_sources", "programme_id", p["id"], "source_id", p["sources"])
            self.names("programme", p["id"], p["id"], p["name"], p.get("aliases", []),
                       self.es.field("programmes", p["id"], "name"))
            self.search("programme", p["id"], p["name"], p.get("aliases", []),
                        [p.get("relation"), p.get("field"),
                         self.es.term("field", p.get("field")),
                         *self.sector_names(p.get("sectors", []))],
                        [p["description"]], "programmes")

    def _partnerships(self) -> None:
        for p in _records(self.src["partnerships"], "partnership"):
            self.insert("partnerships", [{
                "id": p["id"], "name": p["name"], "acronym": p.get("acronym"),
                "generation": p.get("generation"), "sector_text": p.get("sector_text"),
                "description": p["description"], **self.own("partnerships", p)}])
            self.links("partnership_sectors", "partnership_id", p["id"], "sector_id",
                       p.get("sectors", []))
            self.links("partnership_sources", "partnership_id", p["id"], "source_id",
                       p["sources"])
            self.names("partnership", p["id"], p["id"], p["name"], p.get("acronym"),
                       self.es.field("partnerships", p["id"], "name"))
            self.search("partnership", p["id"], p["name"], [p.get("acronym")],
                        [p.get("sector_text"), *self.sector_names(p.get("sectors", []))],
                        [p["description"]], "partnerships")

    # -- the country and companies (issue 16) --------------------------------------------------

    def _countries(self) -> None:
        for c in _records(self.src.get("country", {}), "country"):
            aliases = distinct_aliases(c["name"], c.get("aliases", []))
            self.insert("countries", [{"id": c["id"], "name": c["name"],
                                       "description": c["description"],
                                       **self.own("country", c)}])
            self.insert("country_aliases", ({"country_id": c["id"], "alias": a}
                                            for a in aliases))
            self.links("country_sources", "country_id", c["id"], "source_id", c["sources"])
            conclusions = c.get("conclusion", [])
            spanish = self.es.field("country", c["id"], "conclusions") or []
            self.insert("country_conclusions", ({
                "country_id": c["id"], "position": n, "text": x["text"], "source_id": x["source"],
                "text_es": spanish[n] if n < len(spanish) else None,
            } for n, x in enumerate(conclusions)))
            self.facts("country", c["id"], c)
            self.names("country", c["id"], c["id"], c["name"], aliases,
                       self.es.field("country", c["id"], "name"))
            facts = c.get("fact", [])
            self.search("country", c["id"], c["name"], aliases, [],
                        [c["description"], [f.get("topic") for f in facts], _fact_words(c),
                         [x["text"] for x in conclusions], spanish,
                         [self.es.term("topic", f.get("topic")) for f in facts],
                         self.es.fact_words(c)], "country")

    def _companies(self) -> None:
        for c in _records(self.src.get("companies", {}), "company"):
            aliases = distinct_aliases(c["name"], c.get("aliases", []))
            self.insert("companies", [{"id": c["id"], "name": c["name"],
                                       "origin": c.get("origin"),
                                       "description": c["description"],
                                       "origin_es": self.es.term("origin", c.get("origin")),
                                       **self.own("companies", c)}])
            self.insert("company_aliases", ({"company_id": c["id"], "alias": a}
                                            for a in aliases))
            self.links("company_sources", "company_id", c["id"], "source_id", c["sources"])
            self.links("company_sectors", "company_id", c["id"], "sector_id", c["sectors"])
            self.links("company_states", "company_id", c["id"], "state_id",
                       c.get("states", []))
            self.facts("company", c["id"], c)
            self.names("company", c["id"], c["id"], c["name"], aliases,
                       self.es.field("companies", c["id"], "name"))
            states = [name for sid in c.get("states", []) for name in self.state_names(sid)]
            self.search("company", c["id"], c["name"], aliases,
                        [c.get("origin"), self.es.term("origin", c.get("origin")), *states,
                         *self.sector_names(c["sectors"])],
                        [c["description"], _fact_words(c), self.es.fact_words(c)],
                        "companies")


def _fact_words(record: dict[str, Any]) -> list[str]:
    """What a search finds of a record's facts: each label and each statement (issue 16: an
    agency named only in a fact's text, such as SEMARNAT, must be found)."""
    return [w for f in record.get("fact", []) for w in (f.get("label"), f.get("text")) if w]


def build_date() -> str:
    """Today, or the day given by $SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return dt.datetime.now(tz=dt.UTC).date().isoformat()


def build(source_dir: Path, output: Path, changes: Path | None = None) -> dict[str, int]:
    """Build *output* from *source_dir* (and the change lists in *changes*, by default
    :func:`changes_dir`); return the number of rows of the main tables (table name -> rows).
    Raises :class:`BuildError` as :func:`load_sources` and :func:`build_from` do."""
    src = load_sources(source_dir)
    if changes is not None:
        src["changes"] = load_change_lists(changes)
    return build_from(src, output)


def build_from(src: dict[str, dict[str, Any]], output: Path) -> dict[str, int]:
    """Build *output* from source records already read (the synthetic generator's path),
    through a temporary file renamed into place; returns table name -> rows, for the main
    tables. Raises :class:`BuildError` listing every problem of the sources, or the foreign
    keys the rows break; *output* is then left as it was."""
    validate(src)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".building")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp)
        try:
            db = sqlite_utils.Database(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            with conn:
                create_schema(db)
                create_release_tables(db)
                _Writer(db, src).write()
                write_release_tables(db, src)
                # The words a misspelt search is corrected to (issue 17).
                write_vocabulary(conn)
                # Sorting by name ignores case and accents ("Clúster" files with "Cluster"):
                # the folded name is stored and indexed so the UI sorts in SQL, fast.
                conn.create_function("fold", 1, fold, deterministic=True)
                # In Spanish, lists sort by the names they show: sort_key_es folds the
                # Spanish name where there is one (issue 20; states have none).
                for table in SORTED_TABLES:
                    spanish = "coalesce(name_es, name)" if table != "states" else "name"
                    conn.execute(f"UPDATE {table} SET sort_key = fold(name) || ' ' || id, "  # noqa: S608
                                 f"sort_key_es = fold({spanish}) || ' ' || id")
                    conn.execute(f"CREATE INDEX idx_{table}_sort_key ON {table}(sort_key)")
                    conn.execute(f"CREATE INDEX idx_{table}_sort_key_es ON {table}(sort_key_es)")
                # Tables with a record whose Spanish name sorts otherwise: there a search
                # in Spanish cannot list its matches in the index's (English) order.
                differs = "SELECT 1 FROM {} WHERE sort_key_es != sort_key LIMIT 1"
                apart = " ".join(table for table in SORTED_TABLES
                                 if conn.execute(differs.format(table)).fetchone())
                # A sector's clusters in name order, straight from an index (the detail pane
                # lists the first few of thousands).
                conn.execute("CREATE TABLE sector_members (sector_id TEXT NOT NULL "
                             "REFERENCES sectors(id), sort_key TEXT NOT NULL, cluster_id TEXT "
                             "NOT NULL REFERENCES clusters(id), sort_key_es TEXT NOT NULL, "
                             "PRIMARY KEY (sector_id, sort_key)) WITHOUT ROWID")
                conn.execute("INSERT INTO sector_members SELECT l.sector_id, c.sort_key, c.id, "
                             "c.sort_key_es FROM cluster_sectors l "
                             "JOIN clusters c ON c.id = l.cluster_id")
                conn.execute("CREATE INDEX idx_sector_members_es ON sector_members"
                             "(sector_id, sort_key_es, cluster_id)")
                # Each table's rows and each tab's unfiltered facet counts: opening a tab
                # reads them instead of counting the tables (issue 17).
                write_stored_counts(conn)
                meta = src["meta"]
                db["meta"].insert_all([  # type: ignore[union-attr]
                    {"key": "data_version", "value": str(meta["data_version"])},
                    {"key": "build_date", "value": build_date()},
                    {"key": "schema_version", "value": str(DIRECTORY_SCHEMA_VERSION)},
                    {"key": "title", "value": str(meta.get("title", "mxdesk directory"))},
                    {"key": "map_view_box", "value": src["map"]["view_box"]},
                    {"key": "map_attribution", "value": src["map"]["attribution"]},
                    {"key": "map_source", "value": src["map"]["source"]},
                    {"key": "sorted_apart_in_spanish", "value": apart},
                ])
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise BuildError(f"foreign key violations: {problems[:10]}")
            conn.execute("INSERT INTO search(search) VALUES ('optimize')")
            conn.commit()
            conn.execute(f"PRAGMA user_version = {DIRECTORY_SCHEMA_VERSION}")
            conn.execute("VACUUM")
            counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                      for table in ("states", "sectors", "clusters", "policies", "programmes",
                                    "partnerships", "countries", "companies", "facts",
                                    "sources")}
        finally:
            conn.close()
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("built %s: %s", output, counts)
    return counts


def _iter_counts(counts: dict[str, int]) -> Iterator[str]:
    for table, count in counts.items():
        yield f"{count:>5} {table}"


def main(argv: list[str] | None = None) -> int:
    """``python -m mxdesk.core.build [SOURCE] [OUTPUT] [--previous OLD.db] [--changes DIR]``:
    build the directory from the TOML sources (default data/source/) and the change lists
    (default data/changes/) into OUTPUT (default data/clusters.db) and print the rows written
    per table. With ``--previous``, also compare the previous release's database with the
    new one, write this release's change list (docs/data.md, "Releasing a new directory")
    and build again with it. Returns 0, or 1 with every problem printed when the sources
    are inconsistent or the comparison finds an id gone without a redirect
    (:class:`BuildError`)."""
    parser = argparse.ArgumentParser(prog="python -m mxdesk.core.build", description=__doc__)
    parser.add_argument("source", nargs="?", type=Path, default=paths.source_dir())
    parser.add_argument("output", nargs="?", type=Path,
                        default=paths.SOURCE_TREE / "data" / "clusters.db")
    parser.add_argument("--previous", type=Path, metavar="OLD.db",
                        help="the previous release's clusters.db: write this release's change "
                             "list (data/changes/<data_version>.json) and build again with it")
    parser.add_argument("--changes", type=Path, metavar="DIR",
                        help="where the change lists are (default: data/changes beside SOURCE)")
    args = parser.parse_args(argv)
    folder = args.changes or changes_dir(args.source)
    try:
        counts = build(args.source, args.output, folder)
        if args.previous is not None:
            written = write_release_changes(args.previous, args.source, args.output, folder)
            print(f"wrote {written}")
            counts = build(args.source, args.output, folder)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}")
    print("\n".join(_iter_counts(counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
