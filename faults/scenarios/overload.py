"""7. Overload: FAULTS_OVERLOAD_SECONDS (default 30) of 64 connections of catalog traffic (listing,
product pages, categories, brands, search, suggest; each request from a new customer address) plus 3
shoppers checking out and paying. No request may fail (any answer not 2xx, or none), and the liveness
probe /api/health/, asked once a second by a process of its own, must answer within 0.3 s every time.
SQL checks of the purchases as in the other scenarios."""

import json
import random
import subprocess
import time

from faults.scenarios import Context, Outcome, pause, setting
from faults.stack import PY, ROOT
from faults.traffic import Client, Crowd, Deadline, Purchases, Tally, browse, ms, percentile, shoppers

NAME = "overload"
TITLE = "Overload"
CONNECTIONS = 64
SHOPPERS = 3
HEALTH_WITHIN = 0.3


def run(ctx: Context, out: Outcome) -> None:
    seconds = setting("FAULTS_OVERLOAD_SECONDS", 30)
    tally, purchases = Tally(), Purchases()
    before = ctx.snapshot()
    rng = random.Random(7)
    finish = Deadline(seconds + 60)
    crowd = Crowd()
    probe = subprocess.Popen(
        [str(PY), "-m", "faults.probe", f"{ctx.base}/api/health/", str(seconds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        started = time.monotonic()
        for _ in range(CONNECTIONS):
            crowd.start(
                browse, Client(ctx.base, tally), ctx.data["catalog_paths"], random.Random(rng.random()), crowd.stop
            )
        shoppers(crowd, SHOPPERS, ctx.base, tally, ctx.accounts[48:96], ctx.data, purchases, finish, seed=7)
        pause(seconds)
        finish.move(20)
        left = crowd.finish(40)
        elapsed = time.monotonic() - started
        samples = json.loads(probe.communicate(timeout=30)[0] or "[]")
    finally:
        if probe.poll() is None:
            probe.kill()
            probe.wait(5)

    catalog = tally.select("catalog")
    out.tables.append(tally.table())
    out.figure("catalog requests", f"{len(catalog)} ({len(catalog) / elapsed:.0f}/s over {elapsed:.0f} s)", key=True)
    out.figure("catalog p95", ms(percentile([a.seconds for a in catalog], 95)))
    out.figure("orders", len(purchases.orders))
    failed = [a for a in tally.select() if not a.ok]
    out.figure("errors", len(failed), key=True)
    out.require(not failed, f"{len(failed)} requests failed: {sorted({(a.label, a.status) for a in failed})[:6]}")
    out.problems.extend(tally.problems(allow_503=False))
    out.require(left == 0, f"{left} traffic threads did not stop")
    health = [s[2] for s in samples if s[1] == 200]
    slow = [s for s in samples if s[1] != 200 or s[2] > HEALTH_WITHIN]
    out.figure("/api/health/ samples", len(samples))
    out.figure("/api/health/ slowest", ms(max(health, default=None)), key=True)
    out.require(len(samples) >= seconds * 0.8, f"only {len(samples)} health samples in {seconds:.0f} s")
    out.require(not slow, f"{len(slow)} health samples not 200 within {HEALTH_WITHIN} s: {slow[:5]}")
    ctx.check_shop(out, purchases, before)
