"""The notes store's writes inside a caller's transaction (an import): shortlists written and
merged, and the current shortlist set by uid, read back from the file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from mxdesk.core.notes import NotesStore, Shortlist, ShortlistItem


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "notes.db"


@pytest.fixture
def store(path: Path) -> Iterator[NotesStore]:
    opened = NotesStore(path, allow_new=True)
    yield opened
    opened.close()


def read_back(path: Path) -> tuple[list[Shortlist], str]:
    """Every shortlist and the current-shortlist setting, as another connection sees them."""
    with NotesStore(path) as other:
        return other.shortlists(), other.setting("current_shortlist")


def positions(path: Path, shortlist_id: int) -> list[tuple[str, int, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT cluster_id, position, remark FROM shortlist_items WHERE "
                            "shortlist_id = ? ORDER BY position", [shortlist_id]).fetchall()
    finally:
        conn.close()


MISSION = Shortlist("Bajío mission", (ShortlistItem("claugto", "day 1"),
                                      ShortlistItem("clautc"), ShortlistItem("claugto", "twice")),
                    uid="list-1", id=99, created_at="2025-01-02T03:04:05+00:00",
                    updated_at="2025-02-03T04:05:06+00:00")


def test_write_shortlist_stores_it_as_given(store: NotesStore, path: Path) -> None:
    with store.transaction() as conn:
        new_id = store.write_shortlist(conn, MISSION)
    assert new_id != MISSION.id
    assert read_back(path) == ([Shortlist(
        "Bajío mission", (ShortlistItem("claugto", "day 1"), ShortlistItem("clautc")),
        "list-1", new_id, "2025-01-02T03:04:05+00:00", "2025-02-03T04:05:06+00:00")], "")
    assert positions(path, new_id) == [("claugto", 0, "day 1"), ("clautc", 1, "")]


def test_write_shortlist_stamps_missing_times(store: NotesStore, path: Path) -> None:
    before = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    with store.transaction() as conn:
        new_id = store.write_shortlist(conn, Shortlist("Empty", uid="list-2"))
    after = dt.datetime.now(tz=dt.UTC)
    (found,), _ = read_back(path)
    assert (found.name, found.items, found.uid, found.id) == ("Empty", (), "list-2", new_id)
    assert found.created_at == found.updated_at
    assert before <= dt.datetime.fromisoformat(found.created_at) <= after


def test_write_shortlist_with_a_taken_name_rolls_back(store: NotesStore, path: Path) -> None:
    store.create_shortlist("Bajío mission")

    def write_both() -> None:
        with store.transaction() as conn:
            store.write_shortlist(conn, Shortlist("Other", uid="list-3"))
            store.write_shortlist(conn, MISSION)

    with pytest.raises(sqlite3.IntegrityError):
        write_both()
    assert [s.name for s in read_back(path)[0]] == ["Bajío mission"]


@pytest.mark.parametrize(("here", "incoming", "expected"), [
    (("a", "b"), ("c",), ("a", "b", "c")),
    (("a", "b"), ("b", "c", "a", "d"), ("a", "b", "c", "d")),
    (("a", "b"), (), ("a", "b")),
    ((), ("c", "d"), ("c", "d")),
    (("a",), ("a",), ("a",)),
])
def test_merge_shortlist_keeps_its_order_and_appends(
        store: NotesStore, path: Path, here: tuple[str, ...], incoming: tuple[str, ...],
        expected: tuple[str, ...]) -> None:
    current = store.create_shortlist("Mission")
    store.set_items(int(current.id or 0), [ShortlistItem(c, f"here {c}") for c in here])
    current = store.shortlist(int(current.id or 0))
    other = store.create_shortlist("Untouched")
    with store.transaction() as conn:
        store.merge_shortlist(conn, current, [ShortlistItem(c, f"file {c}") for c in incoming])
    found, _ = read_back(path)
    assert found == [
        Shortlist("Mission", tuple(ShortlistItem(c, f"here {c}" if c in here else f"file {c}")
                                   for c in expected),
                  current.uid, current.id, current.created_at, current.updated_at),
        other]
    assert [p for _, p, _ in positions(path, int(current.id or 0))] == list(range(len(expected)))


def test_set_current_shortlist_uid(store: NotesStore, path: Path) -> None:
    first, second = store.create_shortlist("First"), store.create_shortlist("Second")
    store.set_current_shortlist(int(first.id or 0))
    with store.transaction() as conn:
        assert store.set_current_shortlist_uid(conn, second.uid) is True
    assert read_back(path)[1] == str(second.id)
    with store.transaction() as conn:
        assert store.set_current_shortlist_uid(conn, "no-such-uid") is False
    assert read_back(path)[1] == str(second.id)


def test_the_writes_are_one_transaction(store: NotesStore, path: Path) -> None:
    here = store.create_shortlist("Here")
    store.set_items(int(here.id or 0), [ShortlistItem("a")])
    here = store.shortlist(int(here.id or 0))
    before = read_back(path)

    def write_then_fail() -> None:
        with store.transaction() as conn:
            store.write_shortlist(conn, MISSION)
            store.merge_shortlist(conn, here, [ShortlistItem("b")])
            assert store.set_current_shortlist_uid(conn, MISSION.uid)
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError, match="cancelled"):
        write_then_fail()
    assert read_back(path) == before
