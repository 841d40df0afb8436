"""Applying an import plan: merging a file's record into one here, and writing the plan in one
transaction (:func:`apply_plan`), backed up first, cancellable until it commits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mxdesk.core import i18n
from mxdesk.core.exchange.agenda import apply_agenda
from mxdesk.core.exchange.common import ImportCancelled
from mxdesk.core.exchange.plan import ImportPlan
from mxdesk.core.i18n import _
from mxdesk.core.notes import Contact, ContactPoint, NotesStore
from mxdesk.core.notes.records import CONTACT_FIELDS


def _merged_points(incoming: tuple[ContactPoint, ...],
                   current: tuple[ContactPoint, ...]) -> tuple[ContactPoint, ...]:
    """The file's addresses first (its preferred one becomes preferred), then every one here
    that the file lacks: a merge never loses an address or a number."""
    known = {p.value.casefold() for p in incoming}
    return (*incoming, *(p for p in current if p.value.casefold() not in known))


def _merged(incoming: Contact, current: Contact) -> Contact:
    values = {f: getattr(incoming, f) or getattr(current, f) for f in (
        "name", "name_parts", "role", "organisation", "cluster_id", "met_where", "met_on",
        "comment")}
    tags = tuple(dict.fromkeys([*current.tags, *incoming.tags]))
    return replace(current, tags=tags, emails=_merged_points(incoming.emails, current.emails),
                   phones=_merged_points(incoming.phones, current.phones), **values)


def apply_plan(store: NotesStore, plan: ImportPlan, merge: bool,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> tuple[int, int]:
    """Write the plan in one transaction; returns (records added, records merged).

    *progress* is called with (records done, records in all) as they are written, from the
    caller's thread; when *cancelled* returns True, :class:`ImportCancelled` is raised and the
    transaction rolled back: nothing of the import is written.

    The notes as they were are backed up first (``before-import``), so any import can be
    taken back with File ▸ Restore. Merging fills and updates fields from the file, but a text
    (a comment, a note) that differs on both sides is never replaced: the record keeps its own
    and the file's is kept in a note beside it. A note the file marks as shared becomes
    shared; a file never makes a shared note private again. Raises StoreError (nothing
    written) when the backup or the write fails."""
    added = merged = 0
    total = plan.total if merge else plan.total - plan.changed_count()
    done = 0

    def step() -> None:
        """Before each record: stop if asked; after the previous one, say how far."""
        nonlocal done
        if cancelled is not None and cancelled():
            raise ImportCancelled(_("Import stopped after {done} of {total} records: nothing "
                                    "of it was written.").format(
                done=i18n.number(done), total=i18n.number(total)))
        if progress is not None and done:
            progress(done, total)
        done += 1

    if cancelled is not None and cancelled():
        raise ImportCancelled(_("Import stopped before it started: nothing was written."))
    if not plan.empty and any(store.counts()):
        store.backup(reason="before-import")
    with store.transaction() as conn:
        for contact in plan.new_contacts:
            step()
            clean = replace(contact, id=None)
            if store.contact_by_uid(clean.uid) is not None:
                clean = replace(clean, uid=Contact("x").uid)
            store.write_contact(conn, clean)
            added += 1
        if merge:
            # Field by field from the record the plan was made against: what another window
            # saved since is kept, never overwritten with the plan's older copy.
            for incoming, current in plan.changed_contacts:
                step()
                wanted = _merged(incoming, current)
                changes = {f: getattr(wanted, f) for f in CONTACT_FIELDS
                           if getattr(wanted, f) != getattr(current, f)}
                if current.comment and "comment" in changes:
                    store.keep_conflict(conn, "contact", current, "comment", current.comment,
                                        changes.pop("comment"))
                store.merge_in(conn, "contact", current, changes)
                merged += 1
        for note in plan.new_notes:
            step()
            store.write_note(conn, replace(note, id=None))
            added += 1
        if merge:
            for incoming_note, current_note in plan.changed_notes:
                step()
                fields: dict[str, object] = {"cluster_id": incoming_note.cluster_id}
                if incoming_note.shared:
                    # Marked shared in the file: shared here too. A file that does not
                    # mark it (or is older) never takes back a mark made here.
                    fields["shared"] = True
                if current_note.body.strip() and incoming_note.body != current_note.body:
                    store.keep_conflict(conn, "note", current_note, "body", current_note.body,
                                        incoming_note.body)
                else:
                    fields["body"] = incoming_note.body
                store.merge_in(conn, "note", current_note, fields)
                merged += 1
        for shortlist in plan.new_shortlists:
            step()
            name = shortlist.name
            taken = {s.name.casefold() for s in store.shortlists()}
            n = 2
            while name.casefold() in taken:
                name, n = f"{shortlist.name} ({n})", n + 1
            store.write_shortlist(conn, replace(shortlist, name=name))
            added += 1
        if merge:
            for incoming_list, current_list in plan.changed_shortlists:
                step()
                store.merge_shortlist(conn, current_list, incoming_list.items)
                merged += 1
        more, changed = apply_agenda(store, conn, plan.agenda, merge, plan.contact_uids, step)
        added, merged = added + more, merged + changed
        if plan.current_shortlist_uid and not store.setting("current_shortlist"):
            store.set_current_shortlist_uid(conn, plan.current_shortlist_uid)
        if cancelled is not None and cancelled():
            raise ImportCancelled(_("Import stopped after {done} of {total} records: nothing "
                                    "of it was written.").format(
                done=i18n.number(done), total=i18n.number(total)))
    if progress is not None:
        progress(total, total)
    return added, merged
