"""A whole sync of one mission: send what changed here, take in what changed there.

Three steps, each safe to stop after:

1. :func:`send` writes what changed in the notes file since the last sync into the local vdir
   (``share/<mission uid>/contacts`` and ``/agenda``: one file per item), then runs vdirsyncer,
   which sends those files to the server and brings the server's changes into the vdir. With
   no network the files stay and go at the next sync (the offline queue is the vdir itself).
2. :func:`plan` compares the vdir, the notes file and the state of the last sync, item by item
   (by the UID inside each file, never the file's name), and says what would come in: new and
   changed contacts and meetings, those deleted on the server (which are only deleted here when
   the user says so), and conflicts (changed here and there since the last sync: this
   computer's version stays in the notes file, the server's is kept in the share state until
   the user picks one, :func:`resolve`).
3. :func:`apply` takes the plan in. A plan not applied is planned again at the next sync.

Which contacts a mission shares: those met in its meetings, those met (``met_on``) between its
first and last day, those the user chose to share with it (:func:`why_shared`), and those
received from its address book. Its meetings are those it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from mxdesk.core import i18n
from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.mission.records import Meeting, Mission
from mxdesk.core.notes.records import Contact, Note, new_uid, now_utc
from mxdesk.core.notes.store import NotesStore
from mxdesk.core.share import engine
from mxdesk.core.share import items as it
from mxdesk.core.share.state import ConflictCopy, Item, Link, ShareState
from mxdesk.core.zones import DEFAULT_ZONE

KINDS = ("contact", "meeting")
_PAIR = {"contact": "contacts", "meeting": "agenda"}
_EXT = {"contact": ".vcf", "meeting": ".ics"}
_SAFE = re.compile(r"^[A-Za-z0-9_.+@-]{1,120}$")
_UID = re.compile(r"^UID(?:;[^:\r\n]*)?:(.*)$", re.MULTILINE)


class ShareError(MxdeskError):
    """A mission that is not linked, a link that cannot be used, a sync already running."""


def folder(data_dir: Path, mission_uid: str) -> Path:
    """The mission's share folder: ``<data>/share/<uid>`` (vdirs, vdirsyncer's config and
    status)."""
    return data_dir / "share" / mission_uid


def shell_command(*words: str) -> str:
    """A ``mxdesk share`` command for a message, to copy into a shell: *words* quoted as the
    shell needs (``--mission 'Monterrey 2027'``), with straight quotes only."""
    import shlex

    return " ".join(["mxdesk", "share", *(shlex.quote(w) for w in words)])


def link(state: ShareState, data_dir: Path, new: Link) -> None:
    """Save a mission's link. When it names another address book or calendar than before,
    what was known of the old ones is forgotten (the staging folder and the per-item state):
    the next sync sends everything to the new ones, and items already there with the same
    fields are matched, not doubled. A certificate pinned for another server (or for an
    http address) is dropped. The notes file is not touched."""
    from dataclasses import replace
    from urllib.parse import urlsplit

    old = state.link(new.mission_uid)
    if urlsplit(new.carddav).scheme != "https" or (
            old is not None and urlsplit(old.carddav).netloc != urlsplit(new.carddav).netloc):
        new = replace(new, fingerprint="")  # a pinned certificate belongs to its server
    if old is not None and (old.carddav, old.caldav) != (new.carddav, new.caldav):
        import shutil

        state.forget(new.mission_uid)
        shutil.rmtree(folder(data_dir, new.mission_uid), ignore_errors=True)
    state.save_link(new)


# -- the notes file's side ----------------------------------------------------------------------


def _shared_notes(store: NotesStore, contact_uid: str) -> list[tuple[str, str]]:
    rows = store.conn.execute(
        "SELECT n.uid, n.body FROM notes n JOIN contacts c ON c.id = n.contact_id "
        "WHERE c.uid = ? AND n.shared = 1 ORDER BY n.created_at, n.id", [contact_uid])
    return [(uid, body) for uid, body in rows]


def _contact_uids(store: NotesStore, mission: Mission, known: set[str]) -> set[str]:
    conn = store.conn
    met = {uid for (uid,) in conn.execute(
        "SELECT DISTINCT mc.contact_uid FROM meeting_contacts mc JOIN meetings m "
        "ON m.id = mc.meeting_id WHERE m.mission_id = ?", [mission.id])}
    during = {uid for (uid,) in conn.execute(
        "SELECT uid FROM contacts WHERE met_on >= ? AND met_on <= ?",
        [mission.start_date.isoformat(), mission.end_date.isoformat()])}
    here = {uid for (uid,) in conn.execute("SELECT uid FROM contacts")}
    return (met | during | known) & here


def _shared_already(state: ShareState, mission: Mission) -> dict[str, set[str]]:
    """Per kind, the uids the share state holds for *mission* (sent or received), with the
    contacts the user chose to share (:meth:`ShareState.choose`)."""
    known = {k: set(state.items(mission.uid, k)) for k in KINDS}
    known["contact"] |= state.chosen(mission.uid)
    return known


def why_shared(store: NotesStore, state: ShareState, mission: Mission, contact_uid: str
               ) -> str:
    """Why the contact *contact_uid* is in *mission*'s shared address book: "known" (the
    share state holds it: sent, or received from the server), "met" (in one of the mission's
    meetings), "during" (met on one of its days), "chosen" (chosen by the user, not sent yet),
    or "" when it is not shared."""
    if state.item(mission.uid, "contact", contact_uid) is not None:
        return "known"
    conn = store.conn
    if conn.execute(
            "SELECT 1 FROM meeting_contacts mc JOIN meetings m ON m.id = mc.meeting_id "
            "WHERE m.mission_id = ? AND mc.contact_uid = ? LIMIT 1",
            [mission.id, contact_uid]).fetchone():
        return "met"
    if conn.execute("SELECT 1 FROM contacts WHERE uid = ? AND met_on >= ? AND met_on <= ?",
                    [contact_uid, mission.start_date.isoformat(),
                     mission.end_date.isoformat()]).fetchone():
        return "during"
    return "chosen" if contact_uid in state.chosen(mission.uid) else ""


def local_views(store: NotesStore, mission: Mission,
                known: dict[str, set[str]]) -> dict[str, dict[str, tuple[Any, dict[str, Any]]]]:
    """Per kind, uid -> (record, view) of what the mission shares from the notes file now.
    *known* holds, per kind, the uids already shared (they stay in while they exist)."""
    contacts: dict[str, tuple[Any, dict[str, Any]]] = {}
    for uid in sorted(_contact_uids(store, mission, known["contact"])):
        contact = store.contact_by_uid(uid)
        if contact is not None:
            contacts[uid] = (contact, it.contact_view(contact, _shared_notes(store, uid)))
    meetings = {m.uid: (m, it.meeting_view(m)) for m in store.meetings(mission_id=mission.id)}
    return {"contact": contacts, "meeting": meetings}


# -- the vdir's side -------------------------------------------------------------------------


def _read_vdir(path: Path) -> dict[str, tuple[str, str]]:
    """uid -> (file name, text) of every item file in the vdir *path*."""
    found: dict[str, tuple[str, str]] = {}
    if not path.is_dir():
        return found
    for file in sorted(path.iterdir()):
        if not file.is_file() or file.name.startswith("."):
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        unfolded = re.sub(r"\r?\n[ \t]", "", text)
        match = _UID.search(unfolded)
        if match:
            found[match.group(1).strip()] = (file.name, text)
    return found


def _href(uid: str, kind: str) -> str:
    stem = uid if _SAFE.match(uid) else sha256(uid.encode()).hexdigest()[:40]
    return stem + _EXT[kind]


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8", newline="")
    partial.replace(path)


def _view_of(kind: str, text: str, zone: str) -> tuple[str, dict[str, Any]]:
    return it.read_contact(text) if kind == "contact" else it.read_meeting(text, zone)


def _default_zone(mission: Mission, store: NotesStore) -> str:
    """The zone an event's time is read in when its file names none (a floating time, an
    all-day event, UTC from another program): always central Mexico's. Fixed, never guessed
    from the mission's meetings, which change: the same file must always read as the same
    meeting, or its fingerprint would change between syncs and look like an edit."""
    return DEFAULT_ZONE


def _names(store: NotesStore, meeting: Meeting) -> dict[str, str]:
    names: dict[str, str] = {}
    for uid in meeting.contacts:
        row = store.conn.execute("SELECT name FROM contacts WHERE uid = ?", [uid]).fetchone()
        if row:
            names[uid] = row[0]
    for cluster, name in store.conn.execute(
            "SELECT cluster_id, name FROM meeting_clusters WHERE meeting_id = ?",
            [meeting.id or 0]):
        if name:
            names[cluster] = name
    return names


def _reached(path: Path, kind: str, fp: str, zone: str,
             before: dict[str, tuple[str, str, str]], after: dict[str, tuple[str, str, str]],
             uid: str) -> bool:
    """Whether the version mxdesk wrote to the vdir file *path* (fingerprint *fp*) reached the
    server in the run between vdirsyncer's statuses *before* and *after*: the file still
    holds it (vdirsyncer did not replace it with the server's, settling a conflict for the
    server) and vdirsyncer's status says it was copied (:func:`engine.reached`)."""
    try:
        text = path.read_text(encoding="utf-8")
        if it.fingerprint(_view_of(kind, text, zone)[1]) != fp:
            return False
    except (OSError, it.ItemError):
        return False
    return engine.reached(before, after, uid, text)


# -- step 1: send ---------------------------------------------------------------------------


@dataclass
class Sent:
    """What step 1 did: per kind, the uids written to the vdir as new, changed, deleted, and
    the vdirsyncer run (None when nothing ran)."""

    new: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    changed: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    deleted: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    reached: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    #: Per kind, the uids deleted on the server because they were deleted here.
    removed: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    run: engine.Run | None = None
    error: str = ""
    #: The notes file was restored from a backup since the last sync.
    restored: bool = False
    #: What kind of failure ``error`` says (:func:`engine.error_kind`), "" for none.
    error_kind: str = ""


def _remote(link: Link) -> tuple[engine.Remote, engine.Remote]:
    return (engine.Remote("carddav", link.carddav, link.username, link.ca_file,
                          link.fingerprint),
            engine.Remote("caldav", link.caldav, link.username, link.ca_file, link.fingerprint))


def send(store: NotesStore, data_dir: Path, state: ShareState, mission: Mission,
         password: str, on_line: Callable[[str], None] | None = None) -> Sent:
    """Step 1 (see the module's docstring). Raises :class:`ShareError` when the mission is not
    linked; a network or server failure is not raised but said in ``Sent.error``."""
    link = state.link(mission.uid)
    if link is None:
        raise ShareError(_("The mission “{name}” is not linked to a server "
                           "(mxdesk share link).").format(name=mission.name))
    base = folder(data_dir, mission.uid)
    config = engine.write_config(base, *_remote(link))
    done = Sent()
    # A notes file restored from a backup (or put back whole) since the last sync holds
    # another token than the share state: what it lacks was not deleted here, and what it
    # holds in an older version was not changed here. The items' state is forgotten, so this
    # sync compares both sides afresh: the server's items come in as new, differences are
    # conflicts with both versions kept, and nothing is deleted on the server.
    token_key = f"share_sync:{mission.uid}"
    if link.token and store.setting(token_key, "") != link.token:
        state.reset_items(mission.uid)
        done.restored = True
    zone = _default_zone(mission, store)
    known = _shared_already(state, mission)
    views = local_views(store, mission, known)
    open_conflicts = {(c.kind, c.uid) for c in state.conflicts(mission.uid)}
    for kind in KINDS:
        vdir = base / _PAIR[kind]
        files = _read_vdir(vdir)
        items = state.items(mission.uid, kind)
        for uid, (record, view) in views[kind].items():
            fp = it.fingerprint(view)
            item = items.get(uid)
            if (kind, uid) in open_conflicts or (item is not None
                                                 and item.waiting == "gone_there"):
                continue  # waits for the user's answer
            on_disk = files.get(uid)
            if item is not None and on_disk is not None:
                try:
                    if it.fingerprint(_view_of(kind, on_disk[1], zone)[1]) != item.fp:
                        continue  # the server's change, not yet taken in: step 2 plans it
                except it.ItemError:
                    pass
            if item is not None and item.fp == fp and on_disk is not None:
                continue
            if item is None and on_disk is not None:
                # Here and on the server, never synced (two laptops that imported one file):
                # the same fields are no change; different ones are step 2's conflict.
                try:
                    if it.fingerprint(_view_of(kind, on_disk[1], zone)[1]) == fp:
                        state.put(mission.uid, Item(kind, uid, fp, on_disk[0], True))
                        continue
                except it.ItemError:
                    pass
                continue
            href = on_disk[0] if on_disk else (item.href if item else _href(uid, kind))
            old = on_disk[1] if on_disk else None
            if kind == "contact":
                text = it.contact_text(view, uid, base=old)
            else:
                text = it.meeting_text(view, uid, record.sequence, base=old,
                                       names=_names(store, record))
            _write(vdir / href, text)
            state.put(mission.uid, Item(kind, uid, fp, href, False))
            (done.changed if item is not None else done.new)[kind].append(uid)
        for uid, item in items.items():
            if uid in views[kind] or item.waiting == "gone_there":
                continue
            if kind == "meeting" or store.contact_by_uid(uid) is None:
                (vdir / item.href).unlink(missing_ok=True)
                if uid in files and files[uid][0] != item.href:
                    (vdir / files[uid][0]).unlink(missing_ok=True)
                state.put(mission.uid, Item(kind, uid, item.fp, item.href, False, "gone_here"))
                done.deleted[kind].append(uid)
    before = {kind: engine.status(base, _PAIR[kind]) for kind in KINDS}
    first = engine.run(config, ["discover", "--no-list"], password)
    if not first.ok:
        done.run = first
    else:
        # vdirsyncer refuses to empty one side because the other was emptied, which keeps
        # a careless tool from wiping a collection. Here the vdir is only a staging folder,
        # rebuilt from the notes file above: it is empty only when this computer deleted the
        # mission's last item, and an emptied server only empties the vdir, after which
        # step 2 asks before anything is deleted from the notes file.
        args = ["-v", "INFO", "sync", "--force-delete"]
        done.run = engine.run(config, args, password, on_line=on_line)
    # What this run itself copied to the server. An item the server already held (sent by
    # a sync that Ctrl+C ended before vdirsyncer could record it, or imported from the same
    # file on another laptop) stops waiting, but is not told as sent now.
    copied = engine.copied(done.run.lines if done.run is not None else [])
    for kind in KINDS:
        after = engine.status(base, _PAIR[kind])
        for uid, item in state.items(mission.uid, kind).items():
            if item.waiting == "gone_here" and uid not in after and first.ok:
                state.drop(mission.uid, kind, uid)  # deleted on the server (or gone there)
                done.removed[kind].add(uid)
            elif not item.waiting and not item.sent \
                    and _reached(base / _PAIR[kind] / item.href, kind, item.fp, zone,
                                 before[kind], after, uid):
                state.put(mission.uid, Item(kind, uid, item.fp, item.href, True))
                if uid in copied:
                    done.reached[kind].add(uid)
    fresh = new_uid()
    state.set_token(mission.uid, fresh)
    store.set_setting(token_key, fresh)
    done.error_kind = engine.error_kind(done.run)
    done.error = engine.classify(done.run, link.carddav, link.username, mission.name)
    return done


# -- step 2: plan -----------------------------------------------------------------------------


@dataclass
class Change:
    """One item that would come in: its kind, uid, title, the view the server holds (None for
    a deletion), the record here (None for a new one), the vdir file."""

    kind: str
    uid: str
    title: str
    view: dict[str, Any] | None
    record: Any
    href: str
    fp: str = ""


@dataclass
class Plan:
    """What would come in from the server (step 2). ``unreadable`` names files no contact or
    meeting could be read from (they are left alone)."""

    mission: Mission
    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    gone_there: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    #: What the agenda cannot show of events other programs made (all day, repeating).
    notices: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing would come in and nothing is asked."""
        return not (self.new or self.changed or self.gone_there or self.conflicts)


def _title(kind: str, view: dict[str, Any] | None, record: Any) -> str:
    if record is not None:
        return str(record.name if kind == "contact" else record.title)
    return str((view or {}).get("name" if kind == "contact" else "title", ""))


def plan(store: NotesStore, data_dir: Path, state: ShareState, mission: Mission) -> Plan:
    """Step 2 (see the module's docstring): nothing is changed but the conflicts' kept copies
    (the server's version of each, so it is never lost)."""
    base = folder(data_dir, mission.uid)
    result = Plan(mission)
    zone = _default_zone(mission, store)
    known = _shared_already(state, mission)
    views = local_views(store, mission, known)
    for kind in KINDS:
        items = state.items(mission.uid, kind)
        files = _read_vdir(base / _PAIR[kind])
        for uid, (href, text) in files.items():
            try:
                _read_uid, view = _view_of(kind, text, zone)
            except it.ItemError as exc:
                result.unreadable.append(f"{_PAIR[kind]}/{href}: {exc}")
                continue
            fp = it.fingerprint(view)
            item = items.get(uid)
            here = views[kind].get(uid)
            record = here[0] if here else (store.contact_by_uid(uid) if kind == "contact"
                                           else _meeting_by_uid(store, uid))
            change = Change(kind, uid, _title(kind, view, record), view, record, href, fp)
            if kind == "meeting" and (item is None or fp != item.fp):
                result.notices += it.event_notices(text)
            if item is None:
                if record is None:
                    result.new.append(change)
                elif it.fingerprint(here[1] if here else {}) != fp:
                    result.conflicts.append(change)
                continue
            if fp == item.fp:
                continue
            local_fp = it.fingerprint(here[1]) if here else None
            if record is None:
                result.new.append(change)  # deleted here meanwhile: it comes back
            elif local_fp == fp:
                state.put(mission.uid, Item(kind, uid, fp, href, True))
            elif local_fp != item.fp or not item.sent:
                result.conflicts.append(change)
            else:
                result.changed.append(change)
        for uid, item in items.items():
            if uid in files or item.waiting == "gone_here":
                continue
            here = views[kind].get(uid)
            if here is None:
                state.drop(mission.uid, kind, uid)
                continue
            result.gone_there.append(Change(kind, uid, _title(kind, None, here[0]), None,
                                            here[0], item.href, item.fp))
    now = now_utc()
    for change in result.conflicts:
        text = (base / _PAIR[change.kind] / change.href).read_text(encoding="utf-8")
        state.keep_conflict(mission.uid, ConflictCopy(change.kind, change.uid, change.title,
                                                      text, now))
    return result


def _meeting_by_uid(store: NotesStore, uid: str) -> Meeting | None:
    row = store.conn.execute("SELECT id FROM meetings WHERE uid = ?", [uid]).fetchone()
    return store.meeting(int(row[0])) if row else None


# -- step 3: apply ---------------------------------------------------------------------------


def _apply_notes(store: NotesStore, contact_uid: str, notes: list[list[str]]) -> None:
    wanted = dict(notes)
    have = {uid: (nid, body) for nid, uid, body in store.conn.execute(
        "SELECT n.id, n.uid, n.body FROM notes n JOIN contacts c ON c.id = n.contact_id "
        "WHERE c.uid = ? AND n.shared = 1", [contact_uid])}
    for uid, (nid, _body) in have.items():
        if uid not in wanted:
            store.delete_note(nid)
    for uid, body in wanted.items():
        if uid in have:
            if have[uid][1] != body:
                store.update_note(store.note(have[uid][0]), {"body": body})
            continue
        row = store.conn.execute("SELECT id FROM notes WHERE uid = ?", [uid]).fetchone()
        if row:
            note = store.note(int(row[0]))
            store.update_note(note, {"body": body, "contact_uid": contact_uid,
                                     "shared": True})
        else:
            store.save_note(Note(body, contact_uid=contact_uid, uid=uid, shared=True))


def _take(store: NotesStore, mission: Mission, change: Change) -> None:
    """Write the server's version of one item into the notes file (private fields kept)."""
    view = change.view
    assert view is not None
    if change.kind == "contact":
        fields = it.contact_fields(view)
        current = store.contact_by_uid(change.uid)
        if current is None:
            store.save_contact(Contact(uid=change.uid, **fields))  # type: ignore[arg-type]
        else:
            store.update_contact(current, fields)
        _apply_notes(store, change.uid, view["notes"])
    else:
        fields = it.meeting_fields(view)
        held = _meeting_by_uid(store, change.uid)
        if held is None:
            store.save_meeting(Meeting(uid=change.uid, mission_id=mission.id,
                                       **fields))  # type: ignore[arg-type]
        else:
            store.update_meeting(int(held.id or 0), {**fields, "mission_id": mission.id})


def apply(store: NotesStore, state: ShareState, result: Plan,
          delete_gone: bool | None = None, take_in: bool = True) -> None:
    """Step 3: take in the plan's new and changed items. The items deleted on the server are
    deleted here when *delete_gone* is True, kept and shared again when False, and asked
    again at the next sync when None. With *take_in* False the new and changed items are left
    for the next sync's plan. Conflicts stay open (:func:`resolve`). Raises what the notes
    store raises (nothing is then marked as taken in)."""
    uid_of = result.mission.uid
    for change in [*result.new, *result.changed] if take_in else []:
        _take(store, result.mission, change)
        state.put(uid_of, Item(change.kind, change.uid, change.fp, change.href, True))
    for change in result.gone_there:
        if delete_gone is True:
            if change.kind == "contact":
                store.delete_contact(int(change.record.id))
            else:
                store.delete_meeting(int(change.record.id))
            state.drop(uid_of, change.kind, change.uid)
        elif delete_gone is False:
            state.drop(uid_of, change.kind, change.uid)  # the next send shares it anew
        else:
            state.put(uid_of, Item(change.kind, change.uid, change.fp, change.href, True,
                                   "gone_there"))


def resolve(store: NotesStore, data_dir: Path, state: ShareState, mission: Mission,
            uid: str, keep: str) -> ConflictCopy:
    """Settle the conflict of item *uid*: *keep* "mine" (this computer's version goes to the
    server at the next sync) or "theirs" (the server's replaces it here). Returns the settled
    conflict. Raises :class:`ShareError` when there is no such conflict or *keep* is neither."""
    found = [c for c in state.conflicts(mission.uid) if c.uid == uid]
    if not found:
        raise ShareError(_("No conflict about {uid} in the mission “{name}”.").format(
            uid=uid, name=mission.name))
    if keep not in ("mine", "theirs"):
        raise ShareError(_("Keep “mine” or “theirs”, not “{keep}”.").format(keep=keep))
    copy = found[0]
    _read_uid, view = _view_of(copy.kind, copy.theirs, _default_zone(mission, store))
    fp = it.fingerprint(view)
    href = _read_vdir(folder(data_dir, mission.uid) / _PAIR[copy.kind]).get(
        uid, (_href(uid, copy.kind), ""))[0]
    if keep == "theirs":
        _take(store, mission, Change(copy.kind, uid, copy.title, view, None, href, fp))
    state.put(mission.uid, Item(copy.kind, uid, fp, href, True))
    state.settle(mission.uid, copy.kind, uid)
    return copy


def versions(store: NotesStore, mission: Mission,
             copy: ConflictCopy) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two versions of a conflict's item as views: (this computer's, the server's)."""
    theirs = _view_of(copy.kind, copy.theirs, _default_zone(mission, store))[1]
    if copy.kind == "contact":
        contact = store.contact_by_uid(copy.uid)
        mine = it.contact_view(contact, _shared_notes(store, copy.uid)) if contact else {}
    else:
        meeting = _meeting_by_uid(store, copy.uid)
        mine = it.meeting_view(meeting) if meeting else {}
    return mine, theirs


# -- a whole sync -------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a sync did, for the command line and the window."""

    mission: Mission
    sent: Sent
    plan: Plan
    applied: bool
    waiting: int
    deleted_here: int = 0
    kept_again: int = 0

    @property
    def ok(self) -> bool:
        """Whether the server was reached and everything went."""
        return not self.sent.error

    def went(self) -> dict[str, list[str]]:
        """Per kind ("contact", "meeting"), the uids that reached the server in this sync,
        whether written now or waiting since an earlier one."""
        return {k: sorted(self.sent.reached[k]) for k in KINDS}

    def lines(self) -> list[str]:
        """The summary in sentences, each a line."""
        out: list[str] = []
        s, p = self.sent, self.plan

        def counted(kind: str, n: int) -> str:
            if kind == "contact":
                return ngettext("{n} contact", "{n} contacts", n).format(n=i18n.number(n))
            return ngettext("{n} meeting", "{n} meetings", n).format(n=i18n.number(n))

        def both(found: dict[str, list[str]] | dict[str, set[str]]) -> str:
            return i18n.join([counted(k, len(found[k])) for k in KINDS if found[k]])

        went = self.went()
        if any(went.values()):
            out.append(_("Sent to the server: {what}.").format(what=both(went)))
        gone = {k: sorted(s.removed[k]) for k in KINDS}
        if any(gone.values()):
            out.append(_("Deleted on the server, as here: {what}.").format(what=both(gone)))
        came = {k: [c.uid for c in p.new + p.changed if c.kind == k] for k in KINDS}
        if any(came.values()) and self.applied:
            out.append(_("Received from the delegation: {what}.").format(what=both(came)))
        elif any(came.values()):
            out.append(_("Waiting to be taken in: {what}.").format(what=both(came)))
        if self.deleted_here:
            out.append(ngettext("{n} item deleted on the server was deleted here too.",
                                "{n} items deleted on the server were deleted here too.",
                                self.deleted_here).format(n=i18n.number(self.deleted_here)))
        if self.kept_again:
            out.append(ngettext("{n} item deleted on the server was kept here and goes back "
                                "at the next sync.",
                                "{n} items deleted on the server were kept here and go back "
                                "at the next sync.",
                                self.kept_again).format(n=i18n.number(self.kept_again)))
        asked = list(p.gone_there) if not (self.deleted_here or self.kept_again) else []
        for change in asked:
            out.append(_("Deleted on the server, still here: {title} (delete it here with "
                         "--yes, keep it with --keep).").format(title=change.title))
        for change in p.conflicts:
            words = ("resolve", "--mission", self.mission.name, change.uid, "--keep")
            out.append(_("Conflict: {title} was changed here and on the server. Both versions "
                         "are kept until you choose: {mine} (this computer's) or {theirs} "
                         "(the server's)").format(
                title=change.title, mine=shell_command(*words, "mine"),
                theirs=shell_command(*words, "theirs")))
        for name in p.unreadable:
            out.append(_("Left alone, could not be read: {file}").format(file=name))
        out += p.notices
        if s.restored:
            out.append(_("Your notes were restored from a backup since the last sync: nothing "
                         "missing from them was deleted on the server, and every difference "
                         "is shown as a conflict."))
        if self.waiting:
            out.append(ngettext("{n} change waits to be sent.", "{n} changes wait to be sent.",
                                self.waiting).format(n=i18n.number(self.waiting)))
        if s.error:
            out.append(s.error)
        if not out:
            out.append(_("Nothing to send or take in: this computer and the server agree."))
        return out

    def short(self) -> str:
        """The sync's outcome in one line for the window and ``share status`` (what went each
        way, conflicts, questions; no command to type), or the failure."""
        if self.sent.error:
            return self.sent.error
        p = self.plan
        sent = sum(len(v) for v in self.sent.reached.values()) + \
            sum(len(v) for v in self.sent.removed.values())
        came = len(p.new) + len(p.changed) if self.applied else 0
        parts = []
        if sent:
            parts.append(ngettext("{n} change sent", "{n} changes sent", sent).format(
                n=i18n.number(sent)))
        if came:
            parts.append(ngettext("{n} change received", "{n} changes received", came).format(
                n=i18n.number(came)))
        if p.conflicts:
            parts.append(ngettext("{n} conflict", "{n} conflicts", len(p.conflicts)).format(
                n=i18n.number(len(p.conflicts))))
        asked = len(p.gone_there) if not (self.deleted_here or self.kept_again) else 0
        if asked:
            parts.append(ngettext("{n} deletion to confirm", "{n} deletions to confirm",
                                  asked).format(n=i18n.number(asked)))
        if not parts:
            return _("Up to date.")
        return i18n.join(parts) + "."

    def as_json(self) -> dict[str, Any]:
        """The summary as plain values (``mxdesk share sync --json``)."""
        s, p = self.sent, self.plan

        def listed(changes: list[Change]) -> list[dict[str, str]]:
            return [{"kind": c.kind, "uid": c.uid, "title": c.title} for c in changes]

        return {
            "mission": self.mission.name, "ok": self.ok, "error": s.error,
            "sent": {k: sorted(s.reached[k]) for k in KINDS},
            "deleted_there": {k: sorted(s.removed[k]) for k in KINDS},
            "received": {"new": listed(p.new), "changed": listed(p.changed),
                         "applied": self.applied},
            "deleted_on_server": listed(p.gone_there), "deleted_here": self.deleted_here,
            "kept_again": self.kept_again, "conflicts": listed(p.conflicts),
            "unreadable": p.unreadable, "waiting": self.waiting,
        }


def unsettled(waiting: int, conflicts: int) -> str:
    """What unlinking now would leave undone, in words: "2 changes made here have not reached
    the server and 1 conflict is open"; "" when *waiting* and *conflicts* are both 0."""
    parts = []
    if waiting:
        parts.append(ngettext("{n} change made here has not reached the server",
                              "{n} changes made here have not reached the server",
                              waiting).format(n=i18n.number(waiting)))
    if conflicts:
        parts.append(ngettext("{n} conflict is open", "{n} conflicts are open",
                              conflicts).format(n=i18n.number(conflicts)))
    return i18n.join(parts)


def waiting(state: ShareState, mission_uid: str) -> int:
    """How many changes made here wait to reach the server."""
    return sum(1 for k in KINDS for item in state.items(mission_uid, k).values()
               if not item.sent and item.waiting != "gone_there")


def pending_here(store: NotesStore, state: ShareState, mission: Mission) -> int:
    """How many contacts and meetings changed here since the last sync (not yet in the vdir)
    plus those in it not yet sent: what the next sync would send."""
    known = {k: state.items(mission.uid, k) for k in KINDS}
    views = local_views(store, mission, _shared_already(state, mission))
    count = waiting(state, mission.uid)
    for kind in KINDS:
        for uid, (_record, view) in views[kind].items():
            item = known[kind].get(uid)
            if item is None or (item.sent and item.fp != it.fingerprint(view)):
                count += 1
        count += sum(1 for uid, item in known[kind].items()
                     if uid not in views[kind] and item.sent and not item.waiting
                     and (kind == "meeting" or store.contact_by_uid(uid) is None))
    return count


def sync(store: NotesStore, data_dir: Path, state: ShareState, mission: Mission, password: str,
         delete_gone: bool | None = None, take_in: bool = True,
         on_line: Callable[[str], None] | None = None) -> Summary:
    """Steps 1 to 3 for *mission*; *take_in* False stops after the plan (the window shows it
    first). *delete_gone* as :func:`apply`. Records the sync's time and result in the state.
    Raises :class:`ShareError` when the mission is not linked."""
    done = send(store, data_dir, state, mission, password, on_line)
    found = plan(store, data_dir, state, mission)
    summary = Summary(mission, done, found, False, 0)
    if take_in:
        finish(store, state, summary, delete_gone)
    else:
        summary.waiting = waiting(state, mission.uid)
        state.record_sync(mission.uid, not done.error, done.error or _("synced"))
    return summary


def finish(store: NotesStore, state: ShareState, summary: Summary,
           delete_gone: bool | None = None, take_in: bool = True) -> Summary:
    """Step 3 of a sync whose plan was shown first (*take_in* and *delete_gone* as
    :func:`apply`); records the sync. Returns *summary*, updated."""
    apply(store, state, summary.plan, delete_gone, take_in)
    summary.applied = take_in
    if delete_gone is True:
        summary.deleted_here = len(summary.plan.gone_there)
    elif delete_gone is False:
        summary.kept_again = len(summary.plan.gone_there)
    summary.waiting = waiting(state, summary.mission.uid)
    state.record_sync(summary.mission.uid, not summary.sent.error,
                      summary.sent.error or summary.short())
    return summary


def last_synced(link: Link) -> str:
    """When the mission last reached its server, in words ("never" when it has not)."""
    if not link.last_ok_at:
        return _("never")
    when = dt.datetime.fromisoformat(link.last_ok_at.replace("Z", "+00:00")).astimezone()
    return f"{i18n.date(when.date(), 'medium')} {when.strftime('%H:%M')}"

