"""Trial 18c: a meeting held online is no trip (§1), a free period shortened by a journey
says so (§1), the report before the trip counts meetings still to come (§4)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.mission.checks import is_online
from mxdesk.core.mission.day_rows import agenda_days, gap_text

MTY, TIJ = "America/Monterrey", "America/Tijuana"
TRIP = Mission("Mexico March 2027", dt.date(2027, 3, 9), dt.date(2027, 3, 10), "Europe/Madrid")


def _day(*meetings: Meeting) -> list:
    return agenda_days(TRIP, list(meetings))


def test_online_words_are_whole_words_accents_and_case_aside() -> None:
    for text in ("Video call, Tijuana", "Zoom", "videollamada", "En Línea", "Teléfono",
                 "Microsoft Teams", "remote"):
        assert is_online(text), text
    assert not is_online("Apodaca, Monterrey")
    assert not is_online("Videocentro Tijuana")  # not a whole word


def test_a_call_two_hours_after_monterrey_is_not_too_close_and_cuts_no_free_time() -> None:
    claut = Meeting("CLAUT", dt.datetime(2027, 3, 9, 11), MTY, 60, "Apodaca, Monterrey")
    call = Meeting("Tijuana contact", dt.datetime(2027, 3, 9, 12), TIJ, 60,
                   "Video call, Tijuana")
    day = _day(claut, call)[0]
    assert all(not r.flags for r in day.rows if r.meeting is not None)
    gap = next(r.gap for r in day.rows if r.gap is not None)
    assert gap.travel_min == 0
    assert gap_text(gap) == "free 10:00–12:00 PST (2 h)"
    assert call.start.tzinfo == ZoneInfo(TIJ)  # its zone still follows the city named


def test_a_free_period_after_a_journey_says_so() -> None:
    claut = Meeting("CLAUT", dt.datetime(2027, 3, 9, 11), MTY, 60, "Apodaca, Monterrey")
    visit = Meeting("Tijuana maquila", dt.datetime(2027, 3, 9, 15), TIJ, 60, "Tijuana")
    day = _day(claut, visit)[0]
    gap = next(r.gap for r in day.rows if r.gap is not None)
    assert gap_text(gap) == "free 13:00–15:00 PST (2 h, after 3 h to get from Monterrey)"


def test_a_day_outside_the_mission_is_marked_and_an_empty_one_listed() -> None:
    late = Meeting("Late", dt.datetime(2027, 3, 12, 9), MTY, 60, "Monterrey")
    days = _day(late)
    assert [(d.day.day, d.outside, d.summary()) for d in days] == [
        (9, False, "no meetings"), (10, False, "no meetings"), (12, True, "1 meeting")]
