"""The one place the code counts things: Prometheus counters (`phonestore_<name>_total`, exposed at /metrics by
core.observability.prometheus) fed by the two calls below, plus a per-process tally for tests and logs.

- `increment()`: something operators should know happened (a rate limit that failed open, a task that could not
  be sent, a search fallback). Also logged at WARNING the first time a (name, labels) pair is seen in a process
  and then every METRICS_LOG_EVERY-th time, so the log shows an outage without one line per request.
- `count()`: ordinary events (checkouts, webhooks, cache lookups): counted, never logged.

A name keeps the same label names at every call (Prometheus needs fixed labels). Request latency is a histogram
of its own (`observe_request`).
"""

import logging
import threading
from collections import Counter

from django.conf import settings
from prometheus_client import Counter as PromCounter
from prometheus_client import Histogram

logger = logging.getLogger(__name__)

Labels = tuple[tuple[str, str], ...]

_lock = threading.Lock()
_counts: Counter[tuple[str, Labels]] = Counter()


def _key(name: str, labels: dict[str, object]) -> tuple[str, Labels]:
    return name, tuple(sorted((label, str(value)) for label, value in labels.items()))


_prometheus: dict[str, PromCounter] = {}

REQUEST_SECONDS = Histogram(
    "phonestore_http_request_duration_seconds",
    "API requests by route (URL pattern name), method and status, and how long they took.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUEST_SECONDS.labels(route=route, method=method, status=str(status)).observe(seconds)


def _tally(name: str, labels: dict[str, object]) -> int:
    key = _key(name, labels)
    with _lock:
        counter = _prometheus.get(name)
        if counter is None:
            counter = _prometheus[name] = PromCounter(
                f"phonestore_{name}", f"core.metrics count of {name}.", [label for label, _ in key[1]]
            )
        _counts[key] += 1
        total = _counts[key]
    if key[1]:
        counter.labels(**dict(key[1])).inc()
    else:
        counter.inc()
    return total


def count(name: str, **labels: object) -> int:
    """Count one ordinary event (not logged); the new total in this process."""
    return _tally(name, labels)


def increment(name: str, **labels: object) -> int:
    """Count one event worth a log line now and then; the new total for this name and these labels."""
    total = _tally(name, labels)
    key = _key(name, labels)
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
    """Forget this process's tally (tests); Prometheus counters only ever grow, as a scraper expects."""
    with _lock:
        _counts.clear()
