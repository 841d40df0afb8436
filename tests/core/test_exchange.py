"""Notes in and out: JSON round trips, CSV for spreadsheets, vCards for address books."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
import vobject

from mxdesk.core.exchange import (
    ExchangeError,
    ImportFileError,
    ImportPlan,
    apply_plan,
    export_notes,
    plan_import,
    read_file,
)
from mxdesk.core.notes import (
    Contact,
    ContactPoint,
    Note,
    NotesStore,
    Shortlist,
    ShortlistItem,
    points,
)


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
    assert plan.summary(merge=False).startswith(
        "2 new contacts, 2 new notes and 1 new shortlist will be added.")
    apply_plan(other, plan, merge=False)
    assert content(other) == content(store)
    # Importing the same file again changes nothing.
    again = plan_import(other, read_file(path))
    assert again.empty
    assert again.same_contacts == 2


def test_json_keeps_whether_a_note_is_shared(store: NotesStore, other: NotesStore,
                                             tmp_path: Path) -> None:
    fill(store)
    about_ana = next(n for n in store.notes() if n.contact_uid)
    store.update_note(about_ana, {"shared": True})
    path = tmp_path / "notes.json"
    export_notes(store, path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert sorted((n["body"][:7], n["shared"]) for n in written["notes"]) == [
        ("General", False), ("Reunión", True)]
    apply_plan(other, plan_import(other, read_file(path)), merge=False)
    assert [n.uid for n in other.shared_notes(str(about_ana.contact_uid))] == [about_ana.uid]
    assert [n.shared for n in other.notes() if n.uid != about_ana.uid] == [False]
    # A file of mxdesk before shared notes has no "shared": its notes come in private.
    for note in written["notes"]:
        del note["shared"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    with NotesStore(tmp_path / "c" / "notes.db") as third:
        apply_plan(third, plan_import(third, read_file(older)), merge=False)
        assert [n.shared for n in third.notes()] == [False, False]
        assert third.shared_notes(str(about_ana.contact_uid)) == []
        # Merged: a note the file marks becomes shared; the file is a change to show.
        plan = plan_import(third, read_file(path))
        assert [n.uid for n, _here in plan.changed_notes] == [about_ana.uid]
        apply_plan(third, plan, merge=True)
        assert [n.uid for n in third.shared_notes(str(about_ana.contact_uid))] == [
            about_ana.uid]
        # ... and a file that does not mark it never makes it private again.
        assert plan_import(third, read_file(older)).changed_notes == []
        apply_plan(third, plan_import(third, read_file(older)), merge=True)
        assert [n.uid for n in third.shared_notes(str(about_ana.contact_uid))] == [
            about_ana.uid]
    written["notes"][0]["shared"] = "yes"
    older.write_text(json.dumps(written), encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"“shared” must be true or false, not str"):
        read_file(older)


def test_csv_opens_in_a_spreadsheet(store: NotesStore, tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "contacts.csv"
    export_notes(store, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need to read UTF-8
    # ";" between cells by default, as the list export (issue 17's trial §4).
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert [r["name"] for r in rows] == ["Ana Pérez", "Jürgen Groß"]
    assert rows[0]["comment"] == 'Said: "call me in May"; likes, commas'
    assert rows[0]["tags"] == "automotive; follow-up"


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_csv_round_trip(store: NotesStore, other: NotesStore, tmp_path: Path,
                        separator: str) -> None:
    fill(store)
    path = tmp_path / "contacts.csv"
    export_notes(store, path, separator=separator)
    assert path.read_text(encoding="utf-8-sig").startswith(f'"name"{separator}"role"')
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
    assert "1 record differs" in plan.summary(merge=False)
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
    ("cols.csv", "Geburtstag,Straße\n1980-05-04,Hauptstraße 1\n",
     r"cols\.csv line 1: no column for the name among the 2 columns found \(“Geburtstag”, "
     r"“Straße”; read as comma-separated UTF-8\)"),
    ("empty.csv", "name,email,comment\nAna,a@b,\n,,only a comment\n",
     r"empty\.csv line 3: a contact needs a name"),
    ("wide.csv", "name,email\nAna,a@b,extra\n",
     r"wide\.csv line 2: more fields than columns \(3 fields, 2 columns; read as "
     r"comma-separated UTF-8\)"),
    ("bad.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN Ana\nEND:VCARD\n",
     r"bad\.vcf line 3 \(card 1\): not a vCard line"),
    ("noname.vcf", "BEGIN:VCARD\nVERSION:3.0\nNOTE:only a note\nEND:VCARD\n",
     r"noname\.vcf line 1 \(card 1\): a card needs a name \(FN or N\)"),
    ("calendar.vcf", "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
     r"calendar\.vcf line 1: expected BEGIN:VCARD, found BEGIN:VCALENDAR"),
    ("latin1.csv", None, r"latin1\.csv line 2: not UTF-8 text, nor Windows-1252"),
    ("notes.doc", "x", "unknown format .doc"),
])
def test_malformed_files_change_nothing(store: NotesStore, tmp_path: Path, name: str,
                                        text: str | None, message: str) -> None:
    fill(store)
    before = content(store)
    path = tmp_path / name
    if text is None:
        path.write_bytes(b"name\nJos\x81\n")  # 0x81: no character in Windows-1252
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


def test_merging_keeps_every_address_and_number(store: NotesStore, tmp_path: Path) -> None:
    store.save_contact(Contact("Ana Pérez", emails=(ContactPoint("ana@example.org", ("work",)),
                                                    ContactPoint("ana@home.example"))))
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "mxdesk-notes", "version": 1, "contacts": [{
        "name": "Ana Pérez", "emails": [{"value": "ana@new.example", "types": ["work"]},
                                        {"value": "ana@example.org", "types": ["work"]}]}]}),
        encoding="utf-8")
    apply_plan(store, plan_import(store, read_file(path)), merge=True)
    [ana] = store.contacts()
    assert [str(p) for p in ana.emails] == ["ana@new.example (work)", "ana@example.org (work)",
                                           "ana@home.example"]


# -- every address and number, with its types, out and in again --------------------------------

MANY = Contact(
    "Lucía Fernández", role="Gerente", organisation="Clúster TI Jalisco",
    emails=(ContactPoint("lucia.fernandez@example.org", ("work",)),
            ContactPoint("lucia.f@example.net", ("home",)),
            ContactPoint("lf@example.com")),
    phones=(ContactPoint("+52 55 5555 0142", ("cell",)),
            ContactPoint("+52 55 5555 0100 ext. 12", ("work", "voice")),
            ContactPoint("+52 55 5555 0199", ("work", "fax"))),
    tags=("GDL",), comment="Line one\nline two; with = and , inside", met_on="2026-03-14",
    met_where="Guadalajara")
HOSTILE = Contact(
    "=HYPERLINK(\"http://evil.example\",\"click\")", role="+SUM(1,2)", organisation="-2+3",
    emails=(ContactPoint("@attacker.example"),), phones=(ContactPoint("+52 55 1234 5678"),),
    met_where="\tTabbed", tags=("'=already quoted",), comment="@cmd|' /C calc'!A0")

#: What a spreadsheet splitting on ";" would cut into cells, and what mxdesk's CSV once split
#: into two values: a vCard 4 extension, a tag with ";", a number ending in brackets.
SEMICOLONS = Contact(
    "Llamar;=2+5;", role="Jefa;=cmd|' /C calc'!A0;", organisation="Clúster\t=1+1",
    phones=(ContactPoint("+354-555-0100;ext=12", ("work",)),
            ContactPoint("+49 89 555 (Zentrale)"), ContactPoint("+1 (555) 010-0199", ("cell",))),
    emails=(ContactPoint("a;b@example.org"),),
    tags=("a;b", "Misión (2025)", "C:\\x\\y"), comment="\u00a0 indented; =1+1\nand trailing  ")


def _fields(c: Contact) -> tuple[object, ...]:
    return (c.uid, c.name, c.role, c.organisation, c.cluster_id, c.emails, c.phones,
            c.met_where, c.met_on, tuple(sorted(c.tags)), c.comment)


@pytest.mark.parametrize("suffix", [".json", ".vcf", ".csv"])
def test_every_address_and_number_round_trips_with_its_types(
        store: NotesStore, other: NotesStore, tmp_path: Path, suffix: str) -> None:
    fill(store)
    store.save_contact(MANY)
    store.save_contact(HOSTILE)
    store.save_contact(SEMICOLONS)
    path = tmp_path / f"out{suffix}"
    export_notes(store, path)
    apply_plan(other, plan_import(other, read_file(path)), merge=False)
    assert sorted(map(_fields, other.contacts())) == sorted(map(_fields, store.contacts()))
    assert plan_import(other, read_file(path)).empty


def test_vcard_types_are_read_by_vobject_too(store: NotesStore, tmp_path: Path) -> None:
    store.save_contact(MANY)
    path = tmp_path / "many.vcf"
    export_notes(store, path)
    [card] = vobject.readComponents(path.read_text(encoding="utf-8"))
    assert [(e.value, [t.lower() for t in e.params.get("TYPE", [])])
            for e in card.contents["email"]] == [
        ("lucia.fernandez@example.org", ["internet", "work", "pref"]),
        ("lucia.f@example.net", ["internet", "home"]), ("lf@example.com", ["internet"])]
    assert [(t.value, [x.lower() for x in t.params.get("TYPE", [])])
            for t in card.contents["tel"]] == [
        ("+52 55 5555 0142", ["cell", "pref"]), ("+52 55 5555 0100 ext. 12", ["work", "voice"]),
        ("+52 55 5555 0199", ["work", "fax"])]


# -- CSV that opens safely in a spreadsheet ------------------------------------------------------


def test_csv_cells_never_start_a_formula(store: NotesStore, tmp_path: Path) -> None:
    store.save_contact(HOSTILE)
    path = tmp_path / "hostile.csv"
    export_notes(store, path)
    [row] = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(),
                                delimiter=";"))
    assert row["name"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert (row["role"], row["organisation"], row["email"]) == (
        "'+SUM(1,2)", "'-2+3", "'@attacker.example")
    assert row["met_where"] == "'\tTabbed"
    assert row["tags"] == "''=already quoted"  # so the import takes exactly one off again
    assert row["comment"] == "'@cmd|' /C calc'!A0"
    assert row["phone"] == "+52 55 1234 5678"  # a number, not a formula: left as written
    assert [c.name for c in read_file(path).contacts] == [HOSTILE.name]


@pytest.mark.parametrize(("phone", "guarded"), [
    ("+52 55 1234 5678", False), ("+52 55 1234 5678 (cell); +49 89 5555 0100 (work, fax)", False),
    ("+1 (555) 010-0199", False), ("+52 1 ext. 12 (work)", False), ("+52 1 x12", False),
    ("+cmd|' /C calc'!A0", True), ("+1 extension(1)", True), ("+1 (a)!A1", True),
    ("+1+HYPERLINK(\"x\")", True), ("-1", True), ("=1", True)])
def test_only_plain_phone_numbers_are_left_unguarded(phone: str, guarded: bool) -> None:
    from mxdesk.core.csvfile import safe_cell, unguard

    written = safe_cell(phone, "phone")
    assert written == ("'" + phone if guarded else phone)
    assert unguard(written) == phone


@pytest.mark.parametrize("separator", [44, 59, 9])
def test_csv_opens_in_libreoffice_as_text(store: NotesStore, tmp_path: Path,
                                          separator: int) -> None:
    """LibreOffice reads the CSV mxdesk wrote, split on "," or, as German, Spanish and French
    Excel and LibreOffice set to 59 do, on ";" (or a tab): no cell is a formula; with ","
    the phone reads as written, the names and comments show as typed (behind the apostrophe a
    spreadsheet shows)."""
    import xml.etree.ElementTree as ET

    from tests.conftest import require_tool

    soffice = require_tool("soffice")
    store.save_contact(HOSTILE)
    store.save_contact(MANY)
    store.save_contact(SEMICOLONS)
    path = tmp_path / "contacts.csv"
    export_notes(store, path, separator=",")  # (the ";" default: test_name_parts.py)
    # 44 = comma, 34 = double quote, 76 = UTF-8, 1 = first line: the CSV filter's options.
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         f"--infilter=CSV:{separator},34,76,1", "--convert-to", "fods", "--outdir",
         str(tmp_path), str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    rows = []
    for row in ET.parse(tmp_path / "contacts.fods").iter(f"{table}table-row"):
        cells = list(row.iter(f"{table}table-cell"))
        assert not [c.get(f"{table}formula") for c in cells if c.get(f"{table}formula")]
        rows.append(["\n".join(p.text or "" for p in c.iter(f"{text}p")) for c in cells])
    if separator != 44:
        # The quotes no longer hold a field together: the part after ";" or a tab is a cell.
        split = "'=2+5" if separator == 59 else "'=1+1"  # after "Llamar;", after a tab
        assert split in [cell[:5] for r in rows for cell in r]
        return
    header = rows[0]
    by_name = {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:] if r and r[0]}
    hostile = by_name["'" + HOSTILE.name]
    assert hostile["phone"] == "+52 55 1234 5678"
    assert hostile["comment"] == "'@cmd|' /C calc'!A0"
    assert by_name["Lucía Fernández"]["phone"].startswith("+52 55 5555 0142 (cell); ")
    # As the spreadsheet shows it: an apostrophe after each ";" that a formula would follow.
    assert by_name["Llamar;'=2+5;"]["role"] == "Jefa;'=cmd|' /C calc'!A0;"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("suffix", [".json", ".csv", ".vcf"])
def test_an_export_gets_the_mode_of_an_ordinary_file(store: NotesStore, tmp_path: Path,
                                                     suffix: str, umask: int, mode: int) -> None:
    """Not mkstemp's private 0600: the mode any program's new file gets (0666 less the
    umask)."""
    import os
    import stat

    fill(store)
    before = os.umask(umask)
    try:
        export_notes(store, tmp_path / f"out{suffix}")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / f"out{suffix}").stat().st_mode) == mode


@pytest.mark.parametrize(("written", "stored"), [
    ("15.03.2025", "2025-03-15"), ("1.3.2025", "2025-03-01"), ("2025-03-15", "2025-03-15"),
    ("2025/3/5", "2025-03-05"), ("15/03/2025", "2025-03-15"), ("3/15/2025", "2025-03-15"),
    ("15-03-2025", "2025-03-15"), ("05/05/2025", "2025-05-05"),
    ("03/04/2025", ""), ("31.02.2025", ""), ("15.03.25", ""), ("March 15", "")])
def test_dates_read_only_when_they_can_be_one_date(written: str, stored: str) -> None:
    from mxdesk.core.csvfile import iso_date

    assert iso_date(written) == stored


@pytest.mark.parametrize(("text", "problem"), [
    ('a,"b",c\n', None), ('a,b"c",d\n', None), ('"a""b",""\n', None),
    ('a,"line\nbreak",c\n', None),
    ('a,"open\nb,c\n', (1, "a quote opened here is never closed")),
    ('a,"R "E" D",c\n', (1, 'a quote inside the quoted field "R "E" D",c is not doubled (a quote '
                            'inside quotes is written ""), so the field would be cut short')),
])
def test_quotes_that_break_the_table(text: str, problem: tuple[int, str] | None) -> None:
    from mxdesk.core.csvfile import quote_problem

    assert quote_problem(text, ",") == problem


# -- applying with progress, and cancelling --------------------------------------------------------


def test_apply_reports_progress(store: NotesStore, other: NotesStore, tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "all.json"
    export_notes(store, path)
    seen: list[tuple[int, int]] = []
    plan = plan_import(other, read_file(path))
    assert apply_plan(other, plan, merge=False, progress=lambda *a: seen.append(a)) == (5, 0)
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_cancel_writes_nothing(store: NotesStore, other: NotesStore, tmp_path: Path) -> None:
    from mxdesk.core.exchange import ImportCancelled

    fill(store)
    other.save_contact(Contact("Already here"))
    path = tmp_path / "all.json"
    export_notes(store, path)
    plan = plan_import(other, read_file(path))
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled, match="after 3 of 5 records: nothing of it was written"):
        apply_plan(other, plan, merge=False, progress=lambda *a: seen.append(a),
                   cancelled=lambda: len(seen) >= 2)
    assert seen == [(1, 5), (2, 5)]
    assert [c.name for c in other.contacts()] == ["Already here"]  # rolled back: no half import
    assert (other.notes(), other.shortlists()) == ([], [])
    # Cancelled before it starts: not even the before-import backup.
    backups = len(other.backups())
    with pytest.raises(ImportCancelled, match="before it started"):
        apply_plan(other, plan, merge=False, cancelled=lambda: True)
    assert len(other.backups()) == backups
    assert apply_plan(other, plan, merge=False) == (5, 0)  # and the plan still works after


def _plan(contacts: int = 0, notes: int = 0, shortlists: int = 0, same: int = 0,
          changed: int = 0) -> ImportPlan:
    ana = Contact("Ana Pérez")
    return ImportPlan(new_contacts=[Contact(f"P{n}") for n in range(contacts)],
                      new_notes=[Note(f"N{n}") for n in range(notes)],
                      new_shortlists=[Shortlist(f"S{n}") for n in range(shortlists)],
                      same_contacts=same, changed_contacts=[(ana, ana)] * changed)


@pytest.mark.parametrize(("plan", "said"), [
    (_plan(contacts=2), "2 new contacts will be added."),
    (_plan(contacts=1), "1 new contact will be added."),
    (_plan(notes=3), "3 new notes will be added."),
    (_plan(shortlists=1), "1 new shortlist will be added."),
    (_plan(contacts=1, shortlists=2), "1 new contact and 2 new shortlists will be added."),
    (_plan(contacts=1234, notes=1, shortlists=1),
     "1,234 new contacts, 1 new note and 1 new shortlist will be added."),
    (_plan(same=2), "Nothing in the file is new to your notes. 2 records are already here "
                    "unchanged and will be skipped."),
    (_plan(contacts=1, changed=1), "1 new contact will be added. 1 record differs from the one "
                                   "here (Ana Pérez); it will be skipped, kept as it is."),
    (_plan(changed=2), "Nothing in the file is new to your notes. 2 records differ from the "
                       "ones here (Ana Pérez, Ana Pérez); they will be skipped, kept as they "
                       "are."),
])
def test_the_summary_says_only_what_there_is(plan: ImportPlan, said: str) -> None:
    assert plan.summary(merge=False) == said
