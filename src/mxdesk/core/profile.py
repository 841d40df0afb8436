"""The old home of a record as text and JSON, kept while callers move to
:mod:`mxdesk.core.record_text` (the renderer) and :mod:`mxdesk.core.details` (the layout)."""

from mxdesk.core.details import TABLE_NAMES, kind_of, label_status
from mxdesk.core.record_text import record_data, text_profile

__all__ = ["TABLE_NAMES", "kind_of", "label_status", "record_data", "text_profile"]
