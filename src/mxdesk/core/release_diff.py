"""The change list of a release: the previous release's database compared with the new one.

Used by ``python -m mxdesk.core.build --previous OLD.db`` (never by the app). Both files are
read with plain SQL, opened read-only, so a previous release of an older schema compares as
well: records by kind and id (every table of :data:`mxdesk.core.directory.TABLE_OF_KIND`
either file has), their fields, and the figures (``facts``) of every record both hold.

A figure is matched by its record, label and state: first the figures that are the same in
both (value or text, unit, year or period, qualifier), then those whose label alone was
reworded (not listed either), then the rest in the order the record lists them (a figure
whose year, value or text changed), and what is left over was added or dropped. Descriptions
(our own words, reworded freely), sources, aliases and the derived columns (sort keys,
sector names) are not compared.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mxdesk.core.changes import Change, ChangeList, is_newer, sort_key
from mxdesk.core.directory import TABLE_OF_KIND
from mxdesk.core.errors import BuildError
from mxdesk.core.i18n import N_
from mxdesk.core.records import Fact

#: Columns that are not compared: the id and name (a new name is a rename), descriptions,
#: and what the build derives from other columns.
_SKIPPED = {"id", "name", "description", "sort_key", "sector_names"}
#: What the user calls a record's field.
#: (Stored in English in the change lists; translated where shown: changes.Change.what.)
FIELD_LABELS = {
    "acronym": N_("Acronym"), "state_id": N_("State"), "legal_form": N_("Legal form"),
    "founded": N_("Founded"), "website": N_("Website"),
    "label_level": N_("Quality label"), "label_sector": N_("Quality label's sector"),
    "label_valid_until": N_("Quality label valid until"), "kind": N_("Kind"),
    "level": N_("Level"), "year_start": N_("From"), "year_end": N_("Until"),
    "body": N_("Responsible body"), "parent_id": N_("Part of"),
    "section": N_("Briefing section"), "industry_id": N_("Industry"),
    "relation": N_("Relation"), "field": N_("Field"), "generation": N_("Generation"),
    "sector_text": N_("Sectors as printed"), "region": N_("Region"),
    "annex_count": N_("Clusters counted in Table 6"), "origin": N_("Country of origin"),
}
#: Columns that hold another record's id, and that record's table (None: the same table).
_REFERENCES = {"state_id": "states", "parent_id": None, "industry_id": "sectors"}
#: A figure's columns that say what it is, as :class:`mxdesk.core.records.Fact` takes them.
_FIGURE = ("value", "text", "unit", "year", "period", "qualifier")

Key = tuple[str, str]  # (kind, id)


def _open(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BuildError(f"{path}: no such database (the previous release's clusters.db)")
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    conn.row_factory = sqlite3.Row
    return conn


class _Release:
    """What one database holds, read once: its data version, records, fields, figures."""

    def __init__(self, path: Path) -> None:
        conn = _open(path)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            self.version = str(dict(conn.execute(
                "SELECT key, value FROM meta").fetchall()).get("data_version", ""))
            self.rows: dict[Key, dict[str, Any]] = {}
            self.tables: dict[str, str] = {}
            for kind, table in TABLE_OF_KIND.items():
                if table in tables:
                    self.tables[kind] = table
                    for row in conn.execute(f"SELECT * FROM [{table}]"):  # noqa: S608
                        self.rows[(kind, row["id"])] = dict(row)
            self.figures: dict[Key, list[dict[str, Any]]] = defaultdict(list)
            columns = [c[1] for c in conn.execute("PRAGMA table_info(facts)")]
            owners = [k for k in TABLE_OF_KIND if k != "state" and f"{k}_id" in columns]
            for row in conn.execute("SELECT * FROM facts ORDER BY id"):
                fact = dict(row)
                for kind in owners:
                    if fact[f"{kind}_id"] is not None:
                        self.figures[(kind, fact[f"{kind}_id"])].append(fact)
        except sqlite3.DatabaseError as exc:
            raise BuildError(f"{path}: not a readable directory database: {exc}") from exc
        finally:
            conn.close()

    def name(self, kind: str, record_id: str | None) -> str | None:
        row = self.rows.get((kind, record_id or ""))
        return str(row["name"]) if row else record_id

    def kind_of(self, record_id: str) -> str | None:
        """The kind of the record *record_id* names (the first in the tables' order)."""
        return next((kind for kind, rid in self.rows if rid == record_id), None)


def compare(previous: Path, current: Path, redirects: Iterable[dict[str, Any]]) -> ChangeList:
    """The changes from the database *previous* to *current* (each a clusters.db), with
    *redirects* (the entries of data/source/redirects.toml: ``old``, ``new``, ``release``,
    ``reason``) saying what became of each id that left. The list's release is *current*'s
    data version, its order :func:`mxdesk.core.changes.sort_key`.

    Raises :class:`BuildError` when a file is missing or unreadable, when *current*'s data
    version does not come after *previous*'s (bump ``data_version`` in meta.toml first), or,
    listing each, when an id left without a redirect, a redirect of this release names no
    record of the previous one, or a redirect used here names another release."""
    old, new = _Release(previous), _Release(current)
    if not is_newer(new.version, old.version):
        raise BuildError(f"the new directory's data version {new.version!r} does not come after "
                         f"the previous one's ({old.version!r}): bump data_version in "
                         "data/source/meta.toml")
    entries = {str(e.get("old")): e for e in redirects}
    release = new.version
    problems: list[str] = []
    out: list[Change] = []
    new_ids = {rid for _kind, rid in new.rows}
    # A record renamed to a new id is listed as renamed, not as added too.
    arrived: set[str] = set()
    for (kind, rid), row in old.rows.items():
        if (kind, rid) in new.rows:
            continue
        entry = entries.get(rid)
        if entry is None:
            if rid not in new_ids:
                problems.append(f"{kind} {rid} ({row['name']}) is gone from {release} with no "
                                "entry in redirects.toml")
            out.append(Change(release, kind, rid, row["name"], "removed",
                              reason=f"now a {new.kind_of(rid)}" if rid in new_ids else None))
            continue
        if entry.get("release") != release:
            problems.append(f"redirects.toml {rid}: its release is {entry.get('release')!r}, "
                            f"but the id left in {release}")
        out.append(_redirected(release, kind, rid, row["name"], entry, new))
        arrived.add(str(entry.get("new") or ""))
    for rid, entry in entries.items():
        if entry.get("release") == release and old.kind_of(rid) is None:
            problems.append(f"redirects.toml {rid}: release {release}, but {old.version} had "
                            "no record with that id")
    for (kind, rid), row in new.rows.items():
        if (kind, rid) not in old.rows:
            if rid not in arrived:
                out.append(Change(release, kind, rid, row["name"], "added"))
            continue
        before = old.rows[(kind, rid)]
        if before["name"] != row["name"]:
            out.append(Change(release, kind, rid, row["name"], "renamed",
                              before=before["name"], after=row["name"]))
        out.extend(_fields(release, kind, rid, before, row, old, new))
        out.extend(_figures(release, kind, rid, row["name"], old, new))
    if problems:
        shown = "\n  ".join(problems)
        raise BuildError(f"{len(problems)} problem(s) comparing {previous} with {current}:\n"
                         f"  {shown}")
    return ChangeList(release, old.version, tuple(sorted(out, key=sort_key)))


def _redirected(release: str, kind: str, rid: str, name: str, entry: dict[str, Any],
                new: _Release) -> Change:
    """The change a redirects.toml entry makes of a record that left."""
    reason = str(entry.get("reason", ""))
    target = entry.get("new")
    if not target:
        return Change(release, kind, rid, name, "removed", reason=reason)
    target_kind = new.kind_of(str(target)) or kind
    merged = reason.lower().startswith("merged")
    return Change(release, kind, rid, name, "merged" if merged else "renamed",
                  before=name, after=new.name(target_kind, str(target)), new_kind=target_kind,
                  new_id=str(target), reason=reason)


def _shown(column: str, value: Any, table: str, release: _Release) -> str | None:
    """A field's value as the user reads it (a state's name rather than its id)."""
    if value is None or value == "":
        return None
    if column in _REFERENCES:
        target = _REFERENCES[column] or table
        kind = next((k for k, t in release.tables.items() if t == target), None)
        if kind is not None:
            return release.name(kind, str(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _fields(release: str, kind: str, rid: str, before: dict[str, Any], after: dict[str, Any],
            old: _Release, new: _Release) -> list[Change]:
    table = new.tables[kind]
    out: list[Change] = []
    for column in after:
        # A column's Spanish text (issue 20: name_es, description_es, …) is our own wording of
        # what the English says, as a description is: rewording it changes no fact.
        if column in _SKIPPED or column.endswith(("_source_id", "_es")):
            continue
        # A column the previous release did not have (a website added to states) was empty.
        was = _shown(column, before.get(column), table, old)
        now = _shown(column, after[column], table, new)
        if was != now:
            label = FIELD_LABELS.get(column) or \
                column.removesuffix("_id").replace("_", " ").capitalize()
            out.append(Change(release, kind, rid, after["name"], "field", subject=label,
                              before=was, after=now))
    return out


def _figure_text(fact: dict[str, Any]) -> str:
    """A figure as the detail pane shows it: "more than €6.8 billion (2016)"."""
    figure: dict[str, Any] = {c: fact.get(c) for c in _FIGURE}
    shown = Fact(label=fact["label"], source_id="", **figure).display_value()
    when = Fact(label="", source_id="", year=fact.get("year"),
                period=fact.get("period")).when()
    return f"{shown} ({when})" if when else shown


def _subject(fact: dict[str, Any], release: _Release) -> str:
    state = fact.get("state_id")
    return f"{fact['label']} — {release.name('state', state)}" if state else str(fact["label"])


def _figures(release: str, kind: str, rid: str, name: str, old: _Release,
             new: _Release) -> list[Change]:
    """The figures of one record that changed, were added or were dropped."""
    def by_key(facts: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
        out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for fact in facts:
            out[(fact["label"], fact.get("state_id") or "")].append(fact)
        return out

    was, now = by_key(old.figures.get((kind, rid), [])), by_key(new.figures.get((kind, rid), []))
    # The same figure on both sides is no change, wherever the record lists it; nor is one
    # whose label alone was reworded (same value, year and state).
    for same_label in (True, False):
        for key, left in was.items():
            for fact in list(left):
                candidates = [now.get(key, [])] if same_label else [
                    facts for (_label, state), facts in now.items() if state == key[1]]
                for right in candidates:
                    same = next((f for f in right if _figure_text(f) == _figure_text(fact)),
                                None)
                    if same is not None:
                        left.remove(fact)
                        right.remove(same)
                        break
    changes: list[Change] = []
    for key in sorted(set(was) | set(now)):
        left = was.get(key, [])
        right = now.get(key, [])
        for n in range(max(len(left), len(right))):
            a = left[n] if n < len(left) else None
            b = right[n] if n < len(right) else None
            shown, where = (b, new) if b is not None else (a, old)
            assert shown is not None
            subject = _subject(shown, where)
            changes.append(Change(
                release, kind, rid, name, "figure", subject=subject,
                before=_figure_text(a) if a is not None else None,
                after=_figure_text(b) if b is not None else None))
    return changes
