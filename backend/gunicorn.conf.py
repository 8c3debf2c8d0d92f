"""gunicorn settings of the API in production: `make prod`, `make bench`, Railway and the Procfile.

Threaded workers (gthread): a worker keeps HTTP keep-alive connections and waits on PostgreSQL and Redis
without holding a whole process; one process per core does the Python work. Everything can be set from
the environment (docs/operations.md, "Scaling the API")."""

import gc
import json
import multiprocessing
import os
from typing import Any

from gunicorn import util

_cores = multiprocessing.cpu_count()

bind = (
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('API_HOST', '0.0.0.0')}:{os.environ.get('PORT') or os.environ.get('API_PORT', '8000')}"
)
workers = int(os.environ.get("WEB_CONCURRENCY", _cores))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Recycling workers (bounded memory growth) is off by default: a recycled worker drops its keep-alive
# connections mid-stream (clients see resets). GUNICORN_MAX_REQUESTS=N turns it on, with 10% jitter.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# Load Django once in the master: workers fork from it (faster start, shared memory).
preload_app = True
# X-Forwarded-* are trusted from these addresses only (the platform's proxy).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log off by default (the platform's router logs requests); GUNICORN_ACCESS_LOG=- to print it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Each worker gives the memory its requests freed back to the system this often (core/memory.py); 0: never.
_memory_trim_seconds = float(os.environ.get("MEMORY_TRIM_SECONDS", 10))


# A request line (method, path and query string) longer than this is refused by gunicorn before Django
# sees it (400, in the API's JSON error shape below); the proxy in front may have its own, lower, limit.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", 4094))  # gunicorn's default; at most 8190

# gunicorn answers what it refuses itself (a request line over the limit, malformed or too many headers)
# with an HTML page; the API answers errors in one JSON shape. gunicorn (pinned) writes that page through
# util.write_error only, so replacing it is enough.
_ERROR_CODES = {400: "invalid", 403: "permission_denied", 431: "too_large", 500: "server_error", 501: "not_implemented"}
_ERROR_MESSAGES = {
    400: "The request is malformed, or its request line (path and query string) is too long.",
    431: "The request headers are too large.",
}


def _json_error(sock, status_int, reason, mesg):
    body = json.dumps(
        {
            "error": {
                "code": _ERROR_CODES.get(status_int, "error"),
                "message": _ERROR_MESSAGES.get(status_int, f"{reason}."),
                "fields": {},
            }
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = _json_error


def pre_fork(server: Any, worker: Any) -> None:
    # Everything the master has loaded (Django, the apps, their libraries: most of a worker's objects, all of them
    # alive for good) is moved out of the cycle collector's reach before the fork. Else each of the worker's full
    # collections walks it all again: 80-120 ms, a request held that long every few hundred requests (the bench's
    # p99). It also keeps those objects' pages shared with the master: a collection writes to every object it walks.
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:  # gunicorn's Arbiter and Worker
    # Connections opened in the master (preload) must not be shared with the forked workers.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


def post_worker_init(worker: Any) -> None:
    from core.memory import give_back_every

    give_back_every(_memory_trim_seconds)
    # The database listing's columns read in the background as the worker starts, not by its first listing.
    import threading

    from django.apps import apps

    if not apps.ready:  # not the API (gunicorn's own tests serve a bare WSGI app with this config)
        return
    from catalog.columns import warm

    threading.Thread(target=warm, name="listing-columns", daemon=True).start()


def on_starting(server: Any) -> None:
    # Prometheus' multiprocess mode (PROMETHEUS_MULTIPROC_DIR, docs/operations.md "Metrics"): each process writes
    # its counters to files there and /metrics adds them up; files of an earlier run would count twice.
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # its gauges go; its counters stay counted
