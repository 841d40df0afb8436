"""Python's cyclic garbage collector held off, for every thread at once, while bulk work runs.

A collection walks its generation's objects with the GIL held, whichever thread starts it:
with 100,000 contacts being read into memory (records hold no cycles) the collector ran
hundreds of times over an ever larger heap, each a pause of 25-150 ms in which the window could
not paint. :func:`paused` is counted across threads: the collector comes back on when the last
pause ends, and only if it was on when the first began. (Two uncounted pauses on two threads
let one turn it back on while the other still needed it off: an import stalled the window
again whenever a list was read beside it.)
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (re-entrant, on any thread); the objects made meanwhile
    are freed by reference counting as usual."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
