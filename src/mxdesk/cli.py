"""The ``mxdesk`` command: the GUI when run bare, otherwise the commands scripts rely on.

Exit status: 0 on success, 1 when the user's input or environment is at fault (a one-line
message on stderr, never a traceback), 2 for a command-line usage error.

Longer than ~450 lines: the parser of every command and a handler of each, side by side;
newer commands live in modules of their own (``agenda``, ``report``: :mod:`mxdesk.agenda_cli`;
``export-map``: :mod:`mxdesk.map_cli`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from mxdesk import __version__
from mxdesk.core import paths
from mxdesk.core.errors import AmbiguousNameError, MxdeskError

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.core.notes import NotesStore
    from mxdesk.core.records import Kind
    from mxdesk.core.selections import Selection
    from mxdesk.core.spelling import Correction
    from mxdesk.core.table_export import Table
    from mxdesk.core.tables import TableSpec

# Each command imports what it needs when it runs: starting the window (no command) loads
# none of the command line's own modules (file formats, text profiles) before it shows.

log = logging.getLogger("mxdesk")

SEARCH_KINDS: tuple[Kind, ...] = ("cluster", "sector", "policy", "programme", "partnership",
                                  "state", "company", "country")
#: What ``mxdesk search --kind`` takes: the directory's kinds and the user's own records.
NOTE_KINDS = ("contact", "note")
FIND_KINDS = (*SEARCH_KINDS, *NOTE_KINDS)
#: An ambiguous name lists at most this many of the records it could mean: a word that
#: starts words in a hundred names ("cluster") is better narrowed than read through.
MAX_CANDIDATES = 20


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``mxdesk`` command line: ``--version``, ``--db PATH`` and its commands, each with its
    own options. A usage error exits with status 2 and says to see ``--help``."""
    parser = _Parser(
        prog="mxdesk",
        description="An offline directory of Mexico's clusters, sectors and policies. "
                    "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="use another directory database instead of the bundled one")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    find = commands.add_parser(
        "search", help="search the directory, then your contacts and notes (accents and "
                       "case ignored)")
    find.add_argument("query", help="words to find; each matches the start of a word")
    find.add_argument("--kind", choices=FIND_KINDS,
                      help="only records of this kind (contact, note: your own)")
    find.add_argument("--json", action="store_true", help="print the results as JSON")
    find.add_argument("--exact", action="store_true",
                      help="search the words as typed: no spelling correction")
    find.add_argument("--limit", type=int, default=200,
                      help="at most this many results from the directory, and as many from "
                           "your notes")
    _table_options(find)
    find.set_defaults(usage_error=find.error)

    show = commands.add_parser("show", help="print everything known about one record")
    show.add_argument("name", metavar="ID_OR_NAME",
                      help="an id, name, alias or acronym (case and accents ignored)")
    show.add_argument("--kind", choices=SEARCH_KINDS, help="only look among this kind")
    show.add_argument("--json", action="store_true", help="print the record as JSON")

    pdf = commands.add_parser(
        "export-pdf", help="write a fact sheet or a mission brochure as PDF",
        description="One --cluster writes that cluster's fact sheet; several clusters, states, "
                    "sectors, a shortlist or --all write a brochure with a cover, contents, one "
                    "fact sheet per cluster, the policies of their sectors and the sources. "
                    "Repeated --cluster, --state or --sector options add up; --state and "
                    "--sector together take the clusters of those states that are in those "
                    "sectors (--state \"nuevo leon\" --state queretaro --sector aerospace).")
    pdf.add_argument("--cluster", action="append", metavar="ID_OR_NAME",
                     help="a cluster (repeat for several)")
    pdf.add_argument("--state", action="append", metavar="NAME",
                     help="every cluster of a state (repeat for several)")
    pdf.add_argument("--sector", action="append", metavar="NAME",
                     help="every cluster of a sector (repeat for several); with --state, "
                          "only the clusters of those states in these sectors")
    pdf.add_argument("--shortlist", metavar="NAME", help="the clusters of one of your "
                                                         "shortlists, in its order")
    pdf.add_argument("--mission", metavar="NAME", help="the clusters of one of your missions "
                                                       "(its name or the start of it), the "
                                                       "brochure opening with its agenda")
    pdf.add_argument("--all", action="store_true", help="the whole directory")
    pdf.set_defaults(usage_error=pdf.error)
    pdf.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    pdf.add_argument("--paper", choices=("a4", "letter"), default="a4",
                     help="paper size (default a4)")
    pdf.add_argument("--with-notes", action="store_true",
                     help="include your own contacts and notes on each cluster")

    notes = commands.add_parser("notes", help="your notes, contacts and shortlists")
    notes_commands = notes.add_subparsers(dest="notes_command", metavar="ACTION",
                                          parser_class=_Parser, required=True)
    out = notes_commands.add_parser("export", help="write them to FILE (.json .csv .vcf)")
    out.add_argument("file", type=Path, metavar="FILE",
                     help=".json: everything; .csv and .vcf: the contacts")
    out.add_argument("--csv-separator", type=_separator_name, default="semicolon",
                     metavar="semicolon|comma|tab",
                     help="between a CSV's cells (default semicolon, as `search --csv` "
                          "writes and Excel and LibreOffice expect in most of Europe; "
                          "\";\" and \",\" are understood too)")
    into = notes_commands.add_parser(
        "import", help="read FILE (.json .csv .vcf); duplicates are never overwritten "
                       "silently")
    into.add_argument("file", type=Path, metavar="FILE")
    into.add_argument("--merge", action="store_true",
                      help="update records already here with the file's values where they "
                           "differ (without it they are skipped)")
    into.add_argument("--dry-run", action="store_true",
                      help="only print what would be imported")
    notes_commands.add_parser("backup", help="back up your notes now")
    notes_commands.add_parser("backups", help="list the backups, newest first, and which of "
                                              "them this mxdesk can restore")
    back = notes_commands.add_parser(
        "restore", help="put a backup in place of your notes (they are backed up first)")
    which = back.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", type=Path, nargs="?", metavar="BACKUP",
                       help="a backup file (see `mxdesk notes backups`)")
    which.add_argument("--newest", action="store_true",
                       help="the newest sound backup this mxdesk can read")
    rescue = notes_commands.add_parser(
        "rescue", help="export whatever can still be read of a notes file (damaged, moved "
                       "aside, or holding unreadable text) as JSON that `notes import` reads")
    rescue.add_argument("source", type=Path, nargs="?", metavar="NOTES_FILE",
                        help="the file to read (default: your notes file)")
    rescue.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")

    changed = commands.add_parser(
        "changes", help="what newer directories changed: records added, removed, renamed, "
                        "merged, figures changed (the records of your notes first)")
    changed.add_argument("--since", type=_data_version, metavar="VERSION",
                         help="only the releases after this data version (e.g. 2026.11.1); "
                              "default: every release's changes")
    changed.add_argument("--json", action="store_true", help="print the changes as JSON")

    commands.add_parser("selftest", help="check both databases, show the window offscreen "
                                         "and write a fact sheet PDF; report each step")
    from mxdesk import agenda_cli  # its own module (issue 18): imports nothing heavy

    agenda_cli.add_commands(commands)
    from mxdesk import map_cli  # its own module (issue 19): imports nothing heavy

    map_cli.add_commands(commands)
    return parser


def _table_options(find: argparse.ArgumentParser) -> None:
    """``mxdesk search``'s options that write a tab's table as the window's File ▸ Export this
    list… does (issue 17)."""
    table = find.add_argument_group(
        "a tab's table", "--csv or --xlsx writes the table of the --kind's tab (clusters "
        "without --kind) as the window lists QUERY (\"\" for every record), with the "
        "filters, sort and columns below; without a file, --where, --sort, --reverse, "
        "--columns or --view print that table")
    table.add_argument("--csv", type=Path, metavar="FILE",
                       help="write the table as CSV (- for standard output)")
    table.add_argument("--xlsx", type=Path, metavar="FILE",
                       help="write the table as an Excel workbook (- for standard output)")
    table.add_argument("--csv-separator", choices=("semicolon", "comma", "tab"),
                       default="semicolon",
                       help="between a CSV's cells (default semicolon, as Excel and "
                            "LibreOffice expect in most of Europe)")
    table.add_argument("--where", action="append", default=[], metavar="FACET=VALUE",
                       help="tick a filter of the tab (\"State=Nuevo León\"; repeat: values "
                            "of one filter add up, filters narrow)")
    table.add_argument("--sort", metavar="COLUMN", help="sort by this column (default Name)")
    # --reverse says what it does: a count column lists the most first, so "--descending"
    # gave ascending numbers (issue 17's trial); --descending stays for scripts.
    table.add_argument("--reverse", "--descending", dest="descending", action="store_true",
                       help="reverse the column's usual order (names are listed A to Z, "
                            "counts such as Clusters the most first); --descending is the "
                            "same")
    table.add_argument("--columns", metavar="TITLES",
                       help="only these columns, comma-separated, in this order (default: "
                            "those a tab shows at first; Website, Region and the like are "
                            "added by naming them)")
    table.add_argument("--view", metavar="NAME",
                       help="a view saved in the window (Go ▸ Save this view…): its tab, "
                            "filters and sort; a QUERY that is not \"\" replaces its search")


def _separator_name(text: str) -> str:
    """``--csv-separator``'s value as a name (semicolon, comma, tab); the character itself
    is understood too (a usage error otherwise)."""
    names = {"semicolon": "semicolon", ";": "semicolon", "comma": "comma", ",": "comma",
             "tab": "tab", "\t": "tab"}
    if text.strip().lower() not in names and text not in names:
        raise argparse.ArgumentTypeError(f"{text!r} is not a separator: use semicolon, comma "
                                         "or tab")
    return names.get(text, names.get(text.strip().lower(), ""))


def _search_table(args: argparse.Namespace) -> int:
    """``mxdesk search … --csv|--xlsx FILE``: a tab's table, written as the window does;
    with ``--where``, ``--sort``, ``--reverse``, ``--columns`` or ``--view`` and no file, the
    table printed (as text, or with --json as one object per row)."""
    from mxdesk.core.table_export import SEPARATORS, export_table

    if (args.csv and args.xlsx) or (args.json and (args.csv or args.xlsx)):
        args.usage_error("write one of --csv, --xlsx or --json at a time")
    path = args.csv or args.xlsx
    if path is None:
        return _print_table(args)
    to_stdout = str(path) == "-"
    suffix = ".csv" if args.csv else ".xlsx"
    if to_stdout:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="mxdesk-table-"))
        path = folder / f"table{suffix}"
    elif path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    # A typo is corrected as the window corrects it (issue 17's trial: the file was empty).
    table, spec = _table(args, sys.stderr if to_stdout else sys.stdout)
    written = export_table(table, path, SEPARATORS[args.csv_separator])
    noun = spec.noun if written.rows == 1 else spec.plural
    if to_stdout:
        import shutil

        sys.stdout.flush()
        sys.stdout.buffer.write(written.path.read_bytes())
        sys.stdout.buffer.flush()
        shutil.rmtree(path.parent, ignore_errors=True)
        print(f"Wrote {written.rows:,} {noun} to standard output", file=sys.stderr)
    else:
        print(f"Wrote {written.rows:,} {noun} to {written.path}")
    if not written.rows:
        # As the plain search says it (issue 17's trial: a header-only file, and no word).
        print(f"No matches for {args.query!r}.", file=sys.stderr)
    return 0


def _table(args: argparse.Namespace, said: TextIO) -> tuple[Table, TableSpec]:
    """The table ``mxdesk search``'s table options ask for, its query corrected as the
    window corrects it (the correction said on *said*)."""
    from mxdesk.core.table_export import search_table

    # A typo is corrected as the window corrects it (issue 17's trial: the file was empty).
    spelled = _spelling(args)
    if spelled is not None:
        args.query = spelled.searched
        say_corrected(spelled, said)
    base = None
    base_columns: tuple[str, ...] = ()
    if args.view:
        from mxdesk.core.notes import NotesStore, default_path
        from mxdesk.core.saved_views import find_view

        if not default_path().exists():
            raise MxdeskError(f"no saved view is called {args.view!r}: you have no notes yet")
        with NotesStore() as store:
            saved = find_view(store, args.view)
        base, base_columns = (saved.tab, saved.view), saved.columns
    with _open(args) as directory:
        return search_table(
            directory, text=args.query, kind=args.kind, where=args.where, sort=args.sort,
            descending=args.descending, columns=args.columns, base=base,
            base_columns=base_columns)


def _print_table(args: argparse.Namespace) -> int:
    """``mxdesk search … --view NAME`` (or --where, --sort, --reverse, --columns) with no
    file: the tab's table in the terminal, "Clusters (6)" and its rows; with --json, one
    object per row (column title -> value) and the correction on stderr."""
    from mxdesk.core.table_export import table_lines

    table, spec = _table(args, sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps([dict(zip(table.header, row, strict=True)) for row in table.rows],
                         ensure_ascii=False, indent=2))
        return 0
    if not table.rows:
        print(f"No {spec.plural} match.")
        return 0
    print(f"{spec.plural.capitalize()} ({len(table.rows):,})")
    for line in table_lines(table):
        print(f"  {line}")
    return 0


def _data_version(text: str) -> str:
    """``--since``'s value: a data version, digits and dots (a usage error otherwise)."""
    from mxdesk.core.changes import version_key

    if version_key(text) is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a data version (e.g. 2026.11.1)")
    return text.strip()


def _open(args: argparse.Namespace) -> Directory:
    from mxdesk.core.directory import Directory

    return Directory(args.db or paths.bundled_database())


def _print_version(args: argparse.Namespace) -> int:
    print(f"mxdesk {__version__}")
    try:
        with _open(args) as directory:
            info = directory.info()
    except MxdeskError as exc:
        print(f"directory: unavailable ({exc})")
        return 0
    print(f"directory data {info.data_version}, built {info.build_date}: "
          f"{info.counts['cluster']} clusters, {info.counts['sector']} sectors, "
          f"{info.counts['policy']} policies, {info.counts['source']} sources")
    return 0


#: One line of ``mxdesk search``: kind, id, name, snippet.
_Hit = tuple[str, str, str, str]


def _search_notes(query: str, kind: str | None, limit: int) -> tuple[list[_Hit], str]:
    """Your contacts and notes matching *query* as (kind, id, name, snippet), and a warning
    about records that could not be read ("" when none). No notes file yet: nothing found,
    and none is made."""
    from mxdesk.core.notes import NotesStore, default_path

    if not default_path().exists():
        return [], ""
    with NotesStore() as store:
        # With a kind, ask for every match: the store's limit counts both kinds.
        found = store.search(query, limit=limit if kind is None else 1_000_000)
        hits = [(h.kind, str(h.id), h.title, h.snippet) for h in found
                if kind is None or h.kind == kind][:limit]
        return hits, store.unreadable_report()


def _spelling(args: argparse.Namespace) -> Correction | None:
    """The query corrected as Ctrl+K corrects it (issue 17): a word that matches nothing in
    the directory or your notes (those --kind searches) becomes its nearest word; None
    with --exact, or when nothing needs correcting. Notes that do not open are left out."""
    from mxdesk.core.notes import NotesStore, default_path
    from mxdesk.core.spelling import correction

    if args.exact:
        return None
    with contextlib.ExitStack() as stack:
        directory = None if args.kind in NOTE_KINDS else stack.enter_context(_open(args))
        store = None
        if args.kind is None or args.kind in NOTE_KINDS:
            try:
                store = stack.enter_context(NotesStore()) if default_path().exists() else None
            except MxdeskError:
                store = None  # _search says why the notes were not searched
        def finds(fixed: str) -> bool:
            # A correction is printed only when it finds something (as in Ctrl+K).
            from mxdesk.core.search import finds_any

            kinds = () if args.kind is None or args.kind in NOTE_KINDS else (args.kind,)
            return (directory is not None and finds_any(directory, fixed, kinds)) or (
                store is not None and bool(store.search(fixed, limit=1)))

        return correction(args.query, directory, store.conn if store else None,
                          store.changes() if store else 0, finds)


def _search(args: argparse.Namespace) -> int:
    """The directory's hits, then your contacts' and notes', grouped as Ctrl+K groups them.
    Without --kind, notes that do not open still leave the directory's hits printed."""
    from mxdesk.core.search import SEARCH_GROUPS, search

    if args.csv or args.xlsx or args.where or args.sort or args.descending or args.columns \
            or args.view:
        return _search_table(args)  # (issue 17: a tab's table, to a file or printed)
    limit = max(args.limit, 0)
    spelled = _spelling(args)
    if spelled is not None:
        args.query = spelled.searched
    hits: list[_Hit] = []
    ended: dict[tuple[str, str], str] = {}
    if args.kind not in NOTE_KINDS:
        with _open(args) as directory:
            hits = [(h.kind, h.id, h.name, h.snippet)
                    for h in search(directory, args.query, args.kind, limit=limit)]
            ended = directory.past_their_end((k, i) for k, i, _n, _s in hits)
    failure: MxdeskError | None = None
    warning = ""
    if args.kind is None or args.kind in NOTE_KINDS:
        try:
            own, warning = _search_notes(args.query, args.kind, limit)
        except MxdeskError as exc:
            if args.kind is not None:
                raise
            own, failure = [], exc
        hits += own
    said = {"spelling": spelled.as_json()} if spelled else {}
    if spelled is not None:
        say_corrected(spelled, to=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps([{"kind": kind, "id": rid, "name": name, "snippet": snip,
                           **({"past_end": ended[kind, rid]} if (kind, rid) in ended else {}),
                           **said}
                          for kind, rid, name, snip in hits], ensure_ascii=False, indent=2))
    elif not hits:
        print(f"No matches for {args.query!r}.")
    else:
        from mxdesk.core.hit_order import best_first

        # A record named by the words before those that only mention them (issue 16).
        order, hits = best_first(args.query, hits, [kind for kind, _title in SEARCH_GROUPS])
        titles = dict(SEARCH_GROUPS)
        for kind in order:
            title = titles[kind]
            group = [h for h in hits if h[0] == kind]
            if group:
                print(f"{title} ({len(group)})")
                width = max(len(rid) for _k, rid, _n, _s in group)
                for _kind, rid, name, snip in group:
                    mark = f"  ({ended[kind, rid]})" if (kind, rid) in ended else ""
                    print(f"  {rid:<{width}}  {name}{mark}")
                    # A note is named by its first line: show where the words were found.
                    passage = " ".join(snip.split())
                    if kind in ("contact", "note") and passage and passage != name:
                        print(f"  {'':<{width}}    {passage}")
    if warning:
        print(f"mxdesk: warning: {warning}", file=sys.stderr)
    if failure is not None:
        print(f"mxdesk: your notes were not searched: {failure}", file=sys.stderr)
        return 1
    return 0


def say_corrected(spelled: Correction, to: TextIO) -> None:
    """The line before the results of a corrected search."""
    unmatched = ", ".join(repr(typed) for typed, _shown in spelled.words)
    print(f"Showing results for {spelled.searched} (nothing matches {unmatched}; "
          f"--exact searches {spelled.typed.strip()!r} as typed)", file=to)


def _show(args: argparse.Namespace) -> int:
    from mxdesk.core.errors import NotFoundError
    from mxdesk.core.record_text import record_data, text_profile

    with _open(args) as directory:
        # An id an earlier release had: say what it is now (on stderr: stdout stays the
        # record), or that it was removed.
        moved = directory.redirect(args.name.strip())
        if moved is not None and moved.new is None:
            raise NotFoundError(moved.says())
        if moved is not None and moved.new is not None:
            print(f"mxdesk: {moved.says()}", file=sys.stderr)
        ref = moved.new if moved is not None and moved.new is not None else \
            directory.resolve(args.name, args.kind)
        record = directory.get(ref.kind, ref.id)
        if args.json:
            print(json.dumps(record_data(directory, record), ensure_ascii=False, indent=2))
        else:
            sys.stdout.write(text_profile(directory, record))
    return 0


def _changes(args: argparse.Namespace) -> int:
    """The changes of every release after ``--since`` (all when not given), newest release
    first, the records the user's notes, contacts and shortlists name first. The notes are
    only read; notes that do not open leave the list in its plain order, with a warning."""
    from mxdesk.core import changes
    from mxdesk.core.notes import NotesStore, default_path

    with _open(args) as directory:
        found = changes.recorded(directory, args.since)
        in_use: set[str] = set()
        warning = ""
        if found and default_path().exists():
            try:
                with NotesStore() as store:
                    in_use = store.cluster_ids_in_use()
            except MxdeskError as exc:
                warning = f"your notes were not read, so the list is not sorted by them: {exc}"
        noted = changes.noted_clusters(in_use, directory)
    if args.json:
        print(json.dumps([{"release": c.release, **c.as_json(), "yours": c.concerns(noted)}
                          for c in found], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(changes.as_text(changes.grouped(found, noted), args.since))
    if warning:
        print(f"mxdesk: warning: {warning}", file=sys.stderr)
    return 0


def _brochure_selection(args: argparse.Namespace, directory: Directory,
                        store: NotesStore | None) -> Selection:
    """The clusters export-pdf's options choose for a brochure, titled as the window titles
    them (:mod:`mxdesk.core.selections`). Raises NotFoundError, AmbiguousNameError for a
    name that names nothing or several things, or selects no cluster."""
    from mxdesk.core import selections

    if args.cluster:
        return selections.of_names(directory, args.cluster)
    if args.state or args.sector:
        return selections.of_states_and_sectors(directory, args.state or [], args.sector or [])
    if args.shortlist:
        assert store is not None
        return selections.of_shortlist(directory,
                                       selections.shortlist_named(store, args.shortlist))
    if args.mission:
        from mxdesk.agenda_cli import mission_named

        assert store is not None
        mission = mission_named(store, args.mission)
        chosen = selections.of_mission(store, directory, mission)
        if not chosen.cluster_ids:
            raise MxdeskError(f"the mission “{mission.name}” names no cluster of the "
                              "directory; nothing was written")
        return chosen
    return selections.whole_directory(directory)


def _export_pdf(args: argparse.Namespace) -> int:
    from mxdesk.core import sheets  # only this command needs them
    from mxdesk.core.notes import NotesStore
    from mxdesk.export.pdf import export_pdf  # loads Qt, so only here

    store = NotesStore() if (args.with_notes or args.shortlist or args.mission) else None
    with _open(args) as directory:
        if args.cluster and len(args.cluster) == 1:
            content = sheets.single_sheet(directory, directory.resolve(args.cluster[0],
                                                                       "cluster").id,
                                          store=store if args.with_notes else None)
        else:
            chosen = _brochure_selection(args, directory, store)
            # A shortlist's remarks are printed with each cluster, a mission's agenda first.
            content = sheets.brochure_of(directory, chosen,
                                         store=store if args.with_notes else None)
        result = export_pdf(content, args.output, args.paper)
    if store is not None:
        store.close()
    pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
    clusters = f"{len(content.sheets)} cluster{'s' if len(content.sheets) != 1 else ''}"
    print(f"Wrote {result.path}: {pages}, {clusters}")
    return 0


def _check_pdf_selection(args: argparse.Namespace) -> None:
    """export-pdf takes one selection: clusters, states and sectors (together), a shortlist
    or --all; anything else is a usage error."""
    chosen = [option for option, given in (
        ("--cluster", args.cluster), ("--state/--sector", args.state or args.sector),
        ("--shortlist", args.shortlist is not None), ("--mission", args.mission is not None),
        ("--all", args.all)) if given]
    if not chosen:
        args.usage_error("one of the arguments --cluster --state --sector --shortlist "
                         "--mission --all is required")
    if len(chosen) > 1:
        args.usage_error(f"{' and '.join(chosen)} do not go together (only --state and "
                         "--sector combine)")


def _notes(args: argparse.Namespace) -> int:
    from mxdesk.core import exchange
    from mxdesk.core.notes import NotesStore, ReadOnlyStoreError

    if args.notes_command in ("backups", "restore", "rescue"):
        return _notes_recovery(args)
    with NotesStore() as store:
        if args.notes_command == "backup":
            path = store.backup()
            print(f"Backed up {store.counts().describe()} to {path}")
            return 0
        if args.notes_command == "export":
            names: dict[str, str] = {}
            try:
                with _open(args) as directory:
                    names = directory.cluster_names()
            except MxdeskError:
                log.warning("directory unavailable: vCards carry no cluster names")
            from mxdesk.core.table_export import SEPARATORS

            count = exchange.export_notes(store, args.file, names,
                                          SEPARATORS[args.csv_separator])
            print(f"Wrote {count} records to {args.file}")
            skipped = store.unreadable_report()
            if skipped:
                print(f"mxdesk: warning: {skipped}", file=sys.stderr)
            return 0
        if store.read_only and not args.dry_run:
            raise ReadOnlyStoreError(f"your notes are read-only here: {store.read_only}; "
                                     "nothing was imported")
        plan = exchange.plan_import(store, exchange.read_file(args.file))
        print(plan.summary(merge=args.merge))
        if plan.preview():
            print(plan.preview())
        if args.dry_run or plan.empty:
            print("Nothing was written." if args.dry_run else "Nothing to import.")
            return 0
        added, merged = exchange.apply_plan(store, plan, merge=args.merge)
        print(f"Imported: {added} added, {merged} merged.")
    return 0


def _notes_recovery(args: argparse.Namespace) -> int:
    """List backups, restore one, or rescue what a file still holds; these work when the
    notes file itself does not open."""
    from mxdesk.core.notes import (
        NotesStore,
        StoreError,
        default_path,
        good_backups,
        list_backups,
        restore_backup,
    )

    if args.notes_command == "rescue":
        from mxdesk.core.notes.rescue import rescue_export

        report = rescue_export(args.source or default_path(), args.output)
        print(f"Wrote {report.counts.describe()} to {args.output}")
        for problem in report.problems:
            print(f"mxdesk: warning: {problem}", file=sys.stderr)
        return 0
    if args.notes_command == "backups":
        good = {b.path for b in good_backups()}
        found = list_backups()
        for info in found:
            mark = "" if info.path in good else "  (cannot be restored by this mxdesk)"
            print(f"{info.local_time}  schema {info.schema}  {info.counts.describe()}  "
                  f"{info.path}{mark}")
        if not found:
            print("no backups")
        return 0
    if args.newest:
        good_ones = good_backups()
        if not good_ones:
            raise StoreError("there is no sound backup this mxdesk can restore")
        chosen = good_ones[0].path
    else:
        chosen = args.backup
    if not chosen.is_file():
        raise StoreError(f"no backup at {chosen}")
    try:
        store = NotesStore()
    except StoreError as exc:
        # The notes do not open (damaged, missing): the backup takes their place as a file.
        log.info("restoring without an open store: %s", exc)
        moved = restore_backup(chosen, default_path())
        aside = f"; the previous file is kept as {moved}" if moved else ""
        print(f"Restored {chosen.name}{aside}")
        return 0
    with store:
        before = store.restore_from(chosen)
        counts = store.counts()
    print(f"Restored {chosen.name}: {counts.describe()}; your notes as they were are kept as "
          f"{before}")
    return 0


def _selftest(args: argparse.Namespace) -> int:
    from mxdesk.selftest import run_selftest  # loads Qt, so only here

    return run_selftest(args.db)


def _window_only(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options when *argv* just opens the window (nothing or ``--db PATH``), else None.

    Opening the window is the common start, and building every command's parser costs
    more than the rest of the command line (≈ 8 ms): this looks at the two options alone
    and leaves anything else (a command, --help, --version, a typo) to the full parser."""
    quick = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    quick.add_argument("--db", type=Path)
    try:
        found, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:  # e.g. "--db" without a path: the full parser says so
        return None
    return found if not rest else None


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    window = _window_only(argv)
    if window is not None:
        from mxdesk.ui.app import run_gui

        return run_gui(window.db)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        return _print_version(args)
    if args.command is None:
        from mxdesk.ui.app import run_gui

        return run_gui(args.db)
    if args.command == "export-pdf":
        _check_pdf_selection(args)
    from mxdesk.agenda_cli import HANDLERS
    from mxdesk.map_cli import HANDLERS as MAP_HANDLERS

    handler = {"search": _search, "show": _show, "export-pdf": _export_pdf,
               "notes": _notes, "changes": _changes, "selftest": _selftest,
               **HANDLERS, **MAP_HANDLERS}[args.command]
    try:
        return handler(args)
    except AmbiguousNameError as exc:
        print(f"mxdesk: {exc}; say which one:", file=sys.stderr)
        for kind, record_id, name in exc.candidates[:MAX_CANDIDATES]:
            print(f"  {kind:<12} {record_id:<32} {name}", file=sys.stderr)
        more = len(exc.candidates) - MAX_CANDIDATES
        if more > 0:
            print(f"  … and {more} more (mxdesk search {shlex.quote(exc.query)} lists them)",
                  file=sys.stderr)
        return 1
    except MxdeskError as exc:
        print(f"mxdesk: {exc}", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point: never shows a traceback, logs one instead."""
    root = logging.getLogger()
    if not root.handlers:
        terminal = logging.StreamHandler()
        terminal.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
        # The terminal shows warnings and worse; the log file also keeps the INFO lines.
        terminal.setLevel(logging.WARNING)
        root.addHandler(terminal)
    # Opening the window sets the log file up after its first frame (ui/app.py, issue 17).
    if _window_only(argv) is None:
        from mxdesk.core.logs import setup_logging

        setup_logging()
    try:
        return run(argv)
    except BrokenPipeError:
        # `mxdesk search x | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: log, one line, exit
        from mxdesk.core.logs import log_path, setup_logging

        # To the log file only: the terminal gets one line, never a traceback.
        setup_logging()
        log.propagate = False
        try:
            log.error("unexpected error", exc_info=exc)
        finally:
            log.propagate = True
        path = log_path()
        try:
            where = f"; details in {path}" if path.exists() else ""
        except OSError:  # a log folder this account may not look into: say nothing of it
            where = ""
        print(f"mxdesk: internal error: {exc!r}{where}", file=sys.stderr)
        return 70


def gui_main() -> int:
    """Entry point of the ``mxdesk-gui`` launcher (no console window on Windows)."""
    return main([])
