"""A contact or a meeting as the server holds it (a vCard 3.0, an iCalendar event), and back.

What is shared is a *view* of the record: a dict of plain values (the fields below), whose
fingerprint (:func:`fingerprint`, SHA-256 of its JSON) tells whether it changed, whatever the
text's line order, folding or time stamps. What stays on this computer never enters it:

- a contact's view: name and its parts, role, organisation, cluster, e-mail addresses and
  phone numbers (with their vCard TYPEs), where and when met, and the notes about the contact
  the user marked as shared (each one NOTE, with its uid in the ``X-MXDESK-NOTE`` parameter).
  Private: the contact's comment and tags, and every other note;
- a meeting's view: title, start (UTC) and zone, length in minutes, place, status, the
  clusters met (ids) and the people met (contact uids). Private: outcome, next step and its
  due date, and the meeting's own notes (its comment).

Writing is by vobject (vCard) and icalendar (events), the libraries the exports use. A file
another client wrote keeps what mxdesk does not manage (a photo, an address, an alarm): a change
made here rewrites only mxdesk's own properties (:func:`contact_text`, :func:`meeting_text`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import icalendar

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.mission.records import Meeting, MeetingStatus
from mxdesk.core.notes.records import ContactPoint, NameParts
from mxdesk.core.zones import DEFAULT_ZONE

#: vCard properties mxdesk writes and so replaces in a file it rewrites (lower case).
CONTACT_PROPS = frozenset({"fn", "n", "org", "title", "email", "tel", "note", "uid",
                           "x-mxdesk-cluster", "x-mxdesk-met-where", "x-mxdesk-met-on",
                           "x-mxdesk-written"})
#: VEVENT properties mxdesk writes and so replaces (upper case, as icalendar keys them).
MEETING_PROPS = frozenset({"UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND", "DURATION",
                           "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "X-MXDESK-STATUS",
                           "X-MXDESK-ZONE", "X-MXDESK-CLUSTER", "X-MXDESK-CONTACT",
                           "X-MXDESK-WRITTEN"})
#: A meeting's status as a VEVENT's STATUS (as the .ics export writes it).
STATUS_OUT = {"proposed": "TENTATIVE", "confirmed": "CONFIRMED", "done": "CONFIRMED",
              "cancelled": "CANCELLED"}
_STATUS_IN = {"TENTATIVE": "proposed", "CONFIRMED": "confirmed", "CANCELLED": "cancelled"}
PRODID = "-//mxdesk//mxdesk sharing//EN"
#: Where an all-day event from another calendar is put in the agenda: from this time on its
#: first day to this time on its last (a meeting has a start and a length, not whole days).
ALL_DAY = (dt.time(9), dt.time(18))


def written_stamp() -> str:
    """When mxdesk wrote an item (UTC, to the microsecond), for its ``X-MXDESK-WRITTEN``.

    Every file mxdesk writes differs from every earlier one in vdirsyncer's eyes through it.
    Needed because vdirsyncer 0.21, after settling a conflict for the server's side, keeps the
    hash of the version it replaced in its status (``ResolveConflict`` → ``Update`` updates
    only the ETag): this computer's version, written again as it was, would look unchanged
    and never be sent."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")


class ItemError(MxdeskError):
    """A file from the server that cannot be read as a contact or a meeting."""


def fingerprint(view: dict[str, Any]) -> str:
    """SHA-256 (hex, 64 characters) of *view* as canonical JSON (keys sorted)."""
    data = json.dumps(view, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# -- contacts ---------------------------------------------------------------------------------


def contact_view(contact: Any, shared_notes: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """The shared fields of *contact* (a :class:`~mxdesk.core.notes.records.Contact`) and of
    its shared notes (pairs of note uid and body) as plain values."""
    def points(found: Sequence[ContactPoint]) -> list[list[Any]]:
        return [[p.value, list(p.types)] for p in found]

    return {
        "name": contact.name, "parts": list(contact.name_parts.as_tuple()),
        "role": contact.role, "organisation": contact.organisation,
        "cluster": contact.cluster_id or "", "emails": points(contact.emails),
        "phones": points(contact.phones), "met_where": contact.met_where,
        "met_on": contact.met_on,
        "notes": sorted([uid, body] for uid, body in shared_notes),
    }


def _read_vcard(text: str) -> Any:
    import vobject

    try:
        card = vobject.readOne(text)
    except Exception as exc:  # vobject raises ParseError, ValueError, … on a broken card
        raise ItemError(_("not a vCard: {reason}").format(reason=exc)) from exc
    if card.name.upper() != "VCARD":
        raise ItemError(_("not a vCard: {reason}").format(reason=card.name))
    return card


def contact_text(view: dict[str, Any], uid: str, base: str | None = None) -> str:
    """The vCard 3.0 text for *view*, with UID *uid*. With *base* (the text the server
    holds now), its other properties are kept and only mxdesk's own are replaced."""
    import vobject

    card = vobject.vCard()
    #: The group ("item1") of each e-mail or phone in *base*, by (property, value): Apple's
    #: clients put a label beside it in the same group (item1.X-ABLABEL), kept with it.
    groups: dict[tuple[str, str], str] = {}
    if base:
        try:
            card = _read_vcard(base)
        except ItemError:
            card = vobject.vCard()
        for child in list(card.getChildren()):
            if child.name.lower() in CONTACT_PROPS:
                if child.group and child.name.lower() in ("email", "tel"):
                    groups[(child.name.lower(), _point_key(str(child.value)))] = child.group
                card.remove(child)
    if "version" not in card.contents:
        card.add("version").value = "3.0"
    card.add("fn").value = view["name"]
    parts = view["parts"] if any(view["parts"]) else [view["name"], "", "", "", ""]
    card.add("n").value = vobject.vcard.Name(
        **{k: (v.split(",") if "," in v else v)
           for k, v in zip(("family", "given", "additional", "prefix", "suffix"), parts,
                           strict=True)})
    if view["organisation"]:
        card.add("org").value = [view["organisation"]]
    if view["role"]:
        card.add("title").value = view["role"]
    for kind, name in (("emails", "email"), ("phones", "tel")):
        several = len(view[kind]) > 1
        for n, (value, types) in enumerate(view[kind]):
            prop = card.add(name, group=groups.pop((name, _point_key(value)), None))
            prop.value = value
            tags = [*(["INTERNET"] if name == "email" else []), *(t.upper() for t in types),
                    *(["PREF"] if n == 0 and several else [])]
            if tags:
                prop.type_paramlist = tags
    for note_uid, body in view["notes"]:
        note = card.add("note")
        note.value = body
        note.x_mxdesk_note_param = note_uid
    card.add("uid").value = uid
    for key, name in (("cluster", "x-mxdesk-cluster"), ("met_where", "x-mxdesk-met-where"),
                      ("met_on", "x-mxdesk-met-on")):
        if view[key]:
            card.add(name).value = view[key]
    card.add("x-mxdesk-written").value = written_stamp()
    # An address or number removed here takes its group's label with it (no orphan left).
    kept = {child.group for child in card.getChildren() if child.group
            and child.name.lower() in ("email", "tel")}
    for gone in set(groups.values()) - kept:
        for child in list(card.getChildren()):
            if child.group == gone:
                card.remove(child)
    return str(card.serialize())


def _point_key(value: str) -> str:
    """An e-mail address or phone number as compared when matching it to its group."""
    return "".join(value.split()).casefold()


def _points(card: Any, name: str) -> list[list[Any]]:
    found: list[tuple[bool, list[Any]]] = []
    for prop in card.contents.get(name, []):
        value = str(prop.value).strip()
        if name == "tel" and value[:4].lower() == "tel:":
            value = value[4:]  # vCard 4's TEL;VALUE=uri:tel:+49-… is the number itself
        if not value:
            continue
        types = [t.lower() for t in prop.params.get("TYPE", []) for t in t.split(",")]
        pref = "pref" in types or "PREF" in prop.params
        found.append((pref, [value, [t for t in types if t not in ("internet", "pref")]]))
    # The preferred one first (vCard PREF), the others in the file's order.
    return [p for _pref, p in sorted(found, key=lambda x: not x[0])]


def read_contact(text: str) -> tuple[str, dict[str, Any]]:
    """(uid, view) of a vCard's text. Raises :class:`ItemError` when it is no vCard or has no
    UID or no name."""
    card = _read_vcard(text)
    uid = str(card.uid.value).strip() if "uid" in card.contents else ""
    if not uid:
        raise ItemError(_("a vCard without a UID"))

    def first(name: str) -> str:
        props = card.contents.get(name)
        if not props:
            return ""
        value = props[0].value
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        return str(value).strip()

    parts = ["", "", "", "", ""]
    if "n" in card.contents:
        n = card.n.value
        parts = [",".join(v) if isinstance(v, list) else str(v or "")
                 for v in (n.family, n.given, n.additional, n.prefix, n.suffix)]
    name = first("fn") or " ".join(p for p in (parts[3], parts[1], parts[2], parts[0],
                                                parts[4]) if p)
    if not name:
        raise ItemError(_("a vCard without a name"))
    if parts[0] == name and not any(parts[1:]):
        parts = ["", "", "", "", ""]  # mxdesk's own way of saying "no parts known"
    notes = []
    for prop in card.contents.get("note", []):
        body = str(prop.value)
        note_uid = (prop.params.get("X-MXDESK-NOTE") or [""])[0]
        if not note_uid:
            # A note another client wrote: a uid from the contact and the text, so the same
            # note read twice is one note.
            note_uid = "vcard-" + hashlib.sha256(f"{uid}\n{body}".encode()).hexdigest()[:24]
        if body.strip():
            notes.append([note_uid, body])
    view = {
        "name": name, "parts": parts, "role": first("title"), "organisation": first("org"),
        "cluster": first("x-mxdesk-cluster"), "emails": _points(card, "email"),
        "phones": _points(card, "tel"), "met_where": first("x-mxdesk-met-where"),
        "met_on": first("x-mxdesk-met-on"), "notes": sorted(notes),
    }
    return uid, view


def contact_fields(view: dict[str, Any]) -> dict[str, object]:
    """The fields of a :class:`~mxdesk.core.notes.records.Contact` that *view* sets (its
    notes aside)."""
    return {
        "name": view["name"], "name_parts": NameParts(*view["parts"]), "role": view["role"],
        "organisation": view["organisation"], "cluster_id": view["cluster"] or None,
        "emails": tuple(ContactPoint(v, tuple(t)) for v, t in view["emails"]),
        "phones": tuple(ContactPoint(v, tuple(t)) for v, t in view["phones"]),
        "met_where": view["met_where"], "met_on": view["met_on"],
    }


# -- meetings ---------------------------------------------------------------------------------


def meeting_view(meeting: Meeting) -> dict[str, Any]:
    """The shared fields of *meeting* as plain values (the start in UTC, ISO 8601)."""
    return {
        "title": meeting.title, "start": meeting.starts_at, "zone": meeting.zone,
        "duration": meeting.duration_min, "place": meeting.place,
        "status": str(meeting.status), "clusters": list(meeting.clusters),
        "contacts": list(meeting.contacts),
    }


def _start(view: dict[str, Any]) -> dt.datetime:
    from zoneinfo import ZoneInfo

    utc = dt.datetime.fromisoformat(view["start"].replace("Z", "+00:00"))
    return utc.astimezone(ZoneInfo(view["zone"]))


def meeting_text(view: dict[str, Any], uid: str, sequence: int = 0,
                 base: str | None = None, names: dict[str, str] | None = None,
                 now: dt.datetime | None = None) -> str:
    """The iCalendar text (one VEVENT and its VTIMEZONE) for *view*, with UID *uid* and
    SEQUENCE *sequence*. *names* (uid or cluster id -> name) fills the DESCRIPTION a person
    reads in another calendar. With *base*, its other properties and components are kept."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    cal = None
    if base:
        try:
            cal = icalendar.Calendar.from_ical(base)
        except ValueError:
            cal = None
    if cal is None:
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
    events = [c for c in cal.subcomponents if c.name == "VEVENT"]
    event = events[0] if events else icalendar.Event()
    if not events:
        cal.add_component(event)
    # When the time is as the server's file gives it (as mxdesk reads that file), the file's
    # own way of saying it stays: an all-day event stays all day, a time in UTC or with no
    # zone stays so, and its time zones are not rewritten. Only a time changed here is
    # written anew.
    keep_time = False
    if base:
        try:
            _uid, before = read_meeting(base, DEFAULT_ZONE)
            keep_time = all(before[k] == view[k] for k in ("start", "zone", "duration"))
        except ItemError:
            keep_time = False
    timing = {"DTSTART", "DTEND", "DURATION"}
    for key in list(event.keys()):
        if key.upper() in MEETING_PROPS and not (keep_time and key.upper() in timing):
            del event[key]
    if not keep_time:
        # Time zones are made anew from the zone database for the zone now used.
        cal.subcomponents = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    start = _start(view)
    names = names or {}
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now)
    if not keep_time:
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=int(view["duration"])))
    event.add("summary", view["title"])
    if view["place"]:
        event.add("location", view["place"])
    lines = []
    if view["clusters"]:
        lines.append(_("Clusters: {names}").format(
            names="; ".join(names.get(c, c) for c in view["clusters"])))
    if view["contacts"]:
        lines.append(_("With: {names}").format(
            names="; ".join(names.get(c, c) for c in view["contacts"])))
    if lines:
        event.add("description", "\n".join(lines))
    event.add("status", STATUS_OUT.get(view["status"], "CONFIRMED"))
    event.add("x-mxdesk-status", view["status"])
    event.add("x-mxdesk-zone", view["zone"])
    for cluster in view["clusters"]:
        event.add("x-mxdesk-cluster", cluster)
    for contact in view["contacts"]:
        event.add("x-mxdesk-contact", contact)
    event.add("x-mxdesk-written", written_stamp())
    if not keep_time:
        cal.add_missing_timezones(first_date=start.date().replace(month=1, day=1),
                                  last_date=start.date().replace(month=12, day=31))
    return bytes(cal.to_ical()).decode("utf-8")


def _values(event: Any, name: str) -> list[str]:
    found = event.get(name)
    if found is None:
        return []
    return [str(v) for v in (found if isinstance(found, list) else [found])]


def read_meeting(text: str, default_zone: str) -> tuple[str, dict[str, Any]]:
    """(uid, view) of an iCalendar text's first VEVENT. A time with no zone (floating) or in
    UTC is placed in the zone mxdesk wrote (X-MXDESK-ZONE), else *default_zone* (an IANA
    name); an all-day event starts at 09:00 there. Raises :class:`ItemError` when there is no
    event, no UID or no start."""
    from zoneinfo import ZoneInfo

    try:
        cal = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise ItemError(_("not an iCalendar file: {reason}").format(reason=exc)) from exc
    events = [c for c in cal.walk("VEVENT") if "RECURRENCE-ID" not in c]
    if not events:
        raise ItemError(_("a calendar file without an event"))
    event = events[0]
    uid = str(event.get("UID", "")).strip()
    if not uid:
        raise ItemError(_("an event without a UID"))
    if "DTSTART" not in event:
        raise ItemError(_("an event without a start"))
    start = event.decoded("DTSTART")
    given_zone = str(event.get("X-MXDESK-ZONE", "")) or default_zone
    zone = given_zone
    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            start = start.replace(tzinfo=ZoneInfo(zone))
        else:
            key = getattr(start.tzinfo, "key", "")
            if key and key != "UTC" and "X-MXDESK-ZONE" not in event:
                zone = key  # a time in UTC is shown in the default zone
            start = start.astimezone(ZoneInfo(zone))
    else:  # an all-day event: its days, from 09:00 on the first to 18:00 on the last
        first = start
        start = dt.datetime.combine(first, ALL_DAY[0], ZoneInfo(zone))
        last = event.decoded("DTEND") - dt.timedelta(days=1) if "DTEND" in event else first
        last = max(last if not isinstance(last, dt.datetime) else last.date(), first)
        end = dt.datetime.combine(last, ALL_DAY[1], ZoneInfo(zone))
        minutes = int((end - start).total_seconds() // 60)
    if isinstance(event.decoded("DTSTART"), dt.datetime) and "DTEND" in event:
        end = event.decoded("DTEND")
        if not isinstance(end, dt.datetime):
            end = dt.datetime.combine(end, dt.time(9), ZoneInfo(zone))
        elif end.tzinfo is None:
            end = end.replace(tzinfo=ZoneInfo(zone))
        minutes = int((end - start).total_seconds() // 60)
    elif "DURATION" in event and isinstance(event.decoded("DTSTART"), dt.datetime):
        minutes = int(event.decoded("DURATION").total_seconds() // 60)
    elif isinstance(event.decoded("DTSTART"), dt.datetime):
        minutes = 60
    status = str(event.get("X-MXDESK-STATUS", "")).lower()
    if status not in {s.value for s in MeetingStatus}:
        status = _STATUS_IN.get(str(event.get("STATUS", "CONFIRMED")).upper(), "confirmed")
    view = {
        "title": str(event.get("SUMMARY", "")).strip() or _("(no title)"),
        "start": start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "zone": zone,
        "duration": max(minutes, 1), "place": str(event.get("LOCATION", "")).strip(),
        "status": status, "clusters": _values(event, "X-MXDESK-CLUSTER"),
        "contacts": _values(event, "X-MXDESK-CONTACT"),
    }
    return uid, view


def event_notices(text: str) -> list[str]:
    """What a meeting cannot show of an event another calendar program made: all day (shown
    from 09:00 on its first day to 18:00 on its last), repeating (only its first occurrence
    is in the agenda; the server keeps the rule). [] for an event mxdesk wrote, or text that
    cannot be read."""
    try:
        cal = icalendar.Calendar.from_ical(text)
        event = next(c for c in cal.walk("VEVENT") if "RECURRENCE-ID" not in c)
        title = str(event.get("SUMMARY", "")).strip() or _("(no title)")
        all_day = "DTSTART" in event and not isinstance(event.decoded("DTSTART"), dt.datetime)
    except (ValueError, StopIteration, KeyError):
        return []
    said = []
    if all_day:
        said.append(_("“{title}” is an all-day event: it is in the agenda from 09:00 on its "
                      "first day to 18:00 on its last.").format(title=title))
    if "RRULE" in event or "RDATE" in event:
        said.append(_("“{title}” repeats: only its first occurrence is in the agenda (the "
                      "server keeps the rule).").format(title=title))
    return said


def meeting_fields(view: dict[str, Any]) -> dict[str, object]:
    """The fields of a :class:`~mxdesk.core.mission.records.Meeting` that *view* sets."""
    return {
        "title": view["title"], "start": _start(view), "zone": view["zone"],
        "duration_min": int(view["duration"]), "place": view["place"],
        "status": MeetingStatus(view["status"]), "clusters": tuple(view["clusters"]),
        "contacts": tuple(view["contacts"]),
    }
