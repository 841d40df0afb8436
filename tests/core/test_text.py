"""Folding text for accent- and case-free lookups."""

import pytest

from mxdesk.core.text import fold, slug


@pytest.mark.parametrize(("text", "folded"), [
    ("Querétaro", "queretaro"),
    ("  NUEVO   León ", "nuevo leon"),
    ("IT@Baja", "it baja"),
    ("Chihuahua´s Aerospace Cluster", "chihuahua s aerospace cluster"),
    ("Clúster Tit@m", "cluster tit m"),
    ("", ""),
    ("¿¡—!?", ""),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_slug() -> None:
    assert slug("San Luis Potosí") == "san-luis-potosi"
