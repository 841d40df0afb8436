"""Faults and hostile input across the application (the record is docs/reliability.md)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from mxdesk.core import paths, sheets
from mxdesk.core.build import build
from mxdesk.core.directory import Directory
from mxdesk.core.errors import DirectoryError
from mxdesk.core.exchange import ExchangeError, ImportFileError, export_notes, read_file
from mxdesk.core.logs import close_logging, log_path, setup_logging
from mxdesk.core.notes import Contact, Note, NotesStore, StoreError
from mxdesk.export.pdf import ExportError, export_pdf
from tests.conftest import COMMITTED_DB
from tests.pdftext import pdf_text


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mxdesk", *args], capture_output=True,
                          text=True, timeout=60, check=False, encoding="utf-8")


# -- the directory database ------------------------------------------------------------------


@pytest.mark.parametrize(("version", "word"), [(99, "newer"), (0, "older")])
def test_cli_directory_of_another_schema(tmp_path: Path, version: int, word: str) -> None:
    db = tmp_path / "clusters.db"
    shutil.copy(COMMITTED_DB, db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    result = run_cli("--db", str(db), "show", "claut")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert word in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_directory_locked(tmp_path: Path) -> None:
    db = tmp_path / "clusters.db"
    shutil.copy(COMMITTED_DB, db)
    holder = sqlite3.connect(db, isolation_level=None, timeout=0)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run_cli("--db", str(db), "search", "queretaro")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "locked" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("content", [None, b"not a database at all" * 50,
                                     COMMITTED_DB.read_bytes()[:8192]])
def test_gui_directory_fault_is_a_dialog_and_a_clean_exit(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes | None,
) -> None:
    from mxdesk.ui import app

    db = tmp_path / "clusters.db"
    if content is not None:
        db.write_bytes(content)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "tell", lambda _p, _icon, title, text: shown.append((title, text)))
    assert app.run_gui(db) == 1
    [(title, text)] = shown
    assert title == "mxdesk cannot start"
    assert str(db) in text


# -- the notes store --------------------------------------------------------------------------


def test_notes_folder_unusable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        NotesStore(blocker / "notes.db")


def test_notes_full_disk_loses_nothing(tmp_path: Path) -> None:
    """SQLite's max_page_count makes the file "full" exactly as a full disk does (SQLITE_FULL)."""
    store = NotesStore(tmp_path / "notes.db")
    store.save_note(Note("saved before the disk filled up"))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StoreError, match="full"):
        store.save_note(Note("x" * 200_000))
    assert [n.body for n in store.notes()] == ["saved before the disk filled up"]
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    store.save_note(Note("room again"))
    assert len(store.notes()) == 2
    assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store.close()


# -- imports ------------------------------------------------------------------------------------


def test_csv_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffname,email\r\nJosé Núñez,j@example.org\r\n".encode())
    assert [c.name for c in read_file(path).contacts] == ["José Núñez"]


def test_enormous_import_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(ImportFileError, match="too large"):
        read_file(path)


# -- text that looks like markup ----------------------------------------------------------------


MARKUP = "<b>bold</b> <script>alert(1)</script> <img src=x onerror=1> &amp;"


def test_markup_in_the_data_is_shown_as_text(qapp: QApplication, tmp_path: Path) -> None:
    from mxdesk.ui.detail import DetailPane, record_html

    source = tmp_path / "source"
    shutil.copytree(paths.source_dir(), source)
    clusters = source / "clusters.toml"
    text = clusters.read_text(encoding="utf-8")
    first = text.index('description = "', text.index('id = "claugto"'))
    end = text.index('"\n', first + 15)
    clusters.write_text(text[:first] + f'description = "{MARKUP}' + text[end:],
                        encoding="utf-8")
    db = tmp_path / "clusters.db"
    build(source, db)
    with Directory(db) as directory:
        pane = DetailPane()
        pane.show_html(record_html(directory, directory.cluster("claugto")))
        assert MARKUP in pane.toPlainText()
        out = tmp_path / "sheet.pdf"
        export_pdf(sheets.single_sheet(directory, "claugto"), out)
        assert "<script>alert(1)</script>" in pdf_text(out)


def test_markup_in_notes_is_printed_as_text(tmp_path: Path, directory: Directory) -> None:
    store = NotesStore(tmp_path / "notes.db")
    store.save_contact(Contact(MARKUP, cluster_id="claut"))
    out = tmp_path / "with-notes.pdf"
    export_pdf(sheets.single_sheet(directory, "claut", store=store), out)
    assert "<script>alert(1)</script>" in pdf_text(out)
    store.close()


def test_tool_tips_show_markup_as_text(qapp: QApplication, directory: Directory) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument

    from mxdesk.ui.notes_ui import NotesTableModel

    model = NotesTableModel()
    model.set_rows([("contact", 1, MARKUP, "", "", False)])
    tip = model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    doc = QTextDocument()
    doc.setHtml(tip)
    assert doc.toPlainText() == MARKUP


# -- writing files --------------------------------------------------------------------------------


def test_pdf_to_a_folder_or_a_locked_file(tmp_path: Path, directory: Directory,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "sheet.pdf"
    folder.mkdir()
    with pytest.raises(ExportError, match="it is a folder"):
        export_pdf(sheets.single_sheet(directory, "claut"), folder)
    target = tmp_path / "open-elsewhere.pdf"
    target.write_bytes(b"kept")

    def refuse(self: Path, other: Path) -> Path:
        raise PermissionError(13, "The process cannot access the file because it is being "
                                  "used by another process")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(ExportError, match="used by another process"):
        export_pdf(sheets.single_sheet(directory, "claut"), target)
    monkeypatch.undo()
    assert target.read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["open-elsewhere.pdf", "sheet.pdf"]


def test_notes_export_to_a_folder(tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "notes.db")
    folder = tmp_path / "out.json"
    folder.mkdir()
    with pytest.raises(ExchangeError, match="it is a folder"):
        export_notes(store, folder)
    store.close()


# -- unexpected errors ----------------------------------------------------------------------------


def test_excepthook_logs_and_tells_where(qapp: QApplication,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from mxdesk.ui import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    setup_logging()
    try:
        try:
            raise RuntimeError("a bug in mxdesk")
        except RuntimeError as exc:
            app.excepthook(type(exc), exc, exc.__traceback__)
        logged = log_path().read_text(encoding="utf-8")
    finally:
        close_logging()
    assert "RuntimeError: a bug in mxdesk" in logged
    assert "Traceback" in logged
    assert str(log_path()) in shown[0]
    assert "You can go on working" in shown[0]


def test_damaged_directory_table_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "clusters.db"
    shutil.copy(COMMITTED_DB, db)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE cluster_items")
    conn.commit()
    conn.close()
    result = run_cli("--db", str(db), "show", "claut")
    assert result.returncode == 1
    assert "cannot read" in result.stderr
    assert result.stderr.count("\n") == 1


def test_cli_bug_is_one_line_exit_70_and_logged(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from mxdesk import cli

    def broken(_args: object) -> int:
        raise RuntimeError("a bug in a command")

    monkeypatch.setattr(cli, "_search", broken)
    try:
        assert cli.main(["search", "x"]) == 70
        err = capsys.readouterr().err
        logged = log_path().read_text(encoding="utf-8")
    finally:
        close_logging()
    assert err.startswith("mxdesk: internal error: RuntimeError('a bug in a command')")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert "RuntimeError: a bug in a command" in logged


def test_directory_error_type_is_user_facing() -> None:
    with pytest.raises(DirectoryError):
        Directory(Path("/nonexistent/clusters.db"))
