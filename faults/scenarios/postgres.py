"""2. PostgreSQL stopped under traffic (pg_ctlcluster stop -m fast, FAULTS_PG_OUTAGE seconds, start).

Shoppers and browsers keep going. While the database is down the API's failures must be JSON in the
error shape (503 service_unavailable with Retry-After, never HTML, never 500); once it is back the API
recovers by itself, with no restart (the same gunicorn master): the time from the database's restart
to the first 200 of a request that needs it (the shopper's order list, never cached) is measured.
SQL then finds nothing half-written: no order without lines, no payment at odds with its order, stock
matching the reservations, each confirmed order once, each paid order booked once."""

import random
import time

from faults.scenarios import Context, Outcome, Poller, pause, setting
from faults.traffic import Client, Crowd, Deadline, Purchases, Tally, browse, ms, shoppers

NAME = "postgres"
TITLE = "PostgreSQL stopped under traffic"
WARM = 5
AFTER = 10
RECOVERY_LIMIT = 30  # seconds from the database's restart to the API's first 200 that needs it


def run(ctx: Context, out: Outcome) -> None:
    outage = setting("FAULTS_PG_OUTAGE", 15)
    postgres = ctx.stack.postgres
    assert postgres is not None and ctx.stack.api is not None
    tally, purchases, probes = Tally(), Purchases(), Tally()
    before = ctx.snapshot()
    master = ctx.stack.api.pid
    rng = random.Random(2)
    finish = Deadline(WARM + outage + AFTER + 60)
    crowd = Crowd()
    shoppers(crowd, 3, ctx.base, tally, ctx.accounts[:48], ctx.data, purchases, finish, seed=2)
    for _ in range(3):
        crowd.start(
            browse, Client(ctx.base, tally), ctx.data["catalog_paths"], random.Random(rng.random()), crowd.stop, 0.05
        )
    prober = ctx.accounts[-1]  # its own account: never one of the shoppers' carts
    with Poller(Client(ctx.base, probes), "/api/orders/?page_size=1", "orders", 0.25, token=prober.token) as orders:
        pause(WARM)
        stopped = time.monotonic()
        postgres.stop("fast")
        ctx.say(f"  PostgreSQL stopped (fast); starting again in {outage:.0f} s")
        try:
            pause(outage)
        finally:
            restarted = time.monotonic()
            postgres.start()
        ctx.say(f"  PostgreSQL started again after {restarted - stopped:.0f} s")
        pause(AFTER)
        recovered = orders.first_after(restarted, lambda a: a.status == 200)
        finish.move(30)
        left = crowd.finish(40)

    out.tables.append(tally.table())
    out.problems.extend(tally.problems(allow_503=True))
    out.require(left == 0, f"{left} traffic threads did not stop")
    down = [a for a in tally.select(since=stopped, until=restarted) if a.status >= 500]
    out.figure(
        "5xx while down",
        ", ".join(f"{c}: {sum(1 for a in down if a.status == c)}" for c in sorted({a.status for a in down})) or "0",
        key=True,
    )
    html = [a for a in tally.select() if a.status >= 400 and not a.is_json]
    out.figure("error answers not JSON", len(html))
    out.figure("recovery: first 200 needing the database after", ms(recovered), key=True)
    out.require(
        recovered is not None and recovered <= RECOVERY_LIMIT,
        f"the API did not answer a database request within {RECOVERY_LIMIT} s of PostgreSQL's restart",
    )
    if recovered is not None:
        late = [a for a in tally.select(since=restarted + recovered + 2) if a.status >= 500]
        out.require(not late, f"{len(late)} answers 5xx after the API had recovered")
    first_checkout = min((o["at"] for o in purchases.orders.values() if o["at"] >= restarted), default=None)
    out.figure("first checkout after the restart", ms(first_checkout - restarted) if first_checkout else "-")
    out.require(first_checkout is not None, "no checkout succeeded after PostgreSQL was back")
    out.figure("API restarted", "no" if ctx.stack.api.alive() and ctx.stack.api.pid == master else "yes")
    out.require(ctx.stack.api.alive() and ctx.stack.api.pid == master, "the API's gunicorn master did not survive")
    ctx.check_shop(out, purchases, before)
