"""The import plan: a file's records compared with the store (:func:`plan_import`), and
what an import would do, said before anything is written (:class:`ImportPlan`)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from mxdesk.core import i18n
from mxdesk.core.exchange.agenda import AgendaPlan, older_notice, plan_agenda
from mxdesk.core.exchange.common import ImportFileError, Incoming, Tick, _nfc, _still
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.notes import Contact, Note, NotesStore, Shortlist
from mxdesk.core.text import fold

#: How many records of each kind :meth:`ImportPlan.preview` names.
PREVIEW_LIMIT = 10


@dataclass
class ImportPlan:
    """What an import would do; nothing is written until :func:`apply_plan`."""

    new_contacts: list[Contact] = field(default_factory=list)
    #: (incoming, existing) pairs of the same person whose details differ
    changed_contacts: list[tuple[Contact, Contact]] = field(default_factory=list)
    same_contacts: int = 0
    new_notes: list[Note] = field(default_factory=list)
    same_notes: int = 0
    changed_notes: list[tuple[Note, Note]] = field(default_factory=list)
    new_shortlists: list[Shortlist] = field(default_factory=list)
    changed_shortlists: list[tuple[Shortlist, Shortlist]] = field(default_factory=list)
    same_shortlists: int = 0
    current_shortlist_uid: str | None = None
    #: What reading the file left out or assumed (said after the counts).
    notices: list[str] = field(default_factory=list)
    #: (incoming, here) pairs with the same name and nothing else in common: maybe one
    #: person, maybe two. The incoming one is among :attr:`new_contacts` (added as new, never
    #: merged unasked); the summary names both so the user can tell.
    possible_duplicates: list[tuple[Contact, Contact]] = field(default_factory=list)
    #: Missions and meetings (issue 18).
    agenda: AgendaPlan = field(default_factory=AgendaPlan)
    #: A contact of the file matched to one here under another uid: file uid -> uid here
    #: (a meeting of the file that names the first is linked to the second).
    contact_uids: dict[str, str] = field(default_factory=dict)

    def summary(self, merge: bool) -> str:
        """One paragraph a person reads before saying yes. Merging is spoken of only when
        records differ (only then is there a choice); counts are in words ("1 new contact",
        "1,234 new contacts"), and only of what there is ("2 new contacts will be added.",
        never "0 new notes")."""
        agenda = self.agenda
        same = (self.same_contacts + self.same_notes + self.same_shortlists
                + agenda.same_missions + agenda.same_meetings)
        counts = [(len(self.new_contacts), ngettext("{n} new contact", "{n} new contacts",
                                                    len(self.new_contacts))),
                  (len(self.new_notes), ngettext("{n} new note", "{n} new notes",
                                                 len(self.new_notes))),
                  (len(self.new_shortlists), ngettext("{n} new shortlist", "{n} new shortlists",
                                                      len(self.new_shortlists))),
                  (len(agenda.new_missions), ngettext("{n} new mission", "{n} new missions",
                                                      len(agenda.new_missions))),
                  (len(agenda.new_meetings), ngettext("{n} new meeting", "{n} new meetings",
                                                      len(agenda.new_meetings)))]
        added = [said.format(n=i18n.number(n)) for n, said in counts if n]
        total = sum(n for n, _said in counts)
        # Translators: {items} is a list such as "2 new contacts and 1 new note"; the count
        # that chooses the form is the number of records in it.
        lines = [ngettext("{items} will be added.", "{items} will be added.", total).format(
            items=i18n.join(added)) if added
                 else _("Nothing in the file is new to your notes.")]
        if same:
            lines.append(ngettext(
                "{n} record is already here unchanged and will be skipped.",
                "{n} records are already here unchanged and will be skipped.", same).format(
                n=i18n.number(same)))
        changed = self.changed_count()
        if changed:
            names = ", ".join(a.name for a, _b in self.changed_contacts[:5])
            more = "…" if len(self.changed_contacts) > 5 else ""
            which = f"{names}{more}" if names else _("notes, shortlists, missions or meetings")
            said = ngettext(
                "{n} record differs from the one here ({which}); it will be merged (empty "
                "fields filled and others updated from the file; a comment or note text that "
                "differs stays, with the file's version kept in a note beside it).",
                "{n} records differ from the ones here ({which}); they will be merged (empty "
                "fields filled and others updated from the file; a comment or note text that "
                "differs stays, with the file's version kept in a note beside it).",
                changed) if merge else ngettext(
                "{n} record differs from the one here ({which}); it will be skipped, kept as "
                "it is.",
                "{n} records differ from the ones here ({which}); they will be skipped, kept "
                "as they are.", changed)
            lines.append(said.format(n=i18n.number(changed), which=which))
        if self.possible_duplicates:
            lines.append(self._possible_duplicates())
        if older_notice(agenda):
            lines.append(older_notice(agenda))
        return " ".join(lines) + "".join(f"\n{notice}" for notice in self.notices)

    def preview(self, limit: int = PREVIEW_LIMIT) -> str:
        """What the file would add or change, by name, so accents and names can be checked
        before anything is written: a heading per kind that has records, then the titles of
        the first *limit* of them (contacts "name · role", notes their first line), one a
        line, and how many more::

            New contacts (50):
              José María Gutiérrez Ibáñez · Director
              Ana Pérez
              … and 40 more

        "" when there is nothing new or differing."""
        lines = []
        for heading, titles in (
                (_("New contacts ({n}):"), [c.title for c in self.new_contacts]),
                (_("Contacts that differ ({n}):"), [a.title for a, _b in self.changed_contacts]),
                (_("New notes ({n}):"), [n.title for n in self.new_notes]),
                (_("Notes that differ ({n}):"), [a.title for a, _b in self.changed_notes])):
            if titles:
                more = len(titles) - limit
                lines.append(heading.format(n=i18n.number(len(titles))))
                lines += [f"  {' '.join(t.split())}" for t in titles[:limit]]
                if more > 0:
                    lines.append("  " + ngettext("… and {n} more", "… and {n} more", more).format(
                        n=i18n.number(more)))
        return "\n".join(lines)

    def _possible_duplicates(self) -> str:
        """The new contacts named as one here with nothing else in common, each with what tells
        the one here apart: added as new, the user decides."""
        pairs = self.possible_duplicates
        named = "; ".join(_("“{name}”{apart}, possible duplicate of “{other}”{other_apart} "
                            "here").format(name=a.name, apart=_told_apart(a), other=b.name,
                                           other_apart=_told_apart(b)) for a, b in pairs[:5])
        rest = len(pairs) - 5
        more = ngettext("; and {n} more", "; and {n} more", rest).format(
            n=i18n.number(rest)) if rest > 0 else ""
        return ngettext(
            "{n} new contact has the name of a contact here and nothing else in common: "
            "{named}{more}. It will be added as new; if it is the same person, delete one of "
            "the two after the import.",
            "{n} new contacts have the name of a contact here and nothing else in common: "
            "{named}{more}. They will be added as new; if one is the same person, delete one "
            "of the two after the import.", len(pairs)).format(
            n=i18n.number(len(pairs)), named=named, more=more)

    @property
    def differs(self) -> bool:
        """Whether some records differ from those here: only then is there a choice between
        merging and keeping them as they are."""
        return self.changed_count() > 0

    def changed_count(self) -> int:
        """How many records of the file differ from (and, for the agenda, are newer than)
        theirs here: what a merge would write over."""
        return (len(self.changed_contacts) + len(self.changed_notes)
                + len(self.changed_shortlists) + len(self.agenda.changed_missions)
                + len(self.agenda.changed_meetings))

    @property
    def total(self) -> int:
        """How many records :func:`apply_plan` writes at most (its progress counts these)."""
        return (len(self.new_contacts) + len(self.new_notes) + len(self.new_shortlists)
                + len(self.agenda.new_missions) + len(self.agenda.new_meetings)
                + self.changed_count())

    @property
    def empty(self) -> bool:
        """Whether the import would write nothing (nothing new, nothing that differs)."""
        return self.total == 0


def _told_apart(contact: Contact) -> str:
    """What, besides the name, tells *contact* from a namesake: " (its e-mail address)", else
    its phone number, organisation or role; "" when it has none of them."""
    told = contact.email or contact.phone or contact.organisation or contact.role
    return f" ({told})" if told else ""


#: The fewest digits of a number that may match a longer one ending with them: "33 5555 0110"
#: is "+52 33 5555 0110" written without its country code.
NATIONAL_DIGITS = 8


def _digits(number: str) -> str:
    """The digits of a phone number, in ASCII: "+52 (33) 5555-0110" → "523355550110"."""
    return "".join(str(unicodedata.decimal(ch)) for ch in number if ch.isdecimal())


def _same_number(a: str, b: str) -> bool:
    """Whether two numbers' digits (:func:`_digits`) are one number: the same digits, or the
    longer with a country or trunk prefix before the digits of the shorter (of at least
    :data:`NATIONAL_DIGITS`)."""
    short, long = sorted((a, b), key=len)
    return bool(short) and (short == long or (len(short) >= NATIONAL_DIGITS
                                              and long.endswith(short)))


def _same_person(a: Contact, b: Contact) -> bool:
    """Whether two records with one uid can be the same person: a word of the name or an
    e-mail address in common (a renamed contact keeps one or the other)."""
    emails = {p.value.casefold() for p in a.emails} & {p.value.casefold() for p in b.emails}
    return bool(emails or set(fold(a.name).split()) & set(fold(b.name).split()))


def plan_import(store: NotesStore, incoming: Incoming, tick: Tick | None = None) -> ImportPlan:
    """Compare a file's records with the store: by uid, else by name and e-mail (folded:
    case, accents and Unicode composition aside), else by name and a phone number when one
    of the two has no e-mail address (a card from a phone beside one from a mail program).
    A contact of the same name with nothing else in common is added as new and named in the
    summary as a possible duplicate (:attr:`ImportPlan.possible_duplicates`): two people
    can share a name, so they are never merged unasked.

    Raises :class:`ImportFileError` when a record's uid is that of another person here;
    *tick* as for :func:`read_file`."""
    tick = tick or _still
    plan = ImportPlan(current_shortlist_uid=incoming.current_shortlist_uid,
                      notices=list(incoming.notices))
    existing = store.contacts()
    by_uid = {c.uid: c for c in existing}
    by_key = {c.exchange_key(): c for c in existing}
    by_name: dict[str, list[Contact]] = {}
    for c in existing:
        by_name.setdefault(c.exchange_key()[0], []).append(c)

    def same_name_and_an_address(contact: Contact) -> Contact | None:
        """The contact here of the same folded name with an e-mail address in common (the
        preferred one may differ between two address books)."""
        theirs = {_nfc(p.value).casefold() for p in contact.emails}
        return next((c for c in by_name.get(contact.exchange_key()[0], [])
                     if theirs & {_nfc(p.value).casefold() for p in c.emails}), None)

    def same_name_and_a_number(contact: Contact) -> Contact | None:
        """The contact here of the same folded name with a phone number in common, when one
        of the two has no e-mail address (two that differ say nothing of one person)."""
        theirs = [d for d in (_digits(p.value) for p in contact.phones) if d]
        return next((c for c in by_name.get(contact.exchange_key()[0], [])
                     if not (contact.emails and c.emails)
                     and any(_same_number(number, _digits(p.value))
                             for number in theirs for p in c.phones)), None)

    for n, contact in enumerate(incoming.contacts):
        tick()
        same_uid = by_uid.get(contact.uid)
        if same_uid is not None and not _same_person(same_uid, contact):
            place = incoming.contact_places[n] if n < len(incoming.contact_places) else ""
            where = " ".join(x for x in (incoming.source, place) if x) or _(
                "contact {n}").format(n=n + 1)
            raise ImportFileError(_("{where}: “{name}” has the uid {uid} of “{other}” here, "
                                    "another person (no name or e-mail in common); nothing "
                                    "was imported").format(where=where, name=contact.name,
                                                           uid=contact.uid,
                                                           other=same_uid.name))
        match = (same_uid or by_key.get(contact.exchange_key())
                 or same_name_and_an_address(contact) or same_name_and_a_number(contact))
        if match is not None and match.uid != contact.uid:
            plan.contact_uids[contact.uid] = match.uid
        if match is None:
            plan.new_contacts.append(contact)
            namesakes = by_name.get(contact.exchange_key()[0])
            if namesakes:
                plan.possible_duplicates.append((contact, namesakes[0]))
        elif match.same_content(contact):
            plan.same_contacts += 1
        else:
            plan.changed_contacts.append((contact, match))
    notes_by_uid = {n.uid: n for n in store.notes()}
    for note in incoming.notes:
        tick()
        known = notes_by_uid.get(note.uid)
        if known is None:
            plan.new_notes.append(note)
        elif (known.body, known.cluster_id) == (note.body, note.cluster_id) \
                and known.shared >= note.shared:
            plan.same_notes += 1
        else:
            plan.changed_notes.append((note, known))
    lists = store.shortlists()
    lists_by_uid = {s.uid: s for s in lists}
    lists_by_name = {s.name.casefold(): s for s in lists}
    for shortlist in incoming.shortlists:
        tick()
        current = lists_by_uid.get(shortlist.uid) or lists_by_name.get(shortlist.name.casefold())
        if current is None:
            plan.new_shortlists.append(shortlist)
        elif current.items == shortlist.items and current.name == shortlist.name:
            plan.same_shortlists += 1
        else:
            plan.changed_shortlists.append((shortlist, current))
    plan.agenda = plan_agenda(store, incoming.missions, incoming.meetings, tick)
    return plan
