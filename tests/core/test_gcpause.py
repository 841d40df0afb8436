"""The garbage collector's pause is counted across threads: the collector stays off until the
last pause ends, whichever thread began first."""

from __future__ import annotations

import gc
import threading

from mxdesk.core import gcpause


def test_a_pause_ending_on_one_thread_leaves_the_collector_off_for_another() -> None:
    assert gc.isenabled()
    entered, release = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other() -> None:
        with gcpause.paused():
            entered.set()
            release.wait(5)
            seen.append(gc.isenabled())

    with gcpause.paused():
        thread = threading.Thread(target=other)
        thread.start()
        assert entered.wait(5)
    # This thread's pause has ended; the other thread's has not.
    assert not gc.isenabled()
    release.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
