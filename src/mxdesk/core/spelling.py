"""Misspelt search words corrected against the words of the index ("queretero" → Querétaro).

The build stores the directory's vocabulary (:func:`write_vocabulary`: every folded word of
letters of the search index, with how many records hold it and its most usual spelling as
written, accents included). At search time a word the user typed that starts no word of the
index — exactly as the search would look for it, so a word that matches something is never
touched — is replaced by the nearest word of the vocabulary, within one edit for words of up
to five letters and two for longer ones (rapidfuzz's optimal-string-alignment distance: a
swap of two neighbours is one edit). Ties go to the whole word over the start of a longer
one, then to the word more records hold. Words of fewer than three letters, words with a
digit and abbreviations ("A.C.") are never corrected: too little to guess from.

:class:`Speller` is the vocabulary in memory (no SQL); :func:`correct` corrects a search's
text with a speller and a callback saying whether a word matches literally; the directory's
and the notes' spellers and literal checks are :func:`directory_correction` and
:func:`notes_correction`.
"""

from __future__ import annotations

import bisect
import logging
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from mxdesk.core.directory import Directory
from mxdesk.core.errors import DirectoryError, MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.text import word_spans, words

__all__ = ["MIN_CORRECTED", "MIN_LENGTH", "NOTES_WORDS_LIMIT",
           "VOCABULARY_TABLE", "Correction", "Speller", "Written",
           "correct", "correction", "directory_correction", "directory_speller",
           "write_vocabulary", "written_in"]

log = logging.getLogger("mxdesk.search")

#: The table of the directory database that holds its vocabulary.
VOCABULARY_TABLE = "vocabulary"
#: Words shorter than this are neither stored nor corrected.
MIN_LENGTH = 3
_SHORT = 5  # words of up to this many letters get one edit; longer ones two
_TEXT_COLUMNS = ("name", "aliases", "place", "body")


#: How many candidates of a misspelt word are tried when the nearest finds nothing.
CANDIDATES = 8


def _edits(word: str) -> int:
    """The most edits a correction of *word* may make."""
    return 1 if len(word) <= _SHORT else 2


#: Typed words shorter than this are never corrected: three letters are most often an
#: abbreviation a user means as typed ("qro", "gto", "slp", "mty" were "corrected" to
#: "quotas", "GEO", "SAP", "may": issue 17's new-user trial), and one edit away from a
#: three-letter word lies half the vocabulary's short words.
MIN_CORRECTED = 4


def _storable(word: str) -> bool:
    """Whether *word* goes into the vocabulary (a word a typo may be corrected to)."""
    return len(word) >= MIN_LENGTH and word.isalpha()


def _correctable(word: str) -> bool:
    """Whether a typed *word* that matches nothing may be corrected."""
    return len(word) >= MIN_CORRECTED and word.isalpha()


# -- the build --------------------------------------------------------------------------------


def write_vocabulary(conn: sqlite3.Connection) -> int:
    """Fill the directory database's :data:`VOCABULARY_TABLE` from its ``display_text`` (the
    index's text as written): ``(word, shown, records)``, the folded word of letters (at
    least :data:`MIN_LENGTH`), its most usual spelling as written in the records' names
    ("Automotriz", though Spanish descriptions write "automotriz" more often), else in any
    text ("Querétaro"; the first met among equals), and how many records hold it. Returns
    the number of words. Raises :class:`sqlite3.Error` as the connection does."""
    conn.execute(f"CREATE TABLE {VOCABULARY_TABLE} (word TEXT PRIMARY KEY, "
                 "shown TEXT NOT NULL, records INTEGER NOT NULL) WITHOUT ROWID")
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    named: dict[str, Counter[str]] = defaultdict(Counter)
    records: Counter[str] = Counter()
    columns = ", ".join(_TEXT_COLUMNS)
    for row in conn.execute(f"SELECT {columns} FROM display_text"):  # noqa: S608
        seen: set[str] = set()
        for n, text in enumerate(row):
            for word, start, end in word_spans(text or ""):
                if _storable(word):
                    forms[word][text[start:end]] += 1
                    if n == 0:  # the record's name
                        named[word][text[start:end]] += 1
                    seen.add(word)
        records.update(seen)
    rows = [(word, (named.get(word) or forms[word]).most_common(1)[0][0], records[word])
            for word in sorted(forms)]
    conn.executemany(f"INSERT INTO {VOCABULARY_TABLE} VALUES (?, ?, ?)", rows)  # noqa: S608
    return len(rows)


# -- the vocabulary in memory -----------------------------------------------------------------


class Speller:
    """The words a search may be corrected to, in memory: *entries* are ``(folded word,
    spelling as written, records holding it)``; a word given twice adds its records, and
    keeps the first spelling that is not all lower case (the directory's over the notes')."""

    def __init__(self, entries: Iterable[tuple[str, str, int]]) -> None:
        self._records: dict[str, int] = {}
        self._shown: dict[str, str] = {}
        for word, shown, count in entries:
            if not _storable(word):
                continue
            self._records[word] = self._records.get(word, 0) + int(count)
            if word not in self._shown or (self._shown[word].islower() and not shown.islower()):
                self._shown[word] = shown
        self._sorted = sorted(self._records)
        # The candidates for a word: the words of its first letter, by length.
        self._by_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self._sorted:
            self._by_length[word[0], len(word)].append(word)
        self._longest = max((n for _first, n in self._by_length), default=0)
        self._lock = threading.Lock()
        # Per first letter and length n: the first n (and n + 1) letters of longer words, and
        # for each the word most records hold among them, made when first needed.
        self._starts: dict[tuple[str, int], tuple[list[str], list[str]]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def starts_a_word(self, word: str) -> bool:
        """Whether *word* (folded) is a word of the vocabulary or the start of one."""
        at = bisect.bisect_left(self._sorted, word)
        return at < len(self._sorted) and self._sorted[at].startswith(word)

    def entries(self) -> list[tuple[str, str, int]]:
        """Every word as ``(folded word, spelling as written, records holding it)``."""
        return [(word, self._shown[word], count) for word, count in self._records.items()]

    def shown(self, word: str) -> str:
        """*word* (folded) as the records write it; *word* itself when unknown."""
        return self._shown.get(word, word)

    def _starts_of(self, first: str, length: int) -> tuple[list[str], list[str]]:
        with self._lock:
            made = self._starts.get((first, length))
            if made is None:
                starts: dict[str, str] = {}
                for size in range(length + 1, self._longest + 1):
                    for word in self._by_length.get((first, size), ()):
                        for cut in (word[:length], word[:length + 1]):
                            best = starts.get(cut)
                            if best is None or self._records[word] > self._records[best]:
                                starts[cut] = word
                made = self._starts[first, length] = (list(starts), list(starts.values()))
            return made

    def nearest(self, word: str) -> str | None:
        """The vocabulary's word nearest *word* (folded), or None when none is close enough
        (or *word* is too short, or not all letters). Only words of the same first letter
        are candidates: a first letter is seldom mistyped (Lucene's spell checker assumes
        it too), and it keeps the search to a 26th of the vocabulary. Then the fewest edits,
        a whole word before the start of a longer one, the word more records hold, and the
        first in alphabetical order."""
        found = self.candidates(word, 1)
        return found[0] if found else None

    def candidates(self, word: str, limit: int = CANDIDATES) -> list[str]:
        """Up to *limit* words of the vocabulary close enough to *word* (folded), nearest
        first, in :meth:`nearest`'s order; empty when none is (or *word* cannot be
        corrected)."""
        if not _correctable(word):
            return []
        most = _edits(word)
        found: list[tuple[int, int, int, str]] = []
        whole = [w for n in range(len(word) - most, len(word) + most + 1)
                 for w in self._by_length.get((word[0], n), ())]
        for choice, distance, _index in process.extract(
                word, whole, scorer=OSA.distance, score_cutoff=most, limit=None):
            found.append((int(distance), 0, -self._records[choice], choice))
        cuts, full = self._starts_of(word[0], len(word))
        for _choice, distance, index in process.extract(
                word, cuts, scorer=OSA.distance, score_cutoff=most, limit=None):
            found.append((int(distance), 1, -self._records[full[index]], full[index]))
        ranked: list[str] = []
        for *_order, choice in sorted(found):
            if choice != word and choice not in ranked:
                ranked.append(choice)
                if len(ranked) == limit:
                    break
        return ranked


# -- correcting a search ----------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """A search's text corrected: *typed* as typed, *searched* the text searched instead
    (the typed text with each corrected word replaced by its spelling in the records:
    ``"nuevo lein"`` → ``"nuevo León"``), and *words* the (typed word, replacement) pairs."""

    typed: str
    searched: str
    words: tuple[tuple[str, str], ...]

    def as_json(self) -> dict[str, object]:
        """``{"typed": …, "searched": …, "words": [[typed, replacement], …]}``."""
        return {"typed": self.typed, "searched": self.searched,
                "words": [list(pair) for pair in self.words]}


#: How records write some consecutive folded words (a name such as "Nuevo León"), or None.
Written = Callable[[tuple[str, ...]], "str | None"]
#: The longest run of words looked up as a name around a corrected word.
_LONGEST_NAME = 4


def correct(text: str, speller: Speller | Callable[[], Speller],
            matches: Callable[[str], bool], written: Written | None = None,
            finds: Callable[[str], bool] | None = None) -> Correction | None:
    """*text* with every word that matches nothing replaced by its nearest word, or None when
    no word needs (or finds) a correction. *matches(word)* says whether the folded *word*,
    searched as the start of a word, finds anything; it is asked only about words that could
    be corrected (see the module's docstring). *speller* may be a function that gives it,
    called only when a word matches nothing. A corrected word takes its spelling in the
    records; with *written*, words around it that the records write as one name take that
    name's form ("nuevo lein" → "Nuevo León", not "nuevo León"), and a word the speller has
    only folded ("fundicion", from the notes) takes its form as written when *written* knows
    it. With *finds*, a correction is offered only when *finds(searched)* says the corrected
    text finds something: each corrected word's next candidates are tried in turn (up to
    :data:`CANDIDATES` each, one word at a time), and None is returned when none finds
    anything (issue 17's trial: "jurgen grob" was shown as "jurgen grow", which found
    nothing, while Jürgen Groß was in the notes). Raises what *matches*, *speller*,
    *written* and *finds* raise."""
    spans = word_spans(text)
    # Each word: (start, end, folded parts, its replacement as folded or None).
    typed: list[tuple[int, int, list[str], str | None]] = []
    options: dict[int, list[str]] = {}  # word number -> its candidates, nearest first
    at = 0
    for parts in words(text):
        taken = len(parts) + (1 if len(parts) > 1 else 0)
        here, at = spans[at:at + taken], at + taken
        start, end = here[0][1], here[-1][2]
        nearest = None
        if len(parts) == 1 and _correctable(parts[0]) and not matches(parts[0]):
            if not isinstance(speller, Speller):
                speller = speller()
            found = speller.candidates(parts[0], CANDIDATES if finds is not None else 1)
            if found:
                nearest = found[0]
                options[len(typed)] = found
        typed.append((start, end, parts, nearest))
    if not options:
        return None
    assert isinstance(speller, Speller)
    chosen = {k: found[0] for k, found in options.items()}
    best = _corrected(text, typed, chosen, speller, written)
    if finds is None or finds(best.searched):
        return best
    # The nearest words find nothing together: try each word's next candidates in turn.
    for k, found in options.items():
        for other in found[1:]:
            tried = _corrected(text, typed, {**chosen, k: other}, speller, written)
            if finds(tried.searched):
                return tried
    return None


def _corrected(text: str, typed: list[tuple[int, int, list[str], str | None]],
               chosen: dict[int, str], speller: Speller, written: Written | None
               ) -> Correction:
    """*text* with the words numbered in *chosen* replaced by the folded words given there,
    each in its spelling in the records (and names around it as :func:`correct` says)."""
    typed = [(start, end, parts, chosen.get(k)) for k, (start, end, parts, _n)
             in enumerate(typed)]
    changes: dict[int, str] = {}  # word number -> the replacement as written
    for k, nearest in chosen.items():
        shown = speller.shown(nearest)
        if written is not None and shown == nearest:  # known only folded
            shown = written((nearest,)) or shown
        changes[k] = shown
    # Runs of words written as one name in the records, around each corrected word.
    replaced: list[tuple[int, int, str]] = []  # (first word, last word, as written)
    if written is not None:
        for k in sorted(changes):
            if any(first <= k <= last for first, last, _w in replaced):
                continue
            found = _name_around(typed, k, written, replaced)
            if found is not None:
                replaced.append(found)
    for k, shown in changes.items():
        if not any(first <= k <= last for first, last, _w in replaced):
            replaced.append((k, k, shown))
    searched = text
    for first, last, shown in sorted(replaced, reverse=True):
        searched = searched[:typed[first][0]] + shown + searched[typed[last][1]:]
    return Correction(text, " ".join(searched.split()),
                      tuple((text[typed[k][0]:typed[k][1]], shown)
                            for k, shown in sorted(changes.items())))


def _name_around(typed: list[tuple[int, int, list[str], str | None]], k: int,
                 written: Written, taken: list[tuple[int, int, str]]
                 ) -> tuple[int, int, str] | None:
    """The longest run of plain words around word *k* (up to :data:`_LONGEST_NAME`, none in
    *taken*) that the records write as one name: (first word, last word, as written)."""
    def plain(n: int) -> bool:
        return len(typed[n][2]) == 1 and not any(a <= n <= b for a, b, _w in taken)

    low = k
    while low > 0 and k - low < _LONGEST_NAME - 1 and plain(low - 1):
        low -= 1
    high = k
    while high < len(typed) - 1 and high - k < _LONGEST_NAME - 1 and plain(high + 1):
        high += 1
    runs = [(first, last) for first in range(low, k + 1) for last in range(k, high + 1)
            if 2 <= last - first + 1 <= _LONGEST_NAME]
    for first, last in sorted(runs, key=lambda run: (run[0] - run[1], run[0])):
        folded = tuple(typed[n][3] or typed[n][2][0] for n in range(first, last + 1))
        name = written(folded)
        if name is not None:
            return first, last, name
    return None


def written_in(text: str, wanted: tuple[str, ...]) -> str | None:
    """Where *text* writes the folded words *wanted* one after the other, as written there
    (``written_in("Clúster de Nuevo León", ("nuevo", "leon"))`` → ``"Nuevo León"``), or
    None."""
    kept: list[tuple[str, int, int]] = []
    for word, start, end in word_spans(text):
        if kept and start < kept[-1][2]:
            continue  # the parts of a word written as one: its parts are kept
        kept.append((word, start, end))
    size = len(wanted)
    for n in range(len(kept) - size + 1):
        if tuple(w for w, _s, _e in kept[n:n + size]) == wanted:
            return text[kept[n][1]:kept[n + size - 1][2]]
    return None


# -- the directory's and the notes' vocabularies ----------------------------------------------

# Spellers by directory file (path, size, time written): the file is read-only, so its
# vocabulary never changes while it is open, and every connection to it (the window's, the
# query thread's) shares one.
_SPELLERS: dict[tuple[str, int, int], Speller] = {}
_SPELLERS_LOCK = threading.Lock()


def directory_speller(directory: Directory) -> Speller:
    """The vocabulary of *directory*, read once per file. Raises :class:`DirectoryError` when
    it cannot be read."""
    try:
        stat = directory.path.stat()
    except OSError as exc:
        raise DirectoryError(_cannot_read(directory, exc)) from exc
    key = (str(directory.path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _SPELLERS_LOCK:
        speller = _SPELLERS.get(key)
        if speller is None:
            try:
                rows = directory.conn.execute(
                    f"SELECT word, shown, records FROM {VOCABULARY_TABLE}").fetchall()  # noqa: S608
            except sqlite3.DatabaseError as exc:
                raise DirectoryError(_cannot_read(directory, exc)) from exc
            while len(_SPELLERS) >= 4:
                del _SPELLERS[next(iter(_SPELLERS))]
            speller = _SPELLERS[key] = Speller(rows)
        return speller


def _matches_in(conn: sqlite3.Connection, table: str, columns: str = "") -> Callable[[str], bool]:
    """Whether a folded word starts a word of the FTS5 *table* (in *columns*, an FTS5 column
    filter such as ``"{title body} : "``)."""
    def matches(word: str) -> bool:
        # The word is folded to letters only: no quote can reach the query.
        row = conn.execute(f"SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT 1",  # noqa: S608
                           [f'{columns}"{word}"*']).fetchone()
        return row is not None
    return matches


def _written_by(conn: sqlite3.Connection, query: str, columns: str) -> Written:
    """How the rows of an FTS5 index write some folded words: *query* reads the texts as
    written of the rows that hold them (its one parameter an FTS5 phrase, limited to
    *columns*); the first that writes them one after the other gives their form."""
    def written(wanted: tuple[str, ...]) -> str | None:
        # The words are folded to letters only: no quote can reach the query.
        for row in conn.execute(query, [f'{columns}"{" ".join(wanted)}"']):
            for value in row:
                found = written_in(str(value or ""), wanted)
                if found is not None:
                    return found
        return None
    return written


def _names_in(directory: Directory) -> Written:
    """The directory's names and aliases that write some words one after the other."""
    return _written_by(directory.conn, "SELECT shown.name, shown.aliases FROM search "
                       "JOIN display_text AS shown ON shown.rowid = search.rowid "
                       "WHERE search MATCH ? LIMIT 20", "{name aliases} : ")


def _notes_written(notes: sqlite3.Connection) -> Written:
    """The notes' and contacts' texts as written that hold some words one after the other."""
    return _written_by(notes, "SELECT label, text FROM search WHERE search MATCH ? LIMIT 20",
                       "{title body} : ")


def directory_correction(directory: Directory, text: str,
                         finds: Callable[[str], bool] | None = None) -> Correction | None:
    """:func:`correct` for a search of *directory* (its ``search`` index and its vocabulary),
    offered only when *finds* (if given) says the corrected text finds something. Raises
    :class:`DirectoryError` when the file cannot be read."""
    return correction(text, directory, finds=finds)


def _notes_words(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """The notes index's words of titles and bodies, with how many rows hold each."""
    # fts5vocab in the temporary schema: it writes nothing to the notes file (which may be
    # read-only), and reads the index's own list of terms.
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.notes_words "
                 "USING fts5vocab(main, search, col)")
    return [(str(term), int(docs)) for term, docs in conn.execute(
        "SELECT term, sum(doc) FROM temp.notes_words WHERE col IN ('title', 'body') "
        "GROUP BY term")]


#: The spellers made last for notes: (notes connection, directory, change count) -> speller.
#: A few: a window and My notes' thread each have a connection.
_NOTES_SPELLERS: dict[tuple[int, int, int], Speller] = {}
#: The notes' own words are corrected to only when they hold at most this many contacts and
#: notes: reading them costs ≈ 10 ms per 1,000 records (1 s at 100,000, which a keystroke
#: cannot wait for), again after every change. Above it, the directory's words only.
NOTES_WORDS_LIMIT = 2_000


def _notes_speller(notes: sqlite3.Connection, changes: int, directory: Directory | None
                   ) -> Speller:
    """The notes' own words (up to :data:`NOTES_WORDS_LIMIT` records) and, with *directory*,
    its vocabulary (whose spellings win), read again when the notes' change count moves."""
    base = directory_speller(directory) if directory is not None else None
    records = notes.execute("SELECT (SELECT count(*) FROM contacts) + "
                            "(SELECT count(*) FROM notes)").fetchone()[0]
    if records > NOTES_WORDS_LIMIT:
        return base if base is not None else Speller(())
    key = (id(notes), id(directory), changes)
    with _SPELLERS_LOCK:
        speller = _NOTES_SPELLERS.get(key)
    if speller is None:
        own = [(word, word, docs) for word, docs in _notes_words(notes)]
        speller = Speller(own if base is None else [*base.entries(), *own])
        with _SPELLERS_LOCK:
            for old in [k for k in _NOTES_SPELLERS if k[:2] == key[:2]]:
                del _NOTES_SPELLERS[old]
            while len(_NOTES_SPELLERS) >= 4:
                del _NOTES_SPELLERS[next(iter(_NOTES_SPELLERS))]
            _NOTES_SPELLERS[key] = speller
    return speller


def correction(text: str, directory: Directory | None = None,
               notes: sqlite3.Connection | None = None, changes: int = 0,
               finds: Callable[[str], bool] | None = None) -> Correction | None:
    """:func:`correct` for a search of *directory*, of the user's notes open on *notes* (whose
    change count is *changes*: their words are read again when it moves), or of both (Ctrl+K,
    ``mxdesk search``): a word that starts a word of either index is left as typed; the others
    are corrected against both vocabularies, in the directory's spelling where it has the
    word. With *finds*, only a correction that finds something is offered (:func:`correct`).
    Returns None for no correction, or with neither source. Raises
    :class:`DirectoryError` when the directory cannot be read, :class:`MxdeskError` when the
    notes cannot."""
    if not text.strip() or (directory is None and notes is None):
        return None
    checks: list[Callable[[str], bool]] = []
    if directory is not None:
        checks.append(_matches_in(directory.conn, "search"))
    if notes is not None:
        checks.append(_matches_in(notes, "search", "{title body} : "))
    try:
        base = directory_speller(directory) if directory is not None else None

        def matches(word: str) -> bool:
            # The directory's vocabulary holds every word of letters of its index: a look-up
            # in memory answers at once. Only a word that starts none asks the indexes
            # themselves (the notes', and the directory's words with digits, which the
            # vocabulary leaves out): a prefix query of FTS5 reads every word it starts,
            # 5 ms for "cluster" at 100,000 clusters.
            return (base is not None and base.starts_a_word(word)) \
                or any(check(word) for check in checks)

        def speller() -> Speller:
            # Only for a word that matches nothing: the notes' words are read then.
            if notes is None:
                assert base is not None
                return base
            return _notes_speller(notes, changes, directory)

        names = [_names_in(directory)] if directory is not None else []
        own = [_notes_written(notes)] if notes is not None else []

        def written(wanted: tuple[str, ...]) -> str | None:
            # Several words: the directory's names, then the notes. One word: the notes (the
            # directory's vocabulary already has its words as written).
            for lookup in names + own if len(wanted) > 1 else own:
                found = lookup(wanted)
                if found is not None:
                    return found
            return None

        return correct(text, speller, matches, written, finds)
    except sqlite3.DatabaseError as exc:
        if notes is None and directory is not None:
            raise DirectoryError(_cannot_read(directory, exc)) from exc
        raise MxdeskError(_("cannot read the words to correct the search from: "
                            "{reason}").format(reason=exc)) from exc


def _cannot_read(directory: Directory, exc: Exception) -> str:
    return _("cannot read {path}: {reason}").format(path=directory.path, reason=exc)
