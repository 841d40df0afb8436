"""Ids of earlier releases that name no record now (data/source/redirects.toml, the
directory's ``redirects`` table): what each became, as :class:`mxdesk.core.directory.Directory`
reads it."""

from __future__ import annotations

from dataclasses import dataclass

from mxdesk.core.records import RecordRef


@dataclass(frozen=True)
class Redirect:
    """An id an earlier release had that names no record now (data/source/redirects.toml):
    *change* is ``"merged"`` or ``"renamed"`` (the record lives on as *new*) or ``"removed"``
    (*new* is None); *release* the data version that made the change, *reason* one line for
    the user."""

    old_id: str
    change: str
    new: RecordRef | None
    release: str
    reason: str

    def says(self) -> str:
        """One line for the user: "three-helixes was removed from the directory in
        2026.11.2: …", "old-id is now New name (new-id), since 2026.11.2: …"."""
        why = plain_reason(self.reason)
        if self.new is None:
            return f"{self.old_id} was removed from the directory in {self.release}: {why}"
        return f"{self.old_id} is now {self.new.name} ({self.new.id}), since {self.release}: {why}"


def plain_reason(reason: str | None) -> str:
    """A redirect's reason without the word redirects.toml starts it with ("removed: …",
    "merged: …"), where the sentence around it already says so; "" when none."""
    text = (reason or "").strip()
    head, colon, rest = text.partition(":")
    if colon and head.strip().lower() in ("removed", "merged", "renamed"):
        return rest.strip()
    return text
