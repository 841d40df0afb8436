"""A chart's title from its figures' labels (issue 19), as a person would write it, from the
labels' own words only: "i4.0 clusters by sector" when what differs is a sector, a state or
a topic; "Aerospace GDP and exports" when the labels differ by a few words; "Increase in
vehicle production and exports" when they differ in one word followed by the same word
("… production compared to the previous year", "… exports compared to 2015"). No Qt; used
by :mod:`mxdesk.core.charts`, which adds the unit and the date ("<what> — <unit>, <date>").

When no such title can be made the caller falls back on the labels listed (:func:`named`)
or on the record's name ("Automotive figures"): never a fragment such as "Increase in
vehicle:".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from mxdesk.core import i18n
from mxdesk.core.i18n import _
from mxdesk.core.text import fold

_WORD = re.compile(r"\S+")
#: A closing remark in brackets at a label's end ("… (government goal)").
TRAILING_PAREN = re.compile(r"\s*\(([^()]+)\)$")
#: How a briefing names a topic ("What the digital factories topic covers").
TOPIC = re.compile(r"^what the (.+?) topic covers\b", re.IGNORECASE)
#: Words that join a label's shared start to what varies ("i4.0 clusters working *on* …"):
#: left off a title that says "by sector".
_GLUE = {"a", "an", "the", "in", "on", "of", "at", "for", "to", "with", "by", "from", "and"}
#: The same in the Spanish the directory's labels are read in (issue 20), and its articles:
#: a Spanish label's part that differs may start with one ("de *la* producción", "de *las*
#: exportaciones"), said with the word it goes with.
_GLUE_ES = {"a", "al", "de", "del", "el", "la", "las", "los", "lo", "en", "con", "por", "para",
            "y", "e", "o", "u", "un", "una", "unos", "unas", "sobre", "entre", "desde", "que"}
_KIND_WORDS_ES = {"sector": "sector", "sectores": "sector", "estado": "state",
                  "estados": "state", "tema": "topic", "temas": "topic"}
_ARTICLES_ES = {"el", "la", "los", "las", "un", "una", "unos", "unas"}


def _glue() -> set[str]:
    """The joining words of the current language's labels."""
    return _GLUE_ES if i18n.language() == i18n.SPANISH else _GLUE
#: The last word of a shared end that says what varies ("i4.0 clusters in the … *sector*").
_KIND_WORDS = {"sector": "sector", "sectors": "sector", "state": "state", "states": "state",
               "topic": "topic", "topics": "topic"}
#: The longest title made by listing what varies ("Aerospace GDP and exports").
_LONGEST = 100


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _common_prefix(lists: Sequence[list[str]]) -> list[str]:
    out: list[str] = []
    for column in zip(*lists, strict=False):
        if len({w.lower() for w in column}) != 1:
            break
        out.append(column[0])
    return out


def capital(text: str) -> str:
    """*text* with a capital first letter, unless its first word is not a plain lower-case
    word ("i4.0", "eBay" stay as printed). Raises nothing."""
    first = text.split(" ", 1)[0].rstrip(",;:")
    plain = re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’-])*", first) is not None \
        and first == first.lower()  # "producción" too
    return text[:1].upper() + text[1:] if plain else text


def _trimmed(words: list[str], verb: bool = False) -> list[str]:
    """*words* without the joining words at their end ("i4.0 clusters in the" → "i4.0
    clusters"); with *verb*, a verb in -ing before them too ("… working on")."""
    out = list(words)
    glue = _glue()
    while out and out[-1].lower() in glue:
        out.pop()
    if verb and len(out) > 1 and out[-1].lower().endswith("ing"):
        out.pop()
        while out and out[-1].lower() in glue:
            out.pop()
    elif verb and len(out) > 2 and out[-2].lower() == "que" and glue is _GLUE_ES:
        del out[-2:]  # "Clústeres i4.0 que trabajan (en)"
        while out and out[-1].lower() in glue:
            out.pop()
    return out


def _listed(parts: Sequence[str]) -> str:
    """"a and b", "a, b and c" (in the current language: "a, b y c")."""
    return i18n.join(list(parts))


def _lower_first(words: list[str], known: Mapping[str, str]) -> list[str]:
    """*words*, a label's start put after others, with a plain capitalised first word in
    lower case ("Heavy-vehicle" → "heavy-vehicle"); a name stays ("GDP", "Mexico's",
    "Information Technology", a state or sector the directory knows)."""
    if words and re.fullmatch(r"[^\W\d_](?:[^\W\d_]|-)+", words[0]) \
            and words[0][0].isupper() and words[0][1:] == words[0][1:].lower() \
            and fold(words[0]) not in known \
            and not (len(words) > 1 and words[1][:1].isupper()):
        return [words[0].lower(), *words[1:]]
    return words


def by_kind(what: str, kind: str) -> str:
    """*what* split by *kind* ("state", "sector" or "topic") as a chart's title says it:
    "i4.0 clusters by sector", in the current language. Raises KeyError for another kind."""
    said = {"state": _("{what} by state"), "sector": _("{what} by sector"),
            "topic": _("{what} by topic")}[kind]
    return said.format(what=what)


def _varies(middles: Sequence[str], ends: list[str], topics: set[str],
            known: Mapping[str, str]) -> str | None:
    """What the parts of like labels that differ are: "sector", "state" or "topic" when the
    labels' shared end says so, the directory knows each as one, or the record names each a
    topic; None when nothing says."""
    if ends and ends[-1].lower().strip(",;:") in _KIND_WORDS:
        return _KIND_WORDS[ends[-1].lower().strip(",;:")]
    folded = [fold(m) for m in middles]
    for kind in ("state", "sector"):
        if all(known.get(f) == kind for f in folded):
            return kind
    return "topic" if all(f in topics for f in folded) else None


def _one_word_apart(starts: list[str], middles: Sequence[list[str]],
                    known: Mapping[str, str]) -> str | None:
    """The title of labels that differ in their first word after a shared start, the same
    word following it in each: "Increase in vehicle production and exports" (then
    "compared …", a participle, is left to the bars), "States hosting the IT and industrial
    clusters" (a noun, kept). None when they differ otherwise."""
    if i18n.language() == i18n.SPANISH:
        # "de la producción", "de las exportaciones": an article goes with its word.
        middles = [[f"{m[0]} {m[1]}", *m[2:]] if len(m) > 1 and m[0].lower() in _ARTICLES_ES
                   else m for m in middles]
    if not starts or any(len(m) < 2 for m in middles):
        return None
    firsts = [m[0] for m in middles]
    after = {m[1].lower() for m in middles}
    if len({f.lower() for f in firsts}) != len(firsts) or len(after) != 1:
        return None
    then = middles[0][1]
    joins = then.lower() in _glue() or then.lower().endswith(("ed", "ing"))
    words = [*starts, _listed(firsts), *([] if joins else [then])]
    title = " ".join(words)
    return capital(title) if len(title) <= _LONGEST else None


def _unglued(words: list[str]) -> list[str]:
    """A Spanish label's part without the joining words it starts with ("de acciones de
    colaboración" → "acciones de colaboración"); *words* when that leaves none."""
    glue = _glue()
    start = 0
    while start < len(words) - 1 and words[start].lower() in glue:
        start += 1
    return words[start:]


def _unarticled(words: list[str]) -> list[str]:
    """A Spanish bar label's words without the article it starts with ("la producción de
    vehículos …" → "producción de vehículos …"); others as they are."""
    if i18n.language() == i18n.SPANISH and len(words) > 1 and words[0].lower() in _ARTICLES_ES:
        return words[1:]
    return words


def titled(labels: Sequence[str], topics: set[str], known: Mapping[str, str],
           ) -> tuple[str, list[str]] | None:
    """A title for figures whose *labels* begin or end alike, as a person would write it,
    from their words only, and the bars' labels under it (one per label, in order):
    "<shared start> by sector" when what differs is a sector, a state or a topic (*known*
    maps folded names to "state" or "sector"; *topics* holds folded topic names); the start
    and end around what differs listed ("Aerospace GDP and exports") when each differs by a
    few words; the one word that differs listed ("Increase in vehicle production and
    exports"). None when none of these reads as a title. Raises nothing."""
    words = [_words(x) for x in labels]
    starts = _common_prefix(words)
    ends = _common_prefix([list(reversed(w[len(starts):])) for w in words])
    ends.reverse()
    middles = [w[len(starts):len(w) - len(ends)] for w in words]
    if not (starts or ends) or not all(middles):
        return None
    spanish = i18n.language() == i18n.SPANISH
    # A Spanish part that differs may start with the word that joins it ("de Tecnologías de
    # la Información"): not said on its bar, nor counted among its words.
    texts = [" ".join(_unglued(m) if spanish else m) for m in middles]
    kind = _varies(texts, ends, topics, known)
    head = _trimmed(starts, verb=True)
    if spanish and kind is None and head and head[-1].lower() in _KIND_WORDS_ES:
        # "Clústeres i4.0 en el sector automotriz": the kind is said before what varies.
        kind = _KIND_WORDS_ES[head[-1].lower()]
        head = _trimmed(head[:-1], verb=True)
    if kind is not None and head:
        title = by_kind(" ".join(head), kind)
        return capital(title), [capital(t) for t in texts]
    listed = " ".join([*starts, _listed([" ".join(_lower_first(m, known) if n and not starts
                                                  else m)
                                         for n, m in enumerate(middles)]), *ends])
    longest = max(len(_unglued(m) if spanish else m) for m in middles)
    if len(middles) <= 3 and longest <= 3 and len(listed) <= _LONGEST:
        return capital(listed), [capital(t) for t in texts]
    apart = _one_word_apart(starts, middles, known)
    if apart is not None:
        return apart, [capital(" ".join([*_unarticled(m), *ends])) for m in middles]
    return None


def named(labels: Sequence[str], known: Mapping[str, str]) -> str | None:
    """Two or three unrelated figures' title: their labels listed, without a closing
    remark in brackets ("Aerospace GDP and value of aerospace production"); None when that
    is longer than a title should be. Raises nothing."""
    bare = [TRAILING_PAREN.sub("", x) for x in labels]
    listed = _listed([bare[0], *(" ".join(_lower_first(_words(x), known)) for x in bare[1:])])
    return capital(listed) if len(labels) <= 3 and len(listed) <= _LONGEST else None
