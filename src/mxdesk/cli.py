"""The ``mxdesk`` command: the GUI when run bare, otherwise the commands scripts rely on.

Exit status: 0 on success, 1 when the user's input or environment is at fault (a one-line
message on stderr, never a traceback), 2 for a command-line usage error.

Language (issue 20): ``--lang en|es`` (before the command or after it), else the system locale
(:func:`mxdesk.core.i18n.system_language`), chosen before the parser is built: messages, the
human-readable output, ``--help`` and the papers a command writes are in that language; JSON,
CSV and the other data a program reads stay as they are. argparse's own words ("usage:",
"options", its usage errors) are looked up in mxdesk's catalogue: :func:`_speak_argparse`
points argparse's gettext functions at ours (Python ships no Spanish catalogue for them).

Longer than ~450 lines: the parser of every command and a handler of each, side by side;
newer commands live in modules of their own (``agenda``, ``report``: :mod:`mxdesk.agenda_cli`;
``export-map``: :mod:`mxdesk.map_cli`; ``serve``: :mod:`mxdesk.serve`).
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
from mxdesk.core import i18n, paths
from mxdesk.core.errors import AmbiguousNameError, MxdeskError
from mxdesk.core.i18n import N_, _, ngettext

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


#: argparse's own words that ``mxdesk --help`` and its usage errors show, marked here so that
#: they are extracted into cli.po (argparse looks them up through :func:`_speak_argparse`).
#: Their %-fields are argparse's: a translation keeps them as they are.
ARGPARSE_WORDS = (
    # Translators: argparse's heading of a usage line; keep the space after the colon.
    N_("usage: "), N_("options"), N_("positional arguments"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("ignored explicit argument %r"),
)


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    """argparse's one plural ("expected 2 arguments"), in the current language."""
    if singular == "expected %s argument":
        return ngettext("expected %s argument", "expected %s arguments", n)
    return ngettext(singular, plural, n)


def _speak_argparse() -> None:
    """Make argparse look its words up in mxdesk's catalogue, in the current language.

    argparse calls the ``_`` and ``ngettext`` of its own module (imported from :mod:`gettext`,
    domain "argparse", for which Python ships no Spanish); these are replaced by
    :func:`mxdesk.core.i18n._` and a plural lookup, which give a message not in the catalogue
    back unchanged. Only the ``mxdesk`` command does this, once its language is chosen."""
    argparse._ = i18n.gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_plural  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, _("{prog}: {message} (see {prog} --help)").format(
            prog=self.prog, message=message) + "\n")


def _language(text: str) -> str:
    """``--lang``'s value, normalised ("es_MX" → "es"); a usage error for one mxdesk does
    not speak."""
    try:
        return i18n.normalise(text)
    except i18n.UnknownLanguageError:
        raise argparse.ArgumentTypeError(_unknown_language(text)) from None


def _unknown_language(text: str) -> str:
    return _("unknown language {code}: choose one of {choices}").format(
        code=repr(text), choices=", ".join(i18n.LANGUAGES))


def _add_lang(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--lang`` on *parser*; on a command's parser it is accepted after the command too
    (``mxdesk search x --lang es``) without overriding a value given before it."""
    parser.add_argument(
        "--lang", type=_language, metavar="en|es",
        default=None if top else argparse.SUPPRESS,
        help=_("language of messages, output and papers (default: the system locale)"))


def _lang_everywhere(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang`` to every command's (and sub-command's) parser under *parser*."""
    for action in parser._actions:  # argparse lists its subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                _add_lang(sub, top=False)
                _lang_everywhere(sub)


def build_parser() -> argparse.ArgumentParser:
    """The ``mxdesk`` command line: ``--version``, ``--db PATH``, ``--lang en|es`` and its
    commands, each with its own options (``--lang`` is accepted after a command too). Its
    help is in the current language (:mod:`mxdesk.core.i18n`). A usage error exits with
    status 2 and says to see ``--help``."""
    _speak_argparse()
    parser = _Parser(
        prog="mxdesk",
        description=_("An offline directory of Mexico's clusters, sectors and policies. "
                        "Run without a command to open the window."),
    )
    parser.add_argument("--version", action="store_true", help=_("print versions and exit"))
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help=_("use another directory database instead of the bundled one"))
    _add_lang(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    find = commands.add_parser(
        "search", help=_("search the directory, then your contacts and notes (accents and "
                         "case ignored)"))
    find.add_argument("query", help=_("words to find; each matches the start of a word"))
    find.add_argument("--kind", choices=FIND_KINDS,
                      help=_("only records of this kind (contact, note: your own)"))
    find.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    find.add_argument("--exact", action="store_true",
                      help=_("search the words as typed: no spelling correction"))
    find.add_argument("--limit", type=int, default=200,
                      help=_("at most this many results from the directory, and as many from "
                             "your notes"))
    _table_options(find)
    find.set_defaults(usage_error=find.error)

    show = commands.add_parser("show", help=_("print everything known about one record"))
    show.add_argument("name", metavar="ID_OR_NAME",
                      help=_("an id, name, alias or acronym (case and accents ignored)"))
    show.add_argument("--kind", choices=SEARCH_KINDS, help=_("only look among this kind"))
    show.add_argument("--json", action="store_true", help=_("print the record as JSON"))

    pdf = commands.add_parser(
        "export-pdf", help=_("write a fact sheet or a mission brochure as PDF"),
        description=_("One --cluster writes that cluster's fact sheet; several clusters, states, "
                      "sectors, a shortlist or --all write a brochure with a cover, contents, one "
                      "fact sheet per cluster, the policies of their sectors and the sources. "
                      "Repeated --cluster, --state or --sector options add up; --state and "
                      "--sector together take the clusters of those states that are in those "
                      "sectors (--state \"nuevo leon\" --state queretaro --sector aerospace)."))
    pdf.add_argument("--cluster", action="append", metavar="ID_OR_NAME",
                     help=_("a cluster (repeat for several)"))
    pdf.add_argument("--state", action="append", metavar="NAME",
                     help=_("every cluster of a state (repeat for several)"))
    pdf.add_argument("--sector", action="append", metavar="NAME",
                     help=_("every cluster of a sector (repeat for several); with --state, "
                            "only the clusters of those states in these sectors"))
    pdf.add_argument("--shortlist", metavar="NAME", help=_("the clusters of one of your "
                                                           "shortlists, in its order"))
    pdf.add_argument("--mission", metavar="NAME", help=_("the clusters of one of your missions "
                                                         "(its name or the start of it), the "
                                                         "brochure opening with its agenda"))
    pdf.add_argument("--all", action="store_true", help=_("the whole directory"))
    pdf.set_defaults(usage_error=pdf.error)
    pdf.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    pdf.add_argument("--paper", choices=("a4", "letter"), default="a4",
                     help=_("paper size (default a4)"))
    pdf.add_argument("--with-notes", action="store_true",
                     help=_("include your own contacts and notes on each cluster"))

    notes = commands.add_parser("notes", help=_("your notes, contacts and shortlists"))
    notes_commands = notes.add_subparsers(dest="notes_command", metavar="ACTION",
                                          parser_class=_Parser, required=True)
    out = notes_commands.add_parser("export", help=_("write them to FILE (.json .csv .vcf)"))
    out.add_argument("file", type=Path, metavar="FILE",
                     help=_(".json: everything; .csv and .vcf: the contacts"))
    out.add_argument("--csv-separator", type=_separator_name, default="semicolon",
                     metavar="semicolon|comma|tab",
                     help=_("between a CSV's cells (default semicolon, as `search --csv` "
                            "writes and Excel and LibreOffice expect in most of Europe; "
                            "\";\" and \",\" are understood too)"))
    into = notes_commands.add_parser(
        "import", help=_("read FILE (.json .csv .vcf); duplicates are never overwritten "
                         "silently"))
    into.add_argument("file", type=Path, metavar="FILE")
    into.add_argument("--merge", action="store_true",
                      help=_("update records already here with the file's values where they "
                             "differ (without it they are skipped)"))
    into.add_argument("--dry-run", action="store_true",
                      help=_("only print what would be imported"))
    notes_commands.add_parser("backup", help=_("back up your notes now"))
    notes_commands.add_parser("backups", help=_("list the backups, newest first, and which of "
                                                "them this mxdesk can restore"))
    back = notes_commands.add_parser(
        "restore", help=_("put a backup in place of your notes (they are backed up first)"))
    which = back.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", type=Path, nargs="?", metavar="BACKUP",
                       help=_("a backup file (see `mxdesk notes backups`)"))
    which.add_argument("--newest", action="store_true",
                       help=_("the newest sound backup this mxdesk can read"))
    rescue = notes_commands.add_parser(
        "rescue", help=_("export whatever can still be read of a notes file (damaged, moved "
                         "aside, or holding unreadable text) as JSON that `notes import` reads"))
    rescue.add_argument("source", type=Path, nargs="?", metavar="NOTES_FILE",
                        help=_("the file to read (default: your notes file)"))
    rescue.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")

    changed = commands.add_parser(
        "changes", help=_("what newer directories changed: records added, removed, renamed, "
                          "merged, figures changed (the records of your notes first)"))
    changed.add_argument("--since", type=_data_version, metavar="VERSION",
                         help=_("only the releases after this data version (e.g. 2026.11.1); "
                                "default: every release's changes"))
    changed.add_argument("--json", action="store_true", help=_("print the changes as JSON"))

    commands.add_parser("selftest", help=_("check both databases, show the window offscreen "
                                           "and write a fact sheet PDF; report each step"))
    from mxdesk import agenda_cli  # its own module (issue 18): imports nothing heavy

    agenda_cli.add_commands(commands)
    from mxdesk import map_cli  # its own module (issue 19): imports nothing heavy

    map_cli.add_commands(commands)
    from mxdesk import serve  # its own module (issue 21): Datasette only imported when run

    serve.add_commands(commands)
    from mxdesk import share_cli  # its own module (issue 21): the sharing core only when run

    share_cli.add_commands(commands)
    _lang_everywhere(parser)
    return parser


def _table_options(find: argparse.ArgumentParser) -> None:
    """``mxdesk search``'s options that write a tab's table as the window's File ▸ Export this
    list… does (issue 17)."""
    table = find.add_argument_group(
        _("a tab's table"), _("--csv or --xlsx writes the table of the --kind's tab (clusters "
                              "without --kind) as the window lists QUERY (\"\" for every "
                              "record), with the filters, sort and columns below; without a "
                              "file, --where, --sort, --reverse, --columns or --view print "
                              "that table"))
    table.add_argument("--csv", type=Path, metavar="FILE",
                       help=_("write the table as CSV (- for standard output)"))
    table.add_argument("--xlsx", type=Path, metavar="FILE",
                       help=_("write the table as an Excel workbook (- for standard output)"))
    table.add_argument("--csv-separator", choices=("semicolon", "comma", "tab"),
                       default="semicolon",
                       help=_("between a CSV's cells (default semicolon, as Excel and "
                              "LibreOffice expect in most of Europe)"))
    table.add_argument("--where", action="append", default=[], metavar="FACET=VALUE",
                       help=_("tick a filter of the tab (\"State=Nuevo León\"; repeat: values "
                              "of one filter add up, filters narrow)"))
    table.add_argument("--sort", metavar="COLUMN", help=_("sort by this column (default Name)"))
    # --reverse says what it does: a count column lists the most first, so "--descending"
    # gave ascending numbers (issue 17's trial); --descending stays for scripts.
    table.add_argument("--reverse", "--descending", dest="descending", action="store_true",
                       help=_("reverse the column's usual order (names are listed A to Z, "
                              "counts such as Clusters the most first); --descending is the "
                              "same"))
    table.add_argument("--columns", metavar="TITLES",
                       help=_("only these columns, comma-separated, in this order (default: "
                              "those a tab shows at first; Website, Region and the like are "
                              "added by naming them)"))
    table.add_argument("--view", metavar="NAME",
                       help=_("a view saved in the window (Go ▸ Save this view…): its tab, "
                              "filters and sort; a QUERY that is not \"\" replaces its search"))


def _separator_name(text: str) -> str:
    """``--csv-separator``'s value as a name (semicolon, comma, tab); the character itself
    is understood too (a usage error otherwise)."""
    names = {"semicolon": "semicolon", ";": "semicolon", "comma": "comma", ",": "comma",
             "tab": "tab", "\t": "tab"}
    if text.strip().lower() not in names and text not in names:
        raise argparse.ArgumentTypeError(
            _("{text} is not a separator: use semicolon, comma or tab").format(text=repr(text)))
    return names.get(text, names.get(text.strip().lower(), ""))


def _search_table(args: argparse.Namespace) -> int:
    """``mxdesk search … --csv|--xlsx FILE``: a tab's table, written as the window does;
    with ``--where``, ``--sort``, ``--reverse``, ``--columns`` or ``--view`` and no file, the
    table printed (as text, or with --json as one object per row)."""
    from mxdesk.core.table_export import SEPARATORS, export_table

    if (args.csv and args.xlsx) or (args.json and (args.csv or args.xlsx)):
        args.usage_error(_("write one of --csv, --xlsx or --json at a time"))
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
    if to_stdout:
        import shutil

        sys.stdout.flush()
        sys.stdout.buffer.write(written.path.read_bytes())
        sys.stdout.buffer.flush()
        shutil.rmtree(path.parent, ignore_errors=True)
        print(_wrote_rows(spec.plural, written.rows, None), file=sys.stderr)
    else:
        print(_wrote_rows(spec.plural, written.rows, written.path))
    if not written.rows:
        # As the plain search says it (issue 17's trial: a header-only file, and no word).
        print(_no_matches(args.query), file=sys.stderr)
    return 0


def _no_matches(query: str) -> str:
    return _("No matches for {query}.").format(query=repr(query))


def _wrote_rows(tab: str, rows: int, path: Path | None) -> str:
    """"Wrote 6 clusters to PATH" (None: to standard output), the rows named as *tab*'s
    table names them, the count in the language's digits."""
    n = i18n.number(rows)
    if path is None:
        if tab == "sectors":
            said = ngettext("Wrote {n} sector to standard output",
                            "Wrote {n} sectors to standard output", rows)
        elif tab == "policies":
            said = ngettext("Wrote {n} policy to standard output",
                            "Wrote {n} policies to standard output", rows)
        elif tab == "programmes and partnerships":
            said = ngettext("Wrote {n} programme or partnership to standard output",
                            "Wrote {n} programmes and partnerships to standard output", rows)
        else:
            said = ngettext("Wrote {n} cluster to standard output",
                            "Wrote {n} clusters to standard output", rows)
        return said.format(n=n)
    if tab == "sectors":
        said = ngettext("Wrote {n} sector to {path}", "Wrote {n} sectors to {path}", rows)
    elif tab == "policies":
        said = ngettext("Wrote {n} policy to {path}", "Wrote {n} policies to {path}", rows)
    elif tab == "programmes and partnerships":
        said = ngettext("Wrote {n} programme or partnership to {path}",
                        "Wrote {n} programmes and partnerships to {path}", rows)
    else:
        said = ngettext("Wrote {n} cluster to {path}", "Wrote {n} clusters to {path}", rows)
    return said.format(n=n, path=path)


#: The heading of a tab's table printed by ``mxdesk search … --view NAME``: "Clusters (6)".
_TABLE_HEADINGS = {"clusters": N_("Clusters ({n})"), "sectors": N_("Sectors ({n})"),
                   "policies": N_("Policies ({n})"),
                   "programmes and partnerships": N_("Programmes and partnerships ({n})")}


def _no_rows(tab: str) -> str:
    """"No clusters match." for *tab*'s table."""
    if tab == "sectors":
        return _("No sectors match.")
    if tab == "policies":
        return _("No policies match.")
    if tab == "programmes and partnerships":
        return _("No programmes and partnerships match.")
    return _("No clusters match.")


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
            raise MxdeskError(_("no saved view is called {name}: you have no notes "
                                "yet").format(name=repr(args.view)))
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
        print(_no_rows(spec.plural))
        return 0
    heading = _TABLE_HEADINGS.get(spec.plural)
    print(_(heading).format(n=i18n.number(len(table.rows))) if heading else
          f"{spec.plural.capitalize()} ({i18n.number(len(table.rows))})")
    for line in table_lines(table):
        print(f"  {line}")
    return 0


def _data_version(text: str) -> str:
    """``--since``'s value: a data version, digits and dots (a usage error otherwise)."""
    from mxdesk.core.changes import version_key

    if version_key(text) is None:
        raise argparse.ArgumentTypeError(
            _("{text} is not a data version (e.g. 2026.11.1)").format(text=repr(text)))
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
        print(_("directory: unavailable ({reason})").format(reason=exc))
        return 0
    counts = [ngettext("{n} cluster", "{n} clusters", info.counts["cluster"]),
              ngettext("{n} sector", "{n} sectors", info.counts["sector"]),
              ngettext("{n} policy", "{n} policies", info.counts["policy"]),
              ngettext("{n} source", "{n} sources", info.counts["source"])]
    figures = [said.format(n=i18n.number(count)) for said, count in zip(
        counts, (info.counts[k] for k in ("cluster", "sector", "policy", "source")),
        strict=True)]
    print(_("directory data {version}, built {date}: {counts}").format(
        version=info.data_version, date=i18n.made_on(info.build_date), counts=", ".join(figures)))
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
    from mxdesk.core.directory import with_past_end
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
        print(_no_matches(args.query))
    else:
        from mxdesk.core.hit_order import best_first

        # A record named by the words before those that only mention them (issue 16).
        order, hits = best_first(args.query, hits, [kind for kind, _title in SEARCH_GROUPS])
        titles = dict(SEARCH_GROUPS)
        for kind in order:
            # The group's heading as the window's Ctrl+K shows it (marked in core/search.py).
            title = _(titles[kind])
            group = [h for h in hits if h[0] == kind]
            if group:
                print(_("{title} ({n})").format(title=title, n=i18n.number(len(group))))
                width = max(len(rid) for _k, rid, _n, _s in group)
                for _kind, rid, name, snip in group:
                    named = with_past_end(name, ended[kind, rid]) if (kind, rid) in ended \
                        else name
                    print(f"  {rid:<{width}}  {named}")
                    # A note is named by its first line: show where the words were found.
                    passage = " ".join(snip.split())
                    if kind in ("contact", "note") and passage and passage != name:
                        print(f"  {'':<{width}}    {passage}")
    if warning:
        print(_("mxdesk: warning: {warning}").format(warning=warning), file=sys.stderr)
    if failure is not None:
        print(_("mxdesk: your notes were not searched: {reason}").format(reason=failure),
              file=sys.stderr)
        return 1
    return 0


def say_corrected(spelled: Correction, to: TextIO) -> None:
    """The line before the results of a corrected search."""
    unmatched = ", ".join(repr(typed) for typed, _shown in spelled.words)
    print(_("Showing results for {searched} (nothing matches {unmatched}; --exact searches "
            "{typed} as typed)").format(searched=spelled.searched, unmatched=unmatched,
                                        typed=repr(spelled.typed.strip())), file=to)


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
                warning = _("your notes were not read, so the list is not sorted by them: "
                            "{reason}").format(reason=exc)
        noted = changes.noted_clusters(in_use, directory)
    if args.json:
        print(json.dumps([{"release": c.release, **c.as_json(), "yours": c.concerns(noted)}
                          for c in found], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(changes.as_text(changes.grouped(found, noted), args.since))
    if warning:
        print(_("mxdesk: warning: {warning}").format(warning=warning), file=sys.stderr)
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
            raise MxdeskError(_("the mission “{name}” names no cluster of the directory; "
                                "nothing was written").format(name=mission.name))
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
    print(wrote_pdf(result.path, result.pages, len(content.sheets)))
    return 0


def wrote_pdf(path: Path, pages: int, clusters: int) -> str:
    """"Wrote PATH: 3 pages, 1 cluster", as ``export-pdf`` says what it wrote."""
    return _("Wrote {path}: {pages}, {clusters}").format(
        path=path,
        pages=ngettext("{n} page", "{n} pages", pages).format(n=i18n.number(pages)),
        clusters=ngettext("{n} cluster", "{n} clusters", clusters).format(
            n=i18n.number(clusters)))


def _check_pdf_selection(args: argparse.Namespace) -> None:
    """export-pdf takes one selection: clusters, states and sectors (together), a shortlist
    or --all; anything else is a usage error."""
    chosen = [option for option, given in (
        ("--cluster", args.cluster), ("--state/--sector", args.state or args.sector),
        ("--shortlist", args.shortlist is not None), ("--mission", args.mission is not None),
        ("--all", args.all)) if given]
    if not chosen:
        args.usage_error(_("one of the arguments --cluster --state --sector --shortlist "
                           "--mission --all is required"))
    if len(chosen) > 1:
        args.usage_error(_("{options} do not go together (only --state and --sector "
                           "combine)").format(options=i18n.join(chosen)))


def _notes(args: argparse.Namespace) -> int:
    from mxdesk.core import exchange
    from mxdesk.core.notes import NotesStore, ReadOnlyStoreError

    if args.notes_command in ("backups", "restore", "rescue"):
        return _notes_recovery(args)
    with NotesStore() as store:
        if args.notes_command == "backup":
            path = store.backup()
            print(_("Backed up {what} to {path}").format(what=store.counts().describe(),
                                                          path=path))
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
            print(ngettext("Wrote {n} record to {path}", "Wrote {n} records to {path}",
                           count).format(n=i18n.number(count), path=args.file))
            skipped = store.unreadable_report()
            if skipped:
                print(_("mxdesk: warning: {warning}").format(warning=skipped), file=sys.stderr)
            return 0
        if store.read_only and not args.dry_run:
            raise ReadOnlyStoreError(_("your notes are read-only here: {reason}; nothing was "
                                       "imported").format(reason=store.read_only))
        plan = exchange.plan_import(store, exchange.read_file(args.file))
        print(plan.summary(merge=args.merge))
        if plan.preview():
            print(plan.preview())
        if args.dry_run or plan.empty:
            print(_("Nothing was written.") if args.dry_run else _("Nothing to import."))
            return 0
        added, merged = exchange.apply_plan(store, plan, merge=args.merge)
        print(_("Imported: {added} added, {merged} merged.").format(
            added=i18n.number(added), merged=i18n.number(merged)))
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
        print(_("Wrote {what} to {path}").format(what=report.counts.describe(),
                                                 path=args.output))
        for problem in report.problems:
            print(_("mxdesk: warning: {warning}").format(warning=problem), file=sys.stderr)
        return 0
    if args.notes_command == "backups":
        good = {b.path for b in good_backups()}
        found = list_backups()
        for info in found:
            mark = "" if info.path in good else "  " + _("(cannot be restored by this mxdesk)")
            print(_("{time}  schema {schema}  {what}  {path}").format(
                time=info.local_time, schema=info.schema, what=info.counts.describe(),
                path=info.path) + mark)
        if not found:
            print(_("no backups"))
        return 0
    if args.newest:
        good_ones = good_backups()
        if not good_ones:
            raise StoreError(_("there is no sound backup this mxdesk can restore"))
        chosen = good_ones[0].path
    else:
        chosen = args.backup
    if not chosen.is_file():
        raise StoreError(_("no backup at {path}").format(path=chosen))
    try:
        store = NotesStore()
    except StoreError as exc:
        # The notes do not open (damaged, missing): the backup takes their place as a file.
        log.info("restoring without an open store: %s", exc)
        moved = restore_backup(chosen, default_path())
        print(_("Restored {name}; the previous file is kept as {path}").format(
            name=chosen.name, path=moved) if moved else
            _("Restored {name}").format(name=chosen.name))
        return 0
    with store:
        before = store.restore_from(chosen)
        counts = store.counts()
    print(_("Restored {name}: {what}; your notes as they were are kept as {path}").format(
        name=chosen.name, what=counts.describe(), path=before))
    return 0


def _selftest(args: argparse.Namespace) -> int:
    from mxdesk.selftest import run_selftest  # loads Qt, so only here

    return run_selftest(args.db)


def _window_only(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options when *argv* just opens the window (nothing, ``--db PATH``, ``--lang
    en|es``), else None.

    Opening the window is the common start, and building every command's parser costs
    more than the rest of the command line (≈ 8 ms): this looks at these options alone
    and leaves anything else (a command, --help, --version, a typo) to the full parser."""
    quick = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    quick.add_argument("--db", type=Path)
    quick.add_argument("--lang")
    try:
        found, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:  # e.g. "--db" without a path: the full parser says so
        return None
    return found if not rest else None


def _lang_given(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` in *argv* (before a ``--``, which
    ends the options), or None when there is none (a ``--lang`` with no value is left to the
    parser, which says so)."""
    found: str | None = None
    for at, item in enumerate(argv):
        if item == "--":
            break
        if item == "--lang":
            value = argv[at + 1] if at + 1 < len(argv) else ""
            if value and not value.startswith("-"):
                found = value
        elif item.startswith("--lang="):
            found = item.partition("=")[2]
    return found


def choose_language(argv: Sequence[str]) -> str:
    """Speak the language *argv*'s ``--lang`` names, else the system locale's
    (:func:`mxdesk.core.i18n.system_language`: ``$MXDESK_LANG``, ``$LANGUAGE``, ``$LC_ALL``,
    ``$LC_MESSAGES``, ``$LANG``), for the whole process. Returns it ("en", "es").

    Raises:
        UnknownLanguageError: ``--lang`` names a language mxdesk does not speak (the process
            is left in the system locale's, to say so).
    """
    given = _lang_given(argv)
    system = i18n.set_language(i18n.system_language())
    return i18n.set_language(given) if given is not None else system


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status. The language is chosen first
    (:func:`choose_language`): an unknown ``--lang`` is a usage error (status 2), said on
    one line before anything is done."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        choose_language(argv)
    except i18n.UnknownLanguageError:
        print(_("{prog}: {message} (see {prog} --help)").format(
            prog="mxdesk", message=_unknown_language(_lang_given(argv) or "")),
            file=sys.stderr)
        return 2
    window = _window_only(argv)
    if window is not None:
        from mxdesk.ui.app import run_gui

        return run_gui(window.db, _lang_given(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang is not None and args.lang != i18n.language():
        i18n.set_language(args.lang)  # an abbreviated option ("--la es") the scan missed
    if args.version:
        return _print_version(args)
    if args.command is None:
        from mxdesk.ui.app import run_gui

        return run_gui(args.db, args.lang)
    if args.command == "export-pdf":
        _check_pdf_selection(args)
    from mxdesk.agenda_cli import HANDLERS
    from mxdesk.map_cli import HANDLERS as MAP_HANDLERS
    from mxdesk.serve import HANDLERS as SERVE_HANDLERS
    from mxdesk.share_cli import HANDLERS as SHARE_HANDLERS

    handler = {"search": _search, "show": _show, "export-pdf": _export_pdf,
               "notes": _notes, "changes": _changes, "selftest": _selftest,
               **HANDLERS, **MAP_HANDLERS, **SERVE_HANDLERS,
               **SHARE_HANDLERS}[args.command]
    try:
        return handler(args)
    except AmbiguousNameError as exc:
        print(_("mxdesk: {problem}; say which one:").format(problem=exc), file=sys.stderr)
        from mxdesk.core.records import kind_name

        for kind, record_id, name in exc.candidates[:MAX_CANDIDATES]:
            print(f"  {kind_name(kind):<12} {record_id:<32} {name}", file=sys.stderr)
        more = len(exc.candidates) - MAX_CANDIDATES
        if more > 0:
            print("  " + ngettext("… and {n} more ({command} lists them)",
                                  "… and {n} more ({command} lists them)", more).format(
                n=i18n.number(more), command=f"mxdesk search {shlex.quote(exc.query)}"),
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
            there = path.exists()
        except OSError:  # a log folder this account may not look into: say nothing of it
            there = False
        print(_("mxdesk: internal error: {error}; details in {path}").format(
            error=repr(exc), path=path) if there else
            _("mxdesk: internal error: {error}").format(error=repr(exc)), file=sys.stderr)
        return 70


def gui_main() -> int:
    """Entry point of the ``mxdesk-gui`` launcher (no console window on Windows)."""
    return main([])
