"""`mxdesk notes import/export` and `mxdesk search --csv` as issue 17's trial used them (§2,
§3, §4, §6): what a dry run lists, what an import says it does not keep, the contacts CSV's
separator (read back by Python's csv and by LibreOffice), and the messages of the nits."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from mxdesk import cli
from mxdesk.core.notes import NotesStore

CASES = Path(__file__).parent / "data" / "cases"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``mxdesk ARGV`` in this process: (exit status, stdout, stderr)."""
    from mxdesk.core.logs import close_logging

    try:
        status = cli.main(list(argv))
    finally:
        close_logging()  # the log file lives in this test's data folder
    out, err = capsys.readouterr()
    return status, out, err


def test_a_dry_run_lists_the_first_ten_new_contacts_by_name(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    people = [{"name": f"Núñez Peña {n:02}", "role": "Compras"} for n in range(12)]
    path.write_text(json.dumps({"format": "mxdesk-notes", "version": 2, "contacts": people,
                                "notes": [{"body": "Reunión en Querétaro\nmás texto"}]}),
                    encoding="utf-8")
    status, out, err = run(capsys, "notes", "import", str(path), "--dry-run")
    assert (status, err) == (0, "")
    assert out == ("12 new contacts and 1 new note will be added.\n"
                   "New contacts (12):\n"
                   + "".join(f"  Núñez Peña {n:02} · Compras\n" for n in range(10))
                   + "  … and 2 more\n"
                   "New notes (1):\n"
                   "  Reunión en Querétaro\n"
                   "Nothing was written.\n")
    with NotesStore() as store:
        assert store.contacts() == []


def test_google_s_system_group_is_said_not_kept(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "notes", "import",
                            str(CASES / "vc03_google_multi_email_tel.vcf"), "--dry-run")
    assert status == 0
    assert ("Not kept: CATEGORIES myContacts (Google's system group, not a label of yours; "
            "1 card).") in out.splitlines()
    assert "  Lucía Fernández · Gerente de Proyectos" in out.splitlines()


def _libreoffice_rows(path: Path, tmp_path: Path, options: str) -> list[list[str]]:
    """*path* as LibreOffice headless reads it with the CSV filter *options*, its cells."""
    import xml.etree.ElementTree as ET

    from tests.conftest import require_tool

    soffice = require_tool("soffice")
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         f"--infilter=CSV:{options}", "--convert-to", "fods", "--outdir", str(tmp_path / "lo"),
         str(path)], capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    rows = []
    for row in ET.parse(tmp_path / "lo" / f"{path.stem}.fods").iter(f"{table}table-row"):
        cells = [("\n".join(p.text or "" for p in c.iter(f"{text}p")),
                  int(c.get(f"{table}number-columns-repeated", "1")))
                 for c in row.iter(f"{table}table-cell")]
        rows.append([value for value, times in cells for _ in range(min(times, 20))])
    return rows


def test_the_contacts_csv_has_the_list_export_s_separator(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Default ";" with a byte-order mark, as `search --csv`; --csv-separator comma (or ",")
    for the rest; each read by Python's csv and LibreOffice, and imported again."""
    assert run(capsys, "notes", "import", str(CASES / "seed_contacts.json"))[0] == 0
    semi, comma = tmp_path / "semi.csv", tmp_path / "comma.csv"
    assert run(capsys, "notes", "export", str(semi))[:2] == (0, f"Wrote 2 records to {semi}\n")
    assert run(capsys, "notes", "export", str(comma), "--csv-separator", ",")[0] == 0
    with pytest.raises(SystemExit) as refused:  # a usage error, as argparse ends one
        run(capsys, "notes", "export", str(tmp_path / "x.csv"), "--csv-separator", "|")
    assert refused.value.code == 2
    assert "'|' is not a separator: use semicolon, comma or tab" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
    assert semi.read_bytes().startswith(b'\xef\xbb\xbf"name";"role";')
    for path, separator in ((semi, ";"), (comma, ",")):
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(),
                                   delimiter=separator))
        assert [r["name"] for r in rows] == ["Ana Pérez", "Jürgen Groß"]
        assert rows[0]["met_where"] == "Monterrey; feria INA PAACE"
    # 59 = ";", 44 = ",", 34 = double quote, 76 = UTF-8: what a European spreadsheet uses.
    for path, options in ((semi, "59,34,76,1"), (comma, "44,34,76,1")):
        rows = _libreoffice_rows(path, tmp_path, options)
        header = rows[0]
        by_name = {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:] if r and r[0]}
        assert by_name["Jürgen Groß"]["comment"] == "Precio objetivo ≥ 12 € / unidad – revisar."
        assert by_name["Ana Pérez"]["organisation"] == "Clúster Automotriz de Nuevo León, A.C."
    for path in (semi, comma):
        monkeypatch.setenv("MXDESK_DATA_DIR", str(tmp_path / path.stem))
        status, out, _err = run(capsys, "notes", "import", str(path))
        assert (status, out.splitlines()[-1]) == (0, "Imported: 2 added, 0 merged.")


def test_importing_a_folder_says_it_is_a_folder(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    status, out, err = run(capsys, "notes", "import", str(tmp_path))
    assert (status, out) == (1, "")
    assert err == (f"mxdesk: {tmp_path} is a folder, not a file; give the file to import\n")


def test_a_csv_of_no_rows_still_says_no_matches(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    path = tmp_path / "z.csv"
    status, out, err = run(capsys, "search", "zzzzqqq", "--exact", "--csv", str(path))
    assert (status, out) == (0, f"Wrote 0 clusters to {path}\n")
    assert err == "No matches for 'zzzzqqq'.\n"
    assert path.read_text(encoding="utf-8-sig").count("\n") == 1  # the header only


def test_writing_to_standard_output_is_said_as_to_a_file(
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "search", "queretaro", "--csv", "-")
    assert status == 0
    assert out.startswith("\ufeffName;")
    assert err.splitlines()[-1].startswith("Wrote ")
    assert err.splitlines()[-1].endswith(" clusters to standard output")


def test_a_contacts_table_points_to_notes_export(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "search", "", "--kind", "contact", "--csv", "-")
    assert (status, out) == (1, "")
    assert "`mxdesk notes export FILE.csv`" in err
