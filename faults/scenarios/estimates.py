"""6. A burst of concurrent delivery estimates against a healthy carrier (the mock provider of the main
API): ROUNDS rounds of 64 requests released together, every one must answer 200; p50, p95 and the
slowest are reported (measured by the suite's threads on the same 2 cores, so they include the load
generator's own waiting)."""

import threading

from faults.scenarios import Context, Outcome
from faults.scenarios.carrier import PINCODES
from faults.traffic import Answer, Client, Tally, ms, percentile

NAME = "estimates"
TITLE = "A burst of concurrent estimates"
CONCURRENT = 64
ROUNDS = 3


def run(ctx: Context, out: Outcome) -> None:
    tally = Tally()
    variants = ctx.data["variants"]
    answers: list[Answer] = []
    for round_ in range(ROUNDS):
        gate = threading.Barrier(CONCURRENT)

        def one(n: int, round_: int = round_, gate: threading.Barrier = gate) -> None:
            client = Client(ctx.base, tally, f"10.6.{round_}.{n + 1}")
            pincode = PINCODES[(n + round_) % len(PINCODES)]
            path = f"/api/shipping/estimate/?pincode={pincode}&variant={variants[n % len(variants)]}"
            gate.wait(10)
            answers.append(client.call("GET", path, "estimate", timeout=30))

        threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in range(CONCURRENT)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    times = [a.seconds for a in answers]
    out.tables.append(tally.table())
    out.figure("estimates", f"{len(answers)} ({ROUNDS} x {CONCURRENT} concurrent)", key=True)
    out.figure("p50", ms(percentile(times, 50)))
    out.figure("p95", ms(percentile(times, 95)), key=True)
    out.figure("slowest", ms(max(times, default=None)))
    out.require(len(answers) == ROUNDS * CONCURRENT, f"only {len(answers)} of {ROUNDS * CONCURRENT} estimates answered")
    refused = [a for a in answers if not a.ok]
    out.require(not refused, f"{len(refused)} estimates not 200: {sorted({a.status for a in refused})}")
    out.problems.extend(tally.problems(allow_503=False))
