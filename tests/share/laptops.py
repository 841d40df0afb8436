"""A laptop for the sharing tests: its own data folder, notes file and share state, with the
same mission as the others, synced through the real code (:mod:`mxdesk.core.share.sync`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mxdesk.core.mission import Meeting, Mission
from mxdesk.core.notes import NotesStore
from mxdesk.core.share import sync as sh
from mxdesk.core.share.state import Link, ShareState
from tests.share.radicale_fixture import PASSWORD

MISSION = "Monterrey, March 2027"
START = dt.date(2027, 3, 8)
END = dt.date(2027, 3, 12)
MTY = "America/Monterrey"


class Laptop:
    """One member's computer."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.store = NotesStore(folder / "notes.db", allow_new=True)
        self.state = ShareState(folder / "share")
        self.mission: Mission | None = None

    def make_mission(self, uid: str | None = None) -> str:
        extra = {"uid": uid} if uid else {}
        self.mission = self.store.create_mission(
            Mission(MISSION, START, END, "Europe/Berlin", **extra))
        return self.mission.uid

    def link(self, carddav: str, caldav: str, user: str, **trust: str) -> None:
        assert self.mission is not None
        self.state.save_link(Link(self.mission.uid, carddav, caldav, user, **trust))

    def sync(self, password: str = PASSWORD, delete_gone: bool | None = None
             ) -> sh.Summary:
        assert self.mission is not None
        return sh.sync(self.store, self.folder, self.state, self.mission, password,
                       delete_gone=delete_gone)

    def meeting(self, title: str, day: int, hour: int, **fields: object) -> Meeting:
        assert self.mission is not None
        return self.store.save_meeting(Meeting(title, dt.datetime(2027, 3, day, hour), MTY,
                                               mission_id=self.mission.id, **fields))

    def meetings(self) -> dict[str, Meeting]:
        assert self.mission is not None
        return {m.uid: m for m in self.store.meetings(mission_id=self.mission.id)}

    def close(self) -> None:
        self.store.close()
        self.state.close()
