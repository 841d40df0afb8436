"""Back and Forward (mxdesk/ui/history.py), as a table of steps and what follows; no window."""

from __future__ import annotations

import pytest

from mxdesk.core.browse import View
from mxdesk.ui.history import History, Place


def run(steps: str) -> tuple[History, list[str | None]]:
    """Play *steps* ("a b < > c": visit a, visit b, back, forward, visit c); the second value
    holds what each back (<) and forward (>) returned, by id."""
    history = History()
    moved: list[str | None] = []
    for step in steps.split():
        if step in "<>":
            place = history.back() if step == "<" else history.forward()
            moved.append(place.id if place else None)
        else:
            history.visit(Place("cluster", step))
    return history, moved


@pytest.mark.parametrize(("steps", "places", "current", "moved", "back", "forward"), [
    ("", "", None, [], False, False),
    ("<", "", None, [None], False, False),
    (">", "", None, [None], False, False),
    ("a", "a", "a", [], False, False),
    ("a <", "a", "a", [None], False, False),
    ("a b", "a b", "b", [], True, False),
    ("a b <", "a b", "a", ["a"], False, True),
    ("a b < <", "a b", "a", ["a", None], False, True),
    ("a b < >", "a b", "b", ["a", "b"], True, False),
    ("a b < > >", "a b", "b", ["a", "b", None], True, False),
    ("a b c < <", "a b c", "a", ["b", "a"], False, True),
    # a visit drops the places ahead of the cursor
    ("a b c < < d", "a d", "d", ["b", "a"], True, False),
    # a visit to the record at the cursor adds nothing and keeps what lies ahead
    ("a b < a", "a b", "a", ["a"], False, True),
    ("a a a", "a", "a", [], False, False),
    # the same record again later is a new place
    ("a b a", "a b a", "a", [], True, False),
])
def test_back_and_forward(steps: str, places: str, current: str | None, moved: list[str | None],
                          back: bool, forward: bool) -> None:
    history, returned = run(steps)
    assert " ".join(p.id for p in history.places) == places
    assert (history.current.id if history.current else None) == current
    assert returned == moved
    assert (history.can_go_back, history.can_go_forward) == (back, forward)


def test_a_visit_to_the_current_record_keeps_its_newer_view() -> None:
    history, _ = run("a b <")
    typed = View(text="automotriz")
    history.visit(Place("cluster", "a", typed))
    assert history.places == (Place("cluster", "a", typed), Place("cluster", "b"))
    assert history.forward() == Place("cluster", "b")
    assert history.back() == Place("cluster", "a", typed)


def test_the_kind_counts_as_well_as_the_id() -> None:
    history = History()
    history.visit(Place("state", "jal"))
    history.visit(Place("cluster", "jal"))
    assert [p.kind for p in history.places] == ["state", "cluster"]
