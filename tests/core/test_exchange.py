"""Notes in and out: JSON round trips, CSV for spreadsheets, vCards for address books."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import vobject

from mxdesk.core.exchange import (
    ExchangeError,
    ImportFileError,
    apply_plan,
    export_notes,
    plan_import,
    read_file,
)
from mxdesk.core.notes import Contact, Note, NotesStore, ShortlistItem, points


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    opened = NotesStore(tmp_path / "a" / "notes.db")
    yield opened  # type: ignore[misc]
    opened.close()


@pytest.fixture
def other(tmp_path: Path) -> NotesStore:
    opened = NotesStore(tmp_path / "b" / "notes.db")
    yield opened  # type: ignore[misc]
    opened.close()


def fill(store: NotesStore) -> None:
    ana = store.save_contact(Contact(
        "Ana Pérez", role="Directora", organisation="Clúster Automotriz", cluster_id="claugto",
        emails=points("ana@example.org"), phones=points("+52 477 000"),
        met_where="León, Guanajuato",
        met_on="2026-03-14", tags=("automotive", "follow-up"),
        comment='Said: "call me in May"; likes, commas'))
    store.save_contact(Contact("Jürgen Groß", organisation="Our cluster",
                               emails=points("jg@example.de")))
    store.save_note(Note("Reunión muy útil.\nNext: send the brochure.", cluster_id="claugto",
                         contact_uid=ana.uid))
    store.save_note(Note("General idea about Querétaro"))
    shortlist = store.create_shortlist("Bajío mission, March")
    store.set_items(int(shortlist.id or 0), [ShortlistItem("claugto", "visit on day 1"),
                                            ShortlistItem("aerocluster-queretaro", "")])
    store.set_current_shortlist(int(shortlist.id or 0))


def content(store: NotesStore) -> dict[str, object]:
    """Everything that must survive a round trip (ids are local to a file)."""
    return {
        "contacts": [(c.uid, c.name, c.role, c.organisation, c.cluster_id, c.email, c.phone,
                      c.met_where, c.met_on, c.tags, c.comment, c.created_at)
                     for c in store.contacts()],
        "notes": sorted((n.uid, n.body, n.cluster_id, n.contact_uid, n.created_at)
                        for n in store.notes()),
        "shortlists": [(s.uid, s.name, s.items) for s in store.shortlists()],
        "current": (store.current_shortlist() or None) and store.current_shortlist().uid,  # type: ignore[union-attr]
    }


def test_json_round_trips_everything(store: NotesStore, other: NotesStore,
                                     tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "notes.json"
    assert export_notes(store, path) == 2 + 2 + 1
    plan = plan_import(other, read_file(path))
    assert "2 new contacts, 2 new notes, 1 new shortlists" in plan.summary(merge=False)
    apply_plan(other, plan, merge=False)
    assert content(other) == content(store)
    # Importing the same file again changes nothing.
    again = plan_import(other, read_file(path))
    assert again.empty
    assert again.same_contacts == 2


def test_csv_opens_in_a_spreadsheet(store: NotesStore, tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "contacts.csv"
    export_notes(store, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need to read UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["name"] for r in rows] == ["Ana Pérez", "Jürgen Groß"]
    assert rows[0]["comment"] == 'Said: "call me in May"; likes, commas'
    assert rows[0]["tags"] == "automotive; follow-up"


def test_csv_round_trip(store: NotesStore, other: NotesStore, tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "contacts.csv"
    export_notes(store, path)
    apply_plan(other, plan_import(other, read_file(path)), merge=False)
    assert [(c.name, c.tags, c.comment, c.met_on) for c in other.contacts()] == [
        (c.name, c.tags, c.comment, c.met_on) for c in store.contacts()]


def test_vcard_is_read_by_a_real_parser(store: NotesStore, tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "contacts.vcf"
    export_notes(store, path, {"claugto": "Cluster Automotriz de Guanajuato"})
    cards = list(vobject.readComponents(path.read_text(encoding="utf-8")))
    assert [c.fn.value for c in cards] == ["Ana Pérez", "Jürgen Groß"]
    ana = cards[0]
    assert ana.email.value == "ana@example.org"
    assert ana.tel.value == "+52 477 000"
    assert ana.org.value == ["Clúster Automotriz"]
    assert ana.title.value == "Directora"
    assert ana.categories.value == ["automotive", "follow-up"]
    assert "León, Guanajuato" in ana.note.value


def test_vcard_round_trip(store: NotesStore, other: NotesStore, tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "contacts.vcf"
    export_notes(store, path)
    apply_plan(other, plan_import(other, read_file(path)), merge=False)
    fields = [(c.uid, c.name, c.role, c.organisation, c.cluster_id, c.email, c.phone,
               c.met_where, c.met_on, c.tags, c.comment) for c in other.contacts()]
    assert fields == [(c.uid, c.name, c.role, c.organisation, c.cluster_id, c.email, c.phone,
                       c.met_where, c.met_on, c.tags, c.comment) for c in store.contacts()]


def test_duplicates_are_found_and_never_overwritten_silently(
    store: NotesStore, tmp_path: Path,
) -> None:
    fill(store)
    path = tmp_path / "in.csv"
    path.write_text("name,email,phone,comment\n"
                    "ana pérez,ANA@example.org,+52 999,new number\n"
                    "Nuevo Contacto,nuevo@example.org,,\n", encoding="utf-8")
    plan = plan_import(store, read_file(path))
    assert [c.name for c in plan.new_contacts] == ["Nuevo Contacto"]
    assert [(a.name, b.name) for a, b in plan.changed_contacts] == [("ana pérez", "Ana Pérez")]
    assert "1 records differ" in plan.summary(merge=False)
    apply_plan(store, plan, merge=False)
    ana = store.contacts(cluster_id="claugto")[0]
    assert ana.phone == "+52 477 000"  # skipped: kept as it was
    apply_plan(store, plan_import(store, read_file(path)), merge=True)
    ana = store.contacts(cluster_id="claugto")[0]
    assert ana.phone == "+52 999"  # merged on request
    assert ana.tags == ("automotive", "follow-up")  # what the file lacks stays
    assert len(store.contacts()) == 3


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.json", '{"format": "mxdesk-notes", "version": 1,\n "contacts": [\n  {"name": }]}',
     r"bad\.json line 3 column 12: not valid JSON"),
    ("other.json", '{"hello": 1}', "not an mxdesk notes file"),
    ("newer.json", '{"format": "mxdesk-notes", "version": 99}', "newer mxdesk"),
    ("noname.json", '{"format": "mxdesk-notes", "version": 1,\n "contacts": [\n  {"email": '
                    '"x@y"}\n ]}', r"noname\.json line 3 \(contact 1\): a contact needs a name"),
    ("date.json", '{"format": "mxdesk-notes", "version": 1, "contacts": [{"name": "A", '
                  '"met_on": "next Tuesday"}]}', "is not a date"),
    ("cols.csv", "nombre,correo\nAna,a@b\n", r"cols\.csv line 1: no “name” column"),
    ("empty.csv", "name,email\nAna,a@b\n,c@d\n", r"empty\.csv line 3: a contact needs a name"),
    ("wide.csv", "name,email\nAna,a@b,extra\n", r"wide\.csv line 2: more fields than columns"),
    ("bad.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN Ana\nEND:VCARD\n", r"bad\.vcf.*not a valid vCard"),
    ("noname.vcf", "BEGIN:VCARD\nVERSION:3.0\nEMAIL:a@b\nEND:VCARD\n", "FN"),
    ("latin1.csv", None, r"latin1\.csv line 2: not UTF-8"),
    ("notes.txt", "x", "unknown format .txt"),
])
def test_malformed_files_change_nothing(store: NotesStore, tmp_path: Path, name: str,
                                        text: str | None, message: str) -> None:
    fill(store)
    before = content(store)
    path = tmp_path / name
    if text is None:
        path.write_bytes("name\nJosé\n".encode("latin-1"))
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises((ImportFileError, ExchangeError), match=message):
        plan_import(store, read_file(path))
    assert content(store) == before


def test_export_is_atomic(store: NotesStore, tmp_path: Path) -> None:
    fill(store)
    with pytest.raises(ExchangeError, match="does not exist"):
        export_notes(store, tmp_path / "missing" / "notes.json")
    target = tmp_path / "notes.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(ExchangeError, match="unknown format"):
        export_notes(store, tmp_path / "notes.xlsx")
    export_notes(store, target)
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "mxdesk-notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "notes.json"]
