"""Counters of things an operator wants to see move (a breaker opening, search answering from its fallback).

Minimal and in-process: thread-safe counts keyed by name and labels, read by tests and by whatever exports
them. `increment(name, **labels)` is the one call sites use.
"""

import threading
from collections import Counter

_lock = threading.Lock()
_counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()


def _key(name: str, labels: dict[str, object]) -> tuple[str, tuple[tuple[str, str], ...]]:
    return name, tuple(sorted((label, str(value)) for label, value in labels.items()))


def increment(name: str, **labels: object) -> None:
    with _lock:
        _counts[_key(name, labels)] += 1


def value(name: str, **labels: object) -> int:
    """How often `name` was counted with exactly these labels in this process."""
    with _lock:
        return _counts[_key(name, labels)]


def reset() -> None:
    with _lock:
        _counts.clear()
