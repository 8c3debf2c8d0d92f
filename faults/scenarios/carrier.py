"""5. A hanging carrier: Shiprocket configured (SHIPROCKET_EMAIL/PASSWORD, SHIPROCKET_API_BASE) on a
local stand-in that accepts connections and never answers, neither the login nor the serviceability.

A second API (gunicorn, the same settings plus Shiprocket, on its own port and cache prefix) gets 32
concurrent delivery estimates: every one must answer 200 within 6 s with the mock's estimate (the
documented fallback); the carrier's circuit breaker must open (a log line with "breaker" or "circuit",
"carrier" or "shiprocket", and "open"); from then on estimates answer at once, without waiting on the
carrier (median of sequential estimates under 0.5 s, where a call to the hanging carrier takes
SHIPROCKET_TIMEOUT_SECONDS, 5 s by default)."""

import re
import select
import socket
import statistics
import threading
import time

from faults.scenarios import Context, Outcome
from faults.stack import CARRIER_API_PORT, CARRIER_PORT, wait_for
from faults.traffic import Answer, Client, Tally, ms, percentile

NAME = "carrier"
TITLE = "A hanging carrier"
CONCURRENT = 32
ANSWER_WITHIN = 6.0
FAST = 0.5
AFTER_OPEN = 20  # sequential estimates once the breaker is open, for at most AFTER_OPEN_SECONDS
AFTER_OPEN_SECONDS = 10
BURST_TIMEOUT = 12  # the client gives up there: twice what the scenario allows
PINCODES = ["560001", "110001", "400001", "700001", "600001", "500001", "411001", "380001", "302001", "226001"]
# A log line of the carrier's breaker opening, e.g. core.breakers' "Circuit breaker carrier: closed -> open".
BREAKER_WORDS = [re.compile(p, re.IGNORECASE) for p in (r"breaker|circuit", r"carrier|shiprocket", r"\bopen\b")]


def breaker_opened(log: str) -> str | None:
    return next((line for line in log.splitlines() if all(w.search(line) for w in BREAKER_WORDS)), None)


class HangingCarrier:
    """Accepts every connection on 127.0.0.1:port and never sends a byte, until stopped."""

    def __init__(self, port: int):
        self.port = port
        self.stopping = threading.Event()
        self.connections: list[socket.socket] = []
        self.server = socket.socket()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> "HangingCarrier":
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port))
        self.server.listen(512)
        self.thread.start()
        return self

    def _serve(self) -> None:
        while not self.stopping.is_set():
            readable, _, _ = select.select([self.server], [], [], 0.2)
            if readable:
                connection, _ = self.server.accept()
                self.connections.append(connection)  # held open, never read, never answered

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join(2)
        for connection in self.connections:
            connection.close()
        self.server.close()


def run(ctx: Context, out: Outcome) -> None:
    tally = Tally()
    variants = ctx.data["variants"]

    def estimate_path(n: int) -> str:
        return f"/api/shipping/estimate/?pincode={PINCODES[n % len(PINCODES)]}&variant={variants[n % len(variants)]}"

    with HangingCarrier(CARRIER_PORT) as carrier:
        api = ctx.stack.start_api(
            "carrier-api",
            CARRIER_API_PORT,
            SHIPROCKET_EMAIL="faults@example.com",
            SHIPROCKET_PASSWORD="faults-carrier-password",
            SHIPROCKET_API_BASE=f"http://127.0.0.1:{CARRIER_PORT}",
            SHIPROCKET_WEBHOOK_TOKEN="faults-webhook-token",
            CACHE_KEY_PREFIX="faults-carrier",
        )
        base = ctx.stack.api_url(CARRIER_API_PORT)
        try:
            burst: list[Answer] = []
            gate = threading.Barrier(CONCURRENT)

            def one(n: int) -> None:
                client = Client(base, tally, f"10.5.0.{n + 1}")
                gate.wait(10)
                burst.append(client.call("GET", estimate_path(n), "estimate (burst)", timeout=BURST_TIMEOUT))

            threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in range(CONCURRENT)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            slowest = max((a.seconds for a in burst), default=None)
            out.figure("concurrent estimates", f"{len(burst)}, slowest {ms(slowest)}", key=True)
            out.require(len(burst) == CONCURRENT, f"only {len(burst)} of {CONCURRENT} estimates answered")
            late = [a for a in burst if a.seconds > ANSWER_WITHIN]
            out.require(not late, f"{len(late)} estimates took more than {ANSWER_WITHIN:.0f} s")
            not_mock = [
                a for a in burst if not (a.ok and isinstance(a.body, dict) and a.body.get("provider") == "mock")
            ]
            out.require(not not_mock, f"{len(not_mock)} estimates were not a 200 with the mock estimate")
            out.figure("connections the carrier held", len(carrier.connections))

            opened = wait_for(lambda: breaker_opened(api.log_text()) is not None, 5, 0.5)
            line = breaker_opened(api.log_text())
            out.figure("breaker opened (log)", line[-80:] if line else "no such line", key=True)
            out.require(opened is not None, "no log line says the carrier's circuit breaker opened")

            client = Client(base, tally, "10.5.1.1")
            after: list[Answer] = []
            until = time.monotonic() + AFTER_OPEN_SECONDS  # bounded also when the breaker never opens
            while len(after) < AFTER_OPEN and time.monotonic() < until:
                after.append(client.call("GET", estimate_path(len(after)), "estimate (breaker open)", timeout=10))
            p50 = statistics.median(a.seconds for a in after)
            out.figure("p50 with the breaker open", ms(p50), key=True)
            out.figure("p95 with the breaker open", ms(percentile([a.seconds for a in after], 95)))
            out.require(p50 < FAST, f"estimates with the breaker open take {ms(p50)} (median), not under {ms(FAST)}")
            out.require(all(a.ok for a in after), "estimates with the breaker open did not all answer 200")
        finally:
            api.stop()
    out.tables.append(tally.table())
    out.problems.extend(tally.problems(allow_503=False))
