"""Reading vCards 2.1, 3.0 and 4.0 into contacts (:func:`read_vcard`): names, addresses and
numbers with their types, and what mxdesk does not keep, said in the summary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mxdesk.core import i18n, vcard
from mxdesk.core.exchange.common import (
    ImportFileError,
    Incoming,
    Tick,
    _at_line,
    _handed_over,
    _still,
)
from mxdesk.core.exchange.fields import _date_text, _name_from_parts, _ordered
from mxdesk.core.i18n import N_, _, ngettext
from mxdesk.core.notes import Contact, ContactPoint, NameParts, new_uid
from mxdesk.core.text import fold

#: vCard properties mxdesk has no place for, as the summary names them ("3 cards had postal
#: addresses, which mxdesk does not keep."): translated where said.
_NOT_KEPT = {
    "ADR": N_("postal addresses"),
    "LABEL": N_("postal addresses"),
    "X-SAMSUNGADR": N_("postal addresses"),
    "BDAY": N_("birthdays"),
    "ANNIVERSARY": N_("anniversaries"),
    "X-ANNIVERSARY": N_("anniversaries"),
    "URL": N_("web addresses"),
    "PHOTO": N_("photos"),
    "LOGO": N_("logos"),
    "SOUND": N_("sounds"),
    "KEY": N_("public keys"),
    "NICKNAME": N_("nicknames"),
    "IMPP": N_("chat addresses"),
    "X-AIM": N_("chat addresses"),
    "X-JABBER": N_("chat addresses"),
    "X-SKYPE": N_("chat addresses"),
    "X-MSN": N_("chat addresses"),
    "X-ICQ": N_("chat addresses"),
    "X-YAHOO": N_("chat addresses"),
    "X-QQ": N_("chat addresses"),
    "X-SOCIALPROFILE": N_("social profiles"),
    "GEO": N_("map positions"),
    "TZ": N_("time zones"),
    "RELATED": N_("related people"),
    "X-ABRELATEDNAMES": N_("related people"),
    "X-ABDATE": N_("dates"),
    "GENDER": N_("genders"),
    "X-GENDER": N_("genders"),
    "LANG": N_("languages"),
    "FBURL": N_("calendar addresses"),
    "CALURI": N_("calendar addresses"),
    "CALADRURI": N_("calendar addresses"),
    "MEMBER": N_("group members"),
    "AGENT": N_("agents"),
    "X-PHONETIC-FIRST-NAME": N_("phonetic names"),
    "X-PHONETIC-LAST-NAME": N_("phonetic names"),
    "X-PHONETIC-MIDDLE-NAME": N_("phonetic names"),
    "SORT-STRING": N_("sorting names"),
}
#: Properties that hold nothing of the person's beyond what is kept (or only the file's own
#: housekeeping): read, used where they help, never reported.
_HOUSEKEEPING = {"VERSION", "PRODID", "REV", "N", "FN", "UID", "X-ABLABEL", "X-ABUID",
                 "X-ABADR", "X-IMAGETYPE", "X-IMAGEHASH",
                 "CLASS", "KIND", "X-ADDRESSBOOKSERVER-KIND", "SOURCE", "NAME", "PROFILE",
                 "MAILER", "X-ABSHOWAS", "CLIENTPIDMAP", "EMAIL", "TEL", "ORG", "TITLE", "ROLE",
                 "CATEGORIES", "NOTE", "X-MXDESK-CLUSTER", "X-MXDESK-MET-WHERE",
                 "X-MXDESK-MET-ON", "X-MXDESK-COMMENT"}
#: Google Contacts' system groups, which its vCard export writes into CATEGORIES beside the
#: user's own labels ("myContacts,Misión GDL"): Google's bookkeeping, not a tag anyone chose,
#: so they are left out. The names are ids of the system contact groups of Google's People
#: API (its reference of ``contactGroups`` and ``contactGroups.members.modify``:
#: "contactGroups/myContacts", "contactGroups/starred", and the deprecated
#: "contactGroups/chatBuddies"), compared as Google writes them, case and all. Left as tags:
#: its other deprecated system groups "friends", "family" and "coworkers" (words people use
#: for labels of their own), and "all" and "blocked" (never a membership an export lists).
GOOGLE_SYSTEM_GROUPS = frozenset({"myContacts", "starred", "chatBuddies"})


def not_kept_groups(where: str, found: dict[str, set[int]], record: str) -> str:
    """What the summary says of Google's system groups left out: ``"Not kept: CATEGORIES
    myContacts (Google's system group, not a label of yours; 1 card)."``; *found* maps each
    group to the cards (or rows) that had it, *record* names them ("card", "row")."""
    count = len(set().union(*found.values()))
    groups = ", ".join(sorted(found))
    kind = ngettext("Google's system group", "Google's system groups", len(found))
    # Translators: {where} is the vCard property or the CSV column ("CATEGORIES"), {groups}
    # Google's own group names ("myContacts"), {kind} "Google's system group(s)".
    said = (ngettext("Not kept: {where} {groups} ({kind}, not a label of yours; {n} card).",
                     "Not kept: {where} {groups} ({kind}, not a label of yours; {n} cards).",
                     count) if record == "card" else
            ngettext("Not kept: {where} {groups} ({kind}, not a label of yours; {n} row).",
                     "Not kept: {where} {groups} ({kind}, not a label of yours; {n} rows).",
                     count))
    return said.format(where=where, groups=groups, kind=kind, n=i18n.number(count))


_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_LABEL_TYPES = {"mobile": "cell", "iphone": "cell", "homefax": "home,fax",
                "workfax": "work,fax", "otherfax": "other,fax"}


def _card_points(card: vcard.Card, name: str) -> tuple[ContactPoint, ...]:
    labels = {p.group: card.text(p) for p in card.all("X-ABLABEL") if p.group}
    found: list[tuple[int, ContactPoint]] = []
    for prop in card.all(name):
        value = card.text(prop).strip()
        if name == "TEL" and value.lower().startswith("tel:"):
            value = value[4:]  # vCard 4.0: VALUE=uri
        if name == "EMAIL" and value.lower().startswith("mailto:"):
            value = value[7:]
        if not value:
            continue
        types = [t for t in prop.types if t not in ("internet", "x400", "pref")]
        label = labels.get(prop.group, "") if prop.group else ""
        if label:
            apple = _APPLE_LABEL.fullmatch(label)
            word = (apple[1] if apple else label).strip().lower()
            types.extend(_LABEL_TYPES.get(word, word).split(","))
        pref = prop.param("PREF")
        rank = (0 if "pref" in prop.types else
                int(pref) if pref.isdigit() else 101)
        found.append((rank, ContactPoint(value, tuple(dict.fromkeys(t for t in types if t)))))
    return _ordered(found)


def _card_parts(card: vcard.Card, name: str) -> NameParts:
    """The card's N as it came ("Gutiérrez Ibáñez;José María"), or no parts when it has
    none or its N holds only the whole name in one component (as Android and mxdesk write a
    name whose parts nobody knows): that N says nothing the name does not."""
    n = card.first("N")
    if n is None:
        return NameParts()
    parts = NameParts(*(" ".join(p.split()) for p in [*card.parts(n), "", "", "", "", ""][:5]))
    filled = [p for p in parts.as_tuple() if p]
    if len(filled) == 1 and fold(filled[0]) == fold(name):
        return NameParts()
    return parts


def _card_name(card: vcard.Card) -> tuple[str, str]:
    """(name, what it was taken from when not FN or N)."""
    fn = next((card.text(p).strip() for p in card.all("FN") if card.text(p).strip()), "")
    if fn:
        return " ".join(fn.split()), ""
    n = card.first("N")
    if n is not None:
        parts = [*card.parts(n), "", "", "", "", ""][:5]
        family, given, middle, prefix, suffix = parts
        name = _name_from_parts(prefix, given, middle, family, suffix)
        if name:
            return name, ""
    for source, prop_name in ((N_("nickname"), "NICKNAME"), (N_("organisation"), "ORG"),
                              (N_("e-mail address"), "EMAIL"), (N_("phone number"), "TEL")):
        prop = card.first(prop_name)
        if prop is not None:
            value = ", ".join(p.strip() for p in card.parts(prop) if p.strip()) \
                if prop_name == "ORG" else card.text(prop).strip()
            if prop_name == "TEL":
                value = value.removeprefix("tel:").removeprefix("TEL:")
            if value:
                return value, source
    return "", ""


def read_vcard(path: Path, raw: bytes, tick: Tick | None = None) -> Incoming:
    """Contacts from vCards 2.1, 3.0 and 4.0 (phones, Google, Apple, Outlook, Thunderbird) in
    *raw* (the file's bytes); group cards are left out and said so in the notices. *tick* is
    called once per line and per card. Raises :class:`ImportFileError` naming the line and
    card that are wrong (a malformed card, a card with nothing to name it by)."""
    tick = tick or _still
    try:
        cards = vcard.read_cards(raw, tick)
    except vcard.VCardError as exc:
        where = _at_line(path.name, exc.line)
        if exc.card:
            where = _card_place(where, exc.card, exc.card_name)
        raise ImportFileError(_("{where}: {problem}; nothing was imported").format(
            where=where, problem=exc.message)) from exc
    incoming = Incoming()
    not_kept: dict[str, set[int]] = {}
    others: dict[str, set[int]] = {}
    read_as: dict[str, list[int]] = {}  # what a card's reading said, and at which lines
    groups: list[str] = []
    named: list[str] = []
    system: dict[str, set[int]] = {}  # Google's system groups left out of the tags
    for card in _handed_over(cards, tick):
        name, source = _card_name(card)
        place = _card_place(_("line {line}").format(line=card.line), card.number, name)
        where = _card_place(_at_line(path.name, card.line), card.number, name)
        for line, text in card.notices:
            read_as.setdefault(text, []).append(line)
        kind = card.first("KIND") or card.first("X-ADDRESSBOOKSERVER-KIND")
        if kind is not None and card.text(kind).strip().lower() == "group":
            groups.append(_("card {number} “{name}”").format(number=card.number, name=name)
                          if name else _("card {number}").format(number=card.number))
            continue
        if not name:
            raise ImportFileError(_(
                "{where}: a card needs a name (FN or N), or at least an organisation, e-mail "
                "address or phone number; nothing was imported").format(where=where))
        if source:
            # Translators: {source} is "nickname", "organisation", "e-mail address" or
            # "phone number".
            named.append(_("card {number} by its {source}, “{name}”").format(
                number=card.number, source=_(source), name=name))
        used_nickname = source == "nickname"
        for prop in card.properties:
            if prop.name in _HOUSEKEEPING or (prop.name == "NICKNAME" and used_nickname):
                continue
            label = _NOT_KEPT.get(prop.name)
            if label:
                not_kept.setdefault(label, set()).add(card.number)
            else:
                others.setdefault(prop.name, set()).add(card.number)
        orgs = [", ".join(x.strip() for x in card.parts(p) if x.strip())
                for p in card.all("ORG")]
        roles = [card.text(p).strip() for p in (*card.all("TITLE"), *card.all("ROLE"))]
        categories = [t.strip() for p in card.all("CATEGORIES") for t in card.parts(p, ",")]
        tags = [t for t in categories if t not in GOOGLE_SYSTEM_GROUPS]
        for group in GOOGLE_SYSTEM_GROUPS.intersection(categories):
            system.setdefault(group, set()).add(card.number)
        notes = [card.text(p) for p in card.all("NOTE")]

        def single(prop_name: str, card: vcard.Card = card) -> str:
            prop = card.first(prop_name)
            return card.text(prop) if prop is not None else ""

        ours = any(card.first(x) for x in ("X-MXDESK-MET-WHERE", "X-MXDESK-MET-ON"))
        kept_comment = card.first("X-MXDESK-COMMENT")
        if kept_comment is not None:
            comment = card.text(kept_comment)
        elif ours and notes:
            # mxdesk's own NOTE starts with "Met: where, when" (kept in its own fields).
            lines = notes[0].split("\n")
            comment = "\n".join(lines[1:] if lines[0].startswith("Met: ") else lines)
        else:
            comment = "\n\n".join(x.strip("\n") for x in notes if x.strip())
        incoming.contacts.append(Contact(
            name=name, role=", ".join(dict.fromkeys(r for r in roles if r)),
            organisation=", ".join(dict.fromkeys(o for o in orgs if o)),
            cluster_id=single("X-MXDESK-CLUSTER").strip() or None,
            emails=_card_points(card, "EMAIL"), phones=_card_points(card, "TEL"),
            met_where=single("X-MXDESK-MET-WHERE"),
            met_on=_date_text(single("X-MXDESK-MET-ON").strip(), where),
            tags=tuple(dict.fromkeys(t for t in tags if t)), comment=comment,
            uid=single("UID").strip() or new_uid(), name_parts=_card_parts(card, name)))
        incoming.contact_places.append(place)

    def some(items: list[Any], limit: int = 5) -> str:
        return ", ".join(map(str, items[:limit])) + (", …" if len(items) > limit else "")

    for text, at in read_as.items():
        incoming.notices.append(_("{notice} (line {lines}).").format(notice=text,
                                                                      lines=some(at)))
    if named:
        incoming.notices.append(ngettext(
            "{n} card had no name and was named otherwise: {cards}.",
            "{n} cards had no name and were named otherwise: {cards}.", len(named)).format(
                n=i18n.number(len(named)), cards=some(named, 3)))
    if groups:
        incoming.notices.append(_("Contact groups (not people) left out: {cards}.").format(
            cards=some(groups)))
    for label, numbers in not_kept.items():
        # Translators: {what} is what the cards held, as "postal addresses", "birthdays".
        incoming.notices.append(ngettext(
            "{n} card had {what}, which mxdesk does not keep.",
            "{n} cards had {what}, which mxdesk does not keep.", len(numbers)).format(
                n=i18n.number(len(numbers)), what=_(label)))
    if system:
        incoming.notices.append(not_kept_groups("CATEGORIES", system, "card"))
    if others:
        count = len(set().union(*others.values()))
        incoming.notices.append(ngettext(
            "{n} card had other fields mxdesk does not keep ({fields}).",
            "{n} cards had other fields mxdesk does not keep ({fields}).", count).format(
                n=i18n.number(count), fields=", ".join(sorted(others))))
    return incoming


def _card_place(where: str, number: int, name: str) -> str:
    """*where* with the card it is in: "line 12 (card 3, Ana Pérez)"."""
    if name:
        return _("{where} (card {number}, {name})").format(where=where, number=number,
                                                           name=name)
    return _("{where} (card {number})").format(where=where, number=number)
