"""Freed memory given back to the system. glibc's malloc keeps what a process frees for its own later use and gives
back only the top of its heap: an API worker's requests free their arrays and tantivy's buffers among memory still
in use, so that what they freed stays resident. And a request's objects that refer to each other (a django-filter
filter set and its filters; the paginator and its page), with what they hold, are freed only by the cycle collector's
full collections, which come every few hundred requests (the listings let go of their largest arrays, a filter set's
masks, themselves: catalog.selectors.let_go_of_selection).

So the API's workers, every MEMORY_TRIM_SECONDS (gunicorn.conf.py), on a thread of their own: a full collection
(5-11 ms holding the GIL in such a worker, as when Python starts one itself), then malloc_trim(0), which hands every
free page back (4-13 ms; ctypes lets go of the GIL for the call, so the worker's other threads run meanwhile). At a
million variants, after the bench's uncached searches and listings, that gave back ~130 MB of a worker's ~400 MB
(docs/performance.md, "Memory"). Without glibc there is no malloc_trim, and nothing is given back."""

import ctypes
import gc
import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


_trim = _malloc_trim()


def give_back_freed_memory() -> bool:
    """malloc_trim(0): whether it gave memory back (False without glibc)."""
    return _trim is not None and bool(_trim(0))


def collect_and_give_back() -> None:
    """The garbage in reference cycles freed, then every free page given back."""
    gc.collect()
    give_back_freed_memory()


def give_back_every(seconds: float, stop: threading.Event | None = None) -> threading.Thread | None:
    """A daemon thread running collect_and_give_back every `seconds` until `stop` is set (never, without one),
    started; None when `seconds` is 0 or less or there is no malloc_trim. Started in each process that wants it (a
    thread does not survive a fork)."""
    if seconds <= 0 or _trim is None:
        return None
    stopped = stop or threading.Event()

    def run() -> None:
        while not stopped.wait(seconds):
            try:
                collect_and_give_back()
            except Exception:  # never seen; a failed round costs memory, not the worker
                logger.exception("Giving freed memory back failed.")

    thread = threading.Thread(target=run, name="memory-trim", daemon=True)
    thread.start()
    return thread
