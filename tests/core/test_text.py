"""Folding text for accent- and case-free lookups."""

import pytest

from mxdesk.core.text import fold, index_text, slug


@pytest.mark.parametrize(("text", "folded"), [
    ("Querétaro", "queretaro"),
    ("  NUEVO   León ", "nuevo leon"),
    ("IT@Baja", "it baja"),
    ("Chihuahua´s Aerospace Cluster", "chihuahua s aerospace cluster"),
    ("Clúster Tit@m", "cluster tit m"),
    ("", ""),
    ("¿¡—!?", ""),
    # Issue 13: letters that do not decompose, and a soft hyphen inside a word.
    ("Paweł Łódź", "pawel lodz"),
    ("Søren Đorđe Þór Æsa Œil Işık", "soren dorde thor aesa oeil isik"),
    ("Ma\u00adximilian", "maximilian"),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_slug() -> None:
    assert slug("San Luis Potosí") == "san-luis-potosi"


@pytest.mark.parametrize(("text", "indexed"), [
    ("Pro-Aéreo 2012-2020", "pro aereo proaereo 2012 2020 20122020"),
    ("Poblano, A.C.", "poblano a c ac"),
    ("public R&D, I+D+i", "public r d rd i d i idi"),
    ("Chihuahua’s", "chihuahua s chihuahuas"),
    ("Chihuahua´s", "chihuahua s chihuahuas"),
    ("a--b .c. d-", "a b c d"),  # a joiner joins when alone between two word characters
    ("Jürgen Groß", "jurgen gross"),
    ("", ""),
])
def test_index_text(text: str, indexed: str) -> None:
    assert index_text(text) == indexed
