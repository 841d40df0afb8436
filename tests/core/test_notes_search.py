"""Search in the user's notes: one folding for the index and the query, notes of any length,
and text stored in one Unicode form (NFC) whatever form it was typed in."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core import exchange
from mxdesk.core.notes import Contact, Note, NotesStore, ShortlistItem
from mxdesk.core.notes.records import ContactPoint, points
from mxdesk.core.notes.schema import PART_CHARS, split_parts
from mxdesk.core.search import fts_query
from mxdesk.core.text import FTS_TOKENIZE
from tests.conftest import fuzz_examples

#: /work/shared/cases/seed_contacts.json: a notes export with accents, "ß", quotes, new lines.
SEED_CONTACTS = {"format": "mxdesk-notes", "version": 1, "notes": [], "shortlists": [],
                 "contacts": [
    {"uid": "11111111-1111-4111-8111-111111111111", "name": "Ana Pérez",
     "role": "Directora de Vinculación",
     "organisation": "Clúster Automotriz de Nuevo León, A.C.",
     "cluster_id": "aerocluster-queretaro", "email": "ana.perez@example.org",
     "phone": "+52 81 5550 0101", "met_where": "Monterrey; feria INA PAACE",
     "met_on": "2025-03-14", "tags": ["misión MTY", "automotriz"],
     "comment": "Interesada en proveedores de Baviera.\nLlamar después del 20 \"sin falta\"; "
                "enviar catálogo."},
    {"uid": "22222222-2222-4222-8222-222222222222", "name": "Jürgen Groß",
     "role": "Cluster manager", "organisation": "Automotive Cluster Bayern", "cluster_id": None,
     "email": "jg@example.org", "phone": "+49 89 5555 0199", "met_where": "Querétaro",
     "met_on": "2025-03-15", "tags": ["EU"],
     "comment": "Precio objetivo ≥ 12 € / unidad – revisar."}]}
NFD = "NFD"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    opened = NotesStore(tmp_path / "notes.db")
    yield opened
    opened.close()


def _names(store: NotesStore, text: str) -> set[str]:
    return {hit.title for hit in store.search(text, limit=10_000)}


# -- one folding ------------------------------------------------------------------------------


@pytest.fixture
def people(store: NotesStore) -> NotesStore:
    """The seed file's two contacts (as ``mxdesk notes import`` stores them) and a few more
    whose names or notes failed to be found before the index and the query folded alike."""
    seed = store.path.with_name("seed_contacts.json")
    seed.write_text(json.dumps(SEED_CONTACTS, ensure_ascii=False), encoding="utf-8")
    incoming = exchange.read_file(seed)
    exchange.apply_plan(store, exchange.plan_import(store, incoming), merge=False)
    store.save_contact(Contact("Paweł Kowalczyk", organisation="Pro-Aéreo",
                               met_where="Maximilianstraße 12, München"))
    store.save_contact(Contact("Søren Ødegård", role="Cluster manager",
                               comment="Oﬃce in Đakovo; prefers \ufb01nance calls"))
    store.save_note(Note("Reunio\u0301n en Quere\u0301taro"))  # typed decomposed (macOS)
    return store


#: (query, the records it finds by name): each missed before schema 5.
FOLDING = [
    ("Groß", {"Jürgen Groß"}),
    ("gross", {"Jürgen Groß"}),
    ("GROSS", {"Jürgen Groß"}),
    ("Maximilianstraße", {"Paweł Kowalczyk"}),
    ("maximilianstrasse", {"Paweł Kowalczyk"}),
    ("pawel", {"Paweł Kowalczyk"}),
    ("Paweł", {"Paweł Kowalczyk"}),
    ("ProAéreo", {"Paweł Kowalczyk"}),
    ("proaereo", {"Paweł Kowalczyk"}),
    ("Pro-Aéreo", {"Paweł Kowalczyk"}),
    ("aereo", {"Paweł Kowalczyk"}),
    ("soren odegard", {"Søren Ødegård"}),
    ("office", {"Søren Ødegård"}),  # "Oﬃce", with the ligature
    ("ﬁnance", {"Søren Ødegård"}),  # the ligature typed, "finance" stored as one
    ("finance", {"Søren Ødegård"}),
    ("dakovo", {"Søren Ødegård"}),
    ("Queretaro", {"Jürgen Groß", "Reunión en Querétaro"}),
    ("Quere\u0301taro", {"Jürgen Groß", "Reunión en Querétaro"}),  # the query decomposed
    ("reunión", {"Reunión en Querétaro"}),
    ("A.C.", {"Ana Pérez"}),
    ('"AND ( NEAR(', set()),
]


@pytest.mark.parametrize(("query", "expected"), FOLDING)
def test_one_folding_finds_the_record(people: NotesStore, query: str,
                                      expected: set[str]) -> None:
    assert _names(people, query) == expected


def test_the_index_uses_the_tokenizer_of_the_folding(store: NotesStore) -> None:
    """The notes index holds text folded by index_text() under the tokenizer made for it; if
    text.FTS_TOKENIZE changes, the notes need a migration that rebuilds their index."""
    sql = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()[0]
    assert f"tokenize = '{FTS_TOKENIZE}'" in sql


def test_seed_contacts_imported_by_the_command_are_found(tmp_path: Path) -> None:
    seed = tmp_path / "seed_contacts.json"
    seed.write_text(json.dumps(SEED_CONTACTS, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mxdesk", "notes", "import", str(seed)],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "MXDESK_DATA_DIR": str(tmp_path)}, check=False)
    assert result.returncode == 0, result.stderr
    with NotesStore(tmp_path / "notes.db") as store:
        for query in ("Groß", "gross", "GROSS", "Gro\u00df", "jurgen"):
            assert _names(store, query) == {"Jürgen Groß"}, query


# -- any text is found by itself (hypothesis) --------------------------------------------------

#: Letters whose folding once differed between the index and the query, joiners, marks.
_HARD = list("ßẞﬁﬂﬀﬃłŁøØđĐðÐħŧþÞæÆœŒıİǅŉſςΣ-.'’&+·ʼ\u00ad\u200d\u0301\u0308\u0327 \n\t"
             "aeéAEÉ19")
_WORD = st.text(alphabet=st.sampled_from(_HARD + list("bcxyz")), min_size=1, max_size=12)
_TEXT = st.one_of(st.text(max_size=60), _WORD, st.lists(_WORD, max_size=12).map(" ".join))


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NotesStore]:
    """One store for every example (opening a store costs more than an example)."""
    opened = NotesStore(tmp_path_factory.mktemp("any-text") / "notes.db")
    yield opened
    opened.close()


@settings(max_examples=fuzz_examples(1000), deadline=None, derandomize=True)
@given(text=_TEXT, where=st.sampled_from(["name", "comment", "note"]))
def test_any_text_saved_is_found_by_itself(shared_store: NotesStore, text: str,
                                           where: str) -> None:
    """Saved as a contact's name, its comment or a note, any text is found by searching that
    text, typed decomposed (NFD), in upper case or in lower case."""
    store = shared_store
    if where == "note":
        record: Contact | Note = store.save_note(Note(text))
    elif where == "name":
        record = store.save_contact(Contact(text))
    else:
        record = store.save_contact(Contact("Someone", comment=text))
    try:
        if not fts_query(text):
            return  # nothing searchable in it: punctuation, marks, white space
        for typed in (text, unicodedata.normalize(NFD, text), text.upper(), text.lower()):
            assert fts_query(typed), (text, typed)
            found = {(hit.kind, hit.id) for hit in store.search(typed, limit=100_000)}
            assert (where if where == "note" else "contact", record.id) in found, (text, typed)
    finally:
        # One record at a time keeps each search short (the search is tested at scale in
        # test_notes_scale.py).
        if isinstance(record, Note):
            store.delete_note(int(record.id or 0))
        else:
            store.delete_contact(int(record.id or 0))


# -- notes of any length ----------------------------------------------------------------------


def _prose(words: int, start: int = 0) -> str:
    vocab = ["reunión", "proveedores", "catálogo", "aduana", "feria", "Querétaro", "planta"]
    return " ".join(f"{vocab[(start + n) % len(vocab)]}{(start + n) % 97}" for n in range(words))


def test_parts_are_cut_at_white_space_and_hold_the_whole_text() -> None:
    text = _prose(3000) + " " + "x" * 9000 + "\n" + _prose(10)
    parts = split_parts(text)
    assert "".join(part for _start, part in parts) == text
    assert all(text[start:start + len(part)] == part for start, part in parts)
    assert all(len(part) <= 2 * PART_CHARS for _start, part in parts)
    assert all(part[0].isspace() for start, part in parts if start and "x" * 10 not in part)
    assert split_parts("") == []
    assert split_parts("short") == [(0, "short")]


def test_a_long_note_is_one_hit_with_a_short_passage(store: NotesStore) -> None:
    body = "Minutes of the Monterrey fair\n" + _prose(60_000) + " zyzzyva Ødegård " + \
        _prose(500)
    note = store.save_note(Note(body))
    assert store.conn.execute("SELECT count(*) FROM search").fetchone()[0] > 100
    hits = store.search("aduana")  # in every part
    assert [(h.kind, h.id, h.title) for h in hits] == [
        ("note", note.id, "Minutes of the Monterrey fair")]
    assert len(hits[0].snippet) < 300
    assert "[aduana" in hits[0].snippet
    rare = store.search("odegard")
    assert len(rare) == 1
    assert "zyzzyva [Ødegård]" in rare[0].snippet  # cut from the text as written
    assert rare[0].snippet.startswith("…")
    assert rare[0].snippet.endswith("…")


def test_words_far_apart_in_a_long_note_find_it(store: NotesStore) -> None:
    body = "Alfa primero. " + _prose(20_000) + " omega al final."
    note = store.save_note(Note(body))
    store.save_note(Note("alfa only"))
    assert [h.id for h in store.search("alfa omega")] == [note.id]
    assert [h.id for h in store.search("omega alfa")] == [note.id]
    assert store.search("alfa omega zzz") == []
    assert {h.id for h in store.search("alfa")} == {note.id, note.id + 1}


def test_a_record_shrunk_leaves_no_part_behind(store: NotesStore) -> None:
    note = store.save_note(Note(_prose(20_000) + " tail-word"))
    store.save_note(Note("short now", id=note.id, uid=note.uid))
    assert store.conn.execute("SELECT count(*) FROM search").fetchone()[0] == 1
    assert store.search("tail") == []
    store.delete_note(int(note.id or 0))
    assert store.conn.execute("SELECT count(*) FROM search").fetchone()[0] == 0


def test_the_limit_counts_records_not_parts(store: NotesStore) -> None:
    for n in range(5):
        store.save_note(Note(f"note {n} " + _prose(3000, start=n)))
    assert len(store.search("aduana", limit=3)) == 3
    assert len({h.id for h in store.search("aduana")}) == 5


def test_a_contact_is_found_by_every_field_and_shown_by_its_name(store: NotesStore) -> None:
    saved = store.save_contact(Contact(
        "Ana Pérez", role="Directora", organisation="CLAUGTO",
        emails=(ContactPoint("ana@example.org", ("work",)), ContactPoint("ana@casa.example")),
        phones=points("+52 477 000 0000", "+52 1 555"), met_where="León, stand 12",
        tags=("automotriz", "hot"), comment="Llamar después del 20"))
    for query in ("ana perez", "directora", "claugto", "casa example", "555", "stand 12",
                  "automotriz", "despues", "leon"):
        hits = store.search(query)
        assert [(h.kind, h.id, h.title) for h in hits] == [("contact", saved.id, "Ana Pérez")], \
            query
    assert store.search("despues")[0].snippet.endswith("Llamar [después] del 20")


# -- one Unicode form (NFC) ---------------------------------------------------------------------


def _decomposed(text: str) -> str:
    return unicodedata.normalize(NFD, text)


def test_everything_is_stored_composed(store: NotesStore) -> None:
    d = _decomposed
    contact = store.save_contact(Contact(
        d("José Núñez"), role=d("Dirección"), organisation=d("Clúster"), cluster_id="claugto",
        emails=(ContactPoint(d("josé@ejemplo.mx"), (d("trabajo-ñ"),)),),
        phones=points(d("+52 ñ")), met_where=d("León"), met_on="2025-03-14",
        tags=(d("misión"),), comment=d("Reunión")))
    note = store.save_note(Note(d("Añadir catálogo")))
    shortlist = store.create_shortlist(d("Misión León"))
    store.set_items(int(shortlist.id or 0), [ShortlistItem("claugto", d("reunión"))])
    raw = sqlite3.connect(store.path)
    try:
        texts = [value for table in ("contacts", "contact_points", "contact_tags", "notes",
                                     "shortlists", "shortlist_items")
                 for row in raw.execute(f"SELECT * FROM {table}")
                 for value in row if isinstance(value, str)]
    finally:
        raw.close()
    assert any("ñ" in t for t in texts)
    assert all(t == unicodedata.normalize("NFC", t) for t in texts)
    assert store.contact(int(contact.id or 0)).name == "José Núñez"
    assert store.note(int(note.id or 0)).body == "Añadir catálogo"
    assert store.contacts(tag=d("misión")) == [store.contact(int(contact.id or 0))]
    assert store.shortlist(int(shortlist.id or 0)).items == (ShortlistItem("claugto", "reunión"),)


def test_a_difference_of_unicode_form_is_no_conflict(store: NotesStore) -> None:
    base = store.save_contact(Contact("Ana", comment="Reunión en León"))
    # Another window changes the role; ours then saves the comment as typed on a Mac
    # (decomposed) from the older copy: the same text, so no conflict and no note.
    store.update_contact(base, {"role": "Directora"})
    ours = store.update_contact(base, {"comment": _decomposed("Reunión en León")})
    assert ours.conflicts == ()
    assert store.notes() == []
    # A comment stored decomposed by an older mxdesk is the same text as ours composed:
    # changing it from our copy is a plain save, not a conflict.
    store.conn.execute("UPDATE contacts SET comment = ? WHERE id = ?",
                       [_decomposed("Reunión en León"), base.id])
    changed = store.update_contact(base, {"comment": "Reunión en León, sala 2"})
    assert changed.conflicts == ()
    assert changed.record.comment == "Reunión en León, sala 2"  # type: ignore[union-attr]
    # A real difference still is one.
    clash = store.update_contact(base, {"comment": "Otra cosa"})
    assert [c.field for c in clash.conflicts] == ["comment"]


def test_search_shows_what_was_typed_decomposed_as_composed(store: NotesStore) -> None:
    store.save_note(Note(_decomposed("Visita a Querétaro el martes")))
    [hit] = store.search("queretaro")
    assert hit.title == "Visita a Querétaro el martes"
    assert "[Querétaro]" in hit.snippet
    assert not re.search(r"[\u0300-\u036f]", hit.snippet)
