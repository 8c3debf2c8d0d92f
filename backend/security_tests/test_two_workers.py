"""Brute force against two real server processes that share PostgreSQL and Redis, as production workers
do: attempts split across them are counted together, so a limit or a lockout on one holds on the other.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); CI sets both. Skipped otherwise: with SQLite in
memory and a local-memory cache, two processes share nothing."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

BACKEND = Path(__file__).resolve().parents[1]
WRONG = "Wrong-password-123"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),  # the servers must see committed rows
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) shared by two server processes",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _call(port: int, email: str, password: str):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/auth/token/",
        method="POST",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), dict(error.headers)


@pytest.fixture
def two_workers(settings):
    # Users made here must be able to sign in on the servers, which use the production hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]

    def start(**env_overrides):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            {
                "DATABASE_URL": _database_url(),
                "DATABASE_CONN_MAX_AGE": "0",
                "REDIS_URL": settings.REDIS_URL,
                "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
                "DEBUG": "0",
                "SECRET_KEY": settings.SECRET_KEY,
                "ALLOWED_HOSTS": "127.0.0.1",
                "SECURE_SSL_REDIRECT": "0",
                "LOG_LEVEL": "WARNING",
                **env_overrides,
            }
        )
        ports = [_free_port(), _free_port()]
        for port in ports:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
                    cwd=BACKEND,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        deadline = time.monotonic() + 60
        for port in ports:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health/", timeout=2)
                    break
                except (urllib.error.URLError, ConnectionError) as exc:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"server on {port} did not start") from exc
                    time.sleep(0.2)
        return ports

    processes: list[subprocess.Popen] = []
    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=20)


def test_the_sixth_bad_password_split_across_two_workers_is_refused(two_workers):
    user = UserFactory()
    a, b = two_workers(
        RATE_LIMIT_AUTH_TOKEN_ACCOUNT="5/h", RATE_LIMIT_AUTH_TOKEN_IP="100/m", LOGIN_LOCKOUT_FAILURES="50"
    )
    statuses = [_call(port, user.email, WRONG)[0] for port in (a, b, a, b, a)]
    assert statuses == [401] * 5  # neither worker alone has seen more than three
    status, body, headers = _call(b, user.email, WRONG)
    assert status == 429 and body["error"]["code"] == "throttled"
    assert int(headers["Retry-After"]) >= 1


def test_the_lockout_holds_on_both_workers(two_workers):
    user = UserFactory()
    a, b = two_workers(
        RATE_LIMIT_AUTH_TOKEN_ACCOUNT="100/m",
        RATE_LIMIT_AUTH_TOKEN_IP="100/m",
        LOGIN_LOCKOUT_FAILURES="4",
        LOGIN_LOCKOUT_MINUTES="15",
    )
    statuses = [_call(port, user.email, WRONG)[0] for port in (a, b, a)]
    assert statuses == [401, 401, 401]
    status, body, _ = _call(b, user.email, WRONG)  # the fourth failure, counted with the other worker's
    assert status == 429 and body["error"]["code"] == "locked_out"
    for port in (a, b):  # the right password is refused on both while the lock lasts
        status, body, headers = _call(port, user.email, DEFAULT_PASSWORD)
        assert status == 429 and body["error"]["code"] == "locked_out"
        assert 0 < int(headers["Retry-After"]) <= 15 * 60
    other = UserFactory()
    assert _call(a, other.email, DEFAULT_PASSWORD)[0] == 200  # other accounts are not affected
