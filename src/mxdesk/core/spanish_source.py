"""The directory's Spanish text (issue 20): data/source/es/*.toml read, checked and looked up.

The English source stays as it is; the Spanish lives beside it in files of the same names
under ``data/source/es/``, keyed by record id (``[claut] description = "…"``), and
``terms.toml`` gives the Spanish of short English texts that repeat across records (fact
labels, units, …: a table per field, keyed by the exact English text). Every file is
optional and may hold any subset of the records: a record or a text without Spanish reads
in English. The build (:mod:`mxdesk.core.build`) stores the Spanish in ``*_es`` columns
beside the English ones (data/source/FORMAT.md, "Spanish text").
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mxdesk.core.errors import BuildError

#: The folder of the Spanish files, inside data/source.
FOLDER = "es"
#: The files of records that may have Spanish: file name -> its table of records (the kind).
RECORD_FILES = {
    "clusters": "cluster", "sectors": "sector", "policies": "policy",
    "programmes": "programme", "partnerships": "partnership", "country": "country",
    "companies": "company",
}
#: What a record's Spanish may give: its name (a form the briefing prints, or a sector's
#: Spanish name), its description, and (the country only) its conclusions in order.
RECORD_FIELDS = ("name", "description", "conclusions")
#: The file of repeated short texts, and its tables (one per field of the English source).
TERMS_FILE = "terms"
TERM_FIELDS = ("label", "unit", "qualifier", "text", "topic", "group", "period", "origin",
               "legal_form", "body", "field", "committee", "focus_area", "label_sector")
#: The lists of a cluster that terms.toml translates item by item: the kind of item in
#: ``cluster_items`` (:data:`mxdesk.core.schema.CLUSTER_ITEM_KINDS`) -> the cluster's list in
#: data/source/clusters.toml. Offices and partners are names: never translated.
ITEM_TERMS = {"committee": "committees", "focus_area": "focus_areas"}
#: The fields of a fact that terms.toml translates.
FACT_TERMS = ("label", "unit", "qualifier", "text", "topic", "period")


def load_spanish(source_dir: Path) -> dict[str, dict[str, Any]]:
    """The Spanish files of *source_dir* (``source_dir/es/<file>.toml``): file name ->
    its tables; a file that is absent is left out (no Spanish for that file). Raises
    :class:`BuildError` when one is not valid TOML."""
    loaded: dict[str, dict[str, Any]] = {}
    for name in (*RECORD_FILES, TERMS_FILE):
        path = source_dir / FOLDER / f"{name}.toml"
        try:
            with path.open("rb") as handle:
                loaded[name] = tomllib.load(handle)
        except FileNotFoundError:
            continue
        except tomllib.TOMLDecodeError as exc:
            raise BuildError(f"{path}: not valid TOML: {exc}") from exc
    return loaded


def _records(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    records = data.get(key, [])
    return list(records) if isinstance(records, list) else []


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def english_terms(src: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Every English text of data/source that terms.toml may translate: field (``"label"``,
    ``"unit"``, …, :data:`TERM_FIELDS`) -> the texts records use. Besides the facts' words,
    a sector location's ``group``, a company's ``origin``, a cluster's ``legal_form``, a
    policy's ``body`` and a programme's ``field``: each item of a cluster's ``committees``
    (table ``committee``) and ``focus_areas`` (``focus_area``), and the ``sector`` of its
    quality label (``label_sector``)."""
    used: dict[str, set[str]] = {field: set() for field in TERM_FIELDS}
    for file, key in (("states", "state"), *RECORD_FILES.items()):
        for record in _records(src.get(file, {}), key):
            for fact in record.get("fact", []):
                for field in FACT_TERMS:
                    if isinstance(fact.get(field), str):
                        used[field].add(fact[field])
            for loc in record.get("location", []):
                if isinstance(loc.get("group"), str):
                    used["group"].add(loc["group"])
            for field, owner in (("origin", "company"), ("legal_form", "cluster"),
                                 ("body", "policy"), ("field", "programme")):
                if key == owner and isinstance(record.get(field), str):
                    used[field].add(record[field])
            if key == "cluster":
                for field, items in ITEM_TERMS.items():
                    used[field].update(v for v in record.get(items, []) if isinstance(v, str))
                label = record.get("label")
                if isinstance(label, dict) and isinstance(label.get("sector"), str):
                    used["label_sector"].add(label["sector"])
    return used


def check_spanish(src: dict[str, dict[str, Any]],
                  require: Callable[[bool, str, str], None]) -> None:
    """Check ``src["es"]`` (what :func:`load_spanish` read) against the English records of
    *src*, reporting each problem through *require* (``require(ok, where, message)``, the
    build's checker): an id that names no record, a field a record's Spanish cannot have, a
    text that is blank, conclusions that are not the English ones' number, a terms.toml
    table that is not a field, and an English key in terms.toml that no record uses."""
    spanish = src.get("es", {})
    for file, key in RECORD_FILES.items():
        records = {r.get("id"): r for r in _records(src.get(file, {}), key)}
        entries = spanish.get(file, {})
        for rid, fields in entries.items():
            where = f"es/{file}.toml [{rid}]"
            if rid not in records:
                require(False, where, f"names no {key} of {file}.toml")
                continue
            if not isinstance(fields, dict):
                require(False, where, "is not a table of fields")
                continue
            for field, value in fields.items():
                allowed = field in RECORD_FIELDS and (field != "conclusions"
                                                      or key == "country")
                require(allowed, where, f"unknown field {field!r}")
                if field == "conclusions" and allowed:
                    english = records[rid].get("conclusion", [])
                    ok = isinstance(value, list) and all(_text(v) for v in value)
                    require(ok, where, "conclusions must be a list of texts")
                    require(not ok or len(value) == len(english), where,
                            f"{len(value) if ok else '?'} conclusions, the English has "
                            f"{len(english)}")
                elif allowed:
                    require(_text(value), where, f"{field} is not a text")
    terms = spanish.get(TERMS_FILE, {})
    used = english_terms(src)
    for table, mapping in terms.items():
        where = f"es/{TERMS_FILE}.toml [{table}]"
        if table not in TERM_FIELDS or not isinstance(mapping, dict):
            require(False, where, f"not a field with terms (one of {', '.join(TERM_FIELDS)})")
            continue
        for english, value in mapping.items():
            require(english in used[table], where,
                    f"no record uses the {table} {english!r}")
            require(_text(value), where, f"the Spanish of {english!r} is not a text")


class SpanishText:
    """The Spanish of the sources, looked up by the build's writer: a record's fields by
    file and id, a short text by field and English text; None where there is none."""

    def __init__(self, src: dict[str, dict[str, Any]]) -> None:
        spanish = src.get("es", {})
        self.records: dict[str, dict[str, Any]] = {f: spanish.get(f, {}) for f in RECORD_FILES}
        self.terms: dict[str, dict[str, str]] = spanish.get(TERMS_FILE, {})

    def field(self, file: str, rid: str, name: str) -> Any:
        """The Spanish *name* field of record *rid* of *file* (``"clusters"``, …), or None."""
        return self.records.get(file, {}).get(rid, {}).get(name)

    def term(self, field: str, english: Any) -> str | None:
        """The Spanish of the English text *english* of *field* (``"label"``, …), or None."""
        if not isinstance(english, str):
            return None
        return self.terms.get(field, {}).get(english)

    def item(self, kind: str, english: Any) -> str | None:
        """The Spanish of one item of a cluster's list (*kind*: ``"committee"``,
        ``"focus_area"``, …, as ``cluster_items`` keeps them), or None: offices and
        partners (names) have none."""
        return self.term(kind, english) if kind in ITEM_TERMS else None

    def fact_columns(self, fact: dict[str, Any]) -> dict[str, str | None]:
        """The ``*_es`` columns of a fact row: ``label_es``, ``unit_es``, …"""
        return {f"{field}_es": self.term(field, fact.get(field)) for field in FACT_TERMS}

    def fact_words(self, record: dict[str, Any]) -> list[str]:
        """What a search finds of a record's facts in Spanish: each label and statement."""
        return [w for f in record.get("fact", []) for w in
                (self.term("label", f.get("label")), self.term("text", f.get("text"))) if w]

