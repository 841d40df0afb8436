"""Two laptops and one real Radicale: they converge after sync, both ways (issue 21)."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import vobject

from mxdesk.core.notes import Contact, Note, points
from mxdesk.core.notes.records import ContactPoint
from tests.share.laptops import Laptop


def _hrefs(multistatus: bytes) -> list[str]:
    return re.findall(r"<(?:\w+:)?href>([^<]+)</", multistatus.decode())


def _same_contacts(a: Laptop, b: Laptop, uid: str) -> None:
    ca, cb = a.store.contact_by_uid(uid), b.store.contact_by_uid(uid)
    assert ca is not None
    assert cb is not None
    for name in ("name", "role", "organisation", "cluster_id", "emails", "phones",
                 "met_where", "met_on", "name_parts"):
        assert getattr(ca, name) == getattr(cb, name), name


def test_two_laptops_converge_both_ways(laptops: tuple[Laptop, Laptop]) -> None:
    a, b = laptops
    ana = a.store.save_contact(Contact(
        "Ana López Ñúñez", role="Directora", organisation="CLAUT", cluster_id="claut",
        emails=(ContactPoint("ana@claut.example", ("work",)), ContactPoint("ana@home.example")),
        phones=points("+52 81 5555 0101"), met_where="Monterrey", met_on="2027-03-09",
        comment="Private: prefers Spanish", tags=("follow-up",)))
    meeting = a.meeting("B2B with CLAUT", 9, 10, place="Parque de Investigación, Apodaca",
                        clusters=("claut",), contacts=(ana.uid,), outcome="private outcome",
                        comment="private notes")

    first = a.sync()
    assert first.ok, first.lines()
    assert "Sent to the server: 1 contact and 1 meeting." in first.lines()

    got = b.sync()
    assert got.ok, got.lines()
    assert "Received from the delegation: 1 contact and 1 meeting." in got.lines()
    _same_contacts(a, b, ana.uid)
    theirs = b.store.contact_by_uid(ana.uid)
    assert theirs is not None
    assert theirs.comment == ""
    assert theirs.tags == ()
    mb = b.meetings()[meeting.uid]
    assert (mb.title, mb.start, mb.zone, mb.duration_min, mb.place, mb.clusters, mb.contacts) \
        == (meeting.title, meeting.start, meeting.zone, meeting.duration_min, meeting.place,
            meeting.clusters, meeting.contacts)
    assert mb.outcome == ""
    assert mb.comment == ""

    # B changes the meeting and adds a contact with a shared note; A takes both in.
    b.store.update_meeting(int(mb.id or 0), {"start": dt.datetime(2027, 3, 9, 12),
                                             "place": "CLAUT offices"})
    pedro = b.store.save_contact(Contact("Pedro Garza", organisation="Monterrey Aerocluster",
                                         met_on="2027-03-10"))
    b.store.save_note(Note("Wants a follow-up call in April", contact_uid=pedro.uid,
                           shared=True))
    b.store.save_note(Note("My private opinion of Pedro", contact_uid=pedro.uid))
    went = b.sync()
    assert went.ok, went.lines()
    assert "Sent to the server: 1 contact and 1 meeting." in went.lines()

    back = a.sync()
    assert back.ok, back.lines()
    assert "Received from the delegation: 1 contact and 1 meeting." in back.lines()
    ma = a.meetings()[meeting.uid]
    assert ma.place == "CLAUT offices"
    assert ma.start == dt.datetime(2027, 3, 9, 12, tzinfo=ma.start.tzinfo)
    assert ma.outcome == "private outcome"
    assert ma.comment == "private notes"
    _same_contacts(a, b, pedro.uid)
    notes = [n.body for n in a.store.notes(contact_uid=pedro.uid)]
    assert notes == ["Wants a follow-up call in April"]

    # Nothing left to do on either side.
    for laptop in (a, b):
        again = laptop.sync()
        assert again.lines() == ["Nothing to send or take in: this computer and the server "
                                 "agree."], again.lines()


def test_the_server_holds_what_mxdesk_wrote(laptops: tuple[Laptop, Laptop], radicale,
                                            collections) -> None:
    """Each item on the server, fetched over HTTP and read by vobject or icalendar, holds
    exactly the fields mxdesk wrote (what another client sees)."""
    a, _b = laptops
    ana = a.store.save_contact(Contact(
        "José María Gutiérrez Ibáñez", role="Director", organisation="CLAUT",
        emails=(ContactPoint("jm@claut.example", ("work",)),), met_on="2027-03-09"))
    meeting = a.meeting("Visita a planta", 10, 9, duration_min=90, place="Apodaca, N.L.",
                        contacts=(ana.uid,))
    assert a.sync().ok
    book, cal = (u.removeprefix(radicale.url) for u in collections)
    status, _h, body = radicale.request("PROPFIND", book, None, {"Depth": "1"})
    assert status == 207
    hrefs = [h for h in _hrefs(body) if h.endswith(".vcf")]
    assert len(hrefs) == 1
    status, _h, card_bytes = radicale.request("GET", hrefs[0])
    card = vobject.readOne(card_bytes.decode())
    assert card.uid.value == ana.uid
    assert card.fn.value == "José María Gutiérrez Ibáñez"
    assert card.org.value == ["CLAUT"]
    assert card.title.value == "Director"
    assert card.email.value == "jm@claut.example"
    assert "WORK" in [t.upper() for t in card.email.params["TYPE"]]
    status, _h, body = radicale.request("PROPFIND", cal, None, {"Depth": "1"})
    ics = [h for h in _hrefs(body) if h.endswith(".ics")]
    assert len(ics) == 1
    status, _h, event_bytes = radicale.request("GET", ics[0])
    event = icalendar.Calendar.from_ical(event_bytes).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid
    assert str(event["SUMMARY"]) == "Visita a planta"
    assert event.decoded("DTSTART") == meeting.start
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=90)
    assert str(event["DTSTART"].params["TZID"]) == "America/Monterrey"
    assert str(event["LOCATION"]) == "Apodaca, N.L."


def test_events_other_programs_made_are_placed_and_said(laptops, radicale, collections) -> None:
    """A phone puts an all-day event and a repeating one on the shared calendar: they come in
    as meetings placed as the notice says, and the repeat rule stays on the server when this
    laptop changes the meeting."""
    a, _b = laptops
    cal = collections[1].removeprefix(radicale.url)
    fair = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
            "UID:fair-1@phone\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270309\r\n"
            "DTEND;VALUE=DATE:20270311\r\nSUMMARY:Feria Expo\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    standup = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
               "UID:standup-1@phone\r\nDTSTAMP:20270101T000000Z\r\n"
               "DTSTART:20270308T150000Z\r\nDTEND:20270308T153000Z\r\n"
               "RRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:Daily stand-up\r\nEND:VEVENT\r\n"
               "END:VCALENDAR\r\n")
    for name, body in (("fair.ics", fair), ("standup.ics", standup)):
        status, _h, _b = radicale.request("PUT", cal + name, body.encode(),
                                          {"Content-Type": "text/calendar"})
        assert status == 201
    got = a.sync()
    assert "“Feria Expo” is an all-day event: it is in the agenda from 09:00 on its first day " \
        "to 18:00 on its last." in got.lines()
    assert "“Daily stand-up” repeats: only its first occurrence is in the agenda (the server " \
        "keeps the rule)." in got.lines()
    meetings = {m.title: m for m in a.meetings().values()}
    fair_m = meetings["Feria Expo"]
    assert (fair_m.start.hour, fair_m.end.date().day, fair_m.end.hour) == (9, 10, 18)
    assert meetings["Daily stand-up"].duration_min == 30
    a.store.update_meeting(int(meetings["Daily stand-up"].id or 0), {"place": "Zoom"})
    a.store.update_meeting(int(fair_m.id or 0), {"place": "Cintermex"})
    assert "Sent to the server: 2 meetings." in a.sync().lines()
    _status, _h, body = radicale.request("GET", cal + "standup.ics")
    assert "RRULE:FREQ=DAILY;COUNT=3" in body.decode()
    assert "LOCATION:Zoom" in body.decode()
    assert "DTSTART:20270308T150000Z" in body.decode()  # its time as the phone wrote it
    # The all-day event stays all day, over its two days, with the place changed here.
    _status, _h, body = radicale.request("GET", cal + "fair.ics")
    assert "DTSTART;VALUE=DATE:20270309" in body.decode()
    assert "DTEND;VALUE=DATE:20270311" in body.decode()
    assert "LOCATION:Cintermex" in body.decode()
    # A time changed here is written as a time.
    a.store.update_meeting(int(fair_m.id or 0), {"duration_min": 120})
    assert "Sent to the server: 1 meeting." in a.sync().lines()
    _status, _h, body = radicale.request("GET", cal + "fair.ics")
    assert "DTSTART;TZID=" in body.decode()
    assert "VALUE=DATE" not in body.decode()


def test_contacts_chosen_to_share_reach_the_other_laptop(laptops: tuple[Laptop, Laptop]
                                                         ) -> None:
    """First trial's L9: cards imported from a phone's file carry no met-on date, so the
    mission does not share them by itself. Chosen to share, they go at the next sync with
    their fields whole; one chosen, then not, stays here."""
    from pathlib import Path

    from mxdesk.core.exchange import apply_plan, plan_import, read_file
    from mxdesk.core.share import sync as sh

    a, b = laptops
    cases = Path(__file__).resolve().parents[1] / "data" / "cases"
    apply_plan(a.store, plan_import(a.store, read_file(cases / "vc03_google_multi_email_tel.vcf")),
               merge=False)
    imported = a.store.contacts()
    assert imported
    assert all(not c.met_on for c in imported)
    mission = a.mission
    assert mission is not None
    assert {sh.why_shared(a.store, a.state, mission, c.uid) for c in imported} == {""}
    assert a.sync().ok
    assert b.sync().ok
    assert b.store.contacts() == []  # not shared by themselves

    chosen, *others = imported
    a.state.choose(mission.uid, chosen.uid, True)
    assert sh.why_shared(a.store, a.state, mission, chosen.uid) == "chosen"
    if others:
        a.state.choose(mission.uid, others[0].uid, True)
        a.state.choose(mission.uid, others[0].uid, False)  # changed their mind before a sync
    assert sh.pending_here(a.store, a.state, mission) == 1
    sent = a.sync()
    assert "Sent to the server: 1 contact." in sent.lines()
    assert sh.why_shared(a.store, a.state, mission, chosen.uid) == "known"
    assert b.sync().ok
    [received] = b.store.contacts()
    assert received.uid == chosen.uid
    _same_contacts(a, b, chosen.uid)
