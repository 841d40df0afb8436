"""Misspelt searches corrected (mxdesk/core/spelling.py, issue 17): against the vocabulary the
build stores, only for words that match nothing, in the records' spelling."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mxdesk.core import spelling
from mxdesk.core.directory import Directory
from mxdesk.core.notes import Contact, Note, NotesStore
from mxdesk.core.search import search
from mxdesk.core.spelling import (
    VOCABULARY_TABLE,
    Speller,
    correct,
    correction,
    directory_correction,
    directory_speller,
    written_in,
)

#: The issue's typos: (typed, searched instead, a record the search must find).
TYPOS = [
    ("queretero", "Querétaro", ("state", "queretaro")),
    ("monterey", "Monterrey", ("cluster", "monterrey-aerocluster")),
    ("aeroespace", "Aerospace", ("cluster", "chihuahua-aerospace-cluster")),
    ("chihuaha", "Chihuahua", ("state", "chihuahua")),
    ("automotrix", "Automotriz", ("cluster", "cluster-automotriz-puebla")),
    ("nuevo lein", "Nuevo León", ("state", "nuevo-leon")),
]


@pytest.mark.parametrize(("typed", "searched", "record"), TYPOS)
def test_each_typo_finds_the_intended_record(directory: Directory, typed: str, searched: str,
                                             record: tuple[str, str]) -> None:
    assert search(directory, typed) == []  # nothing, as before the issue
    corrected = directory_correction(directory, typed)
    assert corrected is not None
    assert corrected.searched == searched
    assert record in {(hit.kind, hit.id) for hit in search(directory, corrected.searched,
                                                           limit=None)}


@pytest.mark.parametrize("typed", ["queretaro", "queret", "Querétaro", "nuevo leon", "monterrey",
                                   "aero", "cluster", "A.C.", "pro-aereo", "semarnat", "2016"])
def test_a_word_that_matches_is_never_corrected(directory: Directory, typed: str) -> None:
    assert search(directory, typed)
    assert directory_correction(directory, typed) is None


def test_no_word_of_the_vocabulary_nor_its_start_is_ever_corrected(
        directory: Directory) -> None:
    words = [w for (w,) in directory.conn.execute(f"SELECT word FROM {VOCABULARY_TABLE}")]
    assert len(words) > 1_000
    corrected = {w: c for w in words
                 for c in [directory_correction(directory, w), directory_correction(
                     directory, w[:max(3, len(w) - 2)])] if c is not None}
    assert corrected == {}


def test_two_words_correct_only_the_one_that_matches_nothing(directory: Directory) -> None:
    corrected = directory_correction(directory, "automotriz  nuevo lein")
    assert corrected is not None
    assert corrected.words == (("lein", "León"),)
    assert corrected.searched == "automotriz Nuevo León"
    assert corrected.typed == "automotriz  nuevo lein"
    ids = {h.id for h in search(directory, corrected.searched, "cluster", limit=None)}
    assert "claut" in ids  # the Nuevo León automotive cluster
    # Each of two misspelt words is corrected; the rest of the text is kept as typed.
    both = directory_correction(directory, "Monterey, chihuaha!")
    assert both is not None
    assert both.searched == "Monterrey, Chihuahua!"
    assert both.as_json() == {"typed": "Monterey, chihuaha!",
                              "searched": "Monterrey, Chihuahua!",
                              "words": [["Monterey", "Monterrey"], ["chihuaha", "Chihuahua"]]}


@pytest.mark.parametrize("typed", ["xq", "qz", "zzzzzzzzzzzz", "qqq9", "x.y.", "qxqxq"])
def test_short_words_digits_abbreviations_and_far_words_are_left(directory: Directory,
                                                                 typed: str) -> None:
    assert directory_correction(directory, typed) is None


def test_a_word_being_typed_is_corrected_to_the_word_it_starts(directory: Directory) -> None:
    # "querete…" on the way to "queretero": the start of Querétaro, one edit away.
    corrected = directory_correction(directory, "querete")
    assert corrected is not None
    assert corrected.searched == "Querétaro"


def test_the_build_stores_the_words_with_their_spelling_and_records(directory: Directory
                                                                    ) -> None:
    rows = {w: (s, n) for w, s, n in directory.conn.execute(
        f"SELECT word, shown, records FROM {VOCABULARY_TABLE} WHERE word IN "
        "('queretaro', 'leon', 'proaereo', 'monterrey')")}
    assert rows["queretaro"][0] == "Querétaro"
    assert rows["leon"][0] == "León"
    assert rows["proaereo"][0] == "Pro-Aéreo"
    # In as many records as the index finds for the word whole.
    found = directory.conn.execute(
        "SELECT count(*) FROM search WHERE search MATCH '\"monterrey\"'").fetchone()[0]
    assert rows["monterrey"][1] == found
    assert directory.conn.execute(  # nothing with a digit, nothing shorter than 3 letters
        f"SELECT count(*) FROM {VOCABULARY_TABLE} WHERE length(word) < 3 "
        "OR word GLOB '*[0-9]*'").fetchone()[0] == 0


def test_fresh_build_has_the_same_vocabulary(directory: Directory, fresh_db: Path) -> None:
    with sqlite3.connect(fresh_db) as conn:
        fresh = conn.execute(f"SELECT * FROM {VOCABULARY_TABLE} ORDER BY word").fetchall()
    committed = [tuple(r) for r in directory.conn.execute(
        f"SELECT * FROM {VOCABULARY_TABLE} ORDER BY word")]
    assert fresh == committed


def test_the_speller_prefers_fewer_edits_then_whole_words_then_more_records() -> None:
    speller = Speller([("leon", "León", 30), ("lean", "lean", 2), ("leonardo", "Leonardo", 99),
                       ("lion", "lion", 1)])
    assert speller.nearest("lein") == "leon"  # one edit each: León is in more records
    assert speller.nearest("leonrado") == "leonardo"  # a swap is one edit
    # A whole word one edit away before the start of a longer one, held by more records.
    assert Speller([("aerospace", "aerospace", 1), ("aeroespacial", "Aeroespacial", 50)]
                   ).nearest("aeroespace") == "aerospace"
    assert Speller([("abcdefgh", "x", 1)]).nearest("axyz") is None  # 3 edits from its start
    assert speller.shown("leon") == "León"
    assert speller.shown("unknown") == "unknown"


def test_the_directory_vocabulary_is_read_once(directory: Directory) -> None:
    assert directory_speller(directory) is directory_speller(directory)


def test_notes_are_corrected_against_their_own_words_too(directory: Directory,
                                                         tmp_path: Path) -> None:
    with NotesStore(tmp_path / "notes.db") as store:
        store.save_note(Note("Met the buyers of Tlaquepaque ceramics", cluster_id="claugto"))
        store.save_contact(Contact("Guadalupe Xicoténcatl", role="queretero buyer"))

        def corrected(text: str) -> str | None:
            found = correction(text, directory, store.conn, store.changes())
            return found.searched if found else None

        assert corrected("tlaquepake") == "Tlaquepaque"  # a word only the notes have
        assert corrected("xicotencat") is None  # starts a word of a contact's name
        assert corrected("queretero") is None  # the notes hold it as typed: never corrected
        assert corrected("monterey") == "Monterrey"  # the directory's word, its spelling
        # A word saved since is known at once (the change count moved).
        store.save_note(Note("Visited Zacatlán apple growers"))
        assert corrected("zacatlam") == "Zacatlán"  # as the note writes it
        assert [h.title for h in store.search("tlaquepaque")] == [
            "Met the buyers of Tlaquepaque ceramics"]


def test_many_notes_are_corrected_against_the_directory_only(
        directory: Directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above NOTES_WORDS_LIMIT records their own words are not read (1 s at 100,000)."""
    monkeypatch.setattr(spelling, "NOTES_WORDS_LIMIT", 1)
    with NotesStore(tmp_path / "notes.db") as store:
        store.save_note(Note("Met the buyers of Tlaquepaque ceramics"))
        store.save_note(Note("Visited Zacatlán apple growers"))

        def corrected(text: str) -> str | None:
            found = correction(text, directory, store.conn, store.changes())
            return found.searched if found else None

        assert corrected("tlaquepake") is None
        assert corrected("tlaquepaq") is None  # still matches literally
        assert corrected("monterey") == "Monterrey"


@pytest.mark.parametrize(("typed", "searched"), [
    ("nuevo lein", "Nuevo León"),  # a state's name: both words in its form
    ("nuvo leon", "Nuevo León"),
    ("baja califronia", "Baja California"),
    ("medical devises", "Medical Devices"),  # a sector's name
    ("automotriz nuevo lein", "automotriz Nuevo León"),  # the name within the search
    ("puebal automotriz", "Puebla automotriz"),  # no name holds both: the other as typed
    ("queretero", "Querétaro"),
])
def test_a_correction_reads_as_the_records_write_a_name(directory: Directory, typed: str,
                                                        searched: str) -> None:
    """Issue 17's trial (§8): "Showing results for nuevo León", "medical Devices"."""
    found = correction(typed, directory)
    assert found is not None
    assert found.searched == searched
    assert found.typed == typed


def test_a_notes_word_is_shown_as_the_notes_write_it(directory: Directory,
                                                    tmp_path: Path) -> None:
    """The notes' words are known folded ("fundicion"); the correction shows them as written
    (issue 17's trial, §8)."""
    with NotesStore(tmp_path / "notes.db") as store:
        store.save_note(Note("Visita a la Fundición Ibáñez: vinculación con el estampado"))
        for typed, searched in [("fundicon", "Fundición"), ("ibañes", "Ibáñez"),
                                ("viculacion", "vinculación"), ("estampdo", "estampado")]:
            found = correction(typed, directory, store.conn, store.changes())
            assert found is not None, typed
            assert found.searched == searched


@pytest.mark.parametrize(("text", "wanted", "found"), [
    ("Clúster Automotriz de Nuevo León", ("nuevo", "leon"), "Nuevo León"),
    ("Pro-Aéreo León", ("aereo", "leon"), "Aéreo León"),  # a part of a joined word
    ("Nuevo Laredo, León", ("nuevo", "leon"), None),  # not one after the other
])
def test_written_in(text: str, wanted: tuple[str, ...], found: str | None) -> None:
    assert written_in(text, wanted) == found


def test_a_correction_that_finds_nothing_tries_the_next_candidates_then_gives_up() -> None:
    """Issue 17's second trial: "jurgen grob" was offered as "jurgen grow" (the nearest word,
    from the directory), which found nothing, while Jürgen Groß was in the notes."""
    speller = Speller([("grow", "grow", 40), ("group", "group", 30), ("gross", "Groß", 1)])
    assert speller.candidates("grob") == ["grow", "group", "gross"]
    assert speller.candidates("grob", 1) == ["grow"]
    asked: list[str] = []

    def finds(text: str) -> bool:
        asked.append(text)
        return text == "jurgen Groß"

    found = correct("jurgen grob", speller, lambda _word: False, finds=finds)
    assert found is not None
    assert (found.searched, found.words) == ("jurgen Groß", (("grob", "Groß"),))
    assert asked == ["jurgen grow", "jurgen group", "jurgen Groß"]
    # When no candidate finds anything, nothing is offered (the search stays as typed).
    assert correct("jurgen grob", speller, lambda _word: False,
                   finds=lambda _text: False) is None
    # Without *finds*, the nearest word as before.
    plain = correct("jurgen grob", speller, lambda _word: False)
    assert plain is not None
    assert plain.searched == "jurgen grow"
