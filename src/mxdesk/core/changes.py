"""What a newer directory changed: the change list of each release, read and shown.

A release's list is made once by the build (``python -m mxdesk.core.build --previous OLD.db``,
:mod:`mxdesk.core.release_diff` compares the two databases), committed as
``data/changes/<release>.json`` and read by every later build into the ``changes`` table,
so a plain build stays reproducible. ``mxdesk changes`` and the window's "What changed in the
directory" read that table through :func:`recorded` and show it through :func:`grouped`: per
release, the records the user has notes or shortlists on first, then one group per kind of
change.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from mxdesk.core.directory import Directory
from mxdesk.core.errors import BuildError, DirectoryError
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.records import KINDS, kind_name
from mxdesk.core.redirects import plain_reason
from mxdesk.core.text import fold

#: The kinds of change, in the order they are listed, with the heading of each group:
#: a record added, removed (its old id keeps a redirect with no new record), merged into
#: another or renamed (a redirect to its new id, or the same id under a new name), a field
#: of a record changed (a quality label, a year, a website), a figure changed, added or
#: dropped (a fact: value, text, unit, year or period, qualifier).
#: (In English; translated where shown, as :attr:`ChangeGroup.heading` does.)
CHANGE_TITLES: dict[str, str] = {
    "removed": N_("Removed"), "merged": N_("Merged into another record"),
    "renamed": N_("Renamed"), "added": N_("Added"), "field": N_("Details changed"),
    "figure": N_("Figures changed"),
}
#: The heading of the group that comes first: changes to records the user's notes,
#: contacts or shortlists name.
YOURS_TITLE = N_("Records you have notes or shortlists on")
#: What a change list file is called: the release's data version, ``2026.11.2.json``.
_FILE = re.compile(r"^\d+(?:\.\d+)*\.json$")
_VERSION = re.compile(r"^\d+(?:\.\d+)*$")


def version_key(version: str | None) -> tuple[int, ...] | None:
    """A data version as numbers to compare (``"2026.11.2"`` -> ``(2026, 11, 2)``, so
    2026.11.10 comes after 2026.11.9); None for a version of another form (a synthetic
    directory's ``"synthetic-1000-1"``, ``"?"``), which is never newer or older than any."""
    text = (version or "").strip()
    if not _VERSION.match(text):
        return None
    return tuple(int(part) for part in text.split("."))


def is_newer(version: str | None, than: str | None) -> bool:
    """Whether data version *version* comes after *than*; False when either is not of the
    numbered form :func:`version_key` reads."""
    new, old = version_key(version), version_key(than)
    return new is not None and old is not None and new > old


@dataclass(frozen=True)
class Change:
    """One change a release made to the directory.

    *kind* and *record_id* name the record as the release before knew it (a removed or
    merged record's old id); *name* is its name (the old one when it left). *change* is a
    key of :data:`CHANGE_TITLES`. *subject* names the field or figure that changed; *before*
    and *after* are what the user saw and sees, as text (None for a figure added or dropped,
    or a field set or cleared). A merge or a rename to a new id names the record it is now
    (*new_kind*, *new_id*, its name in *after*) and says why (*reason*, from redirects.toml).
    """

    release: str
    kind: str
    record_id: str
    name: str
    change: str
    subject: str | None = None
    before: str | None = None
    after: str | None = None
    new_kind: str | None = None
    new_id: str | None = None
    reason: str | None = None

    def concerns(self, noted: Iterable[str]) -> bool:
        """Whether the change is about a cluster whose id is in *noted* (the ids the user's
        contacts, notes and shortlists hold), as its old or its new id."""
        ids = set(noted)
        return (self.kind == "cluster" and self.record_id in ids) or (
            self.new_kind == "cluster" and self.new_id in ids)

    @property
    def opens(self) -> tuple[str, str] | None:
        """The record to open for this change, as (kind, id): the record it is now, or None
        when it was removed."""
        if self.change == "removed":
            return None
        if self.new_id is not None:
            return (self.new_kind or self.kind, self.new_id)
        return (self.kind, self.record_id)

    @property
    def why(self) -> str:
        """The reason without the word redirects.toml starts it with ("removed: …",
        "merged: …"), since the change's heading says it; "" when none was given."""
        return plain_reason(self.reason)

    def what(self) -> str:
        """What changed, in words, without the record's name: "removed: …", "Quality
        label: Gold → Silver", "Employment (new): 35,000 (2016)"."""
        if self.change == "added":
            return _("added")
        if self.change == "removed":
            return _("removed: {why}").format(why=self.why) if self.why else _("removed")
        if self.change in ("merged", "renamed") and self.new_id is not None:
            said = (_("merged into {record} ({id})") if self.change == "merged"
                    else _("renamed, now {record} ({id})")).format(record=self.after,
                                                                   id=self.new_id)
            return f"{said}: {self.why}" if self.why else said
        if self.change == "renamed":
            return _("renamed from “{name}”").format(name=self.before)
        subject = self.subject or ""
        if self.change == "field":
            # A field's name is one of release_diff.FIELD_LABELS, stored in English.
            subject = _(subject)
        if self.before is None:
            return _("{subject} (new): {after}").format(subject=subject, after=self.after)
        if self.after is None:
            return _("{subject} (no longer given): {before}").format(subject=subject,
                                                                     before=self.before)
        return f"{subject}: {self.before} → {self.after}"

    def line(self) -> str:
        """The change on one line: the record (name, kind and id), then :meth:`what`."""
        return f"{self.name} ({kind_name(self.kind)} {self.record_id}): {self.what()}"

    def as_json(self) -> dict[str, str]:
        """The change as an entry of a change list file (no release: the file says it);
        fields that are None are left out."""
        out = {"change": self.change, "kind": self.kind, "id": self.record_id,
               "name": self.name}
        for name in ("subject", "before", "after", "new_kind", "new_id", "reason"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class ChangeList:
    """One release's changes against the release before it (*previous*), in list order."""

    release: str
    previous: str
    changes: tuple[Change, ...]

    def as_json(self) -> str:
        """The file's text: keys sorted, two-space indents, UTF-8 as written, a final
        newline; the same list always gives the same bytes."""
        data = {"release": self.release, "previous": self.previous,
                "changes": [c.as_json() for c in self.changes]}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def sort_key(change: Change) -> tuple[object, ...]:
    """The order a release's changes are listed in: by kind of change (as
    :data:`CHANGE_TITLES`), kind of record (as :data:`mxdesk.core.records.KINDS`, others
    after), name, id, then what changed."""
    kinds: tuple[str, ...] = KINDS
    return (list(CHANGE_TITLES).index(change.change),
            kinds.index(change.kind) if change.kind in kinds else len(kinds), change.kind,
            fold(change.name), change.record_id, change.subject or "", change.before or "",
            change.after or "")


def write_change_list(changes: ChangeList, folder: Path) -> Path:
    """Write *changes* to *folder*/<release>.json (made when missing) through a temporary
    file renamed into place; returns the path. Raises OSError when it cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{changes.release}.json"
    tmp = path.with_name(path.name + ".writing")
    tmp.write_text(changes.as_json(), encoding="utf-8")
    tmp.replace(path)
    return path


def read_change_lists(folder: Path) -> list[ChangeList]:
    """Every change list file of *folder* (``<release>.json``), oldest release first; none
    when the folder does not exist. Raises :class:`BuildError` naming the file and the entry
    when one is not valid JSON, names another release than its file name, or holds an entry
    without a known ``change``, a ``kind``, an ``id`` or a ``name``."""
    if not folder.is_dir():
        return []
    lists: list[ChangeList] = []
    for path in folder.iterdir():
        if not _FILE.match(path.name):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BuildError(f"{path}: not a readable change list: {exc}") from exc
        lists.append(_change_list(path, data))
    return sorted(lists, key=lambda c: version_key(c.release) or ())


def _change_list(path: Path, data: Any) -> ChangeList:
    """A change list file's data, checked."""
    release = path.name.removesuffix(".json")
    if not isinstance(data, dict) or data.get("release") != release:
        raise BuildError(f"{path}: its \"release\" is not {release!r}")
    entries = data.get("changes")
    if not isinstance(entries, list):
        raise BuildError(f"{path}: no list of \"changes\"")
    known = {f.name for f in fields(Change)}
    out: list[Change] = []
    for n, entry in enumerate(entries):
        where = f"{path} change #{n + 1}"
        if not isinstance(entry, dict) or entry.get("change") not in CHANGE_TITLES:
            raise BuildError(f"{where}: no known \"change\" ({', '.join(CHANGE_TITLES)})")
        values = {"record_id" if key == "id" else key: value for key, value in entry.items()}
        unknown = set(values) - known
        if unknown or not all(isinstance(values.get(k), str) and values[k]
                               for k in ("kind", "record_id", "name")):
            raise BuildError(f"{where}: needs \"kind\", \"id\" and \"name\"; unknown keys: "
                             f"{sorted(unknown) or 'none'}")
        out.append(Change(release=release, **values))
    return ChangeList(release, str(data.get("previous", "")), tuple(out))


# -- reading the directory's list --------------------------------------------------------


def recorded(directory: Directory, since: str | None = None) -> list[Change]:
    """The changes the directory's ``changes`` table holds, of every release after *since*
    (every release when None), newest release first, each in its list order. A directory
    built before change lists were kept holds none. Raises ValueError when *since* is not
    a data version (digits and dots), :class:`DirectoryError` when the file cannot be
    read."""
    after = version_key(since) if since is not None else ()
    if after is None:
        raise ValueError(f"{since!r} is not a data version (e.g. 2026.11.1)")
    conn = directory.conn
    try:
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                           "AND name = 'changes'").fetchone()
        rows = conn.execute("SELECT * FROM changes ORDER BY position").fetchall() if has else []
    except sqlite3.DatabaseError as exc:
        raise DirectoryError(f"cannot read {directory.path}: {exc}") from exc
    names = {f.name for f in fields(Change)}
    changes = [Change(**{k: v for k, v in dict(row).items() if k in names}) for row in rows]
    kept = [c for c in changes if (version_key(c.release) or ()) > after]
    return sorted(kept, key=lambda c: version_key(c.release) or (), reverse=True)


@dataclass(frozen=True)
class ChangeGroup:
    """Changes under one heading: :data:`YOURS_TITLE` or a title of :data:`CHANGE_TITLES`."""

    title: str
    changes: tuple[Change, ...]

    @property
    def heading(self) -> str:
        """The title and how many: records for :data:`YOURS_TITLE` (one record can change in
        several ways), changes for the others (``"Removed (1)"``)."""
        if self.title == YOURS_TITLE:
            count = len({(c.kind, c.record_id) for c in self.changes})
        else:
            count = len(self.changes)
        return f"{_(self.title)} ({count})"


@dataclass(frozen=True)
class ReleaseChanges:
    """One release's changes, grouped for reading: the user's records first."""

    release: str
    groups: tuple[ChangeGroup, ...]

    @property
    def count(self) -> int:
        """How many changes the release made."""
        return sum(len(g.changes) for g in self.groups)


def grouped(changes: Iterable[Change], noted: Iterable[str] = ()) -> list[ReleaseChanges]:
    """*changes* by release (in the order they come), each release's changes about the
    clusters in *noted* (ids the user's notes, contacts and shortlists hold) first under
    :data:`YOURS_TITLE`, then the others by kind of change, each group in list order."""
    ids = set(noted)
    releases: dict[str, list[Change]] = {}
    for change in changes:
        releases.setdefault(change.release, []).append(change)
    out: list[ReleaseChanges] = []
    for release, items in releases.items():
        yours = [c for c in items if c.concerns(ids)]
        groups = [ChangeGroup(YOURS_TITLE, tuple(yours))] if yours else []
        rest = [c for c in items if not c.concerns(ids)]
        for key, title in CHANGE_TITLES.items():
            chosen = tuple(c for c in rest if c.change == key)
            if chosen:
                groups.append(ChangeGroup(title, chosen))
        out.append(ReleaseChanges(release, tuple(groups)))
    return out


def as_text(releases: Iterable[ReleaseChanges], since: str | None = None) -> str:
    """What ``mxdesk changes`` prints: per release a heading and its groups, each change on
    one line (:meth:`Change.line`, which says what kind of change it is)."""
    lines: list[str] = []
    for release in releases:
        lines.append(_("Release {release}: {changes}").format(release=release.release,
                                                               changes=_count(release.count)))
        for group in release.groups:
            lines.append(f"  {group.heading}")
            lines.extend(f"    {change.line()}" for change in group.changes)
        lines.append("")
    if not lines:
        if since:
            return _("No changes to the directory since {version}.").format(version=since) + "\n"
        return _("No changes to the directory.") + "\n"
    return "\n".join(lines)


def _count(n: int) -> str:
    return ngettext("{n} change", "{n} changes", n).format(n=n)




def noted_clusters(ids_in_use: Iterable[str], directory: Directory) -> set[str]:
    """The cluster ids the user's records hold, with the ids they lead to now (a note on a
    merged record's old id also marks the record it was merged into)."""
    out = set(ids_in_use)
    for old in list(out):
        moved = directory.redirect(old)
        if moved is not None and moved.new is not None:
            out.add(moved.new.id)
    return out
