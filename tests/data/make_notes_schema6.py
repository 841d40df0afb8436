"""How tests/data/notes_schema6.db was made: run once with the code of commit fbdc375 (the last
before the shared notes of issue 21, notes schema 6), never again. tests/core/test_notes.py
opens the file with today's code and checks that schema 7 keeps every record, none shared.

    mkdir /tmp/s6 && git archive fbdc375 src | tar -x -C /tmp/s6 && \
        PYTHONPATH=/tmp/s6/src python /path/to/tests/data/make_notes_schema6.py OUT.db
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import Contact, Note, NotesStore, ShortlistItem, points
from mxdesk.core.notes.records import NameParts


def main(out: Path) -> None:
    """Write a schema-6 notes file with contacts, notes (about a contact, a cluster alone,
    nothing), a shortlist, a mission and a meeting to *out*."""
    with NotesStore(out) as store:
        ana = store.save_contact(Contact(
            name="Ana Pérez", role="Cluster manager", organisation="CLAUGTO",
            cluster_id="claugto", emails=points("ana@example.org"),
            phones=points("+52 477 000 0000"), met_where="León, stand 12",
            met_on="2026-03-14", tags=("automotive", "hot"), comment="Wants a joint call.",
            name_parts=NameParts(family="Pérez", given="Ana"), uid="c-ana"))
        store.save_contact(Contact(name="Jürgen Groß", organisation="Pro-Aéreo",
                                   cluster_id="claut", uid="c-jurgen"))
        store.save_note(Note("Reunión en Querétaro con el clúster\nSegunda línea",
                             cluster_id="claugto", contact_uid=ana.uid, uid="n-1"))
        store.save_note(Note("Ana prefers calls after 17:00", contact_uid=ana.uid, uid="n-2"))
        store.save_note(Note("CLAUT's board meets in June", cluster_id="claut", uid="n-3"))
        store.save_note(Note("A thought about Monterrey", uid="n-4"))
        listed = store.create_shortlist("Monterrey mission, March", uid="s-1")
        store.set_items(int(listed.id or 0), [ShortlistItem("claut", "meet the board"),
                                              ShortlistItem("csoftmty")])
        store.set_current_shortlist(int(listed.id or 0))
        trip = store.create_mission(Mission("Bajío, July", dt.date(2026, 7, 13),
                                            dt.date(2026, 7, 15), "Europe/Madrid",
                                            clusters=("claugto", "claut"), uid="m-1"))
        store.save_meeting(Meeting("Board of CLAUGTO", dt.datetime(2026, 7, 14, 10),
                                   "America/Mexico_City", 60, "León", mission_id=trip.id,
                                   clusters=("claugto",), contacts=(ana.uid,), uid="e-1"),
                           {"claugto": "CLAUGTO"})
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
