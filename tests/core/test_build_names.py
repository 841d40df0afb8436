"""The build's checks of names and redirects (core/build.py, ``check_names_and_redirects``):
aliases that differ only in case are refused, redirects must name ids that are gone and ids
that exist, and a table row printed in another case is not repeated as an alias."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from mxdesk.core.build import build_from, distinct_aliases, load_sources
from mxdesk.core.errors import BuildError
from tests.conftest import ROOT

Sources = dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def sources() -> Sources:
    return load_sources(ROOT / "data" / "source")


def _record(src: Sources, file: str, key: str, rid: str) -> dict[str, Any]:
    return next(r for r in src[file][key] if r["id"] == rid)


def _refused(src: Sources, tmp_path: Path) -> str:
    with pytest.raises(BuildError) as caught:
        build_from(src, tmp_path / "clusters.db")
    assert not (tmp_path / "clusters.db").exists()
    return str(caught.value)


@pytest.mark.parametrize(("file", "key", "rid", "forms"), [
    ("clusters", "cluster", "it-baja", ["IT@BAJA"]),  # the acronym "IT@Baja" in capitals
    ("clusters", "cluster", "csoftmty", ["csoftmty", "CSoftMty"]),
    ("policies", "policy", "promexico", ["Proméxico"]),  # the name "ProMéxico"
    ("sectors", "sector", "ict", ["it"]),  # the alias "IT"
])
def test_an_alias_differing_only_in_case_is_refused(sources: Sources, tmp_path: Path, file: str,
                                                    key: str, rid: str,
                                                    forms: list[str]) -> None:
    src = copy.deepcopy(sources)
    _record(src, file, key, rid).setdefault("aliases", []).extend(forms)
    message = _refused(src, tmp_path)
    assert f"{file}.toml {key} {rid}" in message
    assert "differ only in case" in message


@pytest.mark.parametrize(("entry", "problem"), [
    ({"old": "claut", "new": "claugto", "release": "x", "reason": "y"}, "still names a record"),
    ({"old": "gone-cluster", "new": "no-such-id", "release": "x", "reason": "y"},
     "names no record"),
    ({"old": "gone-cluster", "release": "x"}, "no release or no reason"),
    ({"old": "Not A Slug", "release": "x", "reason": "y"}, "bad or missing old"),
])
def test_a_broken_redirect_is_refused(sources: Sources, tmp_path: Path, entry: dict[str, str],
                                      problem: str) -> None:
    src = copy.deepcopy(sources)
    src["redirects"] = {"redirect": [entry]}
    assert problem in _refused(src, tmp_path)


def test_a_repeated_redirect_is_refused(sources: Sources, tmp_path: Path) -> None:
    src = copy.deepcopy(sources)
    entry = {"old": "gone-cluster", "release": "x", "reason": "y"}
    src["redirects"] = {"redirect": [entry, dict(entry)]}
    assert "old comes twice" in _refused(src, tmp_path)


def test_redirects_toml_is_read_and_optional(tmp_path: Path) -> None:
    loaded = load_sources(ROOT / "data" / "source")
    assert {r["old"] for r in loaded["redirects"]["redirect"]} >= {"three-helixes"}
    for path in (ROOT / "data" / "source").glob("*.toml"):
        if path.name != "redirects.toml":
            (tmp_path / path.name).write_bytes(path.read_bytes())
    shutil.copytree(ROOT / "data" / "source" / "maps", tmp_path / "maps")  # required (schema 8)
    assert load_sources(tmp_path)["redirects"] == {}


def test_a_row_printed_in_another_case_is_not_an_alias(tmp_path: Path, sources: Sources) -> None:
    """Table 6 prints "Monterrey AeroCluster"; the record is "Monterrey Aerocluster": the
    listing keeps its form, the aliases do not repeat it."""
    build_from(copy.deepcopy(sources), tmp_path / "clusters.db")
    db = sqlite3.connect(tmp_path / "clusters.db")
    try:
        aliases = {a for (a,) in db.execute(
            "SELECT alias FROM cluster_aliases WHERE cluster_id = 'monterrey-aerocluster'")}
        listed = {n for (n,) in db.execute(
            "SELECT name FROM cluster_listings WHERE cluster_id = 'monterrey-aerocluster'")}
    finally:
        db.close()
    assert "Monterrey AeroCluster" in listed
    assert "Monterrey AeroCluster" not in aliases
    assert "Monterrey Aerocluster (Nuevo Léon)" in aliases


def test_distinct_aliases_keeps_the_first_form() -> None:
    assert distinct_aliases("IT Cluster", ["CLAUT", "it cluster", "Claut", "CLAUT", "B"]) == [
        "CLAUT", "B"]
