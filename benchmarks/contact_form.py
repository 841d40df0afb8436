"""Showing a contact in its form, with and without a mission linked to a server (issue 21's
"Shared with" row, the first trial's L9).

    QT_QPA_PLATFORM=offscreen python benchmarks/contact_form.py [--items N]

The form (My notes' and the cluster panel's ``ContactEditor``) loads 50 contacts one after
the other, three rounds, first with no mission linked (its floor: the form as it was before
the row, which then reads nothing but whether ``share/share.db`` exists), then with one
mission linked whose share state holds *N* shared contacts (default 5,000). Prints the
milliseconds per contact shown for each round. Run it in a checkout's venv; to compare with
an older commit, run it with ``PYTHONPATH=<worktree>/src`` (the older form has no row: only
its first line means anything there).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000,
                        help="shared contacts in the linked mission's state (default 5000)")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from mxdesk.core.mission.records import Mission
    from mxdesk.core.notes import Contact, NotesStore
    from mxdesk.ui.notes.editors import ContactEditor

    folder = Path(tempfile.mkdtemp(prefix="mxdesk-form-"))
    store = NotesStore(folder / "notes.db", allow_new=True)
    contacts = [store.save_contact(Contact(f"Persona {n}")) for n in range(50)]
    form = ContactEditor(store, lambda cluster_id: (cluster_id, False))
    form.show()

    def rounds(label: str) -> None:
        said = []
        for _round in range(3):
            started = time.perf_counter()
            for contact in contacts:
                form.load(contact)
                app.processEvents()
            said.append((time.perf_counter() - started) / len(contacts) * 1000)
        print(f"{label}: " + ", ".join(f"{ms:.2f}" for ms in said) + " ms per contact shown")

    rounds("no mission linked")
    try:
        from mxdesk.core.share.state import Item, Link, ShareState
    except ImportError:
        return  # an older checkout, before sharing
    mission = store.create_mission(Mission("Monterrey 2027", dt.date(2027, 3, 8),
                                           dt.date(2027, 3, 12), "Europe/Berlin"))
    with ShareState(folder / "share") as state:
        state.save_link(Link(mission.uid, "http://127.0.0.1:9/a/c/", "http://127.0.0.1:9/a/k/",
                             "ana"))
        for n in range(args.items):
            state.put(mission.uid, Item("contact", f"uid-{n}", "fp", f"h{n}.vcf", True))
    rounds(f"one mission linked, {args.items:,} shared contacts")
    store.close()


if __name__ == "__main__":
    main()
