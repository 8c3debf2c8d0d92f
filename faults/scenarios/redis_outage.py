"""1. Redis killed under traffic (kill -9, FAULTS_REDIS_OUTAGE seconds, then a new, empty Redis).

Shoppers keep browsing, adding to carts, checking out and paying; browsers read the catalog; a sign-in
every 2 s. Redis is the cache, the rate-limit counters and the Celery broker: while it is gone checkout
must keep selling (browsing and carts keep working, some checkouts succeed during the outage), sign-ins
answer 200 or 503 with Retry-After, nothing answers 500. Once it is back everything is normal again
(no 5xx after a short grace), and SQL finds every confirmed order once, stock moved by the units
ordered, every paid order booked once (tasks lost with Redis are caught up by the sweep)."""

import random
import time

from faults.scenarios import Context, Outcome, Poller, component, pause, setting
from faults.traffic import Client, Crowd, Deadline, Purchases, Tally, browse, ms, shoppers, sign_ins

NAME = "redis"
TITLE = "Redis killed under traffic"
WARM = 6  # traffic before the kill
AFTER = 12  # traffic after the restart
GRACE = 5  # after the restart: connections re-made, then every answer must be normal


def run(ctx: Context, out: Outcome) -> None:
    outage = setting("FAULTS_REDIS_OUTAGE", 18)
    tally, purchases, probes = Tally(), Purchases(), Tally()
    before = ctx.snapshot()
    rng = random.Random(1)
    finish = Deadline(WARM + outage + AFTER + 60)  # a hard end for the shoppers' retries
    crowd = Crowd()
    shoppers(crowd, 4, ctx.base, tally, ctx.accounts[:64], ctx.data, purchases, finish, seed=1)
    for _ in range(2):
        crowd.start(
            browse, Client(ctx.base, tally), ctx.data["catalog_paths"], random.Random(rng.random()), crowd.stop, 0.05
        )
    crowd.start(sign_ins, Client(ctx.base, tally), ctx.data["sign_in"], ctx.data["password"], rng, crowd.stop, 2.0)
    with Poller(Client(ctx.base, probes), "/api/ready/", "ready", 0.5) as ready:
        pause(WARM)
        killed = time.monotonic()
        ctx.stack.redis.kill()
        ctx.say(f"  Redis killed (kill -9); back in {outage:.0f} s")
        try:
            pause(outage)
        finally:
            back = time.monotonic()
            ctx.stack.redis.start()
        ctx.say("  Redis restarted (empty)")
        pause(AFTER)
        finish.move(30)  # the purchase under way may retry 30 s more
        left = crowd.finish(40)
        cache_ok = ready.first_after(back, lambda a: a.status == 200 and component(a, "cache") == "ok")

    out.tables.append(tally.table())
    out.problems.extend(tally.problems(allow_503=True))
    out.require(left == 0, f"{left} traffic threads did not stop")
    # Browsing and carts need no Redis: cache misses are computed, per-IP limits fail open.
    refused = [a for a in tally.select(since=killed, until=back) if a.label in ("catalog", "browse", "cart add")]
    refused = [a for a in refused if not a.ok]
    out.figure("catalog and cart answers not 2xx during the outage", len(refused))
    out.require(not refused, f"{len(refused)} catalog or cart requests failed while Redis was down")
    during = purchases.checkouts_between(killed, back)
    out.figure("checkouts during the outage", during, key=True)
    out.require(during > 0, "no checkout succeeded while Redis was down")
    paid_during = purchases.payments_between(killed, back)
    out.figure("payments during the outage", paid_during)
    sign_in_codes = tally.statuses("sign-in")
    out.figure("sign-ins", ", ".join(f"{code}: {n}" for code, n in sorted(sign_in_codes.items())), key=True)
    odd = {code: n for code, n in sign_in_codes.items() if code not in (200, 503)}
    out.require(not odd, f"sign-ins answered other than 200 or 503: {odd}")
    after = [a for a in tally.select(since=back + GRACE) if a.status >= 500]
    out.figure(f"5xx from {GRACE} s after the restart", len(after))
    out.require(not after, f"{len(after)} answers 5xx after Redis was back (from {GRACE} s on)")
    normal_again = back + GRACE
    checkouts_after = purchases.checkouts_between(normal_again, float("inf"))
    signed_in_after = sum(1 for a in tally.select("sign-in", since=normal_again) if a.status == 200)
    out.figure("checkouts / sign-ins once back", f"{checkouts_after} / {signed_in_after}")
    out.require(checkouts_after > 0, "no checkout succeeded after Redis was back")
    out.require(signed_in_after > 0, "no sign-in succeeded after Redis was back")
    out.figure("readiness: cache ok again after", ms(cache_ok), key=True)
    out.require(cache_ok is not None, "/api/ready/ never reported the cache ok after the restart")
    ctx.check_shop(out, purchases, before)
