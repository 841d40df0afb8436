"""The language layer (issue 20): choosing a language, the pseudo-locale, CLDR formats."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from mxdesk.core import i18n


@pytest.mark.parametrize(("code", "lang"), [
    ("es", "es"), ("es_MX.UTF-8", "es"), ("es-419", "es"), ("ES", "es"), ("en_US", "en"),
    ("en", "en"), ("qps-ploc", i18n.PSEUDO)])
def test_codes_name_their_language(code: str, lang: str) -> None:
    assert i18n.normalise(code) == lang


@pytest.mark.parametrize("code", ["fr", "", "de_DE.UTF-8"])
def test_an_unknown_language_is_refused_by_name(code: str) -> None:
    with pytest.raises(i18n.UnknownLanguageError, match="choose one of en, es"):
        i18n.normalise(code)


@pytest.mark.parametrize(("environ", "lang"), [
    ({}, "en"),
    ({"LANG": "es_MX.UTF-8"}, "es"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANGUAGE": "es:en", "LANG": "en_GB.UTF-8"}, "es"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "es_ES.UTF-8"}, "en"),
    ({"MXDESK_LANG": "es", "LANG": "en_GB.UTF-8"}, "es"),
])
def test_the_system_locale_picks_the_language_as_gettext_reads_it(
        environ: dict[str, str], lang: str) -> None:
    assert i18n.system_language(environ) == lang


def test_using_speaks_another_language_on_one_thread_only() -> None:
    i18n.set_language("en")
    seen: list[str] = []
    with i18n.using("es") as lang:
        assert lang == "es"
        assert i18n.language() == "es"
        other = threading.Thread(target=lambda: seen.append(i18n.language()))
        other.start()
        other.join()
    assert seen == ["en"]
    assert i18n.language() == "en"


def test_pseudo_accents_letters_and_keeps_what_must_work() -> None:
    text = i18n.pseudo("Wrote {n} rows to <b>%(path)s</b> &amp; see https://example.org/x %d")
    assert text.startswith(i18n.PSEUDO_OPEN)
    assert text.endswith(i18n.PSEUDO_CLOSE)
    for kept in ("{n}", "<b>", "%(path)s", "</b>", "&amp;", "https://example.org/x", "%d"):
        assert kept in text
    assert not re.search(r"[A-Za-z]{3}", text.replace("https://example.org/x", "")
                         .replace("%(path)s", "").replace("&amp;", ""))
    assert i18n.pseudo("") == ""


def test_pseudo_language_brackets_every_lookup() -> None:
    with i18n.using(i18n.PSEUDO):
        assert i18n._("Clusters") == "⟦Çĺúšţéŕš⟧"
        assert i18n.ngettext("{n} row", "{n} rows", 2) == "⟦{n} ŕóŵš⟧"
        assert i18n.pgettext("menu", "File") == "⟦Ƒíĺé⟧"


def test_numbers_and_dates_follow_each_language() -> None:
    day = dt.date(2026, 11, 30)
    with i18n.using("en"):
        assert i18n.number(1234567) == "1,234,567"
        assert i18n.number(3.5, 2) == "3.50"
        assert i18n.date(day) == "30 Nov 2026"
        assert i18n.date(day, "long") == "30 November 2026"
        assert i18n.weekday(day) == "Monday"
        assert i18n.join(["a", "b", "c"]) == "a, b and c"
    with i18n.using("es"):
        assert i18n.number(1234567) == "1,234,567"   # es_MX groups with commas
        assert i18n.number(3.5, 2) == "3.50"
        assert i18n.date(day) == "30 nov 2026"
        assert i18n.date(day, "long") == "30 de noviembre de 2026"
        assert i18n.weekday(day) == "lunes"
        assert i18n.join(["a", "b", "c"]) == "a, b y c"
