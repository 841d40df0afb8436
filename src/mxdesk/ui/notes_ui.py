"""The notes screens, once all in this one file, now in the package :mod:`mxdesk.ui.notes`
(one module per behaviour); this old path re-exports every name it had, and a test's
monkeypatch of one (``RETRY_MS``) reaches the modules that now use it."""

from mxdesk.ui.messages import (
    ask,
    label,
    plain_tip,
)
from mxdesk.ui.notes._common import (
    _attempt,
    _delete_key,
    _list_with_buttons,
    _on_click,
    log,
)
from mxdesk.ui.notes.autosave import (
    AUTOSAVE_MS,
    RETRY_MS,
    UndoRouter,
    _Editor,
    _FocusSaver,
    _short_reason,
)
from mxdesk.ui.notes.backups import (
    RestoreDialog,
    confirm_restore,
)
from mxdesk.ui.notes.cluster_panel import (
    ClusterNotesPanel,
    StarButton,
    _retitle,
)
from mxdesk.ui.notes.contact_picker import (
    ContactPicker,
)
from mxdesk.ui.notes.dates import (
    _ISO_DATE,
    _REFUSED,
    _YEARS_BACK,
    DateField,
    _shown_format,
    _typed_formats,
    date_pattern,
    date_ways,
    is_iso_date,
    parse_date,
    show_date,
)
from mxdesk.ui.notes.editors import (
    ContactEditor,
    NoteEditor,
    _shown,
)
from mxdesk.ui.notes.guard import (
    Deletion,
    contact_deletion,
    counted,
    describe_save,
    note_deletion,
    shortlist_removal,
)
from mxdesk.ui.notes.models import (
    ClusterName,
    ClusterNames,
    ItemIdRole,
    ItemKindRole,
    ListTableModel,
    NotesTableModel,
    RecordListModel,
)
from mxdesk.ui.notes.my_notes import (
    FILTER_DELAY_MS,
    MyNotesTab,
)
from mxdesk.ui.notes.points_editor import (
    EMAIL_TYPES,
    PHONE_TYPES,
    PointsEditor,
)
from mxdesk.ui.notes.shortlists import (
    ShortlistItemsModel,
    _Index,
)
from mxdesk.ui.worker import (
    QueryWorker,
)

__all__ = [
    "AUTOSAVE_MS",
    "EMAIL_TYPES",
    "FILTER_DELAY_MS",
    "PHONE_TYPES",
    "RETRY_MS",
    "_ISO_DATE",
    "_REFUSED",
    "_YEARS_BACK",
    "ClusterName",
    "ClusterNames",
    "ClusterNotesPanel",
    "ContactEditor",
    "ContactPicker",
    "DateField",
    "Deletion",
    "ItemIdRole",
    "ItemKindRole",
    "ListTableModel",
    "MyNotesTab",
    "NoteEditor",
    "NotesTableModel",
    "PointsEditor",
    "QueryWorker",
    "RecordListModel",
    "RestoreDialog",
    "ShortlistItemsModel",
    "StarButton",
    "UndoRouter",
    "_Editor",
    "_FocusSaver",
    "_Index",
    "_attempt",
    "_delete_key",
    "_list_with_buttons",
    "_on_click",
    "_retitle",
    "_short_reason",
    "_shown",
    "_shown_format",
    "_typed_formats",
    "ask",
    "confirm_restore",
    "contact_deletion",
    "counted",
    "date_pattern",
    "date_ways",
    "describe_save",
    "is_iso_date",
    "label",
    "log",
    "note_deletion",
    "parse_date",
    "plain_tip",
    "shortlist_removal",
    "show_date",
]

