"""Failures that are the environment's or the user's fault, as opposed to our bugs.

Each carries a message meant for the user; the command line prints it on one line and the GUI
shows it in a dialog. Anything else that escapes is a bug and reaches the excepthook.
"""


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
        what = (f"it is part of the names of {len(candidates)} records" if partial
                else f"it names {len(candidates)} records")
        super().__init__(f"{query!r} is ambiguous: {what}")


class BuildError(MxdeskError):
    """The source files of the directory are inconsistent; the message says where."""


class CancelledError(MxdeskError):
    """The user cancelled a long task (a brochure, say); nothing was written."""
