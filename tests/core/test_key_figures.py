"""A cluster's key figures as the fact sheet's strip prints them (issue 19): the briefing's
qualifier as a sign where one says it exactly, as a word where none does."""

from __future__ import annotations

import pytest

from mxdesk.core.key_figures import key_figure, signs_used
from mxdesk.core.records import Fact


@pytest.mark.parametrize(("qualifier", "value", "shown"), [
    (None, 92.0, "92"),
    ("more than", 35000.0, "> 35,000"),
    ("over", 45.0, "> 45"),
    ("at least", 87.7, "≥ 87.7"),
    ("approximately", 110.0, "≈ 110"),
    ("up to", 100.0, "≤ 100"),
    # "30 % until 2020" dates a target: it does not cap the figure, so no "≤".
    ("until", 30.0, "until 30"),
    ("expected", 5.0, "expected 5"),
])
def test_a_qualifier_is_a_sign_only_where_the_sign_says_it(
        qualifier: str | None, value: float, shown: str) -> None:
    tile = key_figure(Fact("Members", "fn1", value=value, unit="members", qualifier=qualifier))
    assert tile is not None
    assert tile.value == shown
    assert tile.label == "Members"


def test_a_statement_in_words_is_no_tile_and_the_legend_names_the_signs_used() -> None:
    assert key_figure(Fact("Specialities", "fn1", text="landing gear")) is None
    tiles = tuple(t for t in (key_figure(Fact("Jobs", "fn1", value=7.0, qualifier=q))
                              for q in ("more than", "approximately", None)) if t)
    legend = signs_used(tiles)
    assert "more than" in legend
    assert "approximately" in legend
