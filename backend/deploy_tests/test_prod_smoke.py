"""Smoke test of the production profile (`make prod`, scripts/prod): it starts the real thing (release
step, gunicorn with DEBUG off, a Celery worker and beat; the storefront is left to the e2e run) on a
database of its own and a free port, and checks that it serves, that the worker runs a task (a search
sync), and that DEBUG-only features are refused. Bounded: about a minute, at most SMOKE_TIMEOUT seconds.

Runs wherever DATABASE_URL is PostgreSQL and REDIS_URL is Redis (CI sets both); skipped otherwise."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMOKE_TIMEOUT = 120
TAKEN_PORTS = {8000, 3000, 8300, 3300, 8100, 3100}  # make run, the e2e stack, make prod's defaults


def _missing() -> list[str]:
    missing = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        missing.append("PostgreSQL (DATABASE_URL)")
    if not os.environ.get("REDIS_URL", "").startswith(("redis://", "rediss://")):
        missing.append("Redis (REDIS_URL)")
    return missing


pytestmark = pytest.mark.skipif(bool(_missing()), reason=f"the production profile needs {' and '.join(_missing())}")


def _free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in TAKEN_PORTS:
            return port


def _admin_sql(database_url: str, sql: str) -> None:
    import psycopg

    url = urlparse(database_url)
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(sql)


class Api:
    def __init__(self, base: str):
        self.base = base

    def call(self, method: str, path: str, body=None, token: str | None = None, headers: dict | None = None):
        request = urllib.request.Request(
            self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None
        )
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, method: str, path: str, body=None, token: str | None = None):
        status, _, content = self.call(method, path, body, token)
        return status, json.loads(content or b"null")


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prod")
    suffix = uuid.uuid4().hex[:8]
    url = urlparse(os.environ["DATABASE_URL"])
    database = f"{url.path.lstrip('/')}_prodsmoke_{suffix}"[:60]
    database_url = url._replace(path=f"/{database}").geturl()
    _admin_sql(database_url, f'CREATE DATABASE "{database}"')
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("DEBUG", "PAYMENTS_DEV_GATEWAY", "CELERY_TASK_ALWAYS_EAGER", "SEARCH_TASK_QUEUE", "CELERY_BROKER_URL")
    }
    queue = f"smoke-{suffix}"
    env.update(
        {
            "DATABASE_URL": database_url,
            "API_PORT": str(port),
            "PROD_PROCESSES": "api worker beat",
            "SEED_DEMO": "0",
            "SECRET_KEY": "smoke-" + uuid.uuid4().hex * 2,
            "CACHE_KEY_PREFIX": f"smoke-{suffix}",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_QUEUES": queue,
            "CELERY_BEAT_SCHEDULE_FILE": str(tmp / "beat-schedule"),
            "SEARCH_INDEX_DIR": str(tmp / "search"),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            "CELERY_CONCURRENCY": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    with open(tmp / "prod.log", "w") as log:  # the child writes through its own copy of the descriptor
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "prod")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    api = Api(f"http://127.0.0.1:{port}")
    api.env, api.process, api.log_path, api.started = env, process, tmp / "prod.log", time.monotonic()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if api.call("GET", "/api/health/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the production profile did not serve /api/health/:\n" + api.log_path.read_text()[-4000:])
        yield api
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # honcho stops gunicorn, the worker and beat
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        _admin_sql(database_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _manage(prod, *args, extra_env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "backend" / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=ROOT / "backend",
        env={**prod.env, "DEBUG": "0", **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_serves_with_debug_off(prod):
    status, body = prod.json("GET", "/api/ready/")
    assert status == 200 and body["components"]["database"]["status"] == "ok"
    assert body["components"]["cache"]["status"] == "ok"
    status, headers, content = prod.call("GET", "/api/products/", headers={"Accept": "text/html"})
    assert status == 406 and b"<html" not in content.lower()  # no browsable API with DEBUG off
    status, headers, content = prod.call("GET", "/api/products/")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert "s-maxage" in headers["Cache-Control"] and headers["ETag"]
    status, headers, content = prod.call("GET", "/api/no-such-endpoint/")
    assert status == 404 and json.loads(content)["error"]["code"] == "not_found"  # not Django's debug page


def test_static_files_are_served_by_whitenoise(prod):
    status, headers, content = prod.call("GET", "/static/admin/css/base.css")
    assert status == 200 and b"body" in content
    assert "max-age" in headers.get("Cache-Control", "")


def test_the_dev_gateway_is_refused(prod):
    email = f"smoke-{uuid.uuid4().hex[:8]}@example.com"
    status, _ = prod.json(
        "POST", "/api/auth/register/", {"email": email, "password": "Smoke-test-pass-42!", "full_name": "Smoke Test"}
    )
    assert status == 201
    status, tokens = prod.json("POST", "/api/auth/token/", {"email": email, "password": "Smoke-test-pass-42!"})
    assert status == 200
    status, options = prod.json("GET", "/api/checkout/options/", token=tokens["access"])
    assert status == 200 and "dev" not in [m["code"] for m in options["payment_methods"]]
    status, body = prod.json("POST", "/api/payments/dev/confirm/", {"order_id": 1}, token=tokens["access"])
    assert status == 400 and body["error"]["code"] == "payment_method_unavailable"
    # and a configuration that turns it on with DEBUG off does not pass the checks
    check = _manage(prod, "check", extra_env={"PAYMENTS_DEV_GATEWAY": "1"})
    assert check.returncode != 0 and "payments.E001" in check.stderr + check.stdout


CREATE = """
from decimal import Decimal
from catalog.models import Brand, Category, Product, ProductVariant
brand, _ = Brand.objects.get_or_create(slug="smoke", defaults={"name": "Smoke"})
category, _ = Category.objects.get_or_create(slug="smoke-phones", defaults={"name": "Smoke phones"})
product = Product.objects.create(title="Smoke {word}", slug="smoke-{word}", brand=brand, category=category)
ProductVariant.objects.create(product=product, sku="SMOKE-{word}", ram_gb=8, storage_gb=128, color="Black",
                              price=Decimal("9999"), mrp=Decimal("9999"), stock=3)
"""


def _search(prod, word: str) -> list[str]:
    status, body = prod.json("GET", f"/api/search/?q={word}")
    assert status == 200, body
    return [row["slug"] for row in body["results"]]


def test_the_worker_runs_the_search_sync(prod):
    first, second = "alpha" + uuid.uuid4().hex[:6], "bravo" + uuid.uuid4().hex[:6]
    created = _manage(prod, "shell", "-c", CREATE.replace("{word}", first))
    assert created.returncode == 0, created.stderr
    # The first search builds the embedded index from the database (it did not exist yet).
    assert _search(prod, first) == [f"smoke-{first}"]
    # A change now reaches the existing index only through the sync task, which the worker runs.
    created = _manage(prod, "shell", "-c", CREATE.replace("{word}", second))
    assert created.returncode == 0, created.stderr
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline and _search(prod, second) != [f"smoke-{second}"]:
        time.sleep(0.5)
    assert _search(prod, second) == [f"smoke-{second}"], prod.log_path.read_text()[-4000:]
    assert "search.tasks.sync_variants" in prod.log_path.read_text()


def test_every_process_is_still_up_and_it_was_quick(prod):
    assert prod.process.poll() is None, prod.log_path.read_text()[-4000:]
    log = prod.log_path.read_text()
    for name in ("api.1", "worker.1", "beat.1"):
        assert name in log
    assert time.monotonic() - prod.started < SMOKE_TIMEOUT
