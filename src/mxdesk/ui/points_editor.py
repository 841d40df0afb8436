"""Moved to :mod:`mxdesk.ui.notes.points_editor`; this old path keeps imports (and tests'
monkeypatching) working."""

from mxdesk.ui.notes.points_editor import (
    _IMPLIED,
    _PREFERRED_COLOUR,
    _WORDS,
    EMAIL_TYPES,
    PHONE_TYPES,
    AddButton,
    Choices,
    PointRow,
    PointsEditor,
    _plain,
    type_label,
)

__all__ = [
    "EMAIL_TYPES",
    "PHONE_TYPES",
    "_IMPLIED",
    "_PREFERRED_COLOUR",
    "_WORDS",
    "AddButton",
    "Choices",
    "PointRow",
    "PointsEditor",
    "_plain",
    "type_label",
]

