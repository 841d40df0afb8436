"""Moved to :mod:`mxdesk.ui.notes.contact_picker`; this old path keeps imports (and tests'
monkeypatching) working."""

from mxdesk.ui.notes.contact_picker import (
    POPUP_MAX_WIDTH,
    SHOWN,
    ContactChoices,
    ContactPicker,
    UidRole,
    _Index,
    describe,
)

__all__ = [
    "POPUP_MAX_WIDTH",
    "SHOWN",
    "ContactChoices",
    "ContactPicker",
    "UidRole",
    "_Index",
    "describe",
]

