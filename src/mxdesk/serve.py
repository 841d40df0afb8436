"""``mxdesk serve [--host H] [--port N]``: the directory, read-only, in a browser through
Datasette (issue 21), for an organiser's office that has no mxdesk installed. Hooked into
:mod:`mxdesk.cli` by :func:`add_commands` and :data:`HANDLERS`.

Two databases are served, both immutable (``?immutable=1``, no write ever accepted):

* ``directory`` — the bundled file as it is, its internal tables (search index, vocabulary,
  counts) hidden, with a canned query ``search?q=`` that searches as the window does
  (:func:`mxdesk.core.search.fts_query`, through the SQL function ``mxdesk_fts``);
* ``tabs`` — the window's four tabs (:data:`mxdesk.core.tables.TAB_SPECS`) written at start
  into a file in a temporary folder, one table each, with the columns and facets of the tab
  (a facet a record may have several values of, as Sector, is a JSON array) and a full-text
  index (``unicode61 remove_diacritics 2``: "queretaro" finds Querétaro) over the same text
  the window searches. The bundled file is never written.

Datasette is an optional extra (``pip install 'mxdesk[serve]'``), imported only here.
"""

from __future__ import annotations

import argparse
import json
import logging
import socket
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _

log = logging.getLogger("mxdesk.serve")

#: The internal tables of the bundled file, hidden from the browser.
HIDDEN_TABLES = ("search", "search_config", "search_content", "search_data", "search_docsize",
                 "search_idx", "vocabulary", "row_counts", "facet_counts", "names",
                 "display_text", "state_shapes", "sector_members")

#: The canned query that searches as the window does (the directory's own query syntax:
#: accents and case ignored, every word a prefix).
SEARCH_SQL = (
    "SELECT s.kind, s.record_id, d.name, d.place FROM search s "
    "JOIN display_text d ON d.rowid = s.rowid "
    "WHERE search MATCH mxdesk_fts(:q) ORDER BY bm25(search, 0.0, 0.0, 10.0, 6.0, 2.0, 1.0) "
    "LIMIT 200")


class ServeError(MxdeskError):
    """``mxdesk serve`` cannot start: Datasette missing, the port taken."""


def add_commands(commands: Any) -> None:  # argparse's _SubParsersAction is private
    """Add ``serve`` to *commands*, the ``mxdesk`` parser's subparsers."""
    served = commands.add_parser(
        "serve", help=_("publish the directory read-only in a web browser (Datasette)"),
        description=_("Serve the directory, read-only, through Datasette: the window's tabs "
                      "with their facets and full-text search, and the database's tables. "
                      "Needs the optional extra: pip install 'mxdesk[serve]'. Ctrl+C stops "
                      "it."))
    served.add_argument("--host", default="127.0.0.1", metavar="HOST",
                        help=_("address to listen on (default: 127.0.0.1, this computer "
                               "only; 0.0.0.0 exposes it to the office network)"))
    served.add_argument("--port", type=int, default=8001, metavar="N",
                        help=_("port to listen on (default: 8001)"))


def _facet_values(connection: sqlite3.Connection, sql: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in connection.execute(sql):
        values.setdefault(key, []).append(value)
    return values


def write_tabs(source: Path, target: Path) -> dict[str, Any]:
    """Write the window's four tabs, read from the directory file *source*, as tables of a
    new SQLite file *target*, each with a full-text index; return their Datasette metadata
    (columns, facets, search)."""
    from mxdesk.core.tables import TAB_SPECS, shown_value

    tables: dict[str, Any] = {}
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        texts = {(kind, record_id): row for kind, record_id, *row in reader.execute(
            "SELECT kind, record_id, name, aliases, place, body FROM search")}
        for tab, spec in TAB_SPECS.items():
            facets = {_(facet.title): _facet_values(reader, facet.sql) for facet in spec.facets}
            many = {title for title, values in facets.items()
                    if any(len(v) > 1 for v in values.values())}
            columns = [c for c in spec.columns if _(c.title) not in facets]
            names = [_(c.title) for c in columns] + list(facets)
            quoted = ", ".join(f'"{name}"' for name in names)
            writer.execute(f'CREATE TABLE "{tab}" (id INTEGER PRIMARY KEY, kind TEXT, '
                           f'record_id TEXT, {quoted})')
            writer.execute(f'CREATE VIRTUAL TABLE "{tab}_fts" USING fts5(name, aliases, place, '
                           "body, tokenize = 'unicode61 remove_diacritics 2')")
            rows = reader.execute(f"SELECT * FROM ({spec.base}) ORDER BY sort_key")  # noqa: S608
            heads = [d[0] for d in rows.description]
            for number, found in enumerate(rows, start=1):
                row = dict(zip(heads, found, strict=True))
                cells: list[Any] = [row["kind"], row["id"]]
                for column in columns:
                    value = row[column.shown_name()]
                    cells.append(shown_value(value) if column.words and value else value)
                for title, values in facets.items():
                    got = [shown_value(v) for v in values.get(row["key"], [])]
                    cells.append(json.dumps(got, ensure_ascii=False) if title in many
                                 else (got[0] if got else None))
                marks = ", ".join("?" * (len(cells) + 1))
                # (Table names are TAB_SPECS' constants; every value is a bound parameter.)
                writer.execute(f'INSERT INTO "{tab}" VALUES ({marks})',  # noqa: S608
                               [number, *cells])
                text = texts.get((row["kind"], row["id"]))
                if text is not None:
                    writer.execute(f'INSERT INTO "{tab}_fts" '  # noqa: S608 - as above
                                   "(rowid, name, aliases, place, body) "
                                   "VALUES (?, ?, ?, ?, ?)", [number, *text])
            tables[tab] = {
                "title": _(spec.plural).capitalize(),
                "facets": [{"array": t} if t in many else t for t in facets],
                "fts_table": f"{tab}_fts", "fts_pk": "id",
                "sortable_columns": names, "label_column": _(columns[0].title),
            }
            tables[f"{tab}_fts"] = {"hidden": True}
            for shadow in ("data", "idx", "content", "docsize", "config"):
                tables[f"{tab}_fts_{shadow}"] = {"hidden": True}
        writer.commit()
    finally:
        reader.close()
        writer.close()
    return tables


def metadata(source: Path, tabs: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata: title, sources and licence, the tabs' tables, hidden tables and
    the search that works as the window's."""
    from mxdesk.core.directory import Directory

    with Directory(source) as directory:
        info = directory.info()
        briefings = "; ".join(title + (f" ({date})" if date else "")
                              for _id, title, date in directory.documents())
        map_credit = directory.mexico_map().attribution
    return {
        "title": _("mxdesk: the directory of Mexico's clusters"),
        "description": _("Read-only. Data version {version}, built {date}.").format(
            version=info.data_version, date=info.build_date),
        "source": _("Briefings: {titles}").format(titles=briefings),
        "license": "CC BY 4.0 (map)",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "about": map_credit,
        "databases": {
            "tabs": {"description": _("The window's tabs, with their facets and search "
                                      "(accents optional)."),
                     "tables": tabs},
            "directory": {
                "description": _("The directory database as it is bundled with mxdesk."),
                "tables": {name: {"hidden": True} for name in HIDDEN_TABLES},
                "queries": {"search": {
                    "title": _("Search"),
                    "description": _("Search everything as the window does: accents and "
                                     "case ignored, each word the start of a word."),
                    "sql": SEARCH_SQL}},
            },
        },
    }


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to *host*:*port*, or a :class:`ServeError` saying why not."""
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(info[0], socket.SOCK_STREAM)
    except OSError as exc:
        raise ServeError(_("cannot listen on {host}:{port}: {error}").format(
            host=host, port=port, error=exc.strerror or exc)) from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(info[4])
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ServeError(_("cannot listen on {host}:{port}: {error} (is another server "
                           "using it? choose another with --port)").format(
            host=host, port=port, error=exc.strerror or exc)) from exc
    return sock


def _serve(args: argparse.Namespace) -> int:
    """``mxdesk serve``: check Datasette and the file, write the tabs, listen, serve."""
    try:
        import uvicorn
        from datasette.app import Datasette
        from datasette.database import Database
        from datasette.plugins import pm
    except ImportError:
        raise ServeError(_("mxdesk serve needs Datasette: pip install 'mxdesk[serve]'")) from None
    from mxdesk.core import paths
    from mxdesk.core.search import fts_query

    source = Path(args.db or paths.bundled_database())
    with tempfile.TemporaryDirectory(prefix="mxdesk-serve-") as folder:
        tabs_file = Path(folder) / "tabs.db"
        settings = metadata(source, {})  # first: a missing or damaged file is said at once
        settings = metadata(source, write_tabs(source, tabs_file))
        sock = _listen(args.host, args.port)

        class _Search:  # a Datasette plugin: the window's query syntax as an SQL function
            @staticmethod
            def prepare_connection(conn: sqlite3.Connection) -> None:
                # An empty box (or one of only quotes and spaces) finds nothing, as in the
                # window: FTS5 reads an empty query as a syntax error, the empty phrase ""
                # matches no row.
                conn.create_function("mxdesk_fts", 1,
                                     lambda text: fts_query(text or "") or '""',
                                     deterministic=True)

        from datasette import handle_exception, hookimpl

        # Datasette prints every refused request (a write query's 400) as a full traceback
        # with its locals when rich is installed; the terminal should stay quiet.
        handle_exception.rich = None

        hookimpl(_Search.prepare_connection)
        pm.register(_Search, name="mxdesk-search")
        datasette = Datasette(metadata=settings, settings={"default_page_size": 100})
        datasette.add_database(Database(datasette, path=str(source), is_mutable=False),
                               name="directory")
        datasette.add_database(Database(datasette, path=str(tabs_file), is_mutable=False),
                               name="tabs")
        # (Datasette adds an empty in-memory database when it starts with none: not ours.)
        if "_memory" in datasette.databases:
            datasette.remove_database("_memory")
        config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
        server = uvicorn.Server(config)
        shown = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
        print(_("Serving the directory read-only at http://{host}:{port}/ (Ctrl+C stops it)")
              .format(host=shown, port=sock.getsockname()[1]), flush=True)
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()
    return 0


#: ``mxdesk.cli``'s handlers of the commands this module adds.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"serve": _serve}
