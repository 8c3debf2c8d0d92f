"""Counters of things operators should know happened (a rate limit that failed open, a task that could not
be sent), until the project has a metrics system.

What this is: per-process, in-memory counters keyed by a name and labels, thread-safe, reset when the
process restarts, never shared between gunicorn workers. Each count is also logged at WARNING the first
time a (name, labels) pair is seen and then every METRICS_LOG_EVERY-th time, so the log shows an outage
without one line per request. A later exporter (Prometheus, OpenTelemetry) reads `snapshot()`; callers
keep calling `increment()`.
"""

import logging
import threading
from collections import Counter

from django.conf import settings

logger = logging.getLogger(__name__)

Labels = tuple[tuple[str, str], ...]

_lock = threading.Lock()
_counts: Counter[tuple[str, Labels]] = Counter()


def _key(name: str, labels: dict[str, object]) -> tuple[str, Labels]:
    return name, tuple(sorted((label, str(value)) for label, value in labels.items()))


def increment(name: str, **labels: object) -> int:
    """Count one event; the new total for this name and these labels."""
    key = _key(name, labels)
    with _lock:
        _counts[key] += 1
        total = _counts[key]
    every = max(1, getattr(settings, "METRICS_LOG_EVERY", 100))
    if total == 1 or total % every == 0:
        shown = " ".join(f"{label}={value}" for label, value in key[1])
        logger.warning("metric %s%s count=%d", name, f" {shown}" if shown else "", total)
    return total


def value(name: str, **labels: object) -> int:
    """The count for exactly these labels (0 if never counted)."""
    with _lock:
        return _counts[_key(name, labels)]


def snapshot() -> dict[tuple[str, Labels], int]:
    """Every counter of this process: {(name, ((label, value), ...)): count}."""
    with _lock:
        return dict(_counts)


def reset() -> None:
    """Forget every count (tests)."""
    with _lock:
        _counts.clear()
