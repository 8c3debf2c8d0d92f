"""Part of a request done on a spare core, beside the request's own thread: for work that spends its time outside
Python (tantivy lets go of the GIL while it searches), so that two parts of one request run at once where a core
would otherwise sit idle (a small shop's server answers one search at a time far more often than two).

Each process has its own threads (they do not survive a fork: gunicorn's workers make theirs at their first use),
one fewer than the cores it may run on, and hands them work only while one is free: under load, when every thread
is taken, the request does that part itself, as it would without them, rather than queue behind other requests."""

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


def spare_cores() -> int:
    """The cores this process may run on, but one (its request's own)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # (not on Linux)
        cores = os.cpu_count() or 1
    return max(cores - 1, 0)


class SpareCores:
    def __init__(self, threads: int | None = None) -> None:
        self.threads = spare_cores() if threads is None else threads
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._free = threading.Semaphore(0)

    def _ready(self) -> tuple[ThreadPoolExecutor, threading.Semaphore]:
        """This process's threads, made at its first use (a forked child's are its own)."""
        pid = os.getpid()
        with self._lock:
            if self._pool is None or self._pid != pid:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="spare-core")
                self._free = threading.Semaphore(self.threads)
                self._pid = pid
            return self._pool, self._free

    def start(self, work: Callable[[], T]) -> Callable[[], T] | None:
        """`work` started on a spare core, and how to wait for its result (or its exception); None when no thread is
        free (or there is no spare core): the caller does the work itself."""
        if self.threads < 1:
            return None
        pool, free = self._ready()
        if not free.acquire(blocking=False):
            return None

        def run() -> T:
            try:
                return work()
            finally:
                free.release()

        return pool.submit(run).result


class SharedTasks(Generic[T]):
    """Tasks that any thread may take, each once: a spare core starts on them (SpareCores.start(tasks.work)) while the
    request's thread does its own part, which then takes whatever is left (results). Where no spare core was free,
    the request's thread does them all."""

    def __init__(self, tasks: list[Callable[[], T]]) -> None:
        self._tasks = tasks
        self._results: list[T | None] = [None] * len(tasks)
        self._errors: list[BaseException] = []
        self._taken = 0
        self._unfinished = len(tasks)
        self._lock = threading.Lock()
        self._finished = threading.Event()
        if not tasks:
            self._finished.set()

    def work(self) -> None:
        """Take the tasks one at a time, in order, until none is left."""
        while True:
            with self._lock:
                if self._taken == len(self._tasks):
                    return
                index = self._taken
                self._taken += 1
            try:
                self._results[index] = self._tasks[index]()
            except BaseException as exc:  # noqa: BLE001  handed to the thread that asks for the results
                with self._lock:
                    self._errors.append(exc)
            finally:
                with self._lock:
                    self._unfinished -= 1
                    if not self._unfinished:
                        self._finished.set()

    def results(self) -> list[T]:
        """Every task's result, in the tasks' order: this thread takes what is left, then waits for the tasks other
        threads took. A task's exception is raised here."""
        self.work()
        self._finished.wait()
        if self._errors:
            raise self._errors[0]
        return self._results  # type: ignore[return-value]  # (every one set: no error)
