"""Test support: local HTTP servers that stand in for other services.

`LocalStandIn` owns the plumbing (a server on 127.0.0.1 in a daemon thread, JSON answers); a subclass
overrides `respond(request)` with the service's own rules and keeps its own record of requests.
`JsonStandIn` answers through one callback, for a test that needs no more:

    server = JsonStandIn(lambda request: (200, {"ok": True})).start()
    ... settings.SOME_URL = server.url ...
    server.stop()

and keeps every request in `server.requests`.
"""

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class StandInRequest:
    method: str
    path: str  # without the query string
    query: str
    headers: dict[str, str]
    raw: bytes

    def header(self, name: str, default: str = "") -> str:
        """Case-insensitive, as HTTP header names are."""
        name = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == name), default)

    def json(self):
        """The body parsed as JSON, or None when there is none."""
        return json.loads(self.raw) if self.raw.strip() else None

    def query_params(self) -> dict[str, str]:
        """The query string, first value of each name."""
        return {k: v[0] for k, v in parse_qs(self.query).items()}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def _serve(self):
        path, _, query = self.path.partition("?")
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = StandInRequest(self.command, path, query, dict(self.headers.items()), raw)
        status, body, *extra = self.server.stand_in.respond(request)
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (extra[0] if extra else {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a timeout test)
            pass

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve


class LocalStandIn:
    """A local HTTP server answering through `respond(request) -> (status, body[, extra_headers])`;
    the body is sent as JSON unless it is bytes already."""

    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.stand_in = self
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def respond(self, request: StandInRequest) -> tuple:
        raise NotImplementedError

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class JsonStandIn(LocalStandIn):
    def __init__(self, answer: Callable[[StandInRequest], tuple[int, object]]):
        super().__init__()
        self.answer = answer
        self.requests: list[StandInRequest] = []

    def respond(self, request):
        self.requests.append(request)
        return self.answer(request)
