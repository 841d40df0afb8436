"""How tests/data/notes_schema5.db was made: run once with the code of commit 91077c4 (the last
before issue 18, notes schema 5), never again. tests/core/test_mission_migration.py opens the
file with today's code and checks that schema 6 keeps every record.

    git worktree add /tmp/s5 91077c4 && cd /tmp/s5 && \
        PYTHONPATH=src python /path/to/tests/data/make_notes_schema5.py OUT.db
"""

from __future__ import annotations

import sys
from pathlib import Path

from mxdesk.core.notes import Contact, Note, NotesStore, ShortlistItem, points


def main(out: Path) -> None:
    """Write a schema-5 notes file with contacts, notes and shortlists to *out*."""
    with NotesStore(out) as store:
        ana = store.save_contact(Contact(
            name="Ana Pérez", role="Cluster manager", organisation="CLAUGTO",
            cluster_id="claugto", emails=points("ana@example.org"),
            phones=points("+52 477 000 0000"), met_where="León, stand 12",
            met_on="2026-03-14", tags=("automotive", "hot"), comment="Wants a joint call.",
            uid="c-ana"))
        store.save_contact(Contact(name="Jürgen Groß", organisation="Pro-Aéreo",
                                   cluster_id="claut", uid="c-jurgen"))
        store.save_note(Note("Reunión en Querétaro con el clúster\nSegunda línea",
                             cluster_id="claugto", contact_uid=ana.uid, uid="n-1"))
        store.save_note(Note("A thought about Monterrey", uid="n-2"))
        listed = store.create_shortlist("Monterrey mission, March", uid="s-1")
        store.set_items(int(listed.id or 0), [ShortlistItem("claut", "meet the board"),
                                              ShortlistItem("csoftmty")])
        store.set_current_shortlist(int(listed.id or 0))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
