"""``mxdesk share``: link a mission to a CardDAV address book and a CalDAV calendar, trust a
self-signed server, sync, see where it stands, settle conflicts, unlink (issue 21).

Its own module, like :mod:`mxdesk.agenda_cli`: the parser is built from here, and the sharing
core (:mod:`mxdesk.core.share`) is only imported when a share command runs.
"""

from __future__ import annotations

import argparse
import getpass
import json
import shutil
import sys
from typing import Any

from mxdesk.core import i18n
from mxdesk.core.i18n import _, ngettext


def add_commands(commands: Any) -> None:  # argparse's _SubParsersAction is private
    """Add ``share`` (link, trust, sync, status, resolve, unlink) to *commands*, the
    ``mxdesk`` parser's subparsers."""
    share = commands.add_parser(
        "share", help=_("share a mission's contacts and meetings with the delegation over "
                        "CardDAV and CalDAV (Nextcloud, Radicale, …)"))
    actions = share.add_subparsers(dest="share_command", metavar="ACTION", required=True,
                                   parser_class=type(share))
    link = actions.add_parser(
        "link", help=_("link a mission to an address book and a calendar on a server; the "
                       "password is asked once and kept in the system keyring (or read from "
                       "MXDESK_DAV_PASSWORD)"))
    link.add_argument("--mission", required=True, metavar="NAME", help=_("the mission"))
    link.add_argument("--carddav", required=True, metavar="URL",
                      help=_("the address book's URL (a CardDAV collection)"))
    link.add_argument("--caldav", required=True, metavar="URL",
                      help=_("the calendar's URL (a CalDAV collection)"))
    link.add_argument("--user", required=True, metavar="NAME", help=_("the login"))
    link.add_argument("--password-stdin", action="store_true",
                      help=_("read the password from standard input (one line) and keep it "
                             "in the keyring, for scripts that must not show it"))
    link.add_argument("--ca-file", metavar="FILE.pem",
                      help=_("trust the certificates this PEM file holds (a private CA)"))
    trust = actions.add_parser(
        "trust", help=_("trust a server's self-signed certificate, after comparing its "
                        "fingerprint with the organiser's"))
    trust.add_argument("--mission", required=True, metavar="NAME", help=_("the mission"))
    trust.add_argument("--fingerprint", metavar="SHA256",
                       help=_("the SHA-256 fingerprint the organiser gave (AB:CD:…); "
                              "without it, the fingerprint is shown and you are asked"))
    sync = actions.add_parser(
        "sync", help=_("send this computer's changes and take in the others'; prints what "
                       "went each way and any conflicts"))
    sync.add_argument("--mission", metavar="NAME",
                      help=_("only this mission (default: every linked one)"))
    gone = sync.add_mutually_exclusive_group()
    gone.add_argument("--yes", action="store_true",
                      help=_("delete here too what was deleted on the server"))
    gone.add_argument("--keep", action="store_true",
                      help=_("keep here what was deleted on the server, and share it again"))
    sync.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    status = actions.add_parser(
        "status", help=_("each linked mission: server, last sync, changes waiting to be sent, "
                         "conflicts"))
    status.add_argument("--json", action="store_true", help=_("print the status as JSON"))
    resolve = actions.add_parser(
        "resolve", help=_("settle a conflict: keep this computer's version or the server's"))
    resolve.add_argument("--mission", required=True, metavar="NAME", help=_("the mission"))
    resolve.add_argument("uid", metavar="UID", help=_("the contact's or meeting's UID (see "
                                                      "share status)"))
    resolve.add_argument("--keep", required=True, choices=("mine", "theirs"),
                         help=_("mine: this computer's goes to the server at the next sync; "
                                "theirs: the server's replaces it here"))
    unlink = actions.add_parser(
        "unlink", help=_("forget a mission's link and its password; its contacts and meetings "
                         "stay"))
    unlink.add_argument("--mission", required=True, metavar="NAME", help=_("the mission"))
    unlink.add_argument("--force", action="store_true",
                        help=_("unlink even with changes not yet sent or conflicts open"))


def command(*words: str) -> str:
    """A ``mxdesk share`` command to copy into a shell (:func:`.sync.shell_command`)."""
    from mxdesk.core.share.sync import shell_command

    return shell_command(*words)


def _store() -> Any:
    from mxdesk.core.notes import NotesStore

    return NotesStore(allow_new=True)


def _state(store: Any) -> Any:
    from mxdesk.core.share.state import ShareState

    return ShareState(store.path.parent / "share")


def _ask_password(prompt: str) -> str:
    if not sys.stdin.isatty():
        from mxdesk.core.share.secrets import PASSWORD_ENV, PasswordError

        raise PasswordError(_("No password: set {env}, or run the command in a terminal to "
                              "be asked.").format(env=PASSWORD_ENV))
    return getpass.getpass(prompt)


def _link(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path
    from urllib.parse import urlsplit

    from mxdesk.agenda_cli import mission_named
    from mxdesk.core.share import secrets, server
    from mxdesk.core.share import sync as sh
    from mxdesk.core.share.state import Link

    for url in (args.carddav, args.caldav):
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            print(_("mxdesk: {url} is not an http(s) address of a collection.").format(url=url),
                  file=sys.stderr)
            return 2
    ca_file = ""
    if args.ca_file:
        ca = Path(args.ca_file).expanduser().resolve()
        if not ca.is_file():
            print(_("mxdesk: no such file: {path}").format(path=ca), file=sys.stderr)
            return 2
        ca_file = str(ca)
    with _store() as store:
        mission = mission_named(store, args.mission)  # (before the share state is made)
    with _store() as store, _state(store) as state:
        given = os.environ.get(secrets.PASSWORD_ENV)
        if args.password_stdin:
            given = None
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                print(_("mxdesk: no password on standard input; nothing was linked."),
                      file=sys.stderr)
                return 2
        else:
            password = given or _ask_password(_("Password for {user} on {host}: ").format(
                user=args.user, host=urlsplit(args.carddav).netloc))
        carddav, caldav = args.carddav.rstrip("/") + "/", args.caldav.rstrip("/") + "/"
        before = state.link(mission.uid)
        # A pinned certificate belongs to its server: kept only for the same https host.
        same_host = before is not None and urlsplit(before.carddav).netloc == \
            urlsplit(carddav).netloc and urlsplit(carddav).scheme == "https"
        pinned = before.fingerprint if before is not None and same_host else ""
        # The server is asked first: a refused login, a wrong or swapped address links
        # nothing; a server out of reach (offline) or a certificate to trust still links.
        problems = [server.check_kind(url, args.user, password, ca_file, pinned, expect=kind)
                    for url, kind in ((carddav, "carddav"), (caldav, "caldav"))]
        wrong = [said for said, kind in problems if kind in server.WRONG_LINK]
        if wrong:
            print(_("mxdesk: {problem}").format(problem=wrong[0]), file=sys.stderr)
            print(_("Nothing was linked."), file=sys.stderr)
            return 1
        sh.link(state, store.path.parent, Link(mission.uid, carddav, caldav, args.user,
                                               ca_file, pinned))
        kept = ""
        if not given:
            try:
                secrets.keep(args.user, carddav, password)
                kept = _("The password is kept in the system keyring.")
            except secrets.PasswordError as exc:
                kept = str(exc)
        print(_("Linked “{mission}” to {carddav} and {caldav} as {user}.").format(
            mission=mission.name, carddav=carddav, caldav=caldav, user=args.user))
        if kept:
            print(kept)
        for problem, kind in problems:
            if problem:
                print(_("mxdesk: {problem}").format(problem=problem), file=sys.stderr)
                if kind == "untrusted":
                    print(_("Then: {command}").format(
                        command=command("trust", "--mission", mission.name)), file=sys.stderr)
                return 1
        print(_("The server answered and accepted the login. Next: {command}").format(
            command=command("sync")))
    return 0


def _trust(args: argparse.Namespace) -> int:
    from mxdesk.agenda_cli import mission_named
    from mxdesk.core.share import server

    with _store() as store, _state(store) as state:
        mission = mission_named(store, args.mission)
        link = state.link(mission.uid)
        if link is None:
            print(_("mxdesk: the mission “{name}” is not linked (mxdesk share link).").format(
                name=mission.name), file=sys.stderr)
            return 1
        # The certificate of whichever address is https (the address book's first).
        url = next((u for u in (link.carddav, link.caldav) if u.startswith("https:")),
                   link.carddav)
        try:
            found, _pem = server.certificate(url)
        except OSError as exc:
            print(f"mxdesk: {exc}", file=sys.stderr)
            return 1
        print(_("The certificate of {host} has the SHA-256 fingerprint:").format(
            host=url.split("/")[2]))
        print(f"  {found}")
        if args.fingerprint:
            same = args.fingerprint.replace(":", "").strip().upper() == found.replace(":", "")
            if not same:
                print(_("mxdesk: that is not the fingerprint given ({given}); nothing was "
                        "trusted.").format(given=args.fingerprint), file=sys.stderr)
                return 1
        elif not sys.stdin.isatty():
            print(_("mxdesk: compare it with the organiser's and run again with --fingerprint "
                    "to trust it; nothing was trusted."), file=sys.stderr)
            return 1
        else:
            answer = input(_("Is it the fingerprint your organiser gave you? Trust it? [y/N] "))
            if answer.strip().lower() not in ("y", "yes", "s", "si", "sí"):
                print(_("Nothing was trusted."))
                return 1
        state.set_trust(mission.uid, found)
        print(_("Trusted. mxdesk will accept this certificate for “{mission}”, and only "
                "it.").format(mission=mission.name))
    return 0


def _missions(store: Any, state: Any, name: str | None) -> list[Any]:
    from mxdesk.agenda_cli import mission_named

    if name:
        return [mission_named(store, name)]
    linked = {link.mission_uid for link in state.links()}
    return [m for m in store.missions() if m.uid in linked]


class _Progress:
    """At a terminal, one line on standard error that counts a sync's items as they go
    ("Syncing… 62 items so far"), written over in place and wiped before anything else is
    said. Silent when standard error is not a terminal (a script, a log)."""

    def __init__(self, shown: bool) -> None:
        from mxdesk.core.share import engine

        self.shown = shown
        self.width = 0
        #: vdirsyncer's log lines go here (``sync``'s *on_line*).
        self.on_line = engine.item_counter(self._count)

    def _say(self, text: str) -> None:
        if self.shown:
            sys.stderr.write("\r" + text.ljust(self.width))
            sys.stderr.flush()
            self.width = max(self.width, len(text))

    def start(self) -> None:
        """Say that the sync began (before its first item)."""
        self._say(_("Syncing…"))

    def _count(self, done: int) -> None:
        self._say(ngettext("Syncing… {n} item so far", "Syncing… {n} items so far",
                           done).format(n=i18n.number(done)))

    def clear(self) -> None:
        """Wipe the line (and a ^C the terminal echoed on it)."""
        if self.shown and self.width:
            sys.stderr.write("\r" + " " * (self.width + 2) + "\r")
            sys.stderr.flush()
            self.width = 0


def _sync(args: argparse.Namespace) -> int:
    from mxdesk.core.share import secrets
    from mxdesk.core.share import sync as sh

    outcome = 0
    results = []
    with _store() as store, _state(store) as state:
        missions = _missions(store, state, args.mission)
        if not missions:
            print(_("mxdesk: no mission is linked to a server (mxdesk share link)."),
                  file=sys.stderr)
            return 1
        for mission in missions:
            link = state.link(mission.uid)
            if link is None:
                print(_("mxdesk: the mission “{name}” is not linked (mxdesk share link)."
                        ).format(name=mission.name), file=sys.stderr)
                outcome = 1
                continue
            password = secrets.password(link.username, link.carddav)
            delete_gone = True if args.yes else False if args.keep else None
            progress = _Progress(sys.stderr.isatty() and not args.json)
            progress.start()
            try:
                summary = sh.sync(store, store.path.parent, state, mission, password,
                                  take_in=False, on_line=progress.on_line)
            except KeyboardInterrupt:
                progress.clear()
                print(_("mxdesk: the sync was interrupted. Nothing was lost: the next sync "
                        "sends what had not reached the server, and counts only that."),
                      file=sys.stderr)
                return 130
            finally:
                progress.clear()  # (before any other line, an error's too)
            asking = not args.json and sys.stdin.isatty()
            take_in = True
            incoming = summary.plan.new + summary.plan.changed
            if incoming and asking:
                # At a terminal, the plan first, as an import shows it; a script takes them
                # in (none overwrites a change made here: that is a conflict, kept).
                print(_("Mission “{name}”:").format(name=mission.name))
                for line in plan_lines(summary):
                    print(f"  {line}")
                answer = input(ngettext("Take it in? [y/N] ", "Take them in? [y/N] ",
                                        len(incoming)))
                take_in = answer.strip().lower() in ("y", "yes", "s", "si", "sí")
            if summary.plan.gone_there and delete_gone is None and asking:
                titles = i18n.join([c.title for c in summary.plan.gone_there])
                answer = input(ngettext(
                    "{n} item was deleted on the server: {titles}. Delete it here too? "
                    "[y = delete / k = keep and share again / Enter = decide later] ",
                    "{n} items were deleted on the server: {titles}. Delete them here too? "
                    "[y = delete / k = keep and share again / Enter = decide later] ",
                    len(summary.plan.gone_there)).format(
                    n=i18n.number(len(summary.plan.gone_there)), titles=titles))
                choice = answer.strip().lower()
                delete_gone = True if choice in ("y", "yes", "s", "si", "sí") else \
                    False if choice in ("k", "keep", "c", "conservar") else None
            sh.finish(store, state, summary, delete_gone, take_in)
            results.append(summary.as_json())
            if not args.json:
                if not (incoming and asking):  # said above the question already
                    print(_("Mission “{name}”:").format(name=mission.name))
                    for line in plan_lines(summary):  # (a script's log names them too)
                        print(f"  {line}")
                for line in summary.lines():
                    print(f"  {line}")
            if not summary.ok or summary.plan.conflicts:
                outcome = 1
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return outcome


def plan_lines(summary: Any) -> list[str]:
    """What would come in, by title, as an import's plan lists it."""
    out = []
    for heading, changes in ((_("New from the delegation:"), summary.plan.new),
                             (_("Changed by the delegation:"), summary.plan.changed)):
        if changes:
            out.append(heading)
            out += [f"  • {c.title}" for c in changes]
    return out


def _status(args: argparse.Namespace) -> int:
    from mxdesk.core.share import sync as sh

    rows = []
    with _store() as store, _state(store) as state:
        by_uid = {m.uid: m for m in store.missions()}
        for link in state.links():
            mission = by_uid.get(link.mission_uid)
            if mission is None:
                continue
            conflicts = state.conflicts(mission.uid)
            asked = [i for k in sh.KINDS for i in state.items(mission.uid, k).values()
                     if i.waiting == "gone_there"]
            rows.append((mission, link, sh.pending_here(store, state, mission), conflicts,
                         asked))
    if args.json:
        print(json.dumps([{
            "mission": m.name, "mission_uid": m.uid, "carddav": link.carddav,
            "caldav": link.caldav, "user": link.username, "trusted_fingerprint": link.fingerprint,
            "ca_file": link.ca_file, "last_sync_at": link.last_sync_at,
            "last_ok_at": link.last_ok_at, "last_result": link.last_result, "waiting": waiting,
            "conflicts": [{"kind": c.kind, "uid": c.uid, "title": c.title} for c in conflicts],
            "deleted_on_server": [{"kind": i.kind, "uid": i.uid} for i in asked],
        } for m, link, waiting, conflicts, asked in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No mission is linked to a server. Link one: mxdesk share link --mission NAME "
                "--carddav URL --caldav URL --user NAME"))
        return 0
    for mission, link, waiting, conflicts, asked in rows:
        print(_("Mission “{name}”").format(name=mission.name))
        print("  " + _("Address book: {url}").format(url=link.carddav))
        print("  " + _("Calendar: {url}").format(url=link.caldav))
        print("  " + _("User: {user}").format(user=link.username))
        if link.fingerprint:
            print("  " + _("Trusted certificate: {fingerprint}").format(
                fingerprint=link.fingerprint))
        print("  " + _("Last synced: {when}").format(when=sh.last_synced(link)))
        if link.last_result and link.last_sync_at != link.last_ok_at:
            print("  " + _("Last attempt: {result}").format(result=link.last_result))
        print("  " + ngettext("{n} change waits to be sent.", "{n} changes wait to be sent.",
                              waiting).format(n=i18n.number(waiting)))
        for conflict in conflicts:
            words = ("resolve", "--mission", mission.name, conflict.uid, "--keep")
            print("  " + _("Conflict: {title}: keep this computer's version with {mine}, or "
                           "the server's with {theirs}").format(
                title=conflict.title, mine=command(*words, "mine"),
                theirs=command(*words, "theirs")))
        if asked:
            print("  " + ngettext(
                "{n} item deleted on the server waits for your answer (mxdesk share sync "
                "--yes or --keep).",
                "{n} items deleted on the server wait for your answer (mxdesk share sync "
                "--yes or --keep).", len(asked)).format(n=i18n.number(len(asked))))
    return 0


def _resolve(args: argparse.Namespace) -> int:
    from mxdesk.agenda_cli import mission_named
    from mxdesk.core.share import sync as sh

    with _store() as store, _state(store) as state:
        mission = mission_named(store, args.mission)
        copy = sh.resolve(store, store.path.parent, state, mission, args.uid, args.keep)
    if args.keep == "mine":
        print(_("Kept this computer's version of {title}; it goes to the server at the next "
                "sync.").format(title=copy.title))
    else:
        print(_("Took the server's version of {title}.").format(title=copy.title))
    return 0


def _unlink(args: argparse.Namespace) -> int:
    from mxdesk.agenda_cli import mission_named
    from mxdesk.core.share import secrets
    from mxdesk.core.share import sync as sh

    with _store() as store, _state(store) as state:
        mission = mission_named(store, args.mission)
        link = state.link(mission.uid)
        if link is None:
            print(_("The mission “{name}” was not linked.").format(name=mission.name))
            return 0
        waiting = sh.pending_here(store, state, mission)
        conflicts = len(state.conflicts(mission.uid))
        if (waiting or conflicts) and not args.force:
            print(_("mxdesk: {what}: unlinking now loses them for the delegation. Sync first "
                    "({sync}), or unlink anyway with --force.").format(
                what=sh.unsettled(waiting, conflicts),
                sync=command("sync", "--mission", mission.name)),
                file=sys.stderr)
            return 1
        state.forget(mission.uid)
        secrets.forget(link.username, link.carddav)
        shutil.rmtree(sh.folder(store.path.parent, mission.uid), ignore_errors=True)
    print(_("Unlinked “{name}”: its contacts and meetings stay on this computer.").format(
        name=mission.name))
    return 0


def _share(args: argparse.Namespace) -> int:
    return {"link": _link, "trust": _trust, "sync": _sync, "status": _status,
            "resolve": _resolve, "unlink": _unlink}[args.share_command](args)


HANDLERS = {"share": _share}
