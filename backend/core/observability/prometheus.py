"""Prometheus exposition (GET /metrics, a bearer METRICS_TOKEN; 404 when none is set) and the fleet-wide values
read at scrape time.

Per process: core.metrics' counters and the request histogram. Under gunicorn (several processes per replica)
prometheus_client's multiprocess mode adds them up across the replica's processes: PROMETHEUS_MULTIPROC_DIR,
an empty directory per replica, set before the processes start (gunicorn.conf.py removes a dead worker's
files). Fleet-wide, read from the broker's Redis (CELERY_BROKER_URL, else REDIS_URL) at each scrape, the same on
every replica (aggregate them with max, not sum): the Celery queues' lengths and the task failures the workers
counted there."""

import hmac
import logging
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

from core import metrics
from core.tasks import broker_lists

logger = logging.getLogger(__name__)

TASK_FAILURES_KEY = "metrics:celery_task_failures"


_clients: dict[str, Any] = {}


def _broker_redis() -> Any:
    """The Redis the Celery queues live in (every worker reaches it), or None with another broker."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    if url not in _clients:
        import redis

        timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("socket_connect_timeout", 1)
        _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    return _clients[url]


def queue_names() -> list[str]:
    names = {settings.CELERY_TASK_DEFAULT_QUEUE}
    schedule: dict[str, dict[str, Any]] = settings.CELERY_BEAT_SCHEDULE
    for entry in schedule.values():
        queue = (entry.get("options") or {}).get("queue")
        if queue:
            names.add(queue)
    if getattr(settings, "SEARCH_TASK_QUEUE", ""):
        names.add(settings.SEARCH_TASK_QUEUE)
    return sorted(names)


class FleetCollector:
    """Values that live in Redis, not in a process: read when Prometheus asks."""

    def collect(self) -> Iterator[Metric]:
        redis = _broker_redis()
        if redis is None:
            return
        depth = GaugeMetricFamily(
            "phonestore_celery_queue_length", "Tasks waiting in a Celery queue.", labels=["queue"]
        )
        failures = CounterMetricFamily(
            "phonestore_celery_task_failures", "Celery tasks that raised, counted by the workers.", labels=["task"]
        )
        try:
            for queue in queue_names():
                depth.add_metric([queue], float(sum(redis.llen(name) for name in broker_lists(queue))))
            for task, total in sorted(redis.hgetall(TASK_FAILURES_KEY).items()):
                failures.add_metric([task.decode()], float(total))
        except Exception:  # Redis down: the scrape still answers with the processes' metrics
            logger.warning("metrics: Redis unreadable at scrape time", exc_info=True)
            return
        yield depth
        yield failures


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        local = generate_latest(registry)
    else:
        local = generate_latest(REGISTRY)
    fleet = CollectorRegistry(auto_describe=False)
    fleet.register(FleetCollector())
    return local + generate_latest(fleet)


def metrics_view(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("Unauthorized.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


def _task_failure(sender: Any = None, **kwargs: Any) -> None:
    name = getattr(sender, "name", None) or "unknown"
    redis = _broker_redis()
    if redis is not None and not getattr(getattr(sender, "request", None), "is_eager", False):
        try:  # a worker: counted where every replica's scrape reads it
            redis.hincrby(TASK_FAILURES_KEY, name, 1)
            return
        except Exception:
            logger.warning("metrics: task failure of %s not counted in Redis", name, exc_info=True)
    metrics.count("celery_task_failures_in_process", task=name)  # eager mode, or Redis unreachable


def connect_celery_signals() -> None:
    from celery import signals

    signals.task_failure.connect(_task_failure, weak=False, dispatch_uid="phonestore_metrics_task_failure")
