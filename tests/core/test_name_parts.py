"""A contact's structured name (vCard N, a spreadsheet's First/Last Name columns, mxdesk
JSON's ``name_parts``) kept as it came in and written back unguessed (issue 17's trial §2:
``N:Gutiérrez Ibáñez;José María`` came back as ``N:Ibáñez;José María Gutiérrez``)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import vobject

from mxdesk import cli
from mxdesk.core.exchange import ImportFileError, apply_plan, plan_import, read_file, to_vcard
from mxdesk.core.notes import Contact, NameParts, NotesStore

CASES = Path(__file__).parent.parent / "data" / "cases"
DATA = Path(__file__).parent.parent / "data"
JOSE = NameParts(family="Gutiérrez Ibáñez", given="José María")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "notes.db") as opened:
        yield opened


def _run(*argv: str) -> int:
    from mxdesk.core.logs import close_logging

    try:
        return cli.main(list(argv))
    finally:
        close_logging()  # the log file lives in this test's data folder


def _card(path: Path) -> vobject.base.Component:
    """The one card of *path*, read by vobject (an independent reader)."""
    [card] = list(vobject.readComponents(path.read_text(encoding="utf-8")))
    return card


def test_the_trial_s_round_trip_keeps_the_double_surname(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's steps: import the Android card, export .vcf/.json/.csv; each export read
    back (vobject for the vCard) and imported into a fresh data folder keeps N as it came."""
    assert _run("notes", "import", str(CASES / "vc02_android_qp_softbreak.vcf")) == 0
    for suffix in (".vcf", ".json", ".csv"):
        assert _run("notes", "export", str(tmp_path / f"out{suffix}")) == 0
    card = _card(tmp_path / "out.vcf")
    assert card.fn.value == "José María Gutiérrez Ibáñez"
    assert (card.n.value.family, card.n.value.given) == ("Gutiérrez Ibáñez", "José María")
    assert "N:Gutiérrez Ibáñez;José María;;;" in (tmp_path / "out.vcf").read_text("utf-8")
    for suffix in (".vcf", ".json", ".csv"):
        fresh = tmp_path / f"fresh{suffix}"
        fresh.mkdir()
        monkeypatch.setenv("MXDESK_DATA_DIR", str(fresh))
        assert _run("notes", "import", str(tmp_path / f"out{suffix}")) == 0
        with NotesStore() as store:
            [contact] = store.contacts()
        assert (contact.name, contact.name_parts) == ("José María Gutiérrez Ibáñez", JOSE)
        assert contact.comment.startswith("Reunión en Querétaro")
        again = tmp_path / f"again{suffix}.vcf"
        assert _run("notes", "export", str(again)) == 0
        assert (_card(again).n.value.family, _card(again).n.value.given) == (
            "Gutiérrez Ibáñez", "José María")


@pytest.mark.parametrize("name", ["María de la Garza", "Anna van der Berg", "Wang Xiaoming",
                                  "José María Gutiérrez Ibáñez", "Madonna"])
def test_a_name_with_no_known_parts_is_written_whole_never_split(
        name: str, store: NotesStore, tmp_path: Path) -> None:
    """Typed in the window: N holds the whole name in its first component (as Android writes
    a display name only), and reading that card back keeps no parts: one person, unchanged."""
    store.save_contact(Contact(name, emails=()))
    path = tmp_path / "typed.vcf"
    path.write_text(to_vcard(store.contacts()), encoding="utf-8")
    card = _card(path)
    assert (card.n.value.family, card.n.value.given, card.fn.value) == (name, "", name)
    [back] = read_file(path).contacts
    assert back.name_parts == NameParts()
    plan = plan_import(store, read_file(path))
    assert (plan.same_contacts, plan.new_contacts, plan.changed_contacts) == (1, [], [])


@pytest.mark.parametrize(("text", "name", "parts"), [
    ("Apellidos;Nombre\nGutiérrez Ibáñez;José María\n", "José María Gutiérrez Ibáñez", JOSE),
    ("First Name,Last Name,Name Prefix,Name Suffix\nAnna,van der Berg,Dr.,PhD\n",
     "Dr. Anna van der Berg PhD",
     NameParts(family="van der Berg", given="Anna", prefix="Dr.", suffix="PhD")),
    ("Nachname;Vorname\nGroß;Jürgen\n", "Jürgen Groß",
     NameParts(family="Groß", given="Jürgen")),
])
def test_spreadsheet_name_columns_are_kept(text: str, name: str, parts: NameParts,
                                           store: NotesStore, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    apply_plan(store, plan_import(store, read_file(path)), merge=False)
    [contact] = store.contacts()
    assert (contact.name, contact.name_parts) == (name, parts)
    out = tmp_path / "out.vcf"
    out.write_text(to_vcard(store.contacts()), encoding="utf-8")
    n = _card(out).n.value
    assert (n.family, n.given, n.prefix, n.suffix) == (parts.family, parts.given,
                                                       parts.prefix, parts.suffix)


def test_n_with_several_values_in_a_component_leaves_as_it_came(tmp_path: Path,
                                                                store: NotesStore) -> None:
    path = tmp_path / "rfc.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. John Philip Paul Stevenson Jr.\r\n"
                     b"N:Stevenson;John;Philip,Paul;Dr.;Jr.,M.D.\r\nEND:VCARD\r\n")
    apply_plan(store, plan_import(store, read_file(path)), merge=False)
    [contact] = store.contacts()
    assert contact.name_parts == NameParts("Stevenson", "John", "Philip,Paul", "Dr.",
                                           "Jr.,M.D.")
    assert "N:Stevenson;John;Philip,Paul;Dr.;Jr.,M.D.\r\n" in to_vcard([contact])


def test_a_rename_that_drops_a_kept_part_forgets_the_parts(store: NotesStore) -> None:
    """The editor saves the name field by field: a spelling fix keeps the parts, a new
    family name drops them (they would file the contact under the old one)."""
    base = store.save_contact(Contact("Jose Maria Gutierrez Ibanez", name_parts=NameParts(
        "Gutierrez Ibanez", "Jose Maria")))
    fixed = store.update_contact(base, {"name": "José María Gutiérrez Ibáñez"}).record
    assert isinstance(fixed, Contact)
    assert fixed.name_parts == NameParts("Gutierrez Ibanez", "Jose Maria")
    renamed = store.update_contact(fixed, {"name": "José María Gutiérrez"}).record
    assert isinstance(renamed, Contact)
    assert renamed.name_parts == NameParts()
    assert "N:José María Gutiérrez;;;;" in to_vcard([renamed])


@pytest.mark.parametrize("parts", ['"Gutiérrez"', '{"surname": "Gutiérrez"}',
                                   '{"family": 3}'])
def test_malformed_name_parts_in_json_are_refused(parts: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "mxdesk-notes", "version": 2, "contacts": [{"name": "José", '
                    f'"name_parts": {parts}}}]}}', encoding="utf-8")
    with pytest.raises(ImportFileError, match="name_parts"):
        read_file(path)


def test_a_schema_5_file_migrates_with_no_parts_and_keeps_new_ones(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    shutil.copy(DATA / "notes_schema5.db", path)
    with NotesStore(path) as store:
        contacts = store.contacts()
        assert contacts
        assert all(c.name_parts == NameParts() for c in contacts)
        kept = store.save_contact(Contact("José María Gutiérrez Ibáñez", name_parts=JOSE))
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT family_name, given_names, additional_names, name_prefix, "
                           "name_suffix FROM contacts WHERE uid = ?", [kept.uid]).fetchone()
    assert row == ("Gutiérrez Ibáñez", "José María", "", "", "")
