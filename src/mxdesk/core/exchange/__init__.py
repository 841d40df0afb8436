"""Notes in and out: JSON (everything), CSV and vCard (contacts).

Export writes a whole file or nothing. Import first *reads and plans*: a malformed file raises
:class:`ImportFileError` naming the place that is wrong, and nothing is written; a good file
yields an :class:`ImportPlan` (new records, duplicates, what a merge would change) that the
caller shows to the user before :func:`apply_plan` writes it in one transaction.

One module per craft: ``export`` writes the files; ``json_in``, ``csv_in`` and ``vcard_in``
read one format each, with ``fields`` for a contact's fields as any of them reads them;
``checks`` holds the checks every file passes and ``read`` the one entry, :func:`read_file`;
``plan`` compares a file with the store and ``apply`` writes the plan; ``common`` holds what
they share (names and limits of the formats, the errors, :data:`Tick`, :class:`Incoming`).
Callers use the names below, as attributes of this package (``exchange.read_file(…)``).
"""

from __future__ import annotations

from mxdesk.core.exchange.apply import apply_plan
from mxdesk.core.exchange.common import (
    CSV_COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    IMPORT_SUFFIXES,
    MAX_IMPORT_BYTES,
    SUFFIXES,
    ExchangeError,
    ImportCancelled,
    ImportFileError,
    Incoming,
    Tick,
)
from mxdesk.core.exchange.csv_in import read_csv
from mxdesk.core.exchange.export import export_notes, to_csv, to_json, to_vcard
from mxdesk.core.exchange.json_in import _walk_json, read_json
from mxdesk.core.exchange.plan import ImportPlan, plan_import
from mxdesk.core.exchange.read import read_file
from mxdesk.core.exchange.vcard_in import read_vcard

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "FORMAT_VERSION",
    "IMPORT_SUFFIXES",
    "MAX_IMPORT_BYTES",
    "SUFFIXES",
    "ExchangeError",
    "ImportCancelled",
    "ImportFileError",
    "ImportPlan",
    "Incoming",
    "Tick",
    "_walk_json",  # tests/core/test_json_walk.py walks JSON through the package
    "apply_plan",
    "export_notes",
    "plan_import",
    "read_csv",
    "read_file",
    "read_json",
    "read_vcard",
    "to_csv",
    "to_json",
    "to_vcard",
]
