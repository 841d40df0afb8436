"""The window's PDF dialogs by their earlier module name: see :mod:`mxdesk.ui.pdf_dialogs`.

Kept while callers move (issue 15); it holds nothing of its own.
"""

from __future__ import annotations

from mxdesk.ui.pdf_dialogs import NOTES_FILES as NOTES_FILES
from mxdesk.ui.pdf_dialogs import PAPERS as PAPERS
from mxdesk.ui.pdf_dialogs import PDF_FILES as PDF_FILES
from mxdesk.ui.pdf_dialogs import AskPath as AskPath
from mxdesk.ui.pdf_dialogs import BrochureAction as BrochureAction
from mxdesk.ui.pdf_dialogs import BrochureDialog as BrochureDialog
from mxdesk.ui.pdf_dialogs import Choice as Choice
from mxdesk.ui.pdf_dialogs import Content as Content
from mxdesk.ui.pdf_dialogs import FileKinds as FileKinds
from mxdesk.ui.pdf_dialogs import ask_save_path as ask_save_path
from mxdesk.ui.pdf_dialogs import export_with_progress as export_with_progress
from mxdesk.ui.pdf_dialogs import print_with_preview as print_with_preview
from mxdesk.ui.pdf_dialogs import render_to_printer as render_to_printer
