"""The window's browsing history, for Back and Forward: plain Python, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from mxdesk.core.browse import View
from mxdesk.core.records import Kind


@dataclass(frozen=True)
class Place:
    """A point in the browsing history: a record shown in a tab, and the tab's list as it
    was when the record was last seen there (search, ticks, sort)."""

    kind: Kind
    id: str
    view: View | None = None


class History:
    """The places shown in a window, oldest first; Back and Forward move a cursor along them.

    A visit drops the places ahead of the cursor (as a browser does), except a visit to the
    record at the cursor, which only keeps its newer view."""

    def __init__(self) -> None:
        self._places: list[Place] = []
        self._index = -1

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place, oldest first."""
        return tuple(self._places)

    @property
    def current(self) -> Place | None:
        """The place at the cursor, None before the first visit."""
        return self._places[self._index] if self._index >= 0 else None

    @property
    def can_go_back(self) -> bool:
        """Whether there is a place before the cursor (Back is enabled)."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether there is a place after the cursor (Forward is enabled)."""
        return self._index < len(self._places) - 1

    def visit(self, place: Place) -> None:
        """Remember *place* as the current one."""
        here = self.current
        if here is not None and (here.kind, here.id) == (place.kind, place.id):
            self._places[self._index] = place
            return
        del self._places[self._index + 1:]
        self._places.append(place)
        self._index = len(self._places) - 1

    def back(self) -> Place | None:
        """Move the cursor one place back and return that place; None (not moving) at the
        oldest."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._places[self._index]

    def forward(self) -> Place | None:
        """Move the cursor one place forward and return that place; None (not moving) at the
        newest."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._places[self._index]
