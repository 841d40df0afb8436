"""Text typed into the window that could not be saved (a full disk, a lock, read-only media),
kept in a small JSON file beside the store when the window closes and saved at the next start.

A draft holds the record as the editor loaded it (the base) and the fields typed since, so
saving it later merges field by field like any other save: what another window changed
meanwhile is kept, and a field both changed keeps both texts (:class:`~.records.Conflict`).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mxdesk.core.i18n import _
from mxdesk.core.notes.errors import StoreError, os_error
from mxdesk.core.notes.records import Contact, ContactPoint, Note, SaveResult, now_utc, points
from mxdesk.core.notes.store import NotesStore

log = logging.getLogger("mxdesk.notes")

FORMAT = "mxdesk-drafts"


@dataclass(frozen=True)
class Draft:
    """Unsaved edits of one record: *kind* "contact" or "note", the record as loaded, and
    the fields typed since (name -> value; tags as a list)."""

    kind: str
    base: Contact | Note
    changes: dict[str, Any] = field(default_factory=dict)
    written_at: str = ""

    @property
    def title(self) -> str:
        """The record's title as loaded (what a list showed it as)."""
        return self.base.title


def drafts_path(store_path: Path) -> Path:
    """``notes.db.drafts.json`` beside the store."""
    return store_path.with_name(store_path.name + ".drafts.json")


def _record_data(record: Contact | Note) -> dict[str, Any]:
    data = asdict(record)
    if isinstance(record, Contact):
        data["tags"] = list(record.tags)
    elif not record.shared:
        # Written only when set: a drafts file an older mxdesk (before notes schema 7) may
        # read back after a downgrade has no key it does not know.
        del data["shared"]
    return data


def _change_data(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [asdict(v) if isinstance(v, ContactPoint) else v for v in value]
    return value


def _points_from(value: Any) -> tuple[ContactPoint, ...]:
    """E-mails or phones as a drafts file holds them: a list of {"value", "types"}, or (from
    mxdesk before notes schema 4) one plain value."""
    if isinstance(value, str):
        return points(value)
    return tuple(ContactPoint(str(p["value"]), tuple(p.get("types") or ())) for p in value)


def _contact_data(data: dict[str, Any]) -> dict[str, Any]:
    """A drafts file's contact fields (base or changes) as Contact takes them."""
    out = dict(data)
    for old, new in (("email", "emails"), ("phone", "phones")):
        if old in out:
            out[new] = _points_from(out.pop(old))
        elif new in out:
            out[new] = _points_from(out[new])
    if "tags" in out:
        out["tags"] = tuple(out["tags"] or ())
    return out


def write_drafts(store_path: Path, drafts: list[Draft]) -> Path:
    """Add *drafts* to the drafts file, written whole (a temporary file renamed over it).
    Raises :class:`StoreError` when it cannot be written (then nothing changed)."""
    target = drafts_path(store_path)
    if unreadable_drafts(store_path):
        # Never written over: what it holds may be all that is left of someone's typing.
        aside = target.with_name(f"{target.name}.unreadable-{now_utc().replace(':', '')}")
        try:
            target.replace(aside)
        except OSError as exc:
            raise os_error(exc, _("could not keep the unsaved text: {path} cannot be read and "
                                  "cannot be moved aside").format(path=target)) from exc
        log.warning("the unreadable drafts file %s was moved to %s", target, aside)
    kept = read_drafts(store_path)
    entries = [{"kind": d.kind, "base": _record_data(d.base),
                "changes": {k: _change_data(v) for k, v in d.changes.items()},
                "written_at": d.written_at or now_utc()} for d in [*kept, *drafts]]
    text = json.dumps({"format": FORMAT, "version": 1, "drafts": entries}, ensure_ascii=False,
                      indent=2)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                        dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(name).replace(target)
    except OSError as exc:
        if "name" in locals():
            Path(name).unlink(missing_ok=True)
        raise os_error(exc, _("could not keep the unsaved text in {path}").format(
            path=target)) from exc
    return target


def read_drafts(store_path: Path) -> list[Draft]:
    """The drafts waiting beside the store ([] when there are none). A file that cannot be
    read is left where it is and reported in the log, never deleted."""
    path = drafts_path(store_path)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out = []
        for entry in data["drafts"]:
            base = dict(entry["base"])
            changes = dict(entry["changes"])
            if entry["kind"] == "contact":
                record: Contact | Note = Contact(**_contact_data(base))
                changes = _contact_data(changes)
            else:
                record = Note(**base)
            out.append(Draft(entry["kind"], record, changes, entry.get("written_at", "")))
        return out
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.error("the drafts file %s cannot be read (%s); it was left where it is", path, exc)
        return []


def unreadable_drafts(store_path: Path) -> str:
    """A message when the drafts file is there but cannot be read ("" otherwise); the file is
    left where it is for the user to open."""
    path = drafts_path(store_path)
    if not path.exists():
        return ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or not isinstance(data.get("drafts"), list):
            raise ValueError("not an mxdesk drafts file")
    except (OSError, ValueError, AttributeError) as exc:
        return _("The text kept unsaved at an earlier quit, in {path}, cannot be read "
                 "({reason}). It was left as it is: open it in a text editor to copy what you "
                 "need.").format(path=path, reason=exc)
    return ""


def save_drafts(store: NotesStore) -> list[SaveResult]:
    """Save every waiting draft into *store* (merged field by field), then remove the file.
    Raises :class:`StoreError` (the file stays, nothing is lost) when the store refuses."""
    drafts = read_drafts(store.path)
    results = []
    for draft in drafts:
        update = store.update_contact if draft.kind == "contact" else store.update_note
        results.append(update(draft.base, draft.changes))  # type: ignore[arg-type]
    if drafts:
        try:
            drafts_path(store.path).unlink()
        except OSError as exc:
            raise StoreError(_("the unsaved text was saved, but {path} could not be removed: "
                               "{reason}").format(path=drafts_path(store.path),
                                                  reason=exc.strerror or exc)) from exc
    return results
