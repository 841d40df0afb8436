"""The JSON import reads its record lists a record at a time (exchange._walk_json), so the window
can paint between records: it must accept exactly what json.loads accepts and give the same
value, and say on which line each record starts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxdesk.core import exchange
from tests.conftest import fuzz_examples

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)
TOP = st.dictionaries(
    st.sampled_from(["format", "version", "contacts", "notes", "shortlists", "x"])
    | st.text(max_size=4), JSON_VALUES | st.lists(JSON_VALUES, max_size=5), max_size=5)


def _walked(text: str) -> tuple[Any, dict[str, list[int]]] | None:
    try:
        return exchange._walk_json(text, lambda: None)
    except (ValueError, IndexError, RecursionError):
        return None


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(top=TOP, indent=st.sampled_from([None, 0, 2, "\t"]),
       separators=st.sampled_from([None, (",", ":"), (" ,\n", " : ")]))
def test_any_object_of_lists_reads_as_json_loads_reads_it(
        top: dict[str, Any], indent: int | str | None,
        separators: tuple[str, str] | None) -> None:
    text = json.dumps(top, indent=indent, separators=separators, ensure_ascii=False)
    walked = _walked(text)
    assert walked is not None, text
    assert walked[0] == json.loads(text)


@settings(max_examples=fuzz_examples(400), deadline=None)
@given(top=TOP, cut=st.integers(min_value=0), junk=st.sampled_from(
    ["", ",", "]", "}", "{", '"', ":", "x", "[,]", ",]", " ", "\n", "1 2"]))
def test_text_that_is_not_json_is_never_taken(top: dict[str, Any], cut: int, junk: str) -> None:
    """A file cut short or with a stray mark: either json.loads and the walk agree, or the
    walk refuses it (the import then reports json's own line and column)."""
    text = json.dumps(top, indent=1)
    at = cut % (len(text) + 1)
    broken = text[:at] + junk + text[at:]
    walked = _walked(broken)
    try:
        expected = json.loads(broken)
    except json.JSONDecodeError:
        assert walked is None, broken
        return
    assert walked is None or walked[0] == expected, broken


def test_each_record_is_placed_on_the_line_where_it_starts() -> None:
    text = ('{"format": "mxdesk-notes", "version": 1,\n'
            ' "contacts": [\n'
            '  {"name": "Ana",\n'
            '   "comment": "two\\nlines and a [bracket] and a \\"quote {"},\n'
            '  {"name": "Luis"}, {"name": "Eva"}\n'
            ' ],\n'
            ' "notes": [], "shortlists": [\n'
            '\n'
            '  {"name": "Mission", "items": []}]}\n')
    data, lines = exchange._walk_json(text, lambda: None)
    assert data == json.loads(text)
    assert lines == {"contacts": [3, 5, 5], "notes": [], "shortlists": [9]}


def test_a_tick_comes_before_every_record_and_can_stop_the_reading() -> None:
    text = json.dumps({"format": "mxdesk-notes", "version": 1,
                       "contacts": [{"name": f"P{n}"} for n in range(5)],
                       "notes": [{"body": "x"}]})
    ticks: list[int] = []
    exchange._walk_json(text, lambda: ticks.append(1))
    assert len(ticks) == 6

    def stop() -> None:
        if len(ticks) >= 8:
            raise exchange.ImportCancelled("stopped")
        ticks.append(1)

    with pytest.raises(exchange.ImportCancelled):
        exchange._walk_json(text, stop)


@pytest.mark.parametrize(("text", "said"), [
    ('{"format": "mxdesk-notes",\n "contacts": [{"name": "A"},]}', "line 2 column 29"),
    ('{"format": "mxdesk-notes",\n "contacts": [{"name": "A"}\n', "line 3 column 1"),
    ('{"contacts": [] } x', "line 1 column 19"),
])
def test_a_broken_file_is_reported_where_json_finds_the_fault(
        tmp_path: Any, text: str, said: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(exchange.ImportFileError, match=f"broken.json {said}: not valid JSON"):
        exchange.read_file(path)
