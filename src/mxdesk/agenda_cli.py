"""``mxdesk agenda list|import|export`` and ``mxdesk report``: a mission's meetings on the
command line (issue 18). Hooked into :mod:`mxdesk.cli` by :func:`add_commands` and
:data:`HANDLERS`; exit statuses and messages as the rest of the command line (0 done, 1 the
user's input or environment at fault, with one line on stderr, 2 a usage error).

A mission is named as other records are: its whole name or the start of one name, case and
accents ignored; a name that fits several raises :class:`AmbiguousNameError`, listed by
``mxdesk.cli``. Without ``--mission`` a command takes the only mission there is.

The day sheets, the agenda workbook and the report are :mod:`mxdesk.export`'s (imported only
when asked for: they load Qt); this module writes and reads the .ics files itself, through
:mod:`mxdesk.core.mission.ical`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mxdesk.core import i18n
from mxdesk.core.errors import AmbiguousNameError, MxdeskError, NotFoundError
from mxdesk.core.i18n import _, ngettext, pgettext

if TYPE_CHECKING:
    from mxdesk.core.directory import Directory
    from mxdesk.core.mission import Meeting, Mission
    from mxdesk.core.mission.checks import StateOf
    from mxdesk.core.notes import NotesStore

#: What ``agenda export`` writes, by the file's suffix.
EXPORT_SUFFIXES = (".ics", ".pdf", ".xlsx")
#: What ``report`` writes.
REPORT_SUFFIXES = (".pdf", ".xlsx")
#: Longest place or clusters text in a line of ``agenda list`` (longer ones end in "…").
CELL_WIDTH = 32
#: Answers to the y/N question that mean yes.
YES = frozenset({"y", "yes", "s", "si", "sí"})


def _date(text: str) -> dt.date:
    """``--day``'s value: an ISO date (a usage error otherwise)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date (YYYY-MM-DD)").format(text=repr(text))) from exc


def add_commands(commands: Any) -> None:  # argparse's _SubParsersAction is private
    """Add ``agenda`` (list, import, export) and ``report`` to *commands*, the ``mxdesk``
    parser's subparsers."""
    agenda = commands.add_parser("agenda", help=_("your missions' meetings: list them, "
                                                  "import a calendar (.ics), export them"))
    actions = agenda.add_subparsers(dest="agenda_command", metavar="ACTION", required=True,
                                    parser_class=type(agenda))
    listing = actions.add_parser(
        "list", help=_("the meetings, day by day: local time, zone, home time, place, "
                       "clusters, status; overlaps and places too close together flagged"))
    listing.add_argument("--mission", metavar="NAME", help=_("only this mission (its name or "
                                                             "the start of it)"))
    listing.add_argument("--day", type=_date, metavar="DATE",
                         help=_("only this day (YYYY-MM-DD, in each meeting's own zone)"))
    into = actions.add_parser(
        "import", help=_("read FILE.ics (a matchmaking platform's schedule, an Outlook, "
                         "Google or Thunderbird export); meetings are matched by UID; the plan "
                         "is shown before anything is written"))
    into.add_argument("file", type=Path, metavar="FILE.ics")
    into.add_argument("--mission", metavar="NAME",
                      help=_("the mission new meetings join (default: the one the file names, "
                             "else the only one; a new one when there is none)"))
    into.add_argument("--zone", metavar="ZONE",
                      help=_("the IANA zone (America/Monterrey) for times the file gives "
                             "without one, when the place names none (default: the zone most "
                             "of the mission's meetings are in, else America/Mexico_City)"))
    into.add_argument("--yes", action="store_true",
                      help=_("import without asking (needed when standard input is not a "
                             "terminal)"))
    into.add_argument("--dry-run", action="store_true", help=_("only print the plan"))
    out = actions.add_parser("export", help=_("write a mission's meetings to FILE: .ics "
                                              "(a calendar), .pdf (day sheets), .xlsx (a "
                                              "table)"))
    out.add_argument("file", type=Path, metavar="FILE.ics|FILE.pdf|FILE.xlsx")
    out.add_argument("--mission", metavar="NAME",
                     help=_("the mission (default: the only one)"))
    report = commands.add_parser("report", help=_("after the trip: meetings held, outcomes, "
                                                  "next steps, contacts met, as PDF or XLSX"))
    report.add_argument("--mission", metavar="NAME",
                        help=_("the mission (default: the only one)"))
    report.add_argument("-o", "--output", type=Path, required=True,
                        metavar="FILE.pdf|FILE.xlsx")


# -- naming a mission ----------------------------------------------------------------------


def mission_named(store: NotesStore, name: str) -> Mission:
    """The mission called *name*, or whose name starts with it (case and accents ignored).
    Raises :class:`NotFoundError` naming the missions there are, or
    :class:`AmbiguousNameError` when the name fits several."""
    from mxdesk.core.text import fold

    missions = store.missions()
    wanted = fold(name)
    exact = [m for m in missions if fold(m.name) == wanted]
    found = exact or [m for m in missions if wanted and fold(m.name).startswith(wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousNameError(name, [("mission", str(m.id), m.name) for m in found],
                                 partial=not exact)
    if not missions:
        raise NotFoundError(_("no mission called {name} (missions: none yet; make one in the "
                              "window with Mission ▸ New mission…, or import its calendar "
                              "with mxdesk agenda import FILE.ics)").format(name=repr(name)))
    known = ", ".join(f"“{m.name}”" for m in missions)
    raise NotFoundError(_("no mission called {name} (missions: {known})").format(
        name=repr(name), known=known))


def _the_mission(store: NotesStore, name: str | None) -> Mission:
    """The mission *name* names, or the only one when None. Raises :class:`NotFoundError`
    (none, or several and no name) or :class:`AmbiguousNameError`."""
    if name is not None:
        return mission_named(store, name)
    missions = store.missions()
    if len(missions) == 1:
        return missions[0]
    if not missions:
        raise NotFoundError(_("you have no missions yet (make one in the window, or import a "
                              "calendar with `mxdesk agenda import FILE.ics`)"))
    raise NotFoundError(_("which mission? Name it with --mission ({missions})").format(
        missions=", ".join(f"“{m.name}”" for m in missions)))


def _store(must_exist: bool) -> NotesStore | None:
    """The user's notes; None when there is no notes file and *must_exist* is False."""
    from mxdesk.core.notes import NotesStore, default_path

    if must_exist or default_path().exists():
        return NotesStore()
    return None


# -- agenda list ---------------------------------------------------------------------------


def _cut(text: str, width: int = CELL_WIDTH) -> str:
    """*text* on one line, at most *width* characters (the rest as "…")."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _rows(store: NotesStore, meetings: Sequence[Meeting], home_zone: str,
          state_of: StateOf | None = None, mission: Mission | None = None) -> list[list[str]]:
    """The table's rows, day by day as the window lists them
    (:func:`~mxdesk.core.mission.day_rows.agenda_days`: every day of *mission* too, an empty
    one saying "no meetings", a day not of it marked so): day (on its first row only), local
    start–end, zone abbreviation, home time (with ±1 when on another day), title, place,
    clusters, status, and the window's flags (too close said on both meetings)."""
    from mxdesk.core.mission import meetings as mt
    from mxdesk.core.mission.day_rows import OUTSIDE_WORDS, agenda_days
    from mxdesk.core.mission.wording import dated, status_word

    rows = []
    for day in agenda_days(mission, meetings, today=dt.date.today(), state_of=state_of):
        said = dated(day.day, "%a %d %b %Y") + (" (" + _(OUTSIDE_WORDS) + ")" if day.outside
                                                 else "")
        held = [r for r in day.rows if r.meeting is not None]
        if not held:
            rows.append([said, "", "", "", _("no meetings"), "", "", "", ""])
        for n, row in enumerate(held):
            m = row.meeting
            assert m is not None
            home = ""
            if home_zone:
                at_home = m.at_home(home_zone)
                shift = (at_home.date() - m.start.date()).days
                home = f"{at_home:%H:%M} {at_home.tzname()}" + (f" {shift:+d}" if shift else "")
            names = mt.cluster_names(store.conn, int(m.id or 0))
            rows.append([said if n == 0 else "",
                         f"{m.start:%H:%M}–{m.end:%H:%M}", m.start.tzname() or m.zone, home,
                         m.title, _cut(m.place),
                         _cut(", ".join(names.get(c) or c for c in m.clusters)),
                         status_word(m.status, lower=True),
                         "; ".join(str(f) for f in row.flags)])
    return rows


def _table(rows: list[list[str]], home_zone: str) -> str:
    """The rows under their headings, columns padded to their widths."""
    heads = [pgettext("column", "Day"), pgettext("column", "Time"), pgettext("column", "Zone"),
             _("Home ({zone})").format(zone=home_zone) if home_zone
             else pgettext("column", "Home"),
             pgettext("column", "Title"), pgettext("column", "Place"),
             pgettext("column", "Clusters"), pgettext("column", "Status"),
             pgettext("column", "Flags")]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                     .rstrip() for row in [heads, *rows])


def _states(args: argparse.Namespace, opened: contextlib.ExitStack) -> StateOf | None:
    """A cluster id -> its state's id, read from the directory (closed with *opened*); None
    when the directory cannot be opened (the travel check then reads the places alone)."""
    from mxdesk.core.mission.day_rows import directory_states

    try:
        return directory_states(opened.enter_context(_directory(args)))
    except MxdeskError:
        return None


def _list(args: argparse.Namespace) -> int:
    """``mxdesk agenda list``: each mission (or the one named), its meetings day by day."""
    from mxdesk.core.mission.wording import dated

    store = _store(must_exist=args.mission is not None)
    if store is None:
        print(_("You have no missions yet."))
        return 0
    with store, contextlib.ExitStack() as opened:
        state_of = _states(args, opened)
        chosen = [mission_named(store, args.mission)] if args.mission else store.missions()
        shown = 0
        for mission in chosen:
            held = store.meetings(mission_id=mission.id, day=args.day)
            if args.day is not None and not held and not args.mission:
                continue
            # Translators: {first} and {last} "14 Jul 2026", {zone} an IANA zone name.
            print(_("{mission}: {first} to {last}, home time {zone}").format(
                mission=mission.name, first=dated(mission.start_date, "%d %b %Y"),
                last=dated(mission.end_date, "%d %b %Y"), zone=mission.home_zone))
            every_day = mission if args.day is None else None
            print(_table(_rows(store, held, mission.home_zone, state_of, every_day),
                         mission.home_zone)
                  if held or every_day is not None
                  else "  " + (_("no meetings on {day}").format(day=args.day) if args.day
                               else _("no meetings")))
            print()
            shown += len(held)
        if not args.mission:
            loose = [m for m in store.meetings(day=args.day) if m.mission_id is None]
            if loose:
                print(_("Meetings of no mission"))
                print(_table(_rows(store, loose, "", state_of), ""))
                shown += len(loose)
        if not chosen and not shown:
            print(_("You have no missions yet."))
    return 0


# -- agenda import / export, report --------------------------------------------------------


def _import(args: argparse.Namespace) -> int:
    """``mxdesk agenda import FILE.ics``: the plan, then (after yes) the import."""
    from mxdesk.core.mission import ical
    from mxdesk.core.notes import ReadOnlyStoreError

    calendar = ical.read_ics(args.file)  # a malformed file stops here: nothing is opened
    store = _store(must_exist=True)
    assert store is not None
    with store:
        if store.read_only and not args.dry_run:
            raise ReadOnlyStoreError(_("your notes are read-only here: {why}; nothing was "
                                       "imported").format(why=store.read_only))
        mission = mission_named(store, args.mission) if args.mission else None
        plan = ical.plan_ics(store, calendar, mission, args.zone)
        print(plan.summary())
        if plan.zone_hint:
            print(plan.zone_hint)  # (the window has no --zone: only the command line says it)
        if plan.empty or args.dry_run:
            print(_("Nothing was written.") if args.dry_run else _("Nothing to import."))
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise MxdeskError(_("nothing was imported: add --yes to import without being "
                                    "asked (standard input is not a terminal)"))
            # Translators: the answer is read as yes for y, yes, s, si or sí.
            print(_("Import these meetings? [y/N] "), end="", flush=True)
            if sys.stdin.readline().strip().casefold() not in YES:
                print(_("Nothing was imported."))
                return 0
        added, updated = ical.apply_ics(store, plan)
    print(_("Imported: {added} added, {updated} updated.").format(
        added=i18n.number(added), updated=i18n.number(updated)))
    return 0


def _directory(args: argparse.Namespace) -> Directory:
    """The directory, as ``mxdesk --db`` names it (the bundled one by default)."""
    from mxdesk.core import paths
    from mxdesk.core.directory import Directory

    return Directory(args.db or paths.bundled_database())


def _written(result: object, path: Path) -> str:
    """What a writer returned, said: the path, and its pages when it counts them."""
    pages = getattr(result, "pages", None)
    if pages:
        return ngettext("Wrote {path}: {n} page", "Wrote {path}: {n} pages", pages).format(
            path=path, n=i18n.number(pages))
    return _("Wrote {path}").format(path=path)


def _suffix(path: Path, known: tuple[str, ...]) -> str:
    """*path*'s suffix, lower case; :class:`MxdeskError` when it is not one of *known*."""
    suffix = path.suffix.lower()
    if suffix not in known:
        raise MxdeskError(_("{file}: unknown format {suffix}; use {known}").format(
            file=path.name, suffix=suffix or _("(no suffix)"), known=", ".join(known)))
    return suffix


def _paper(module: str) -> Any:
    """The module of :mod:`mxdesk.export` that writes a mission's papers, imported only when
    asked for (it loads Qt). By name: it was written beside this module, on another branch
    of issue 18, and the day sheets, workbook and report are its to define."""
    import importlib

    return importlib.import_module(module)


def _export(args: argparse.Namespace) -> int:
    """``mxdesk agenda export FILE``: .ics here, .pdf and .xlsx by :mod:`mxdesk.export`."""
    suffix = _suffix(args.file, EXPORT_SUFFIXES)
    store = _store(must_exist=True)
    assert store is not None
    with store:
        mission = _the_mission(store, args.mission)
        if suffix == ".ics":
            from mxdesk.core.mission import ical

            count = ical.export_ics(store, mission, args.file)
            print(ngettext("Wrote {n} meeting of “{mission}” to {path}",
                           "Wrote {n} meetings of “{mission}” to {path}", count).format(
                n=i18n.number(count), mission=mission.name, path=args.file))
            return 0
        agenda = _paper("mxdesk.export.agenda")
        write = agenda.write_day_sheets if suffix == ".pdf" else agenda.write_agenda_xlsx
        with _directory(args) as directory:
            print(_written(write(store, directory, mission, args.file), args.file))
    return 0


def _report(args: argparse.Namespace) -> int:
    """``mxdesk report -o FILE``: the mission's report, by :mod:`mxdesk.export.report`."""
    suffix = _suffix(args.output, REPORT_SUFFIXES)
    store = _store(must_exist=True)
    assert store is not None
    with store:
        mission = _the_mission(store, args.mission)
        report = _paper("mxdesk.export.report")
        write = report.write_report_pdf if suffix == ".pdf" else report.write_report_xlsx
        with _directory(args) as directory:
            print(_written(write(store, directory, mission, args.output, dt.date.today()),
                           args.output))
    return 0


def run_agenda(args: argparse.Namespace) -> int:
    """``mxdesk agenda ACTION``: the action's handler; returns the exit status."""
    return {"list": _list, "import": _import, "export": _export}[args.agenda_command](args)


#: ``mxdesk.cli``'s handlers of the commands this module adds.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"agenda": run_agenda,
                                                            "report": _report}
