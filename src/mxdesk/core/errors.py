"""Failures that are the environment's or the user's fault, as opposed to our bugs.

Each carries a message meant for the user, in the language spoken when it was raised
(:mod:`mxdesk.core.i18n`); the command line prints it on one line and the GUI shows it in a
dialog. Anything else that escapes is a bug and reaches the excepthook.
"""

from mxdesk.core.i18n import ngettext


class MxdeskError(Exception):
    """An expected failure with a message for the user."""


class DirectoryError(MxdeskError):
    """The directory database is missing, unreadable, corrupt or of the wrong schema."""


class NotFoundError(MxdeskError):
    """No record matches what the user asked for."""


class AmbiguousNameError(MxdeskError):
    """Several records match a name; the user must pick one."""

    def __init__(self, query: str, candidates: list[tuple[str, str, str]],
                 partial: bool = False) -> None:
        self.query = query
        #: (kind, id, name) of every record the name could mean
        self.candidates = candidates
        #: No record is called *query*: the candidates' names hold its words.
        self.partial = partial
        count = len(candidates)
        if partial:
            said = ngettext("{query} is ambiguous: it is part of the names of {n} record",
                            "{query} is ambiguous: it is part of the names of {n} records",
                            count)
        else:
            said = ngettext("{query} is ambiguous: it names {n} record",
                            "{query} is ambiguous: it names {n} records", count)
        super().__init__(said.format(query=repr(query), n=count))


class BuildError(MxdeskError):
    """The source files of the directory are inconsistent; the message says where."""


class CancelledError(MxdeskError):
    """The user cancelled a long task (a brochure, say); nothing was written."""
