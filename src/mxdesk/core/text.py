"""Text folding shared by the build and the lookups: one folding for every index and query.

:func:`fold` (sort keys, name lookups, slugs), :func:`index_text` (what goes into a full-text
column) and the search terms (:func:`mxdesk.core.search.search_terms`) all come from one
per-character folding, so a record indexed from any text is found by that text typed again,
composed or decomposed, in any case:

* canonical decomposition (NFD), then compatibility decomposition (NFKD: "ﬁ" → "fi",
  full-width and superscript forms), full case folding ("ß" → "ss", "ς" → "σ"), and every
  combining mark dropped ("é" → "e");
* letters that do not decompose are spelled as their base letters: ł → l, ø → o, đ ð → d,
  ħ → h, ŧ → t, þ → th, æ → ae, œ → oe, ı → i (and a few more Latin letters with a stroke);
* format characters (soft hyphen, zero-width joiners, direction marks) vanish;
* a word character is what Python calls alphanumeric, or a spacing mark that is not a
  combining one (Indic vowel signs); everything else separates words;
* hyphens (- ‐ ‑ ‒ – −), dots (. ·), apostrophes (' ’ ‘ ʼ ʻ ´ `), ``&`` and ``+`` *join*
  when one of them stands alone between two word characters ("Pro-Aéreo", "A.C.", "R&D",
  "I+D", "Mexico's"): :func:`fold` splits there, :func:`index_text` also adds the joined
  form, so "pro", "aereo" and "proaereo" all find "Pro-Aéreo".

The folded text holds only word characters and single ASCII spaces, and no ASCII letter in
upper case, so SQLite's ``ascii`` tokenizer (:data:`FTS_TOKENIZE`) splits it exactly where
Python did: every character above U+007F is a token character to it, ASCII letters and
digits are, and the space is not. (``unicode61`` classifies characters with its own, older
Unicode tables and folds case again by them: it would disagree with Python about letters
added since Unicode 6.1.)
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: The ``tokenize`` option of every FTS5 table filled with :func:`index_text`.
FTS_TOKENIZE = "ascii"

# In the per-character folding below a separator is " " and a joiner "-": neither is ever a
# word character, so they can stand for themselves.
_SEP = " "
_JOIN = "-"
_JOINERS = frozenset(
    "-\u2010\u2011\u2012\u2013\u2212"  # hyphen-minus, hyphen, non-breaking hyphen, dashes, minus
    ".\u00b7"  # full stop, middle dot (Catalan "l·l"; NFD makes the Greek ano teleia one)
    "'\u2019\u2018\u02bc\u02bb\u00b4`"  # apostrophes, and the accents typed for one
    "&+"  # "R&D", "I+D"
)
#: Letters that Unicode does not decompose, spelled with their base letters.
_LETTERS = {
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "þ": "th", "æ": "ae",
    "œ": "oe", "ı": "i", "ȷ": "j", "ƀ": "b", "ƚ": "l", "ɨ": "i", "ʉ": "u", "ɇ": "e", "ȼ": "c",
    "ɉ": "j", "ɍ": "r", "ɏ": "y", "ƶ": "z", "ǥ": "g", "ɵ": "o",
}
_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
_COMPOUND = re.compile(r"[^ \-]+(?:-[^ \-]+)*")
# ASCII text (most of it) folds with one translate(): letters lower, joiners "-", the rest " ".
_ASCII = str.maketrans({
    chr(n): (chr(n).lower() if chr(n).isalnum() else _JOIN if chr(n) in _JOINERS else _SEP)
    for n in range(128)
})


def _fold_one(ch: str) -> str:
    """One character already in NFD, folded: word characters, " " or "-" ("" if dropped)."""
    if ch in _JOINERS:
        return _JOIN
    out: list[str] = []
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold())
    for each in decomposed:
        if each in _JOINERS:
            out.append(_JOIN)
        elif unicodedata.combining(each) or unicodedata.category(each) in _DROPPED_CATEGORIES:
            continue
        else:
            each = _LETTERS.get(each, each)
            word = each.isalnum() or unicodedata.category(each) == "Mc"
            out.append(each if word else _SEP)
    return "".join(out)


@functools.lru_cache(maxsize=16384)
def _fold_char(ch: str) -> str:
    """One character of any text, folded (see the module's docstring)."""
    if ch.isascii():
        return ch.translate(_ASCII)
    out = "".join(_fold_one(c) for c in unicodedata.normalize("NFD", ch))
    # Folding twice changes nothing (tests/core/test_folding.py checks every code point);
    # this loop only guards a future Unicode version against a second step.
    for _ in range(3):
        again = "".join(c if c in (_SEP, _JOIN) else "".join(
            _fold_one(d) for d in unicodedata.normalize("NFD", c)) for c in out)
        if again == out:
            break
        out = again
    return out


class _Folded(dict[int, str]):
    """``str.translate``'s table for the folding: filled as characters are first met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDED = _Folded()


def _flat(text: str) -> str:
    if text.isascii():
        return text.translate(_ASCII)
    return text.translate(_FOLDED)


def _compounds(flat: str) -> Iterator[list[str]]:
    """The words of folded text, each as its parts: "pro-aereo" gives ["pro", "aereo"]."""
    for match in _COMPOUND.finditer(flat):
        yield match.group().split(_JOIN)


def fold(text: str) -> str:
    """Return *text* without accents, case or punctuation, words separated by one space.

    >>> fold("  Querétaro ")
    'queretaro'
    >>> fold("IT@Baja")
    'it baja'
    >>> fold("Jürgen Groß, Paweł, ﬁnance, Pro-Aéreo")
    'jurgen gross pawel finance pro aereo'
    """
    return " ".join(part for parts in _compounds(_flat(text)) for part in parts)


def index_text(text: str) -> str:
    """What to put into a full-text column for *text*: its folded words, and after the parts
    of a word joined by a hyphen, dot, apostrophe, ``&`` or ``+`` the parts written as one.

    >>> index_text("Pro-Aéreo, A.C.")
    'pro aereo proaereo a c ac'
    """
    out: list[str] = []
    for parts in _compounds(_flat(text)):
        out.extend(parts)
        if len(parts) > 1:
            out.append("".join(parts))
    return " ".join(out)


def words(text: str) -> list[list[str]]:
    """The words of *text* as :func:`index_text` sees them, each as the list of its parts."""
    return list(_compounds(_flat(text)))


def slug(text: str) -> str:
    """Return an ASCII slug of *text*: ``"Nuevo León"`` becomes ``"nuevo-leon"``."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    return "-".join(ascii_text.split())


@dataclass(frozen=True)
class Term:
    """One word of a search: its folded parts (one for a plain word) and whether the last
    part may be the start of a longer word. It matches the parts as consecutive words, or
    the parts written as one word (see :func:`mxdesk.core.search.fts_query`)."""

    parts: tuple[str, ...]
    prefix: bool = True

    @property
    def joined(self) -> str:
        """The parts written as one word (``pro aereo`` -> ``proaereo``)."""
        return "".join(self.parts)


#: A word of the index, with where its pieces are in the folded text: (start, length) each.
_Token = tuple[str, tuple[tuple[int, int], ...]]


class _Origin:
    """Where each character of folded text comes from in the original text."""

    def __init__(self, text: str) -> None:
        self._ends: list[int] | None = None
        if not text.isascii():
            self._ends = list(itertools.accumulate(map(len, map(_fold_char, text))))

    def __getitem__(self, position: int) -> int:
        if self._ends is None:
            return position  # ASCII: one character for one
        return bisect.bisect_right(self._ends, position)


@functools.lru_cache(maxsize=512)
def _tokens(flat: str) -> list[_Token]:
    """The words :func:`index_text` makes of folded text, in order, with their places."""
    tokens: list[_Token] = []
    for match in _COMPOUND.finditer(flat):
        at = match.start()
        pieces: list[tuple[int, int]] = []
        for part in match.group().split(_JOIN):
            pieces.append((at, len(part)))
            tokens.append((part, ((at, len(part)),)))
            at += len(part) + 1
        if len(pieces) > 1:
            tokens.append((match.group().replace(_JOIN, ""), tuple(pieces)))
    return tokens


def _place(token: _Token, index: int) -> int:
    """Where in the folded text the *index*-th character of *token* is."""
    for start, length in token[1]:
        if index < length:
            return start + index
        index -= length
    raise IndexError(index)


def _as_term(term: Term | str) -> Term:
    if isinstance(term, Term):
        return term
    return Term(tuple(fold(term).split()) or ("",))


def _match_length(token: str, word: str, prefix: bool) -> int:
    """How many characters of *token* *word* matches (0: none)."""
    if prefix:
        return len(word) if word and token.startswith(word) else 0
    return len(word) if token == word else 0


def match_spans(text: str, terms: Sequence[Term | str]) -> list[tuple[int, int]]:
    """Where in *text* the search *terms* match, as the full-text index matches them:
    ``[(start, end), ...]`` sorted, overlapping ones merged.

    Offsets are in the original text, so "Querétaro" is marked for "queret", "Groß" for
    "gross" and "Pro-Aéreo" for "proaereo". A plain string is a prefix term of its folded
    words.

    >>> match_spans("Clúster Querétaro", ["queret"])
    [(8, 14)]
    >>> match_spans("Jürgen Groß", ["gross"])
    [(7, 11)]
    """
    wanted = [_as_term(t) for t in terms]
    flat = _flat(text)
    # Every way a term matches begins with its first part, and every word of the index is
    # in the folded text without its joiners: most cells hold none of the terms.
    unjoined = flat.replace(_JOIN, "")
    wanted = [t for t in wanted if t.joined and t.parts[0] in unjoined]
    if not wanted:
        return []
    tokens = _tokens(flat)
    origin = _Origin(text)
    spans: list[tuple[int, int]] = []

    def add(term: Term, start: int, end: int) -> None:
        # An abbreviation's closing dot is part of it: "A.C." is marked whole.
        if not term.prefix and text[end:end + 1] == "." and not text[end + 1:end + 2].isalnum():
            end += 1
        spans.append((start, end))

    for index, token in enumerate(tokens):
        for term in wanted:
            # The parts written as one word...
            length = _match_length(token[0], term.joined, term.prefix)
            if length:
                add(term, origin[_place(token, 0)], origin[_place(token, length - 1)] + 1)
            # ... or as consecutive words (a phrase).
            if len(term.parts) < 2 or index + len(term.parts) > len(tokens):
                continue
            following = tokens[index:index + len(term.parts)]
            if all(tok[0] == part for tok, part in zip(following[:-1], term.parts[:-1],
                                                        strict=True)):
                length = _match_length(following[-1][0], term.parts[-1], term.prefix)
                if length:
                    add(term, origin[_place(token, 0)],
                        origin[_place(following[-1], length - 1)] + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_CHUNK = re.compile(r"\S+")


def snippet(text: str, terms: Sequence[Term | str], mark: tuple[str, str] = ("[", "]"),
            size: int = 10, ellipsis: str = "…") -> str:
    """A passage of *text* of about *size* words around its matches of *terms*, each match
    between *mark*'s two strings, like FTS5's ``snippet()`` but from the original text.

    >>> snippet("Programa Estratégico de la Industria Aeroespacial Pro-Aéreo 2012-2020 del "
    ...         "gobierno federal de México", ["proaereo"], size=5)
    '…Industria Aeroespacial [Pro-Aéreo] 2012-2020 del…'
    """
    chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(text)]
    if not chunks:
        return ""
    spans = match_spans(text, terms)
    size = max(size, 1)
    first = 0
    if spans:
        def chunk_of(offset: int) -> int:
            return next((n for n, (_s, end) in enumerate(chunks) if offset < end),
                        len(chunks) - 1)

        def covered(begin: int) -> int:
            low = chunks[begin][0]
            high = chunks[min(begin + size, len(chunks)) - 1][1]
            return sum(1 for start, end in spans if start >= low and end <= high)

        # Start a word or two before a match, where the window holds the most matches.
        starts = sorted({max(0, min(chunk_of(start) - 2, len(chunks) - size))
                         for start, _e in spans})
        first = max(starts, key=lambda s: (covered(s), -s))
    last = min(first + size, len(chunks)) - 1
    low, high = chunks[first][0], chunks[last][1]
    out: list[str] = [ellipsis if first > 0 else ""]
    at = low
    for start, end in spans:
        start, end = max(start, low), min(end, high)
        if start >= end:
            continue
        out += [text[at:start], mark[0], text[start:end], mark[1]]
        at = end
    out.append(text[at:high])
    out.append(ellipsis if last < len(chunks) - 1 else "")
    return "".join(out)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """The words :func:`index_text` makes of *text*, each with where it is written in *text*:
    ``[(folded word, start, end), ...]`` in order, offsets in characters of *text*. A word of
    joined parts gives its parts and then the parts written as one, spanning them all.

    >>> word_spans("Pro-Aéreo León")
    [('pro', 0, 3), ('aereo', 4, 9), ('proaereo', 0, 9), ('leon', 10, 14)]
    """
    flat = _flat(text)
    origin = _Origin(text)
    return [(token, origin[_place(token_places, 0)],
             origin[_place(token_places, len(token) - 1)] + 1)
            for token_places in _tokens(flat) for token in (token_places[0],) if token]
