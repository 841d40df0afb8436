"""A previous release and a newer one, for the tests of what changed (issue 16).

The previous release is the real one: data/clusters.db as release 2026.11.1 shipped it, read
from the git history (the tests that need it skip outside a git checkout). The newer one is
this release's data/source with a fixture of our own on top. This release's redirects.toml
removes a policy and renames one cluster's id (``monterry-it-cluster`` →
``monterrey-it-cluster``, issue 17), which the tests use as the rename; the fixture adds one
cluster merged into another and one removed, each with its redirects.toml entry. It is
built the way ``python -m mxdesk.core.build --previous`` builds: compared with the previous
release, its change list written, then built again with it.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mxdesk.core import paths
from mxdesk.core.build import build_from, load_change_lists, load_sources
from mxdesk.core.changes import write_change_list
from mxdesk.core.notes import NotesStore
from mxdesk.core.notes.records import Contact, Note, ShortlistItem
from mxdesk.core.release_diff import compare

#: The commit whose data/clusters.db is release 2026.11.1.
PREVIOUS_COMMIT = "757e792"
PREVIOUS_VERSION = "2026.11.1"
RELEASE = "2026.11.2"

RENAMED = ("monterry-it-cluster", "monterrey-it-cluster")
MERGED = ("claut-edomex", "claut")
REMOVED = "cleantech-cluster-mexico"
FIXTURE_REDIRECTS = [
    {"old": MERGED[0], "new": MERGED[1], "release": RELEASE,
     "reason": "merged: (test fixture) one organisation listed twice"},
    {"old": REMOVED, "release": RELEASE, "reason": "removed: (test fixture) not a cluster"},
]


def previous_release(folder: Path) -> Path:
    """data/clusters.db of release 2026.11.1, from git, into *folder*; skips the test when
    the history is not at hand (an unpacked source archive)."""
    out = folder / f"clusters-{PREVIOUS_VERSION}.db"
    if not out.exists():
        try:
            data = subprocess.run(
                ["git", "-C", str(paths.SOURCE_TREE), "show",
                 f"{PREVIOUS_COMMIT}:data/clusters.db"],
                capture_output=True, check=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            pytest.skip(f"release {PREVIOUS_VERSION}'s database is not in reach: {exc}")
        out.write_bytes(data)
    return out


def fixture_sources() -> dict[str, dict[str, Any]]:
    """data/source as read by the build, with the fixture's merge and removal (the rename,
    :data:`RENAMED`, is this release's own)."""
    src = copy.deepcopy(load_sources(paths.source_dir()))
    src["meta"]["data_version"] = RELEASE
    clusters = src["clusters"]["cluster"]
    src["clusters"]["cluster"] = [c for c in clusters if c["id"] not in (MERGED[0], REMOVED)]
    redirects = src.get("redirects", {}).get("redirect", [])
    src["redirects"] = {"redirect": [*redirects, *FIXTURE_REDIRECTS]}
    return without_orphan_spanish(src)


def without_orphan_spanish(src: dict[str, Any]) -> dict[str, Any]:
    """*src* with the Spanish text of records it no longer has taken out, and the terms only
    they used, as a maintainer removing a record does (the build refuses orphans)."""
    from mxdesk.core.spanish_source import RECORD_FILES, TERMS_FILE, english_terms

    spanish = src.get("es", {})
    for file, key in RECORD_FILES.items():
        kept = {r["id"] for r in src.get(file, {}).get(key, [])}
        if file in spanish:
            spanish[file] = {rid: v for rid, v in spanish[file].items() if rid in kept}
    used = english_terms(src)
    if TERMS_FILE in spanish:
        spanish[TERMS_FILE] = {table: {k: v for k, v in terms.items() if k in used[table]}
                               for table, terms in spanish[TERMS_FILE].items()}
    return src


def newer_release(folder: Path, previous: Path) -> Path:
    """The newer directory (data version 2026.11.2), built into *folder* with its change list
    against *previous* (in *folder*/changes)."""
    out = folder / "newer.db"
    if out.exists():
        return out
    src = fixture_sources()
    build_from(src, out)
    changes = compare(previous, out, src["redirects"]["redirect"])
    write_change_list(changes, folder / "changes")
    src["changes"] = load_change_lists(folder / "changes")
    build_from(src, out)
    return out


def cluster_ids(db: Path) -> set[str]:
    """The cluster ids of a directory database."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM clusters")}
    finally:
        conn.close()


def notes_made_on(store: NotesStore, previous: Path) -> None:
    """Contacts, notes and a shortlist on clusters of the previous release: the merged, the
    renamed and the removed ones, the one merged into, one whose label changed and one that
    did not change."""
    ids = cluster_ids(previous)
    wanted = {RENAMED[0], *MERGED, REMOVED, "csoftmty", "claugto"}
    assert wanted <= ids, wanted - ids
    store.save_contact(Contact("Ana Pérez", role="Director", cluster_id=MERGED[0]))
    store.save_contact(Contact("Luis Gómez", cluster_id=RENAMED[0]))
    store.save_contact(Contact("Marta Ruiz", cluster_id=REMOVED))
    store.save_contact(Contact("Jorge Díaz", cluster_id=MERGED[1]))
    store.save_contact(Contact("Elena Soto", cluster_id="claugto"))
    store.save_note(Note("Met CLAUT Edomex at the fair\nfollow up in June",
                         cluster_id=MERGED[0]))
    store.save_note(Note("Monterrey IT: ask about the label", cluster_id=RENAMED[0]))
    store.save_note(Note("Cleantech: send the brochure", cluster_id=REMOVED))
    store.save_note(Note("CLAUT: meeting on Tuesday", cluster_id=MERGED[1]))
    store.save_note(Note("Silver or Gold?", cluster_id="csoftmty"))
    shortlist = store.create_shortlist("Mission to Mexico")
    store.set_items(shortlist.id, [ShortlistItem(MERGED[0], "visit first"),
                                  ShortlistItem(RENAMED[0]),
                                  ShortlistItem(REMOVED)])
    store.set_current_shortlist(shortlist.id)


def everything(store: NotesStore) -> tuple[object, ...]:
    """Every contact, note and shortlist the store holds, as records: to compare before and
    after (nothing lost, nothing changed)."""
    return (tuple(store.contacts()), tuple(store.notes()), tuple(store.shortlists()),
            store.counts())
