"""gunicorn with the production config (gunicorn.conf.py): what it refuses itself, before Django (a request
line over limit_request_line, malformed headers), is answered in the API's JSON error shape, not HTML; and a
chunked body reaches the app de-chunked but without CONTENT_LENGTH (Django would read it as empty), so
core.wsgi.ChunkedApiBodies gives API bodies their length."""

import gc
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.wsgi import ChunkedApiBodies

BACKEND = Path(__file__).resolve().parents[2]


def environ_app(environ, start_response):
    """Answers what the server (and core.wsgi.ChunkedApiBodies, for /api/ paths) said about the body."""
    length = environ.get("CONTENT_LENGTH")
    seen = {
        "content_length": length,
        "transfer_encoding": environ.get("HTTP_TRANSFER_ENCODING"),
        "input_terminated": environ.get("wsgi.input_terminated"),
        "body": environ["wsgi.input"].read(int(length) if length else -1).decode(),
    }
    if environ["PATH_INFO"] == "/gc/":  # the worker's objects out of the cycle collector's reach
        seen = {"frozen_objects": gc.get_freeze_count()}
    if environ["PATH_INFO"] == "/threads/":
        seen = {"threads": sorted(thread.name for thread in threading.enumerate())}
    body = json.dumps(seen).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


app = ChunkedApiBodies(environ_app)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_LIMIT_REQUEST_LINE": "1024",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "core.tests.test_gunicorn:app"],
        cwd=BACKEND,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=20)


def raw(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return status, headers, body


def test_the_workers_fork_with_what_the_master_loaded_frozen(server):
    # gunicorn.conf.py's pre_fork: the preloaded app's objects are never walked again by a worker's full collection.
    status, _, body = raw(server, b"GET /gc/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert status.endswith("200 OK") and json.loads(body)["frozen_objects"] > 10_000


def test_each_worker_gives_freed_memory_back_on_a_thread_of_its_own(server):
    # gunicorn.conf.py's post_worker_init starts core.memory's thread (MEMORY_TRIM_SECONDS, 10 by default).
    status, _, body = raw(server, b"GET /threads/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert status.endswith("200 OK") and "memory-trim" in json.loads(body)["threads"]


def test_a_request_line_over_the_limit_is_a_json_400(server):
    status, headers, body = raw(server, b"GET /api/search/?q=" + b"a" * 2000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status.startswith("HTTP/1.1 400") and headers["content-type"] == "application/json"
    assert json.loads(body) == {
        "error": {
            "code": "invalid",
            "message": "The request is malformed, or its request line (path and query string) is too long.",
            "fields": {},
        }
    }


def test_a_malformed_header_is_a_json_400_too(server):
    status, headers, body = raw(server, b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
    assert status.startswith("HTTP/1.1 400") and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "invalid"


CHUNKED = (
    b"Host: x\r\nContent-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
    b'19\r\n{"payment_method": "dev"}\r\n0\r\n\r\n'
)


def test_gunicorn_hands_a_chunked_body_over_without_its_length(server):
    status, _, body = raw(server, b"POST /not-api/ HTTP/1.1\r\n" + CHUNKED)
    assert status.startswith("HTTP/1.1 200")
    assert json.loads(body) == {
        "content_length": None,  # Django would read nothing
        "transfer_encoding": "chunked",
        "input_terminated": True,  # but the body is there, and ends
        "body": '{"payment_method": "dev"}',
    }


def test_a_chunked_api_body_reaches_django_with_its_length(server):
    status, _, body = raw(server, b"POST /api/checkout/ HTTP/1.1\r\n" + CHUNKED)
    assert status.startswith("HTTP/1.1 200")
    seen = json.loads(body)
    assert seen["content_length"] == "25" and seen["body"] == '{"payment_method": "dev"}'
