"""Test support: a local HTTP server that a test's stand-in for another service answers through.

    server = JsonStandIn(lambda request: (200, {"ok": True})).start()
    ... settings.SOME_URL = server.url ...
    server.stop()

Each request is kept in `server.requests` (method, path, headers, parsed JSON body or None).
"""
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class StandInRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: object


class JsonStandIn:
    def __init__(self, answer: Callable[[StandInRequest], tuple[int, object]]):
        self.answer = answer
        self.requests: list[StandInRequest] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                request = StandInRequest(self.command, self.path, dict(self.headers.items()), body)
                stand_in.requests.append(request)
                status, answer = stand_in.answer(request)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> "JsonStandIn":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
