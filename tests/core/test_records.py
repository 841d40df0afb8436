"""Records: how figures read."""

import datetime as dt

import pytest

from mxdesk.core.records import Fact, QualityLabel


@pytest.mark.parametrize(("fact", "shown"), [
    (Fact("Exports", "fn34", value=6.8, unit="billion EUR", qualifier="more than"),
     "more than €6.8 billion"),
    (Fact("Exports", "fn82", value=1374.46, unit="million EUR per year"),
     "€1,374.46 million per year"),
    (Fact("Jobs", "fn82", value=35000, unit="direct jobs", qualifier="more than"),
     "more than 35,000 direct jobs"),
    (Fact("Growth", "fn33", value=54, unit="%"), "54%"),
    (Fact("Share", "fn52", value=0.1, unit="%"), "0.1%"),
    (Fact("Rank", "fn32", value=14, unit="rank (world)"), "14th (world)"),
    (Fact("Rank", "fn7", value=11, unit="rank"), "11th"),
    (Fact("Rank", "fn7", value=2, unit="rank (Latin America)"), "2nd (Latin America)"),
    (Fact("Clusters", "fn97", value=13), "13"),
    (Fact("Standards", "fn42", text="ISO-9001, AS9100 and NADCAP"), "ISO-9001, AS9100 and NADCAP"),
])
def test_display_value(fact: Fact, shown: str) -> None:
    assert fact.display_value() == shown



@pytest.mark.parametrize(("value", "english", "spanish"), [
    (1, "1st (world)", "1.º (world)"), (2, "2nd (world)", "2.º (world)"),
    (3, "3rd (world)", "3.º (world)"), (11, "11th (world)", "11.º (world)"),
    (46, "46th (world)", "46.º (world)")])
def test_a_rank_s_ordinal_follows_the_language(value: int, english: str, spanish: str) -> None:
    """A rank whose unit has no Spanish text still reads as a Spanish ordinal in Spanish
    ("46.º", not "46th"), and as a marked string in the pseudo-locale (issue 20)."""
    from mxdesk.core import i18n

    fact = Fact("Rank", "fn32", value=value, unit="rank (world)")
    assert fact.display_value() == english
    with i18n.using("es"):
        assert fact.display_value() == spanish
    with i18n.using("qps-ploc"):
        assert fact.display_value().startswith(f"⟦{value}")


def test_when() -> None:
    assert Fact("x", "fn1", value=1, year=2016).when() == "2016"
    assert Fact("x", "fn1", value=1, year=2016, period="2013–2017").when() == "2013–2017"
    assert Fact("x", "fn1", value=1).when() == ""


def test_label_validity_is_inclusive() -> None:
    label = QualityLabel("Gold", "ICT", dt.date(2021, 2, 15), "fn68")
    assert label.is_valid_on(dt.date(2021, 2, 15))
    assert not label.is_valid_on(dt.date(2021, 2, 16))
