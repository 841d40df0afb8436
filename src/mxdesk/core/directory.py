"""Read-only access to the bundled directory database (data/clusters.db).

Longer than ~450 lines: one class answers every question about a record, and its readers
(detail pane, fact sheets, ``mxdesk show``) share that one API.

The SQL that reads the directory lives here, in search.py (Search everything) and in
browse.py (the tabs' tables, whose queries are the specs of tables.py). The file is opened
with ``mode=ro`` so nothing in mxdesk can change it.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from mxdesk.core import i18n
from mxdesk.core.errors import AmbiguousNameError, DirectoryError, NotFoundError
from mxdesk.core.geo import MapSourceError, MexicoMap, read_map
from mxdesk.core.i18n import _
from mxdesk.core.records import (
    KINDS,
    Cluster,
    Company,
    Conclusion,
    Country,
    DirectoryInfo,
    Fact,
    Kind,
    Listing,
    Location,
    Partnership,
    Policy,
    Programme,
    QualityLabel,
    RecordRef,
    Sector,
    Source,
    State,
    kind_name,
)
from mxdesk.core.redirects import Redirect
from mxdesk.core.schema import CLUSTER_ITEM_KINDS, DIRECTORY_SCHEMA_VERSION
from mxdesk.core.spanish_source import ITEM_TERMS
from mxdesk.core.tables import set_spanish_names, set_spanish_order
from mxdesk.core.text import fold

log = logging.getLogger("mxdesk.db")

#: The SQL table holding each kind of record: kind -> table name (``"cluster"`` ->
#: ``"clusters"``). Not the browse tabs: those are :data:`mxdesk.core.tables.TAB_SPECS`.
TABLE_OF_KIND: dict[Kind, str] = {
    "cluster": "clusters", "sector": "sectors", "policy": "policies",
    "programme": "programmes", "partnership": "partnerships", "state": "states",
    "company": "companies", "country": "countries",
}
#: The old name of :data:`TABLE_OF_KIND`, kept for callers.
TABLES = TABLE_OF_KIND
_REQUIRED_TABLES = {*TABLE_OF_KIND.values(), "meta", "sources", "facts", "fact_sources", "names",
                   "search", "vocabulary", "row_counts", "facet_counts", "state_shapes"}

AnyRecord = Cluster | Sector | Policy | Programme | Partnership | State | Company | Country
_T = TypeVar("_T")


class Directory:
    """The directory of clusters, sectors and policies, read from one SQLite file.

    Opening *path* raises :class:`DirectoryError` when the file is missing, is not an SQLite
    database, lacks the directory's tables, or has a schema version other than
    ``DIRECTORY_SCHEMA_VERSION``. Every reader below raises :class:`DirectoryError` when the
    file cannot be read while it is open (removed or damaged underneath); those that read one
    record by id also raise :class:`NotFoundError` when there is none.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.conn = self._connect(self.path)
        # The file is only read, so what it says never changes while it is open: the few
        # small tables the detail pane reads for every record are kept after the first read.
        self._states: dict[str, State] = {}
        self._state_names: dict[str, str] | None = None
        self._sources: dict[str, Source] | None = None
        # Cross-link answers the detail pane asks for again and again (every cluster in a
        # state shows the same first clusters of that state); the keys are states and sets of
        # sectors, so this stays small: a few thousand entries at most.
        self._kept_answers: dict[tuple[object, ...], Any] = {}
        self._redirects: dict[str, Redirect] | None = None
        # The sectors' Spanish names, for the facet values shown in Spanish (issue 20).
        set_spanish_names({row[0]: row[1] for row in self._query(
            "SELECT name, name_es FROM sectors WHERE name_es IS NOT NULL")})
        # The tables a Spanish name puts in another order (their searches sort apart).
        set_spanish_order({table for row in self._query(
            "SELECT value FROM meta WHERE key = 'sorted_apart_in_spanish'")
            for table in str(row[0]).split()})

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        if not path.is_file():
            raise DirectoryError(_("directory database not found: {path}").format(path=path))
        uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DirectoryError(_("{path} is not a readable directory database ({error})"
                                   ).format(path=path, error=exc)) from exc
        missing = _REQUIRED_TABLES - tables
        # A directory of another release (its clusters and schema number there, some tables
        # of this one missing) is told as such, not as "not an mxdesk database".
        # Translators: {tables} are the names of database tables (not translated).
        not_ours = _("{path} is not an mxdesk directory database (missing {tables})")
        if missing and not ({"clusters", "meta"} <= tables and version > 0):
            conn.close()
            raise DirectoryError(not_ours.format(path=path, tables=", ".join(sorted(missing))))
        if version != DIRECTORY_SCHEMA_VERSION:
            conn.close()
            said = (_("{path} has directory schema {version}, newer than this mxdesk (schema "
                      "{ours}); install the matching mxdesk version")
                    if version > DIRECTORY_SCHEMA_VERSION else
                    _("{path} has directory schema {version}, older than this mxdesk (schema "
                      "{ours}); install the matching mxdesk version"))
            raise DirectoryError(said.format(path=path, version=version,
                                             ours=DIRECTORY_SCHEMA_VERSION))
        if missing:
            conn.close()
            raise DirectoryError(not_ours.format(path=path, tables=", ".join(sorted(missing))))
        return conn

    def close(self) -> None:
        """Close the file; the directory cannot be read after this."""
        self.conn.close()

    def __enter__(self) -> Directory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _kept(self, key: tuple[object, ...], read: Callable[[], _T]) -> _T:
        """*read*'s answer, read once per language: the file does not change while it is
        open, but its names and texts read in the language current at the call."""
        key = (i18n.language(), *key)
        if key not in self._kept_answers:
            self._kept_answers[key] = read()
        return self._kept_answers[key]

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise DirectoryError(_("cannot read {path}: {error}").format(
                path=self.path, error=exc)) from exc

    # -- about the data -------------------------------------------------------------------

    def info(self) -> DirectoryInfo:
        """What the file says about itself, for About and ``--version``: its data version and build
        date (``"?"`` when the file does not say) and how many records of each kind it holds
        (``counts``: kind -> number, plus ``"source"``). Raises :class:`DirectoryError` when the
        file cannot be read."""
        meta = {row["key"]: row["value"] for row in self._query("SELECT key, value FROM meta")}
        counts: dict[str, int] = {
            kind: self._query(f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608
            for kind, table in TABLE_OF_KIND.items()}
        counts["source"] = self._query("SELECT count(*) FROM sources")[0][0]
        return DirectoryInfo(meta.get("data_version", "?"), meta.get("build_date", "?"), counts)

    def documents(self) -> tuple[tuple[str, str, str], ...]:
        """The briefings the directory is read from, as (id, title, date as printed or ""), in
        id order; the directory's own conventions (a document without a file) are left out.
        Raises :class:`DirectoryError` when the file cannot be read."""
        return self._kept(("documents",), lambda: tuple(
            (r["id"], r["title"], r["date"] or "") for r in self._query(
                "SELECT id, title, date FROM documents WHERE coalesce(file, '') != '' "
                "ORDER BY id")))

    def mexico_map(self) -> MexicoMap:
        """The outline map of the 32 states (issue 19), read once and kept: each state's
        polygons in the frame ``meta.map_view_box``, and the attribution every drawn map
        prints. Raises :class:`DirectoryError` when the file cannot be read or its outlines
        do not parse."""
        def read() -> MexicoMap:
            meta = {r["key"]: r["value"] for r in self._query(
                "SELECT key, value FROM meta WHERE key IN ('map_view_box', 'map_attribution')")}
            rows = [(r["state_id"], r["iso_code"], r["name"], r["outline"], r["label_x"],
                     r["label_y"]) for r in self._query(
                "SELECT m.state_id, m.iso_code, s.name, m.outline, m.label_x, m.label_y "
                "FROM state_shapes m "
                "JOIN states s ON s.id = m.state_id ORDER BY s.sort_key")]
            try:
                return read_map(meta.get("map_view_box", ""), meta.get("map_attribution", ""),
                                rows)
            except MapSourceError as exc:
                raise DirectoryError(_("cannot read the map in {path}: {error}").format(
                    path=self.path, error=exc)) from exc
        return self._kept(("mexico-map",), read)

    def fact_years(self, document_id: str) -> list[int]:
        """The distinct years of the figures that rest on *document_id*'s passages, ascending.
        Raises :class:`DirectoryError` when the file cannot be read."""
        return self._kept(("fact-years", document_id), lambda: [r[0] for r in self._query(
            "SELECT DISTINCT f.year FROM facts f JOIN sources s ON s.id = f.source_id "
            "WHERE s.document_id = ? AND f.year IS NOT NULL ORDER BY f.year", [document_id])])

    def cited_texts(self, document_id: str) -> list[str]:
        """The titles and addresses of *document_id*'s sources (its footnotes), as printed.
        Raises :class:`DirectoryError` when the file cannot be read."""
        return self._kept(("cited-texts", document_id), lambda: [t for r in self._query(
            "SELECT title, coalesce(url, '') FROM sources WHERE document_id = ?", [document_id])
            for t in r if t])

    # -- finding records by name ----------------------------------------------------------

    def ref(self, kind: Kind, record_id: str) -> RecordRef:
        """The link to one record: (kind, id, name). States' names are read once and kept.

        Raises :class:`NotFoundError` when there is no *kind* with *record_id*,
        :class:`DirectoryError` when the file cannot be read.
        """
        if kind == "state":
            if self._state_names is None:
                self._state_names = {row[0]: row[1] for row in self._query(
                    "SELECT id, name FROM states")}
            if record_id in self._state_names:
                return RecordRef("state", record_id, self._state_names[record_id])
        name = _name_sql() if kind != "state" else "name"
        rows = self._query(f"SELECT {name} FROM {TABLE_OF_KIND[kind]} WHERE id = ?",  # noqa: S608
                           [record_id])
        if not rows:
            raise NotFoundError(_no_record(kind, record_id))
        return RecordRef(kind, record_id, rows[0][0])

    def lookup(self, text: str, kind: Kind | None = None) -> list[RecordRef]:
        """Every record whose id, name, acronym or alias equals *text*, ignoring case/accents; by
        kind (in ``KINDS`` order), then by name. Empty when *text* folds to nothing. Raises
        :class:`DirectoryError` when the file cannot be read."""
        key = fold(text)
        if not key:
            return []
        sql = "SELECT DISTINCT kind, record_id FROM names WHERE key = ?"
        params: list[Any] = [key]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        refs = [self.ref(row["kind"], row["record_id"]) for row in self._query(sql, params)]
        return sorted(refs, key=lambda r: (KINDS.index(r.kind), fold(r.name)))

    def lookup_words(self, text: str, kind: Kind | None = None) -> list[RecordRef]:
        """Every record with an id, name, acronym or alias in which each word of *text*
        starts a word, ignoring case and accents (``"automotriz nuevo"`` finds "Cluster
        Automotriz de Nuevo León"); sorted as :meth:`lookup` sorts. Raises
        :class:`DirectoryError` when the file cannot be read."""
        parts = fold(text).split()
        if not parts:
            return []
        # A folded word holds word characters only, never LIKE's "%" or "_"; the keys are
        # folded, so LIKE's ASCII-only case folding has nothing left to do.
        # Only the number of "?" depends on the text; the words are bound parameters.
        sql = ("SELECT DISTINCT kind, record_id FROM names WHERE "  # noqa: S608
               + " AND ".join(["(' ' || key) LIKE ?"] * len(parts)))
        params: list[Any] = [f"% {part}%" for part in parts]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        refs = [self.ref(row["kind"], row["record_id"]) for row in self._query(sql, params)]
        return sorted(refs, key=lambda r: (KINDS.index(r.kind), fold(r.name)))

    def resolve(self, text: str, kind: Kind | None = None, *, partial: bool = True) -> RecordRef:
        """The one record *text* names (of *kind*, when given).

        First the record whose id is *text* as typed; then the one record that owns *text*
        whole as its id, name, acronym or alias, ignoring case and accents; when none
        does, the one record whose id, name, acronym or alias holds every word of *text* as
        the start of a word. So ``claut`` is Nuevo León's automotive cluster, while
        ``CLAUT``, the acronym the briefing prints for two clusters, is ambiguous
        (docs/data.md), and ``baja california`` is the state, not Baja California Sur.
        Not *partial*: only a whole id, name, acronym or alias counts (a contact's cluster
        typed in the form is never guessed from part of a name).

        Raises :class:`AmbiguousNameError` (listing the candidates) when a whole name several
        records own, or (owned by none) words several records' names hold;
        :class:`NotFoundError` when nothing is found; :class:`DirectoryError` when the file
        cannot be read.
        """
        refs = self.lookup(text, kind)
        by_id = [r for r in refs if r.id == text.strip()]
        if len(by_id) == 1:
            return by_id[0]
        if len(refs) == 1:
            return refs[0]
        if refs:
            raise AmbiguousNameError(text, [(r.kind, r.id, r.name) for r in refs])
        found = self.lookup_words(text, kind) if partial else []
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNameError(text, [(r.kind, r.id, r.name) for r in found],
                                     partial=True)
        raise NotFoundError(_("nothing in the directory is called {name}").format(
            name=repr(text)))

    # -- ids of earlier releases (data/source/redirects.toml) -----------------------------

    def redirects(self) -> dict[str, Redirect]:
        """Every id of an earlier release that names no record now: old id -> its
        :class:`Redirect`. Read once (a few rows). A file built before redirects were kept
        (no ``redirects`` table) has none. Raises :class:`DirectoryError` when the file
        cannot be read."""
        if self._redirects is None:
            has = self._query("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                              "AND name = 'redirects'")
            rows = self._query("SELECT * FROM redirects ORDER BY old_id") if has else []
            kept: dict[str, Redirect] = {}
            for row in rows:
                new = None
                if row["new_id"] is not None and row["new_kind"] in TABLE_OF_KIND:
                    try:
                        new = self.ref(row["new_kind"], row["new_id"])
                    except NotFoundError:
                        log.warning("redirect %s names no record %s", row["old_id"],
                                    row["new_id"])
                kept[row["old_id"]] = Redirect(row["old_id"], row["change"], new,
                                               row["release"], row["reason"])
            self._redirects = kept
        return self._redirects

    def redirect(self, old_id: str) -> Redirect | None:
        """What became of *old_id*, an id of an earlier release that names no record now;
        None when no earlier release had it redirected (it may well name a record). Raises
        :class:`DirectoryError` when the file cannot be read."""
        return self.redirects().get(old_id)

    def follow(self, kind: Kind, record_id: str) -> tuple[RecordRef, Redirect | None]:
        """The record *kind* *record_id* is now: (its link, None) when the id names it, or
        (the record it was merged into or renamed to, the :class:`Redirect` that says so)
        for an id of an earlier release (:meth:`redirect`), whatever its kind now.

        Raises :class:`NotFoundError` when the id names nothing now (its message says when
        and why the record was removed, when it was), :class:`DirectoryError` when the file
        cannot be read."""
        try:
            return self.ref(kind, record_id), None
        except NotFoundError:
            moved = self.redirect(record_id)
            if moved is None:
                raise
            if moved.new is None:
                raise NotFoundError(moved.says()) from None
            return moved.new, moved

    def past_their_end(self, refs: Iterable[tuple[str, str]],
                       today: dt.date | None = None) -> dict[tuple[str, str], str]:
        """Of (kind, id) pairs, those past their end on *today* (default: this computer's
        date), with the words a list shows after the name: a cluster whose quality label
        expired ("label expired"), a policy whose last year is over ("ended 2018"). Issue 16:
        marked in every list, not only in the details. Raises :class:`DirectoryError` when
        the file cannot be read."""
        day = today or dt.date.today()
        wanted = list(dict.fromkeys(refs))
        clusters = [i for k, i in wanted if k == "cluster"]
        policies = [i for k, i in wanted if k == "policy"]
        out: dict[tuple[str, str], str] = {}
        for chunk in _chunks(clusters):
            marks = ",".join("?" * len(chunk))
            for row in self._query(
                    f"SELECT id FROM clusters WHERE id IN ({marks}) "  # noqa: S608
                    "AND label_valid_until < ?", [*chunk, day.isoformat()]):
                out["cluster", row["id"]] = "label expired"
        for chunk in _chunks(policies):
            marks = ",".join("?" * len(chunk))
            for row in self._query(
                    f"SELECT id, year_end FROM policies WHERE id IN ({marks}) "  # noqa: S608
                    "AND year_end < ?", [*chunk, day.year]):
                out["policy", row["id"]] = f"ended {row['year_end']}"
        return out

    def cluster_names(self) -> dict[str, str]:
        """Cluster id -> name for every cluster, and for every id an earlier release gave a
        cluster that was merged or renamed since, the name of the cluster it is now (a
        contact's vCard names its cluster as it is now: issue 16). Raises
        :class:`DirectoryError` when the file cannot be read."""
        names = {r.id: r.name for r in self.all_refs("cluster")}
        for old, moved in self.redirects().items():
            if moved.new is not None and moved.new.kind == "cluster" and moved.new.id in names:
                names.setdefault(old, names[moved.new.id])
        return names

    def redirected_to(self, kind: Kind, record_id: str) -> tuple[str, ...]:
        """The ids of earlier releases that now lead to *kind* *record_id* (merged into it,
        or its id before a rename), in id order; empty for most records. A user's notes may
        still name one of them. Raises :class:`DirectoryError` when the file cannot be
        read."""
        return tuple(old for old, moved in self.redirects().items()
                     if moved.new is not None and moved.new.kind == kind
                     and moved.new.id == record_id)

    # -- whole records --------------------------------------------------------------------

    def get(self, kind: Kind, record_id: str) -> AnyRecord:
        """The whole record *kind* *record_id*: a :class:`Cluster`, :class:`Sector`,
        :class:`Policy`, :class:`Programme`, :class:`Partnership`, :class:`State`,
        :class:`Company` or :class:`Country`, as *kind* says (the reader of that kind below).

        Raises :class:`NotFoundError` when there is no such record, :class:`DirectoryError`
        when the file cannot be read; a *kind* outside ``KINDS`` is a bug (``KeyError``).
        """
        loaders: dict[str, Callable[[str], AnyRecord]] = {
            "cluster": self.cluster, "sector": self.sector, "policy": self.policy,
            "programme": self.programme, "partnership": self.partnership, "state": self.state,
            "company": self.company, "country": self.country,
        }
        return loaders[kind](record_id)

    def _row(self, kind: Kind, record_id: str) -> sqlite3.Row:
        rows = self._query(f"SELECT * FROM {TABLE_OF_KIND[kind]} WHERE id = ?",  # noqa: S608
                           [record_id])
        if not rows:
            raise NotFoundError(_no_record(kind, record_id))
        return rows[0]

    def _column(self, sql: str, params: Sequence[Any]) -> tuple[str, ...]:
        return tuple(row[0] for row in self._query(sql, params))

    def _refs(self, kind: Kind, sql: str, params: Sequence[Any]) -> tuple[RecordRef, ...]:
        return tuple(self._each_ref(kind, sql, params))

    def _each_ref(self, kind: Kind, sql: str, params: Sequence[Any]) -> Iterator[RecordRef]:
        """Refs read off the cursor: a whole table's worth (100,000 clusters at the largest)
        never exists twice over as a fetchall() list of rows as well."""
        try:
            for row in self.conn.execute(sql, params):
                yield RecordRef(kind, row[0], row[1])
        except sqlite3.DatabaseError as exc:
            raise DirectoryError(_("cannot read {path}: {error}").format(
                path=self.path, error=exc)) from exc

    def _facts(self, owner: str, record_id: str) -> tuple[Fact, ...]:
        rows = self._query(f"SELECT f.*, {_PRINTED} FROM facts f {_PRINTED_JOIN} "  # noqa: S608
                           f"WHERE f.{owner}_id = ? ORDER BY f.id", [record_id])
        return tuple(_fact(r) for r in rows)

    def _sector_refs(self, link: str, owner: str, record_id: str) -> tuple[RecordRef, ...]:
        return self._refs(
            "sector",
            f"SELECT s.id, {_name_sql('s')} FROM {link} l JOIN sectors s "  # noqa: S608
            "ON s.id = l.sector_id "
            f"WHERE l.{owner}_id = ? ORDER BY {_sort_sql('s')}", [record_id])

    def _state_ref(self, state_id: str | None) -> RecordRef | None:
        return self.ref("state", state_id) if state_id else None

    def _source_ids(self, kind: str, record_id: str) -> tuple[str, ...]:
        return self._column(
            f"SELECT l.source_id FROM {kind}_sources l JOIN sources s ON s.id = l.source_id "  # noqa: S608
            f"WHERE l.{kind}_id = ? ORDER BY s.document_id, s.footnote IS NULL, s.footnote, s.id",
            [record_id])

    def _names(self, row: sqlite3.Row, aliases: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        """A record's name and aliases in the current language: in Spanish, its Spanish name
        where it has one, its English name then the first of its aliases."""
        if not _spanish() or not row["name_es"]:
            return row["name"], aliases
        seen = {fold(row["name_es"])}
        out: list[str] = []
        for alias in (row["name"], *aliases):
            if fold(alias) not in seen:
                seen.add(fold(alias))
                out.append(alias)
        return row["name_es"], tuple(out)

    def cluster(self, cluster_id: str) -> Cluster:
        """The cluster *cluster_id* with everything the briefings say of it: its state and
        sectors (links), aliases, quality label, committees, focus areas, offices and partners
        (texts, in the briefing's order), figures, and the briefing rows that list it. Its
        name, description, legal form, committees, focus areas, label sector, sectors and
        figures in the current language
        (:func:`mxdesk.core.i18n.language`; English where there is no Spanish); this holds
        for every reader of a record below.

        Raises :class:`NotFoundError` when there is no such cluster, :class:`DirectoryError`
        when the file cannot be read.
        """
        row = self._row("cluster", cluster_id)
        items: dict[str, list[str]] = {kind: [] for kind in CLUSTER_ITEM_KINDS}
        for item in self._query("SELECT kind, text, text_es FROM cluster_items "
                                "WHERE cluster_id = ? ORDER BY kind, position", [cluster_id]):
            # Committees and focus areas read in the language; offices and partners are
            # names, as printed.
            items[item["kind"]].append(_text(item, "text") if item["kind"] in ITEM_TERMS
                                       else item["text"])
        label = None
        if row["label_level"]:
            label = QualityLabel(row["label_level"], _text(row, "label_sector"),
                                 dt.date.fromisoformat(row["label_valid_until"]),
                                 row["label_source_id"])
        listings = tuple(
            Listing(r["table_ref"], r["name"], r["state_id"], r["sector_text"])
            for r in self._query("SELECT * FROM cluster_listings WHERE cluster_id = ? "
                                 "ORDER BY position", [cluster_id]))
        name, aliases = self._names(row, self._column(
            "SELECT alias FROM cluster_aliases WHERE cluster_id = ? ORDER BY rowid",
            [cluster_id]))
        return Cluster(
            id=row["id"], name=name, acronym=row["acronym"],
            state=self._state_ref(row["state_id"]), description=_text(row, "description"),
            sectors=self._sector_refs("cluster_sectors", "cluster", cluster_id),
            aliases=aliases, legal_form=_text(row, "legal_form"), founded=row["founded"],
            website=row["website"],
            label=label, committees=tuple(items["committee"]),
            focus_areas=tuple(items["focus_area"]), offices=tuple(items["office"]),
            partners=tuple(items["partner"]), facts=self._facts("cluster", cluster_id),
            listings=listings, source_ids=self._source_ids("cluster", cluster_id),
        )

    def sector(self, sector_id: str) -> Sector:
        """The industry, sector or theme *sector_id*: its industry and subsectors (links), aliases,
        figures, and its subsector or project-type groups with their top states (Tables 3, 4).

        Raises :class:`NotFoundError` when there is no such sector, :class:`DirectoryError`
        when the file cannot be read.
        """
        row = self._row("sector", sector_id)
        groups: dict[tuple[str, str], list[RecordRef]] = {}
        for r in self._query(
                f"SELECT {_text_sql('l.grp')} AS grp, l.source_id, s.id, s.name "  # noqa: S608
                "FROM sector_locations l "
                "JOIN states s ON s.id = l.state_id WHERE l.sector_id = ? "
                "ORDER BY l.rowid", [sector_id]):
            groups.setdefault((_shown(r["grp"]), r["source_id"]), []).append(
                RecordRef("state", r["id"], r["name"]))
        name, aliases = self._names(row, self._column(
            "SELECT alias FROM sector_aliases WHERE sector_id = ? ORDER BY rowid", [sector_id]))
        return Sector(
            id=row["id"], name=name, kind=row["kind"],
            description=_text(row, "description") or "",
            industry=self.ref("sector", row["industry_id"]) if row["industry_id"] else None,
            aliases=aliases,
            subsectors=self._refs("sector", f"SELECT id, {_name_sql()} FROM sectors "  # noqa: S608
                                  f"WHERE industry_id = ? ORDER BY {_sort_sql()}", [sector_id]),
            facts=self._facts("sector", sector_id),
            locations=tuple(Location(g, tuple(states), src)
                            for (g, src), states in groups.items()),
            source_ids=self._source_ids("sector", sector_id),
        )

    def policy(self, policy_id: str) -> Policy:
        """The policy, law, programme, agreement or agency *policy_id*: its state, years, body,
        parent and children, sectors (links), aliases and figures.

        Raises :class:`NotFoundError` when there is no such policy, :class:`DirectoryError`
        when the file cannot be read.
        """
        row = self._row("policy", policy_id)
        name, aliases = self._names(row, self._column(
            "SELECT alias FROM policy_aliases WHERE policy_id = ? ORDER BY rowid", [policy_id]))
        return Policy(
            id=row["id"], name=name, kind=row["kind"], level=row["level"],
            description=_text(row, "description"), aliases=aliases,
            state=self._state_ref(row["state_id"]), year_start=row["year_start"],
            year_end=row["year_end"], body=_text(row, "body"), section=row["section"],
            parent=self.ref("policy", row["parent_id"]) if row["parent_id"] else None,
            children=self._refs("policy", f"SELECT id, {_name_sql()} FROM policies "  # noqa: S608
                                f"WHERE parent_id = ? ORDER BY {_sort_sql()}", [policy_id]),
            sectors=self._sector_refs("policy_sectors", "policy", policy_id),
            facts=self._facts("policy", policy_id),
            source_ids=self._source_ids("policy", policy_id),
            website=row["website"],
        )

    def programme(self, programme_id: str) -> Programme:
        """The EU–Mexico cooperation programme *programme_id* (Table 7) and its sectors.

        Raises :class:`NotFoundError` when there is no such programme, :class:`DirectoryError`
        when the file cannot be read.
        """
        row = self._row("programme", programme_id)
        return Programme(
            id=row["id"], name=self._names(row, ())[0], relation=row["relation"] or "",
            field=_text(row, "field") or "", description=_text(row, "description"),
            website=row["website"],
            sectors=self._sector_refs("programme_sectors", "programme", programme_id),
            source_ids=self._source_ids("programme", programme_id),
        )

    def partnership(self, partnership_id: str) -> Partnership:
        """The cluster partnership (ESCP-4i) *partnership_id* and its sectors.

        Raises :class:`NotFoundError` when there is no such partnership,
        :class:`DirectoryError` when the file cannot be read.
        """
        row = self._row("partnership", partnership_id)
        return Partnership(
            id=row["id"], name=self._names(row, ())[0], acronym=row["acronym"] or "",
            generation=row["generation"], sector_text=row["sector_text"] or "",
            description=_text(row, "description"),
            sectors=self._sector_refs("partnership_sectors", "partnership", partnership_id),
            source_ids=self._source_ids("partnership", partnership_id),
        )

    def state(self, state_id: str) -> State:
        """The state *state_id* (read once, then kept: the detail pane asks for the same few).

        Raises :class:`NotFoundError` when there is no such state, :class:`DirectoryError`
        when the file cannot be read.
        """
        if state_id in self._states:
            return self._states[state_id]
        row = self._row("state", state_id)
        state = State(
            id=row["id"], name=row["name"], region=row["region"],
            annex_count=row["annex_count"],
            aliases=self._column("SELECT alias FROM state_aliases WHERE state_id = ? "
                                 "ORDER BY rowid", [state_id]),
            source_ids=self._source_ids("state", state_id),
            website=row["website"],
        )
        self._states[state_id] = state
        return state

    def country(self, country_id: str) -> Country:
        """The country *country_id* ("Mexico at a glance"): its aliases, its figures in the
        briefing's order (each under its topic) and the briefing's conclusions, in order.

        Raises :class:`NotFoundError` when there is no such country, :class:`DirectoryError`
        when the file cannot be read.
        """
        row = self._row("country", country_id)
        name, aliases = self._names(row, self._column(
            "SELECT alias FROM country_aliases WHERE country_id = ? ORDER BY rowid",
            [country_id]))
        return Country(
            id=row["id"], name=name, description=_text(row, "description"), aliases=aliases,
            facts=self._facts("country", country_id),
            conclusions=tuple(Conclusion(_shown(r[0]), r[1]) for r in self._query(
                f"SELECT {_text_sql('text')}, source_id FROM country_conclusions "  # noqa: S608
                "WHERE country_id = ? ORDER BY position", [country_id])),
            source_ids=self._source_ids("country", country_id),
        )

    def company(self, company_id: str) -> Company:
        """The company *company_id*: its origin, aliases, sectors and states (links, by
        name) and figures.

        Raises :class:`NotFoundError` when there is no such company, :class:`DirectoryError`
        when the file cannot be read.
        """
        row = self._row("company", company_id)
        name, aliases = self._names(row, self._column(
            "SELECT alias FROM company_aliases WHERE company_id = ? ORDER BY rowid",
            [company_id]))
        return Company(
            id=row["id"], name=name, description=_text(row, "description"),
            origin=_text(row, "origin"), aliases=aliases,
            sectors=self._sector_refs("company_sectors", "company", company_id),
            states=self._refs("state", "SELECT s.id, s.name FROM company_states l JOIN states s "
                              "ON s.id = l.state_id WHERE l.company_id = ? ORDER BY s.sort_key",
                              [company_id]),
            facts=self._facts("company", company_id),
            source_ids=self._source_ids("company", company_id),
        )

    def sources(self, ids: Iterable[str]) -> list[Source]:
        """The sources with these ids, in that order (unknown ids are left out, a repeated id
        shows once). Raises :class:`DirectoryError` when the file cannot be read."""
        if self._sources is None:
            # A few hundred rows: one read instead of one query per citation.
            self._sources = {
                r["id"]: Source(r["id"], r["document_id"], r["title"], r["footnote"], r["url"],
                                r["section"])
                for r in self._query("SELECT * FROM sources")}
        return [self._sources[i] for i in dict.fromkeys(ids) if i in self._sources]

    # -- lists and cross-links ------------------------------------------------------------

    def all_refs(self, kind: Kind) -> list[RecordRef]:
        """Every record of *kind* as a link, in the tables' order (name folded, then id). Raises
        :class:`DirectoryError` when the file cannot be read."""
        name = _name_sql() if kind != "state" else "name"
        return list(self._each_ref(kind, f"SELECT id, {name} FROM {TABLE_OF_KIND[kind]} "  # noqa: S608
                                         f"ORDER BY {_sort_sql()}", []))

    def cluster_choices(self) -> list[tuple[str, str, str]]:
        """Every cluster as (id, name, the folded keys it is found by: id, name, acronym,
        aliases, joined by spaces), in list order: what a cluster field completes from. The
        keys come folded from the file, so 100,000 clusters need no folding here. Raises
        :class:`DirectoryError` when the file cannot be read."""
        return [(row[0], row[1], row[2] or "") for row in self._query(
            f"SELECT c.id, {_name_sql('c')}, group_concat(n.key, ' ') FROM clusters c "  # noqa: S608
            "LEFT JOIN names n ON n.kind = 'cluster' AND n.record_id = c.id "
            f"GROUP BY c.id ORDER BY {_sort_sql('c')}")]

    def clusters_in_states(self, state_ids: Iterable[str]) -> tuple[RecordRef, ...]:
        """Clusters of any of these states, each once, by name. Raises :class:`DirectoryError`
        when the file cannot be read."""
        ids = list(dict.fromkeys(state_ids))
        marks = ",".join("?" * len(ids))
        return self._refs("cluster", f"SELECT id, {_name_sql()} FROM clusters "  # noqa: S608
                          f"WHERE state_id IN ({marks}) ORDER BY {_sort_sql()}", ids)

    def clusters_in_state(self, state_id: str, limit: int = -1) -> tuple[RecordRef, ...]:
        """Clusters of a state by name; *limit* rows at most (the detail pane shows a few; -1:
        all). Raises :class:`DirectoryError` when the file cannot be read."""
        def read() -> tuple[RecordRef, ...]:
            return self._refs("cluster", f"SELECT id, {_name_sql()} FROM clusters "  # noqa: S608
                              f"WHERE state_id = ? ORDER BY {_sort_sql()} LIMIT ?",
                              [state_id, limit])
        # Whole lists (thousands of rows at 100,000 clusters) are not worth keeping.
        return self._kept(("state-clusters", state_id, limit), read) if limit >= 0 else read()

    def count_clusters_in_state(self, state_id: str) -> int:
        """How many clusters the state has (0 for an unknown state). Raises
        :class:`DirectoryError` when the file cannot be read."""
        return self._kept(("state-count", state_id), lambda: int(self._query(
            "SELECT count(*) FROM clusters WHERE state_id = ?", [state_id])[0][0]))

    def clusters_in_sectors(self, sector_ids: Iterable[str],
                            limit: int = -1) -> tuple[RecordRef, ...]:
        """Clusters in any of these sectors, each once, by name; *limit* rows at most (-1: all).
        Raises :class:`DirectoryError` when the file cannot be read."""
        ids = tuple(dict.fromkeys(sector_ids))
        if limit < 0:
            return self._clusters_in_sectors(ids, limit)
        return self._kept(("sector-clusters", frozenset(ids), limit),
                          lambda: self._clusters_in_sectors(ids, limit))

    def _clusters_in_sectors(self, ids: tuple[str, ...], limit: int) -> tuple[RecordRef, ...]:
        merged: dict[str, tuple[str, str]] = {}
        for sector_id in ids:
            for sort_key, cluster_id, name in self._query(
                    f"SELECT {_sort_sql('m')}, c.id, {_name_sql('c')} FROM sector_members m "  # noqa: S608
                    "JOIN clusters c "
                    "ON c.id = m.cluster_id WHERE m.sector_id = ? "
                    f"ORDER BY {_sort_sql('m')} LIMIT ?",
                    [sector_id, limit]):
                merged[cluster_id] = (sort_key, name)
        ordered = sorted(merged.items(), key=lambda item: item[1][0])
        if limit >= 0:
            ordered = ordered[:limit]
        return tuple(RecordRef("cluster", cid, name) for cid, (_key, name) in ordered)

    def count_clusters_in_sectors(self, sector_ids: Iterable[str]) -> int:
        """How many clusters are in any of these sectors (each counted once). Raises
        :class:`DirectoryError` when the file cannot be read."""
        ids = list(dict.fromkeys(sector_ids))
        return self._kept(("sector-count", frozenset(ids)), lambda: self._count_in_sectors(ids))

    def _count_in_sectors(self, ids: list[str]) -> int:
        one = "SELECT sort_key FROM sector_members WHERE sector_id = ?"
        if not ids:
            return 0
        if len(ids) == 1:
            return int(self._query("SELECT count(*) FROM sector_members WHERE sector_id = ?",
                                   ids)[0][0])
        # A cluster has one sort_key, the same in every sector it is in, and each sector's
        # members are stored in sort_key order. count(DISTINCT cluster_id) sorts every member
        # again (5 ms for two sectors at 100,000 clusters); these compound queries, with ORDER
        # BY, merge the stored orders instead.
        if len(ids) == 2:
            # |A ∪ B| = |A| + |B| - |A ∩ B|, and the counts come from the index alone.
            return int(self._query(
                "SELECT (SELECT count(*) FROM sector_members WHERE sector_id IN (?, ?)) - "
                "(SELECT count(*) FROM (SELECT sort_key FROM sector_members WHERE sector_id = ? "
                "INTERSECT SELECT sort_key FROM sector_members WHERE sector_id = ? ORDER BY 1))",
                [*ids, *ids])[0][0])
        union = " UNION ".join([one] * len(ids))
        return int(self._query(f"SELECT count(*) FROM ({union} ORDER BY 1)", ids)[0][0])  # noqa: S608

    def existing_ids(self, kind: Kind, ids: Iterable[str]) -> set[str]:
        """Which of these ids the directory has (to flag notes whose record left); 500 ids a
        query, within the 999 bound parameters SQLite allowed before 3.32. Raises
        :class:`DirectoryError` when the file cannot be read."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self._query(
                f"SELECT id FROM {TABLE_OF_KIND[kind]} WHERE id IN ({marks})", chunk))  # noqa: S608
        return found

    def policies_for_sectors(self, sector_ids: Iterable[str]) -> tuple[RecordRef, ...]:
        """Policies about any of these sectors, each once, in list order. Raises
        :class:`DirectoryError` when the file cannot be read."""
        ids = list(dict.fromkeys(sector_ids))
        marks = ",".join("?" * len(ids))
        return self._kept(("sector-policies", frozenset(ids)), lambda: self._refs(
            "policy",
            f"SELECT DISTINCT p.id, {_name_sql('p')} FROM policies p JOIN policy_sectors l "  # noqa: S608
            f"ON l.policy_id = p.id WHERE l.sector_id IN ({marks}) "
            f"ORDER BY {_sort_sql('p')}", ids))

    def companies_in_sectors(self, sector_ids: Iterable[str]) -> tuple[RecordRef, ...]:
        """Companies in any of these sectors, each once, by name. Raises
        :class:`DirectoryError` when the file cannot be read."""
        ids = list(dict.fromkeys(sector_ids))
        marks = ",".join("?" * len(ids))
        return self._kept(("sector-companies", frozenset(ids)), lambda: self._refs(
            "company",
            f"SELECT DISTINCT c.id, {_name_sql('c')}, {_sort_sql('c')} FROM companies c "  # noqa: S608
            f"JOIN company_sectors l ON l.company_id = c.id WHERE l.sector_id IN ({marks}) "
            f"ORDER BY {_sort_sql('c')}", ids))

    def companies_in_state(self, state_id: str) -> tuple[RecordRef, ...]:
        """Companies the briefing places in the state *state_id*, by name. Raises
        :class:`DirectoryError` when the file cannot be read."""
        return self._refs("company", f"SELECT c.id, {_name_sql('c')} "  # noqa: S608
                          "FROM company_states l JOIN companies c "
                          f"ON c.id = l.company_id WHERE l.state_id = ? ORDER BY {_sort_sql('c')}",
                          [state_id])

    def policies_in_state(self, state_id: str) -> tuple[RecordRef, ...]:
        """Policies whose state is *state_id*, in list order. Raises
        :class:`DirectoryError` when the file cannot be read."""
        return self._refs("policy", f"SELECT id, {_name_sql()} FROM policies "  # noqa: S608
                          f"WHERE state_id = ? ORDER BY {_sort_sql()}", [state_id])

    def facts_about_state(self, state_id: str) -> list[tuple[RecordRef, Fact]]:
        """Figures of any record (sector, cluster, policy, company, the country) that are
        about one state, as (the record that holds the figure, the figure), in the facts
        table's order. Raises :class:`DirectoryError` when the file cannot be read."""
        owners: tuple[tuple[Kind, str], ...] = (
            ("sector", "sectors"), ("cluster", "clusters"), ("policy", "policies"),
            ("company", "companies"), ("country", "countries"))
        joins = " ".join(f"LEFT JOIN {table} AS {kind} ON {kind}.id = f.{kind}_id"
                         for kind, table in owners)
        names = ", ".join(_name_sql(kind) for kind, _table in owners)
        out: list[tuple[RecordRef, Fact]] = []
        # The table and column names are this method's own; the state is a bound parameter.
        for r in self._query(f"SELECT f.*, {_PRINTED}, coalesce({names}) AS owner_name "  # noqa: S608
                             f"FROM facts f {_PRINTED_JOIN} {joins} WHERE f.state_id = ? "
                             "ORDER BY f.id", [state_id]):
            kind = next(kind for kind, _table in owners if r[f"{kind}_id"])
            out.append((RecordRef(kind, r[f"{kind}_id"], r["owner_name"]), _fact(r)))
        return out

    def locations_of_state(self, state_id: str) -> list[tuple[RecordRef, str, str]]:
        """The subsector or project-type groups (Tables 3 and 4) that name a state, as (sector,
        group name, the id of the source that lists it), by sector. Raises
        :class:`DirectoryError` when the file cannot be read."""
        return [(RecordRef("sector", r["id"], r["name"]), _shown(r["grp"]), r["source_id"])
                for r in self._query(
                    f"SELECT s.id, {_name_sql('s')} AS name, {_text_sql('l.grp')} AS grp, "  # noqa: S608
                    "l.source_id FROM sector_locations l "
                    "JOIN sectors s ON s.id = l.sector_id WHERE l.state_id = ? "
                    f"ORDER BY {_sort_sql('s')}, l.rowid", [state_id])]

    def cooperation_for_sectors(self, sector_ids: Iterable[str]) -> tuple[RecordRef, ...]:
        """EU–Mexico programmes, then cluster partnerships, in any of these sectors (each once, in
        list order). Raises :class:`DirectoryError` when the file cannot be read."""
        ids = list(dict.fromkeys(sector_ids))
        return self._kept(("sector-cooperation", frozenset(ids)),
                          lambda: self._cooperation_for_sectors(ids))

    def _cooperation_for_sectors(self, ids: list[str]) -> tuple[RecordRef, ...]:
        marks = ",".join("?" * len(ids))
        programmes = self._refs(
            "programme",
            f"SELECT DISTINCT p.id, {_name_sql('p')} FROM programmes p "  # noqa: S608
            "JOIN programme_sectors l "
            f"ON l.programme_id = p.id WHERE l.sector_id IN ({marks}) "
            f"ORDER BY {_sort_sql('p')}", ids)
        partnerships = self._refs(
            "partnership",
            f"SELECT DISTINCT p.id, {_name_sql('p')} FROM partnerships p "  # noqa: S608
            "JOIN partnership_sectors l "
            f"ON l.partnership_id = p.id WHERE l.sector_id IN ({marks}) "
            f"ORDER BY {_sort_sql('p')}", ids)
        return programmes + partnerships


#: The date printed on the document of a fact's source, as the column ``printed`` of a query
#: on ``facts f`` joined with :data:`_PRINTED_JOIN` (NULL for an undated document), and the
#: fact's further sources as ``also_sources`` (ids separated by spaces; NULL for none).
_PRINTED = ("nullif(d.date, '') AS printed, (SELECT group_concat(source_id, ' ') FROM "
            "(SELECT source_id FROM fact_sources WHERE fact_id = f.id AND position > 0 "
            "ORDER BY position)) AS also_sources")
_PRINTED_JOIN = ("LEFT JOIN sources s ON s.id = f.source_id "
                 "LEFT JOIN documents d ON d.id = s.document_id")


def with_past_end(name: str, mark: str) -> str:
    """*name* followed by *mark*, the words :meth:`Directory.past_their_end` gives
    (``"ended 2014"``, ``"label expired"``), as a list of hits shows them in the current
    language: ``"PROSOFT  (ended 2014)"``, in Spanish ``"PROSOFT  (concluida en 2014)"``.
    A mark not known here follows the name as it is."""
    ended = mark.removeprefix("ended ")
    if mark == "label expired":
        # Translators: a search hit whose quality label expired: "CLAUT  (label expired)".
        return _("{name}  (label expired)").format(name=name)
    if ended != mark:
        # Translators: a search hit (a policy) whose last year is over: "PROSOFT  (ended
        # 2014)"; {year} is a year.
        return _("{name}  (ended {year})").format(name=name, year=ended)
    return f"{name}  ({mark})"


def _no_record(kind: str, record_id: str) -> str:
    """The message of a :class:`NotFoundError` for an id no record of *kind* has."""
    # Translators: {kind} is a kind of record ("cluster", "policy"), {id} the id asked for.
    return _("no {kind} with id {id}").format(kind=kind_name(kind), id=repr(record_id))


def _spanish() -> bool:
    """Whether the directory's text reads in Spanish now (the current language, issue 20)."""
    return i18n.language() == i18n.SPANISH


def _name_sql(alias: str = "") -> str:
    """SQL for a record's name in the current language (*alias*: the table's, or none): its
    Spanish name, where it has one, in Spanish. Not for states (their names are Spanish)."""
    prefix = f"{alias}." if alias else ""
    return f"coalesce({prefix}name_es, {prefix}name)" if _spanish() else f"{prefix}name"


def _sort_sql(alias: str = "") -> str:
    """SQL for the indexed column that sorts a table's records by the names they show now
    (*alias*: the table's, or none): ``sort_key_es`` (the Spanish names folded) in Spanish,
    ``sort_key`` otherwise."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}sort_key_es" if _spanish() else f"{prefix}sort_key"


def _text_sql(column: str) -> str:
    """SQL for *column* (``"l.grp"``) in the current language: its ``_es`` twin in Spanish
    where it is not NULL."""
    return f"coalesce({column}_es, {column})" if _spanish() else column


def _shown(value: str) -> str:
    """Translated text read by SQL (:func:`_text_sql`), as the pseudo-locale shows it."""
    return i18n.pseudo(value) if i18n.language() == i18n.PSEUDO else value


def _text(row: sqlite3.Row, column: str) -> Any:
    """*row*'s *column* in the current language: its ``_es`` twin in Spanish where given;
    in the pseudo-locale the English accented (core/i18n.py), so that a walk of the window
    tells the directory's translated text from a string never marked."""
    if _spanish():
        spanish = row[f"{column}_es"]
        if spanish is not None:
            return spanish
    value = row[column]
    if isinstance(value, str) and i18n.language() == i18n.PSEUDO:
        return i18n.pseudo(value)
    return value


def _fact(row: sqlite3.Row) -> Fact:
    """A figure from a row of the facts table joined with its document's date (its owner
    columns are left out), its words in the current language."""
    return Fact(label=_text(row, "label"), source_id=row["source_id"], value=row["value"],
                text=_text(row, "text"), unit=_text(row, "unit"), year=row["year"],
                period=_text(row, "period"), qualifier=_text(row, "qualifier"),
                state_id=row["state_id"], topic=_text(row, "topic"),
                printed=row["printed"],
                also_source_ids=tuple((row["also_sources"] or "").split())
                ).in_english(row["unit"], row["qualifier"], row["label"])


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    """*ids* in lists of at most *size* (SQLite's limit on a statement's parameters)."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]

