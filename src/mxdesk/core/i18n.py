"""The language mxdesk speaks: gettext catalogues, the current language, CLDR number and date
formats.

Every string a person reads is marked where it is written and looked up here at the moment it
is shown:

    from mxdesk.core.i18n import _, ngettext, pgettext, N_

    _("Export to PDF…")
    ngettext("{n} cluster", "{n} clusters", count).format(n=number(count))
    pgettext("menu", "File")
    TITLE = N_("Clusters")      # marked at import time, translated where shown: _(TITLE)

The catalogues are GNU gettext files: the translators' ``resources/locale/es/*.po`` (one per
part of the code, see tools/i18n.py), compiled by Babel into one
``resources/locale/es/LC_MESSAGES/mxdesk.mo`` that the standard library's :mod:`gettext` reads.
English is the source language: its strings are the message ids, so English needs no catalogue.

The current language is process-wide (:func:`set_language`, chosen at start-up from ``--lang``,
the window's setting or the system locale) and can be overridden for one thread with
:func:`using`, so that a worker can write a Spanish brochure while the window stays English.

A third, made-up language, :data:`PSEUDO` ("qps-ploc", Microsoft's pseudo-locale tag), shows every
marked string accented and bracketed (``⟦Éxpóŕţ ţó PDF…⟧``): a test that walks the window or a PDF
in it finds a string never marked as plain ASCII outside the brackets.

Numbers and dates follow each language's CLDR conventions through Babel: British English
(``en_GB``) and Mexican Spanish (``es_MX``, the convention of the people the papers are handed
to: 1,234.5, "30 nov 2026").
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from mxdesk.core import paths

ENGLISH = "en"
SPANISH = "es"
#: The pseudo-locale: every marked string accented and bracketed (tests and translators only).
PSEUDO = "qps-ploc"
#: The languages a user can choose, in the order a menu offers them.
LANGUAGES: tuple[str, ...] = (ENGLISH, SPANISH)
#: Each language's name in itself, as a language menu shows it.
NATIVE_NAMES = {ENGLISH: "English", SPANISH: "Español", PSEUDO: "⟦Ƥŝéúðó⟧"}
#: The CLDR locale whose conventions each language's numbers and dates follow.
CLDR_LOCALES = {ENGLISH: "en_GB", SPANISH: "es_MX", PSEUDO: "en_GB"}
#: The BCP 47 tag a document in each language carries (a PDF's /Lang, an HTML lang attribute).
LANGUAGE_TAGS = {ENGLISH: "en", SPANISH: "es-MX", PSEUDO: "qps-ploc"}
#: The gettext domain of mxdesk's catalogues.
DOMAIN = "mxdesk"
#: Overrides the system locale for every mxdesk process started with it (tests, scripts).
LANG_ENV = "MXDESK_LANG"

_default = ENGLISH
_local = threading.local()


class UnknownLanguageError(ValueError):
    """A language code mxdesk has no catalogue for. The message names the known ones."""


def normalise(code: str) -> str:
    """The language of a locale or language code: "es", "es_MX.UTF-8", "es-419" → "es".

    Raises:
        UnknownLanguageError: for a language mxdesk does not speak ("fr", "").
    """
    text = code.strip().replace("-", "_").lower()
    if text in (PSEUDO.replace("-", "_"), "qps"):
        return PSEUDO
    base = text.split(".")[0].split("@")[0].split("_")[0]
    if base in LANGUAGES:
        return base
    raise UnknownLanguageError(
        f"unknown language {code!r}: choose one of {', '.join(LANGUAGES)}")


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language the system locale asks for, as gettext reads it: ``$MXDESK_LANG``, then the
    first of ``$LANGUAGE`` (a colon-separated list), ``$LC_ALL``, ``$LC_MESSAGES``, ``$LANG``
    that is set. Spanish when that names Spanish, otherwise English (also for "C" and "POSIX").
    """
    env = os.environ if environ is None else environ
    for name in (LANG_ENV, "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        for part in value.split(":"):
            if not part or part in ("C", "POSIX") or part.startswith("C."):
                continue
            try:
                return normalise(part)
            except UnknownLanguageError:
                if name != LANG_ENV:
                    return ENGLISH
        if value:
            break
    return ENGLISH


def set_language(code: str) -> str:
    """Make ``code`` the language of the whole process (every thread without a :func:`using`).

    Returns the normalised language ("es"). Raises :class:`UnknownLanguageError`.
    """
    global _default
    _default = normalise(code)
    return _default


def language() -> str:
    """The language strings are looked up in on this thread now: "en", "es" or :data:`PSEUDO`."""
    return getattr(_local, "language", None) or _default


@contextmanager
def using(code: str) -> Iterator[str]:
    """Speak ``code`` on this thread inside the block (a brochure in Spanish from an English
    window); the process-wide language is untouched. Yields the normalised language."""
    previous = getattr(_local, "language", None)
    _local.language = normalise(code)
    try:
        yield _local.language
    finally:
        _local.language = previous


def catalogue_path(lang: str = SPANISH) -> str:
    """The compiled catalogue (.mo) of ``lang``, in the wheel or the source checkout."""
    return str(paths.resource(f"locale/{lang}/LC_MESSAGES/{DOMAIN}.mo"))


@lru_cache(maxsize=4)
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang in (ENGLISH, PSEUDO):
        return _gettext.NullTranslations()
    try:
        with open(catalogue_path(lang), "rb") as handle:  # noqa: PTH123 - gettext takes a file
            return _gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return _gettext.NullTranslations()


def reload_catalogues() -> None:
    """Forget the loaded catalogues (after tools/i18n.py compiled new ones)."""
    _translations.cache_clear()


# -- the lookups -----------------------------------------------------------------------------

def _(message: str) -> str:
    """``message`` (an English string marked for translation) in the current language."""
    lang = language()
    if lang == PSEUDO:
        return pseudo(message)
    return _translations(lang).gettext(message)


def gettext(message: str) -> str:
    """The same as :func:`_`, under its gettext name."""
    return _(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that fits the count ``n`` in the current language (Spanish, like
    English, has one form for 1 and another for every other count; CLDR's plural rules, as the
    catalogue's Plural-Forms header gives them)."""
    lang = language()
    if lang == PSEUDO:
        return pseudo(singular if n == 1 else plural)
    return _translations(lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English word used in
    another sense by ``context`` ("verb", "menu", "column")."""
    lang = language()
    if lang == PSEUDO:
        return pseudo(message)
    return _translations(lang).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context, as :func:`pgettext`."""
    lang = language()
    if lang == PSEUDO:
        return pseudo(singular if n == 1 else plural)
    return _translations(lang).npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (a module-level constant).
    Translate it where it is shown: ``_(CONSTANT)``."""
    return message


# -- the pseudo-locale -----------------------------------------------------------------------

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóƥʠŕšţúʋŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŢÚƲŴẊÝŽ")
#: What pseudo() leaves as it is: str.format fields, printf conversions, markup, entities, URLs.
_KEEP = re.compile(r"\{[^{}]*\}|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"
                   r"|%[-#0 +]*\d*(?:\.\d+)?[sdifr%]|<[^<>]*>|&[a-zA-Z]+;|&#\d+;|https?://\S+|\\n")
PSEUDO_OPEN = "⟦"
PSEUDO_CLOSE = "⟧"


def pseudo(message: str) -> str:
    """``message`` as the pseudo-locale shows it: letters accented, the whole in ⟦ ⟧, with
    format fields, markup and URLs untouched so that the string still works. The empty string
    stays empty."""
    if not message:
        return message
    out: list[str] = []
    last = 0
    for match in _KEEP.finditer(message):
        out.append(message[last:match.start()].translate(_ACCENTED))
        out.append(match.group())
        last = match.end()
    out.append(message[last:].translate(_ACCENTED))
    return PSEUDO_OPEN + "".join(out) + PSEUDO_CLOSE


# -- numbers and dates (CLDR through Babel) ---------------------------------------------------

def cldr_locale(lang: str | None = None) -> str:
    """The CLDR locale of ``lang`` (default: the current language): "en_GB" or "es_MX"."""
    return CLDR_LOCALES[lang or language()]


def number(value: float, decimals: int | None = None) -> str:
    """``value`` with the current language's grouping and decimal signs: 1234567 → "1,234,567";
    ``decimals`` fixes the digits after the point (None: as many as the value has, up to 3)."""
    if language() != SPANISH and (decimals is not None or float(value).is_integer()):
        # en_GB groups and points as Python does: no need to load Babel (the command line's
        # plain English output stays on the standard library).
        return f"{value:,.{decimals or 0}f}"
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=cldr_locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=cldr_locale())


def percent(value: float, decimals: int = 0) -> str:
    """``value`` (a fraction: 0.25) as a percentage in the current language ("25 %" in Spanish,
    "25%" in English, as CLDR writes them)."""
    from babel.numbers import format_percent

    pattern = None if decimals == 0 else "#,##0." + "0" * decimals + "%"
    return format_percent(value, format=pattern, locale=cldr_locale())


def date(value: dt.date, width: str = "medium") -> str:
    """``value`` as the current language writes a date: width "short" (30/11/2026),
    "medium" (30 Nov 2026 / 30 nov 2026), "long" (30 November 2026 / 30 de noviembre de 2026)
    or "full" (with the weekday)."""
    from babel.dates import format_date

    return _shown(format_date(value, format=width, locale=cldr_locale()))


def made_on(value: dt.date | str) -> str:
    """The day a paper, the About box or ``mxdesk --version`` says something was made, written
    or built on: ISO 8601 in English ("2026-11-30", as the English papers have always said
    it) and CLDR's medium date in the other languages ("30 nov 2026": issue 20's trial read
    "Hecho el 2026-11-30"). A str is read as an ISO date; one that is not one is returned
    as it is. Raises nothing."""
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value
    return day.isoformat() if language() == ENGLISH else date(day, "medium")


def time(value: dt.time | dt.datetime, width: str = "short") -> str:
    """``value``'s clock time as the current language writes it (24-hour "14:30" in both)."""
    from babel.dates import format_time

    return format_time(value, format=width, locale=cldr_locale())


def weekday(value: dt.date, width: str = "wide") -> str:
    """The weekday of ``value`` in the current language ("Monday" / "lunes")."""
    from babel.dates import format_date

    pattern = {"wide": "EEEE", "abbreviated": "EEE"}[width]
    return _shown(format_date(value, format=pattern, locale=cldr_locale()))


def month_year(value: dt.date) -> str:
    """"November 2026" / "noviembre de 2026" (CLDR's yMMMM skeleton)."""
    from babel.dates import format_skeleton

    return _shown(format_skeleton("yMMMM", value, locale=cldr_locale()))


def join(items: list[str], style: str = "standard") -> str:
    """``items`` joined as the current language lists them: "a, b and c" / "a, b y c"
    (CLDR list patterns; style "or" for alternatives)."""
    from babel.lists import format_list

    if language() == PSEUDO and len(items) > 1:
        return ", ".join(items[:-1]) + " " + pseudo("or" if style == "or" else "and") + " " \
            + items[-1]
    return format_list(items, style=style, locale=cldr_locale())  # type: ignore[arg-type]


def _shown(text: str) -> str:
    """CLDR's words (month and day names) as the pseudo-locale shows them: accented, so that
    a walk of the window tells them from a string never marked; as they are otherwise."""
    return pseudo(text) if language() == PSEUDO else text
