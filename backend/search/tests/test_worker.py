"""A real Celery worker on the Redis broker runs the sync (CI: REDIS_URL and PostgreSQL are set)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from search import services
from search.query import SearchFilters, SearchRequest

BACKEND_DIR = Path(django_settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: the worker takes its tasks from the Redis broker"
)


def database_url(settings_dict) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{settings_dict.get('HOST') or '127.0.0.1'}{port}/{settings_dict['NAME']}"


@pytest.fixture
def queue(settings, monkeypatch):
    """A queue of this test's own, on the real broker, and tasks really sent there (not run eagerly)."""
    from config.celery import app

    name = f"search-test-{uuid.uuid4().hex[:8]}"
    settings.SEARCH_TASK_QUEUE = name
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    return name


@pytest.fixture
def worker(queue, settings, tmp_path):
    """`celery -A config worker` in a subprocess, on pytest-django's test database (committed rows:
    transactional test) and on this test's index directory."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker process must see the test database: PostgreSQL (SQLite's test database is in memory)")
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "SEARCH_INDEX_DIR": str(settings.SEARCH_INDEX_DIR),
        "SEARCH_TASK_QUEUE": queue,
        "MEILISEARCH_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=BACKEND_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, log
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown of the process this test started
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(predicate, log: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"the worker did not sync within {timeout} s; its log:\n{log.read_text()}")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sync_on_the_redis_broker(queue, shop, worker):
    process, log = worker
    backend = services.embedded_backend()
    services.rebuild(["database"])  # the index the worker keeps current
    window = SearchRequest(filters=SearchFilters(price_min=Decimal("12800"), price_max=Decimal("13000")))
    assert backend.search(window).total == 0

    variant = shop["b"].variants.get(color="Black")
    with transaction.atomic():
        variant.price = Decimal("12900")
        variant.save()  # committed here: one task goes to Redis, the worker runs it

    wait_for(lambda: [h.product_id for h in backend.search(window).hits] == [shop["b"].pk], log)
    wait_for(lambda: "search.tasks.sync_variants" in log.read_text() and "succeeded" in log.read_text(), log, 10)
    assert process.poll() is None
