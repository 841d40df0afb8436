"""Old module paths kept working after a move: each is a shim that re-exports the names, and
a write to one of its names (a test's ``monkeypatch.setattr(notes_ui, "RETRY_MS", 300)``)
reaches every module that now holds that name, as it reached the one module before."""

from __future__ import annotations

import sys
from types import ModuleType


class _MovedModule(ModuleType):
    """A shim module whose writes pass through to the modules its names came from."""

    _homes: dict[str, tuple[ModuleType, ...]]

    def __setattr__(self, name: str, value: object) -> None:
        for home in self.__dict__.get("_homes", {}).get(name, ()):
            setattr(home, name, value)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        for home in self.__dict__.get("_homes", {}).get(name, ()):
            delattr(home, name)
        super().__delattr__(name)


def keep_old_path(name: str, *homes: ModuleType) -> None:
    """Make the module *name* (a shim, already holding its re-exported names) pass writes of
    those names on to each of *homes* that holds the same object under the same name."""
    module = sys.modules[name]
    shown = vars(module)
    found: dict[str, tuple[ModuleType, ...]] = {}
    for key, value in shown.items():
        if key.startswith("__"):
            continue
        holders = tuple(home for home in homes
                        if key in vars(home) and vars(home)[key] is value)
        if holders:
            found[key] = holders
    module.__class__ = _MovedModule
    module.__dict__["_homes"] = found
