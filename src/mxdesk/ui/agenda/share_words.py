"""What the share dialog and the Mission tab say about sharing (issue 21), in words: the
plan of a sync by title, its result in one or a few lines, a conflict's differing fields
labelled for a person, and the tab's one-line share status. No widgets here.

The core's :meth:`mxdesk.core.share.sync.Summary.lines` speaks to the command line (its
hints name ``--yes`` and ``mxdesk share resolve``); the window says the same with its own
buttons' words.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import Any

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.mission.records import Mission
from mxdesk.core.mission.wording import dated, status_word
from mxdesk.core.notes import NotesStore

log = logging.getLogger("mxdesk.ui")

#: A shared field's label, by kind and the view's key (mxdesk.core.share.items), in order.
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "contact": (("name", N_("Name")), ("parts", N_("Name in parts")), ("role", N_("Role")),
                ("organisation", N_("Organisation")), ("cluster", N_("Cluster")),
                ("emails", N_("E-mail")), ("phones", N_("Phone")),
                ("met_where", N_("Met where")), ("met_on", N_("Met on")),
                ("notes", N_("Shared notes"))),
    "meeting": (("title", N_("Title")), ("start", N_("Start")), ("zone", N_("Time zone")),
                ("duration", N_("Length")), ("place", N_("Place")), ("status", N_("Status")),
                ("clusters", N_("Clusters")), ("contacts", N_("People met"))),
}


def kind_word(kind: str) -> str:
    """"Contact" or "Meeting", as a plan's line starts."""
    return _("Contact") if kind == "contact" else _("Meeting")


def counted(kind: str, n: int) -> str:
    """"1 contact", "3 meetings"."""
    if kind == "contact":
        return ngettext("{n} contact", "{n} contacts", n).format(n=i18n.number(n))
    return ngettext("{n} meeting", "{n} meetings", n).format(n=i18n.number(n))


def changes_waiting(n: int) -> str:
    """"nothing", "1 change", "3 changes" (the status's Waiting to be sent)."""
    if not n:
        return _("nothing")
    return ngettext("{n} change", "{n} changes", n).format(n=i18n.number(n))


def conflicts_title(n: int) -> str:
    """The Conflicts section's title: "Conflicts (2)"."""
    return ngettext("Conflict ({n})", "Conflicts ({n})", n).format(n=i18n.number(n))


def _start(value: str, zone: str) -> str:
    from zoneinfo import ZoneInfo

    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(
            ZoneInfo(zone))
    except (ValueError, KeyError):
        return value
    return f"{dated(when.date(), '%a %d %b %Y')} {when.strftime('%H:%M')}"


def shown(kind: str, key: str, view: dict[str, Any], names: dict[str, str] | None = None
          ) -> str:
    """The value of *key* in *view* (a contact's or meeting's shared fields) as a person
    reads it: lists joined, a start in its zone, a length in minutes, a status in words.
    *names* turns a contact's uid or a cluster's id into its name."""
    names = names or {}
    value = view.get(key)
    if value in (None, "", [], ()):
        return "—"
    if key in ("emails", "phones"):
        return "; ".join(f"{v} ({', '.join(t)})" if t else str(v) for v, t in value)
    if key == "parts":
        return " · ".join(p for p in value if p) or "—"
    if key == "notes":
        return "\n".join(body for _uid, body in value)
    if key in ("clusters", "contacts"):
        return "; ".join(names.get(str(v), str(v)) for v in value)
    if key == "start" and kind == "meeting":
        return _start(str(value), str(view.get("zone", "UTC")))
    if key == "duration":
        return ngettext("{n} minute", "{n} minutes", int(value)).format(
            n=i18n.number(int(value)))
    if key == "status":
        from mxdesk.core.mission.records import MeetingStatus

        try:
            return status_word(MeetingStatus(str(value)))
        except ValueError:
            return str(value)
    if key == "cluster":
        return names.get(str(value), str(value))
    return str(value)


def differences(kind: str, mine: dict[str, Any], theirs: dict[str, Any],
                names: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """The fields that differ between the two versions of a conflict, in order, as
    (label, this computer's value, the server's value) in words. An empty *mine* (deleted
    here) gives one row saying so."""
    if not mine:
        return [(_("On this computer"), _("(deleted here)"), _("(still on the server)"))]
    rows = []
    for key, label in FIELDS[kind]:
        if mine.get(key) != theirs.get(key):
            rows.append((_(label), shown(kind, key, mine, names),
                         shown(kind, key, theirs, names)))
    return rows


def names_for(store: NotesStore) -> dict[str, str]:
    """A contact's uid -> its name (for the people met of a meeting in a conflict); empty
    when the notes cannot be read (a name missing only shows the uid)."""
    try:
        return {str(uid): str(name) for uid, name in
                store.conn.execute("SELECT uid, name FROM contacts")}
    except sqlite3.Error as exc:
        log.warning("contact names not read: %s", exc)
        return {}


def plan_text(summary: Any) -> str:
    """A sync's plan (a :class:`mxdesk.core.share.sync.Summary` not yet taken in) as the
    import's plan is shown: what went to the server, what would come in by title, what was
    deleted on the server, the conflicts, the error; then "Nothing has been written yet."."""
    sent, plan = summary.sent, summary.plan
    parts: list[str] = []
    went = summary.went()
    if any(went.values()):
        parts.append(_("Sent to the server: {what}.").format(
            what=i18n.join([counted(k, len(v)) for k, v in went.items() if v])))
    removed = {k: v for k, v in sent.removed.items() if v}
    if removed:
        parts.append(_("Deleted on the server, as here: {what}.").format(
            what=i18n.join([counted(k, len(v)) for k, v in removed.items()])))

    def listed(heading: str, changes: list[Any]) -> None:
        if changes:
            lines = [heading] + [f"  • {kind_word(c.kind)}: {c.title}" for c in changes]
            parts.append("\n".join(lines))

    listed(ngettext("New from the delegation ({n}):", "New from the delegation ({n}):",
                    len(plan.new)).format(n=i18n.number(len(plan.new))), plan.new)
    listed(ngettext("Changed by the delegation ({n}):", "Changed by the delegation ({n}):",
                    len(plan.changed)).format(n=i18n.number(len(plan.changed))), plan.changed)
    listed(ngettext("Deleted on the server, still here ({n}):",
                    "Deleted on the server, still here ({n}):", len(plan.gone_there)).format(
        n=i18n.number(len(plan.gone_there))), plan.gone_there)
    if plan.conflicts:
        listed(ngettext("Changed here and on the server ({n}): both versions are kept; "
                        "choose one under Conflicts.",
                        "Changed here and on the server ({n}): both versions are kept; "
                        "choose one under Conflicts.", len(plan.conflicts)).format(
            n=i18n.number(len(plan.conflicts))), plan.conflicts)
    for name in plan.unreadable:
        parts.append(_("Left alone, could not be read: {file}").format(file=name))
    if sent.error:
        parts.append(error_line(sent))
    parts.append(_("Nothing has been written yet."))
    return "\n\n".join(parts)


def error_line(sent: Any) -> str:
    """A failed sync's line as the window says it: a refused login points to Change… (the
    core's line names a command); any other failure as the core says it."""
    if sent.error_kind == "login":
        return _("The server refused the login: check the user name and the password "
                 "(Change… below).")
    return str(sent.error)


def result_line(summary: Any) -> str:
    """What a finished sync did, in one line (or two with an error): sent, received, the
    deletions settled, the conflicts and changes waiting."""
    sent, plan = summary.sent, summary.plan
    said: list[str] = []
    went = summary.went()
    if any(went.values()):
        said.append(_("Sent {what}.").format(
            what=i18n.join([counted(k, len(v)) for k, v in went.items() if v])))
    removed = {k: v for k, v in sent.removed.items() if v}
    if removed:
        said.append(_("Deleted on the server: {what}.").format(
            what=i18n.join([counted(k, len(v)) for k, v in removed.items()])))
    came = {k: [c for c in plan.new + plan.changed if c.kind == k]
            for k in ("contact", "meeting")}
    if any(came.values()):
        what = i18n.join([counted(k, len(v)) for k, v in came.items() if v])
        said.append(_("Received {what}.").format(what=what) if summary.applied
                    else _("Not taken in: {what}.").format(what=what))
    if summary.deleted_here:
        said.append(ngettext("Deleted {n} item here, as on the server.",
                             "Deleted {n} items here, as on the server.",
                             summary.deleted_here).format(n=i18n.number(summary.deleted_here)))
    if summary.kept_again:
        said.append(ngettext("Kept {n} item deleted on the server: it goes back at the next "
                             "sync.",
                             "Kept {n} items deleted on the server: they go back at the next "
                             "sync.", summary.kept_again).format(
            n=i18n.number(summary.kept_again)))
    elif plan.gone_there and not summary.deleted_here:
        said.append(ngettext("{n} item deleted on the server waits for your decision.",
                             "{n} items deleted on the server wait for your decision.",
                             len(plan.gone_there)).format(n=i18n.number(len(plan.gone_there))))
    if plan.conflicts:
        said.append(ngettext("{n} conflict to settle.", "{n} conflicts to settle.",
                             len(plan.conflicts)).format(n=i18n.number(len(plan.conflicts))))
    if summary.waiting:
        said.append(ngettext("{n} change waits to be sent.", "{n} changes wait to be sent.",
                             summary.waiting).format(n=i18n.number(summary.waiting)))
    if sent.error:
        said.append(error_line(sent))
    if not said:
        said.append(_("Nothing to send or take in: this computer and the server agree."))
    return " ".join(said)


def share_status(store: NotesStore, mission: Mission | None) -> str:
    """The Mission tab's line for a linked mission: "Shared with the delegation · last
    synced 30 Nov 2026 14:02 · 2 changes waiting"; "" when the mission is not linked (the
    share folder is never made just to say so) or the state cannot be read."""
    from mxdesk.core.share import sync
    from mxdesk.core.share.state import ShareState

    if mission is None:
        return ""
    folder: Path = store.path.parent / "share"
    if not (folder / "share.db").is_file():
        return ""
    try:
        with ShareState(folder) as state:
            link = state.link(mission.uid)
            if link is None:
                return ""
            waiting = sync.pending_here(store, state, mission)
            conflicts = len(state.conflicts(mission.uid))
    except (OSError, MxdeskError, sqlite3.Error) as exc:
        log.warning("share state not read: %s", exc)
        return ""
    parts = [_("Shared with the delegation"),
             _("last synced {when}").format(when=sync.last_synced(link))]
    if waiting:
        parts.append(ngettext("{n} change waiting", "{n} changes waiting", waiting).format(
            n=i18n.number(waiting)))
    if conflicts:
        parts.append(ngettext("{n} conflict to settle", "{n} conflicts to settle",
                              conflicts).format(n=i18n.number(conflicts)))
    return " · ".join(parts)
