"""Ids of earlier releases that name no record now (data/source/redirects.toml, the
directory's ``redirects`` table): what each became, as :class:`mxdesk.core.directory.Directory`
reads it."""

from __future__ import annotations

from dataclasses import dataclass

from mxdesk.core.i18n import _
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
            # Translators: {old} is an id of an earlier release, {release} a data version
            # ("2026.11.2"), {why} the directory's reason (in English).
            return _("{old} was removed from the directory in {release}: {why}").format(
                old=self.old_id, release=self.release, why=why)
        # Translators: {name} and {new} are the record's name and id now.
        return _("{old} is now {name} ({new}), since {release}: {why}").format(
            old=self.old_id, name=self.new.name, new=self.new.id, release=self.release,
            why=why)


def plain_reason(reason: str | None) -> str:
    """A redirect's reason without the word redirects.toml starts it with ("removed: …",
    "merged: …"), where the sentence around it already says so; "" when none."""
    text = (reason or "").strip()
    head, colon, rest = text.partition(":")
    if colon and head.strip().lower() in ("removed", "merged", "renamed"):
        return rest.strip()
    return text
