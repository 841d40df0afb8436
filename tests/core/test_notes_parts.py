"""The notes store's layout (issue 15): NotesStore is the one façade, each part of it is a module
named for what it does, no part imports the façade, and no module grows past ~450 lines
without saying why at its top."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import mxdesk.core.notes
from mxdesk.core.notes import NotesStore
from mxdesk.core.notes.schema import NOTES_SCHEMA_VERSION

PACKAGE = Path(mxdesk.core.notes.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
#: The parts NotesStore delegates to (the modules written against parts.OpenStore).
PARTS = ("opening", "contacts", "cluster_notes", "merging", "shortlists", "search", "orphans",
         "backups", "stored_text", "parts")
MAX_LINES = 450


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_a_module_over_450_lines_says_why_at_its_top(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert docstring, f"{path.name} has no module docstring"
    if len(text.splitlines()) > MAX_LINES:
        assert "Over ~450 lines because" in docstring, path.name


@pytest.mark.parametrize("name", PARTS)
def test_no_part_imports_the_facade(name: str) -> None:
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {f"{node.module}.{alias.name}" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) for alias in node.names}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert "mxdesk.core.notes.store" not in imported
    assert "mxdesk.core.notes.NotesStore" not in imported


def test_every_public_method_of_the_facade_is_documented() -> None:
    public = [name for name, _member in inspect.getmembers(NotesStore, inspect.isfunction)
              if not name.startswith("_")]
    assert len(public) > 40
    assert [name for name in public if not inspect.getdoc(getattr(NotesStore, name))] == []


def test_the_notes_schema_version_has_one_name_and_the_directory_s_another() -> None:
    assert NOTES_SCHEMA_VERSION == mxdesk.core.notes.NOTES_SCHEMA_VERSION
    assert not hasattr(mxdesk.core.notes, "SCHEMA_VERSION")  # one name per meaning
