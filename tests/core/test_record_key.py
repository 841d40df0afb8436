"""A record is named by a typed key (issue 15): RecordKey, which a link, a tab and the history
all use, and which still compares and unpacks as the (kind, id) pair it replaced."""

from __future__ import annotations

import pytest

from mxdesk.core.directory import Directory
from mxdesk.core.records import KINDS, RecordKey, record_key


def test_a_key_is_its_pair() -> None:
    key = record_key("cluster", "claut")
    assert key == RecordKey("cluster", "claut") == ("cluster", "claut")
    kind, record_id = key
    assert (kind, record_id) == (key.kind, key.id) == ("cluster", "claut")


@pytest.mark.parametrize("kind", ["contact", "Cluster", "", "clusters"])
def test_a_kind_the_directory_does_not_have_is_refused(kind: str) -> None:
    with pytest.raises(ValueError, match="not a kind of record"):
        record_key(kind, "claut")


def test_every_kind_opens_its_records(directory: Directory) -> None:
    for kind in KINDS:
        ref = directory.all_refs(kind)[0]
        assert directory.get(*record_key(kind, ref.id)).id == ref.id
