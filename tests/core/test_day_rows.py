"""core/mission/day_rows.py: the agenda day by day, each meeting's two times, the checks'
flags in words, free periods as rows."""

from __future__ import annotations

import datetime as dt

import pytest

from mxdesk.core.mission.day_rows import agenda_days, duration_text, home_time, local_time
from mxdesk.core.mission.records import Meeting, MeetingStatus, Mission

MISSION = Mission("Bajío", dt.date(2026, 7, 14), dt.date(2026, 7, 15), "Europe/Madrid")


def meeting(title: str, hour: int, minute: int, zone: str, place: str, n: int,
            **more: object) -> Meeting:
    return Meeting(title, dt.datetime(2026, 7, 14, hour, minute), zone, place=place, id=n,
                   **more)  # type: ignore[arg-type]


def test_a_day_with_an_overlap_a_gap_and_too_little_travel() -> None:
    a = meeting("Aerocluster", 9, 0, "America/Mexico_City", "Querétaro", 1)
    b = meeting("Baja", 8, 30, "America/Tijuana", "Tijuana", 2)  # 15:30–16:30 UTC
    c = meeting("Lunch", 14, 0, "America/Mexico_City", "Querétaro", 3)
    d = meeting("Vortice", 15, 10, "America/Mexico_City", "Parque Tecnológico", 4)
    e = meeting("Off", 16, 30, "America/Mexico_City", "", 5, status=MeetingStatus.CANCELLED)
    first, second = agenda_days(MISSION, [c, a, e, b, d])
    assert (first.day, second.day) == (dt.date(2026, 7, 14), dt.date(2026, 7, 15))
    assert first.summary() == "5 meetings · 1 cancelled · ⚠ 1 overlap · ↔ 1 too close"
    assert second.summary() == "no meetings"
    shown = [(r.meeting.title if r.meeting else f"free {r.gap.minutes}",  # type: ignore[union-attr]
              [str(f) for f in r.flags]) for r in first.rows]
    assert shown == [
        ("Aerocluster", ["⚠ Overlaps “Baja” by 30 min"]),
        ("Baja", ["⚠ Overlaps “Aerocluster” by 30 min"]),
        # Tijuana (ends 10:30 CST) to Querétaro (14:00): the 3 h 30 min are mostly the
        # journey, 30 min left once arrived: no free period of an hour.
        ("Lunch", ["↔ Only 10 min before “Vortice” at Parque Tecnológico (allow 30 min)"]),
        ("Vortice", ["↔ Only 10 min after “Lunch” at Querétaro (allow 30 min)"]),
        ("Off", []),
    ]


@pytest.mark.parametrize(("zone", "shown", "home"), [
    ("America/Mexico_City", "09:00–10:00 CST", "17:00 CEST"),
    ("America/Tijuana", "09:00–10:00 PDT", "18:00 CEST"),
    ("America/Cancun", "09:00–10:00 EST", "16:00 CEST"),
])
def test_both_times_in_july(zone: str, shown: str, home: str) -> None:
    held = meeting("M", 9, 0, zone, "", 1)
    assert local_time(held) == shown
    assert home_time(held, "Europe/Madrid") == home


def test_a_home_day_that_is_not_the_meeting_s() -> None:
    late = meeting("Dinner", 20, 0, "America/Mexico_City", "", 1, duration_min=240)
    assert local_time(late) == "20:00–00:00 (+1) CST"
    assert home_time(late, "Europe/Madrid") == "04:00 (+1) CEST"
    assert home_time(late, "") == ""


def test_overdue_next_steps_are_flagged() -> None:
    held = meeting("M", 9, 0, "America/Monterrey", "", 1, next_step="Send the offer",
                   next_due=dt.date(2026, 7, 20))
    [day] = agenda_days(None, [held], today=dt.date(2026, 8, 1))
    assert [str(f) for f in day.rows[0].flags] == ["⚑ Next step due 2026-07-20: Send the offer"]
    [day] = agenda_days(None, [held], today=dt.date(2026, 7, 20))
    assert day.rows[0].flags == ()


def test_durations_in_words() -> None:
    assert [duration_text(m) for m in (45, 60, 150)] == ["45 min", "1 h", "2 h 30 min"]
