"""The command line, run as a user runs it: a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from mxdesk import __version__
from mxdesk.core.directory import Directory


def mxdesk(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "mxdesk", *(["--db", str(db)] if db else []), *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False,
                          encoding="utf-8")


def test_version() -> None:
    result = mxdesk("--version")
    assert result.returncode == 0
    assert f"mxdesk {__version__}" in result.stdout
    assert "clusters" in result.stdout


def test_search_queretaro_lists_the_queretaro_clusters(directory: Directory) -> None:
    result = mxdesk("search", "queretaro", "--kind", "cluster", "--json")
    assert result.returncode == 0, result.stderr
    ids = {hit["id"] for hit in json.loads(result.stdout)}
    assert {ref.id for ref in directory.clusters_in_state("queretaro")} <= ids


def test_search_nuevo_leon_clusters(directory: Directory) -> None:
    result = mxdesk("search", "nuevo leon", "--kind", "cluster")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Clusters (")
    for ref in directory.clusters_in_state("nuevo-leon"):
        assert ref.name in result.stdout


def test_search_without_kind_groups_results() -> None:
    result = mxdesk("search", "queretaro")
    assert result.returncode == 0
    assert "Clusters (" in result.stdout
    assert "States (1)" in result.stdout


@pytest.mark.parametrize("query", ['"', "AND (", "*", "NEAR(", "-", ":"])
def test_search_with_fts_syntax_is_not_an_error(query: str) -> None:
    result = mxdesk("search", query)
    assert result.returncode == 0
    assert result.stderr == ""


def test_show_claugto() -> None:
    result = mxdesk("show", "CLAUGTO")
    assert result.returncode == 0, result.stderr
    assert "Cluster Automotriz de Guanajuato" in result.stdout
    assert "Guanajuato" in result.stdout
    assert "119" in result.stdout


def test_show_json_ignores_accents_and_case() -> None:
    result = mxdesk("show", "cluster automotriz de guanajuato", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["kind"], data["id"]) == ("cluster", "claugto")


def test_show_ambiguous_lists_candidates() -> None:
    result = mxdesk("show", "CLAUT")
    assert result.returncode == 1
    assert "ambiguous" in result.stderr
    assert "claut-edomex" in result.stderr
    assert result.stdout == ""


def test_show_unknown() -> None:
    result = mxdesk("show", "Atlantis")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [None, b"garbage" * 1000, b""])
def test_bad_database_is_one_line_and_non_zero(tmp_path: Path, content: bytes | None) -> None:
    db = tmp_path / "clusters.db"
    if content is not None:
        db.write_bytes(content)
    result = mxdesk("search", "queretaro", db=db)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_usage_error() -> None:
    result = mxdesk("search")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_export_pdf_fact_sheet(tmp_path: Path) -> None:
    from tests.pdftext import pdf_text

    out = tmp_path / "claugto.pdf"
    result = mxdesk("export-pdf", "--cluster", "CLAUGTO", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out}: 1 page, 1 cluster"
    assert "Cluster Automotriz de Guanajuato" in pdf_text(out, 0)


@pytest.mark.parametrize(("args", "clusters"), [
    (["--state", "nuevo leon"], 14),
    (["--sector", "aerospace"], 6),
    (["--cluster", "claut", "--cluster", "it@baja"], 2),
    (["--all", "--paper", "letter"], 98),
])
def test_export_pdf_brochures(tmp_path: Path, args: list[str], clusters: int) -> None:
    from pypdf import PdfReader

    out = tmp_path / "brochure.pdf"
    result = mxdesk("export-pdf", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{clusters} clusters" in result.stdout
    titles = [item.title for item in PdfReader(out).outline]
    # cover, contents, Mexico at a glance, the sector's page (for --sector: issue 19),
    # clusters by state, clusters, policies, sources
    pages = ["Aerospace"] if "--sector" in args else []
    assert len(titles) == clusters + 6 + len(pages)
    assert titles[2:4 + len(pages)] == ["Mexico at a glance", *pages, "Clusters by state"]
    # Every bookmark names one thing: same-named clusters say their state (issue 17).
    assert len(set(titles)) == len(titles), [t for t in titles if titles.count(t) > 1]


def test_export_pdf_same_named_clusters_are_told_apart_in_the_bookmarks(tmp_path: Path) -> None:
    """The two "Cluster Automotriz" (Coahuila, San Luis Potosí) get bookmarks that say their
    state, as the contents do, and each lands on its own page; the page keeps the name."""
    from pypdf import PdfReader

    from tests.pdftext import pdf_text

    out = tmp_path / "automotive.pdf"
    result = mxdesk("export-pdf", "--sector", "automotive", "--state", "coahuila",
                    "--state", "san luis potosi", "-o", str(out))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    marks = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    coahuila = marks.pop("Cluster Automotriz — Coahuila")
    slp = marks.pop("Cluster Automotriz — San Luis Potosí")
    assert coahuila != slp
    assert "Cluster Automotriz" not in marks  # no bookmark left with the bare, shared name
    for page, state in ((coahuila, "Coahuila"), (slp, "San Luis Potosí")):
        text = pdf_text(out, page)  # the header, then the sheet's title, its state by its map
        assert "mxdesk Cluster Automotriz Cluster organisation " in text
        assert f" {state} region " in text
    contents = pdf_text(out, 1)
    assert "Cluster Automotriz — Coahuila" in contents
    assert "Cluster Automotriz — San Luis Potosí" in contents
    assert "Coahuila — Coahuila" not in contents


@pytest.mark.parametrize(("args", "message"), [
    (["--cluster", "Atlantis"], "nothing in the directory is called"),
    (["--state", "Texas"], "nothing in the directory is called"),
    (["--cluster", "CLAUT"], "ambiguous"),
    (["--shortlist", "Nowhere"], "no shortlist called 'Nowhere'"),
])
def test_export_pdf_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    result = mxdesk("export-pdf", *args, "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_export_pdf_unwritable_path(tmp_path: Path) -> None:
    result = mxdesk("export-pdf", "--cluster", "claut", "-o", str(tmp_path / "no" / "x.pdf"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "does not exist" in result.stderr


CONTACTS_CSV = ("name,role,organisation,cluster_id,email,phone,met_where,met_on,tags,comment\n"
                "Ana Pérez,Directora,CLAUGTO,claugto,ana@example.org,+52 477,León,2026-03-14,"
                "auto; follow-up,Wants a call\n"
                "Jürgen Groß,,Our cluster,,jg@example.de,,,,,\n")


def test_notes_import_export_backup(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(CONTACTS_CSV, encoding="utf-8")
    dry = mxdesk("notes", "import", str(source), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "2 new contacts" in dry.stdout
    assert "Nothing was written." in dry.stdout
    done = mxdesk("notes", "import", str(source))
    assert "Imported: 2 added, 0 merged." in done.stdout
    again = mxdesk("notes", "import", str(source))
    assert "2 records are already here unchanged" in again.stdout
    assert "Nothing to import." in again.stdout
    out = tmp_path / "all.json"
    exported = mxdesk("notes", "export", str(out))
    assert exported.returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [c["name"] for c in data["contacts"]] == ["Ana Pérez", "Jürgen Groß"]
    assert data["contacts"][0]["tags"] == ["auto", "follow-up"]
    vcf = tmp_path / "all.vcf"
    assert mxdesk("notes", "export", str(vcf)).returncode == 0
    assert "ORG:CLAUGTO" in vcf.read_text(encoding="utf-8")
    backup = mxdesk("notes", "backup")
    assert backup.returncode == 0
    assert "Backed up 2 contacts" in backup.stdout
    assert Path(backup.stdout.split(" to ", 1)[1].strip()).exists()


def test_notes_import_of_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Geburtstag\n1980-05-04\n", encoding="utf-8")
    result = mxdesk("notes", "import", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith("mxdesk: bad.csv line 1: no column for the name among the "
                                    "1 columns found (“Geburtstag”; read as comma-separated "
                                    "UTF-8)")
    assert result.stderr.count("\n") == 1
    unknown = mxdesk("notes", "export", str(tmp_path / "x.xlsx"))
    assert unknown.returncode == 1
    assert "unknown format .xlsx" in unknown.stderr


def test_export_pdf_with_notes_and_shortlist(tmp_path: Path) -> None:
    from tests.pdftext import pdf_text

    source = tmp_path / "in.json"
    source.write_text(json.dumps({
        "format": "mxdesk-notes", "version": 1,
        "contacts": [{"name": "Ana Pérez", "cluster_id": "claugto", "email": "ana@example.org"}],
        "notes": [{"body": "Supplier day on 12 May", "cluster_id": "claugto"}],
        "shortlists": [{"name": "Bajío mission", "items": [
            {"cluster_id": "claugto", "remark": "Meeting Tue 10 March 10:00, Silao"},
            {"cluster_id": "aerocluster-queretaro"}]}],
    }), encoding="utf-8")
    assert mxdesk("notes", "import", str(source)).returncode == 0
    sheet = tmp_path / "sheet.pdf"
    assert mxdesk("export-pdf", "--cluster", "claugto", "--with-notes", "-o",
                  str(sheet)).returncode == 0
    text = pdf_text(sheet)
    assert "Your contacts" in text
    assert "Ana Pérez" in text
    assert "Supplier day on 12 May" in text
    plain = tmp_path / "plain.pdf"
    assert mxdesk("export-pdf", "--cluster", "claugto", "-o", str(plain)).returncode == 0
    assert "Ana Pérez" not in pdf_text(plain)
    brochure = tmp_path / "shortlist.pdf"
    result = mxdesk("export-pdf", "--shortlist", "bajio mission", "-o", str(brochure))
    assert result.returncode == 0, result.stderr
    assert "2 clusters" in result.stdout
    assert "the shortlist “Bajío mission”" in pdf_text(brochure, 0)
    # The shortlist's remark is printed with its cluster, as from the window (issue 14).
    assert "Meeting Tue 10 March 10:00, Silao" in pdf_text(brochure)


def test_selftest() -> None:
    result = mxdesk("selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("directory database", "notes store", "main window", "PDF fact sheet",
                 "map of Mexico"):
        assert f"ok    {step}:" in result.stdout
    assert result.stdout.rstrip().endswith("selftest passed")


def test_selftest_reports_a_bad_directory(tmp_path: Path) -> None:
    bad = tmp_path / "clusters.db"
    bad.write_bytes(b"broken" * 100)
    result = mxdesk("selftest", db=bad)
    assert result.returncode == 1
    assert "FAIL  directory database" in result.stdout
    assert "selftest FAILED" in result.stdout


def test_start_up_probe_reports_when_the_first_rows_show(tmp_path: Path) -> None:
    """benchmarks/run.py and packaging/startup.py time the real start with this hook."""
    env = {**os.environ, "MXDESK_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen",
           "MXDESK_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "mxdesk"], capture_output=True, text=True,
                          timeout=60, check=False, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "READY"
    first = json.loads(lines[1])
    assert first["rss_mb"] > 20
    # READY came from a real paint of the first frame's table, with rows at its top and a
    # viewport of real size (issue 17: before, it came before anything was painted)...
    assert first["frame"] == "first"
    assert first["painted_rows"] > 20
    assert min(first["viewport"]) > 100
    # ...made with none of the window's modules, the directory's reader or the notes loaded.
    loaded = set(first["modules"])
    assert "mxdesk.ui.first_frame" in loaded
    assert not loaded & {"mxdesk.ui.window", "mxdesk.ui.tab", "mxdesk.core.directory",
                         "mxdesk.core.notes", "mxdesk.core.spelling", "mxdesk.core.logs"}
    # The probe stays until the full window has painted its own rows, then quits.
    assert lines[2] == "COMPLETE"
    complete = json.loads(lines[3])
    assert complete["frame"] == "window"
    assert complete["painted_rows"] == 98


@pytest.mark.parametrize(("argv", "window"), [
    ([], True), (["--db", "x.db"], True), (["--db=x.db"], True), (["search", "q"], False),
    (["--version"], False), (["-h"], False), (["--db"], False), (["--db", "x.db", "show", "a"],
                                                                   False), (["--bogus"], False),
])
def test_only_the_window_skips_the_full_parser(argv: list[str], window: bool) -> None:
    from mxdesk.cli import _window_only

    found = _window_only(argv)
    assert (found is not None) == window
    if found is not None and argv:
        assert found.db == Path("x.db")


def test_a_missing_db_path_is_reported_once() -> None:
    done = mxdesk("--db")
    assert done.returncode == 2
    assert done.stderr.count("expected one argument") == 1


# -- search: one folding, and your contacts and notes too (issue 13) ------------------------

def _search_ids(*args: str) -> list[tuple[str, str]]:
    result = mxdesk("search", *args, "--json")
    assert result.returncode == 0, result.stderr
    return [(hit["kind"], hit["id"]) for hit in json.loads(result.stdout)]


@pytest.mark.parametrize(("query", "kind", "expected"), [
    ("Quere\u0301taro", "state", "queretaro"),  # typed decomposed (NFD)
    ("Estado de Me\u0301xico", "state", "estado-de-mexico"),
    ("ProAéreo", "policy", "pro-aereo"),
    ("proaereo", "policy", "pro-aereo"),
    ("Chihuahuas", "cluster", "chihuahua-aerospace-cluster"),
])
def test_search_folds_the_query_as_the_index(query: str, kind: str, expected: str) -> None:
    assert (kind, expected) in _search_ids(query, "--kind", kind)


def test_search_for_an_abbreviation_lists_only_what_writes_it() -> None:
    result = mxdesk("search", "A.C.")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Clusters (10)\n")
    assert "Sectors" not in result.stdout
    assert "Policies" not in result.stdout


def _import_notes(tmp_path: Path, contacts: list[dict[str, str]],
                  notes: list[dict[str, str]]) -> None:
    source = tmp_path / "mine.json"
    source.write_text(json.dumps({"format": "mxdesk-notes", "version": 1,
                                  "contacts": contacts, "notes": notes}), encoding="utf-8")
    result = mxdesk("notes", "import", str(source))
    assert result.returncode == 0, result.stderr


@pytest.fixture
def my_notes(tmp_path: Path) -> None:
    _import_notes(tmp_path, [
        {"name": "Ana Pérez", "organisation": "Clúster Automotriz de Querétaro",
         "cluster_id": "cluster-automotriz-queretaro"},
        {"name": "Paweł Nowak", "organisation": "Aviation Valley", "role": "Head of \ufb01nance"},
        {"name": "Jürgen Groß", "organisation": "Bayern Innovativ",
         "met_where": "Maximilianstraße 12, München"},
    ], [
        {"body": "Visit the Querétaro aerospace park with Ana",
         "cluster_id": "aerocluster-queretaro"},
        {"body": "Ask about Pro-Aéreo funding for SMEs"},
    ])


@pytest.mark.usefixtures("my_notes")
def test_search_kind_contact_and_note() -> None:
    contacts = mxdesk("search", "perez", "--kind", "contact")
    assert contacts.returncode == 0, contacts.stderr
    assert contacts.stdout.startswith("Your contacts (1)\n")
    assert "Ana Pérez" in contacts.stdout
    notes = json.loads(mxdesk("search", "queretaro", "--kind", "note", "--json").stdout)
    assert [(n["kind"], n["name"]) for n in notes] == [
        ("note", "Visit the Querétaro aerospace park with Ana")]
    assert "Querétaro" in notes[0]["snippet"]


def test_search_shows_where_in_a_long_note_the_words_are(tmp_path: Path) -> None:
    body = "Visit plan\n" + "filler words here. " * 3000 + "Ask Jürgen about the zyzzyva tooling."
    _import_notes(tmp_path, [], [{"body": body}])
    result = mxdesk("search", "zyzzyva", "--kind", "note")
    assert result.returncode == 0, result.stderr
    title, passage = result.stdout.splitlines()[1:3]
    assert title.endswith("Visit plan")
    assert "[zyzzyva]" in passage
    assert len(passage) < 200


@pytest.mark.usefixtures("my_notes")
def test_search_without_kind_lists_the_directory_then_your_contacts_and_notes() -> None:
    result = mxdesk("search", "queretaro")
    assert result.returncode == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    # Sectors whose facts name Querétaro are found too (fact statements are searched); the
    # state the word names comes first, then the kinds whose names hold it.
    assert headings == ["States (1)", "Clusters (6)", "Sectors (3)", "Policies (1)",
                        "Companies (5)", "Your contacts (1)", "Your notes (1)"]
    kinds = [kind for kind, _id in _search_ids("queretaro")]
    assert kinds.index("contact") > max(i for i, k in enumerate(kinds) if k == "state")


@pytest.mark.usefixtures("my_notes")
@pytest.mark.parametrize(("query", "name"), [
    ("pawel", "Paweł Nowak"),
    ("Groß", "Jürgen Groß"),
    ("gross", "Jürgen Groß"),
    ("Maximilianstraße", "Jürgen Groß"),
    ("maximilianstrasse", "Jürgen Groß"),
    ("finance", "Paweł Nowak"),  # stored with the "ﬁ" ligature
    ("Pe\u0301rez", "Ana Pérez"),  # typed decomposed
])
def test_search_folds_contacts_as_the_directory(query: str, name: str) -> None:
    hits = json.loads(mxdesk("search", query, "--kind", "contact", "--json").stdout)
    assert name in [hit["name"] for hit in hits]


def test_search_makes_no_notes_file(tmp_path: Path) -> None:
    from mxdesk.core.notes import default_path

    result = mxdesk("search", "queretaro")
    assert result.returncode == 0, result.stderr
    assert "Your contacts" not in result.stdout
    assert not default_path().exists()
    assert mxdesk("search", "perez", "--kind", "contact").stdout == "No matches for 'perez'.\n"


def test_search_when_the_notes_do_not_open() -> None:
    """Notes from a newer mxdesk: the directory's hits are still printed, then one line."""
    import sqlite3

    from mxdesk.core.notes import NotesStore, default_path

    NotesStore().close()
    conn = sqlite3.connect(default_path())
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = mxdesk("search", "queretaro")
    assert result.returncode == 1
    assert result.stdout.startswith("States (1)\n  queretaro  Querétaro\nClusters (6)\n")
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("mxdesk: your notes were not searched: ")
    only_notes = mxdesk("search", "queretaro", "--kind", "contact")
    assert only_notes.returncode == 1
    assert only_notes.stdout == ""
    assert only_notes.stderr.count("\n") == 1


# -- export-pdf: repeated --state and --sector (issue 14) ----------------------------------------


def _brochure_clusters(path: Path, pages: Sequence[str] = ()) -> list[str]:
    """The clusters a brochure holds, as its bookmarks name them (cover, contents, Mexico at
    a glance, the *pages* of the sectors it is for, the clusters by state, policies and
    sources left out)."""
    from pypdf import PdfReader

    titles = [item.title for item in PdfReader(path).outline]
    start = 4 + len(pages)
    assert titles[:start] == ["Cover", "Contents", "Mexico at a glance", *pages,
                              "Clusters by state"]
    assert titles[-2:] == ["Policies relevant to these clusters", "Sources"]
    return titles[start:-2]


def _names(directory: Directory, ids: list[str]) -> set[str]:
    """The bookmarks of clusters *ids*: each name, and the state after a name two of them
    share ("Cluster Automotriz — Coahuila", issue 17)."""
    clusters = [directory.cluster(i) for i in ids]
    names = [c.name for c in clusters]
    return {f"{c.name} — {c.state.name}" if names.count(c.name) > 1 and c.state else c.name
            for c in clusters}


@pytest.mark.parametrize(("args", "states", "sectors"), [
    (["--state", "nuevo leon", "--state", "queretaro"], ["nuevo-leon", "queretaro"], []),
    (["--sector", "aerospace", "--sector", "AUTOMOTIVE"], [], ["aerospace", "automotive"]),
    (["--sector", "Aerospace", "--state", "Nuevo León", "--state", "queretaro"],
     ["nuevo-leon", "queretaro"], ["aerospace"]),
    (["--state", "queretaro", "--sector", "aerospace", "--sector", "automotive",
      "--state", "nuevo leon"], ["queretaro", "nuevo-leon"], ["aerospace", "automotive"]),
])
def test_export_pdf_repeated_states_and_sectors(tmp_path: Path, directory: Directory,
                                                 args: list[str], states: list[str],
                                                 sectors: list[str]) -> None:
    """Repeated --state unite, repeated --sector unite, and the two narrow each other."""
    in_states = {c.id for s in states for c in directory.clusters_in_state(s)}
    in_sectors = {c.id for c in directory.clusters_in_sectors(sectors)}
    wanted = (in_states & in_sectors if states and sectors else in_states or in_sectors)
    assert len(wanted) > 1
    out = tmp_path / "brochure.pdf"
    result = mxdesk("export-pdf", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"{len(wanted)} clusters")
    shown = _brochure_clusters(out, [directory.sector(s).name for s in sectors])
    assert len(shown) == len(wanted)
    assert set(shown) == _names(directory, sorted(wanted))


def test_export_pdf_aerospace_in_nuevo_leon_and_queretaro(tmp_path: Path) -> None:
    """The request of issue 14, word for word: its cover says what it holds."""
    from tests.pdftext import pdf_text

    out = tmp_path / "aero.pdf"
    result = mxdesk("export-pdf", "--sector", "aerospace", "--state", "nuevo leon",
                    "--state", "queretaro", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert _brochure_clusters(out, ["Aerospace"]) == ["Aerocluster de Querétaro",
                                                      "Monterrey Aerocluster"]
    cover = pdf_text(out, 0)
    assert "Aerospace clusters in Nuevo León and Querétaro" in cover


@pytest.mark.parametrize(("args", "message"), [
    (["--state", "nuevo leon", "--state", "Texas"], "nothing in the directory is called 'Texas'"),
    (["--sector", "aerospace", "--sector", "Underwater basket weaving"],
     "nothing in the directory is called 'Underwater basket weaving'"),
    (["--state", "tlaxcala", "--sector", "aerospace"],
     "nothing to export: no cluster in Tlaxcala is in the Aerospace sector"),
    (["--state", "nuevo leon", "--state", "queretaro", "--sector", "mining"],
     "nothing to export: no cluster in Nuevo León or Querétaro is in the Mining sector"),
])
def test_export_pdf_states_and_sectors_that_select_nothing(tmp_path: Path, args: list[str],
                                                            message: str) -> None:
    out = tmp_path / "x.pdf"
    result = mxdesk("export-pdf", *args, "-o", str(out))
    assert result.returncode == 1
    assert result.stderr == f"mxdesk: {message}\n"
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [
    ["--state", "queretaro", "--cluster", "claugto"],
    ["--sector", "aerospace", "--all"],
    ["--shortlist", "Bajío mission", "--state", "queretaro"],
    ["--all", "--cluster", "claugto"],
    [],
])
def test_export_pdf_selections_that_do_not_combine(tmp_path: Path, args: list[str]) -> None:
    """--state and --sector combine with each other only; one selection is required."""
    result = mxdesk("export-pdf", *args, "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_pdf_help_says_how_options_combine() -> None:
    result = mxdesk("export-pdf", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "repeat for several" in text
    assert "--state and --sector together" in text


# -- looking a record up by name (issue 14) ------------------------------------------------------


def test_show_a_name_part_one_record_owns() -> None:
    """No record is called that exactly, and one record's name holds every word."""
    result = mxdesk("show", "automotriz nuevo leon", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "claut"


def test_show_an_exact_name_wins_over_partial_ones() -> None:
    """"Baja California" is a state's whole name and part of "Baja California Sur"."""
    result = mxdesk("show", "baja california", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "baja-california"


def test_show_a_name_part_several_records_own_lists_them() -> None:
    result = mxdesk("show", "automotriz", "--kind", "cluster")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "'automotriz' is ambiguous" in result.stderr
    for cluster_id in ("claut", "claut-edomex", "claugto", "cluster-automotriz-queretaro"):
        assert f" {cluster_id} " in result.stderr


def test_show_a_word_in_many_names_lists_the_first_candidates() -> None:
    result = mxdesk("show", "cluster")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("mxdesk: 'cluster' is ambiguous: it is part of the names of ")
    assert len(lines) == 1 + 20 + 1
    assert lines[-1].endswith("more (mxdesk search cluster lists them)")


def test_show_claut_the_acronym_two_clusters_own() -> None:
    """Table 6 prints "CLAUT" for both automotive clusters (docs/data.md): the acronym stays
    ambiguous, and the id opens Nuevo León's."""
    both = mxdesk("show", "CLAUT")
    assert both.returncode == 1
    lines = both.stderr.splitlines()
    assert lines[0] == "mxdesk: 'CLAUT' is ambiguous: it names 2 records; say which one:"
    assert [line.split()[1] for line in lines[1:]] == ["claut", "claut-edomex"]
    one = mxdesk("show", "claut", "--json")
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["id"] == "claut"



def test_the_candidates_kinds_are_said_in_the_language_of_the_command_line() -> None:
    """"Say which one" lists each candidate's kind as a word of the current language: in
    English "cluster", in Spanish "clúster" (issue 20); the ids and names stay."""
    english = mxdesk("--lang", "en", "show", "CLAUT").stderr.splitlines()
    assert [line.split()[0] for line in english[1:]] == ["cluster", "cluster"]
    spanish = mxdesk("--lang", "es", "show", "CLAUT")
    assert spanish.returncode == 1
    lines = spanish.stderr.splitlines()
    assert [line.split()[:2] for line in lines[1:]] == [["clúster", "claut"],
                                                        ["clúster", "claut-edomex"]]


def test_export_pdf_cluster_by_a_name_part(tmp_path: Path) -> None:
    from tests.pdftext import pdf_text

    out = tmp_path / "sheet.pdf"
    result = mxdesk("export-pdf", "--cluster", "automotriz guanajuato", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Cluster Automotriz de Guanajuato" in pdf_text(out, 0)
    two = tmp_path / "two.pdf"
    result = mxdesk("export-pdf", "--cluster", "automotriz guanajuato", "--cluster",
                    "auto cluster chihuahua", "-o", str(two))
    assert result.returncode == 0, result.stderr
    # "Chihuahua Auto Cluster" is an alias: the bookmark carries the cluster's name.
    assert set(_brochure_clusters(two)) == {"Cluster Automotriz de Guanajuato",
                                            "Automotive Cluster Chihuahua"}


def test_the_start_s_backup_waits_until_the_first_rows_show(tmp_path: Path) -> None:
    """Notes changed since the last backup: the start backs them up, but only after the
    window shows its first rows (READY comes first, and the probe quits then, so no backup
    is made in that run); a start that runs on makes it moments later."""
    from mxdesk.core.notes import Note, NotesStore

    store = NotesStore(tmp_path / "notes.db")
    store.save_note(Note("changed since the last backup"))
    store.close()
    backups = tmp_path / "backups"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MXDESK_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "mxdesk"], capture_output=True, text=True,
                          timeout=60, check=False, env={**env, "MXDESK_STARTUP_PROBE": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("READY")
    assert not list(backups.glob("*.db")), "the backup came before the first rows"
    with subprocess.Popen([sys.executable, "-m", "mxdesk"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as running:
        try:
            deadline = time.monotonic() + 30
            while not list(backups.glob("*.db")) and time.monotonic() < deadline:
                assert running.poll() is None, "mxdesk quit before its backup"
                time.sleep(0.1)
            assert list(backups.glob("*.db")), "no backup was made after the start"
        finally:
            running.terminate()
            running.wait(timeout=30)


def test_show_pane_and_pdf_number_the_sources_alike(tmp_path: Path,
                                                     directory: Directory) -> None:
    """Issue 16: one number per source, written alike in ``mxdesk show``, the detail pane
    and the fact sheet PDF: "[2] Footnote 75: …" — never the footnote alone in brackets
    ("[75]"), which read as a second numbering."""
    import re

    from mxdesk.ui.detail_html import record_html
    from tests.pdftext import pdf_text

    shown = mxdesk("show", "claugto")
    assert shown.returncode == 0, shown.stderr
    pdf = tmp_path / "claugto.pdf"
    assert mxdesk("export-pdf", "--cluster", "claugto", "-o", str(pdf)).returncode == 0
    pane = re.sub(r"<[^>]+>", "", record_html(directory, directory.cluster("claugto")))
    pattern = re.compile(r"\[(\d+)\]\s*Footnote\s+(\d+):")
    in_text = pattern.findall(shown.stdout)
    assert ("2", "75") in in_text
    assert ("1", "69") in in_text
    assert pattern.findall(pane) == in_text
    # The sheet numbers in its own reading order (the label comes after the figures there),
    # but the same way: each footnote once, under one number, from [1] on.
    in_pdf = pattern.findall(" ".join(pdf_text(pdf).split()))
    assert sorted(f for _, f in in_pdf) == sorted(f for _, f in in_text)
    assert [n for n, _ in in_pdf] == [str(i) for i in range(1, len(in_pdf) + 1)]
    # The label and the figures cite by the list's number, as the pane does.
    assert re.search(r"Quality label: .* \[1\]", shown.stdout)
    assert "Members: 119 members (year not stated) [2]" in shown.stdout
    assert "[75]" not in shown.stdout


def test_the_previous_release_s_directory_is_told_as_older(tmp_path: Path) -> None:
    """The new-user trial of issue 16: 2026.11.1's database (schema 3) was refused as "not an
    mxdesk directory database (missing companies, countries)"."""
    import sqlite3

    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript("CREATE TABLE meta (key TEXT, value TEXT); "
                           "CREATE TABLE clusters (id TEXT); PRAGMA user_version = 3;")
    result = mxdesk("search", "x", db=old)
    assert result.returncode != 0
    assert "has directory schema 3, older than this mxdesk" in result.stderr
    assert "not an mxdesk directory" not in result.stderr


# -- issue 17: the id that copied a misprint, and an alias printed with one --------------------


def test_the_old_misprinted_id_still_finds_the_record_and_its_notes(tmp_path: Path) -> None:
    """`monterry-it-cluster` (the id until issue 17) is now `monterrey-it-cluster`: `show`
    says so and shows it, and a note and a shortlist kept under the old id come with the
    record into its PDF."""
    from tests.pdftext import pdf_text

    shown = mxdesk("show", "monterry-it-cluster")
    assert shown.returncode == 0, shown.stderr
    assert shown.stderr.startswith("mxdesk: monterry-it-cluster is now Monterrey IT Cluster "
                                   "(monterrey-it-cluster), since 2026.11.2")
    assert "Id:            monterrey-it-cluster" in shown.stdout
    source = tmp_path / "in.json"
    source.write_text(json.dumps({
        "format": "mxdesk-notes", "version": 1,
        "notes": [{"body": "Ask about the Monterrey software park", "cluster_id":
                   "monterry-it-cluster"}],
        "shortlists": [{"name": "Norte", "items": [{"cluster_id": "monterry-it-cluster"}]}],
    }), encoding="utf-8")
    imported = mxdesk("notes", "import", str(source))
    assert imported.returncode == 0, imported.stderr
    sheet = tmp_path / "sheet.pdf"
    made = mxdesk("export-pdf", "--cluster", "monterrey-it-cluster", "--with-notes", "-o",
                  str(sheet))
    assert made.returncode == 0, made.stderr
    assert "Ask about the Monterrey software park" in pdf_text(sheet)
    brochure = tmp_path / "norte.pdf"
    made = mxdesk("export-pdf", "--shortlist", "norte", "-o", str(brochure))
    assert made.returncode == 0, made.stderr
    assert "Monterrey IT Cluster" in _brochure_clusters(brochure)


@pytest.mark.parametrize("query", ["Monterrey Aerocluster (Nuevo León)",
                                   "Monterrey Aerocluster (Nuevo Léon)", "aerocluster nuevo leon"])
def test_an_alias_kept_as_printed_is_found_spelt_right(query: str) -> None:
    """Section 3.2 prints "Monterrey Aerocluster (Nuevo Léon)": the alias keeps it, and the
    state spelt right finds it as well."""
    result = mxdesk("search", query, "--kind", "cluster")
    assert result.returncode == 0, result.stderr
    assert "monterrey-aerocluster" in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_the_window_without_a_display_is_one_line_not_an_abort(tmp_path: Path) -> None:
    """Issue 19's second trial: `mxdesk` over ssh with no display aborted with a core dump
    (exit 134, Qt's "could not connect to display")."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["MXDESK_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mxdesk"], capture_output=True, text=True,
                            timeout=60, check=False, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("mxdesk: no display to open the window on")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
