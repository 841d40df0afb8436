"""Clusters the user's records point at, and those of them the directory no longer has.

A contact, a note or a shortlist names its cluster by the directory's stable id (a slug), so a
newer clusters.db never deletes them; a cluster it dropped leaves records that are flagged,
never dropped (the My notes tab counts them in its status line).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable


def cluster_ids_in_use(conn: sqlite3.Connection) -> set[str]:
    """Every cluster id a contact, a note or a shortlist holds."""
    return {str(c) for (c,) in conn.execute(
        "SELECT cluster_id FROM contacts WHERE cluster_id IS NOT NULL UNION "
        "SELECT cluster_id FROM notes WHERE cluster_id IS NOT NULL UNION "
        "SELECT cluster_id FROM shortlist_items")}


def orphans(conn: sqlite3.Connection,
            known_cluster_ids: Iterable[str] | Callable[[set[str]], set[str]]) -> set[str]:
    """The ids of :func:`cluster_ids_in_use` the directory does not have.

    *known_cluster_ids* is every id the directory has, or a function that says which of
    the ids in use it has (cheaper with a large directory)."""
    in_use = cluster_ids_in_use(conn)
    known = (known_cluster_ids(in_use) if callable(known_cluster_ids)
             else set(known_cluster_ids))
    return in_use - known
