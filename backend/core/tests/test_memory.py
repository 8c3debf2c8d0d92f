"""core.memory: a worker's freed memory given back to the system (glibc's malloc_trim) and its cyclic garbage
collected, on a thread of its own."""

import gc
import subprocess
import sys
import threading
import weakref

from core import memory

# A heap of 64 KB blocks (under glibc's mmap threshold, so inside the heap), every one but each sixteenth freed: the
# sixteenths pin the heap's top, so free() alone gives nothing back; malloc_trim(0) gives back the free pages between.
FRAGMENTED = """
from core.memory import give_back_freed_memory

def rss_mb():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS")) // 1024

blocks = [bytearray(b"x" * 65536) for _ in range(4096)]
kept = blocks[::16]
del blocks
before = rss_mb()
gave = give_back_freed_memory()
print(before, rss_mb(), gave)
"""


def test_freed_memory_amid_memory_in_use_is_given_back():
    out = subprocess.run([sys.executable, "-c", FRAGMENTED], capture_output=True, text=True, check=True)
    before, after, gave = out.stdout.split()
    assert gave == "True"
    assert int(before) - int(after) >= 150  # of the 240 MB freed


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_collect_and_give_back_frees_garbage_in_reference_cycles():
    gc.disable()
    try:
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        del first, second
        assert alive() is not None  # a cycle: only the collector frees it
        memory.collect_and_give_back()
        assert alive() is None
    finally:
        gc.enable()


def test_the_thread_gives_memory_back_every_so_often(monkeypatch):
    rounds = threading.Semaphore(0)
    monkeypatch.setattr(memory, "collect_and_give_back", rounds.release)
    stop = threading.Event()
    thread = memory.give_back_every(0.01, stop)
    assert thread is not None and thread.daemon and thread.name == "memory-trim"
    assert all(rounds.acquire(timeout=5) for _ in range(3))
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_a_failed_round_is_logged_and_the_thread_goes_on(monkeypatch, caplog):
    rounds = threading.Semaphore(0)

    def failing() -> None:
        rounds.release()
        raise OSError("no")

    monkeypatch.setattr(memory, "collect_and_give_back", failing)
    stop = threading.Event()
    thread = memory.give_back_every(0.01, stop)
    assert thread is not None and all(rounds.acquire(timeout=5) for _ in range(2))
    stop.set()
    thread.join(timeout=5)
    assert "Giving freed memory back failed." in caplog.text


def test_no_thread_when_turned_off():
    assert memory.give_back_every(0) is None
