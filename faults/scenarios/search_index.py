"""4. The search index's path broken while serving (SHOP_LISTING_BACKEND=search, the embedded index: no
MEILISEARCH_URL).

SEARCH_INDEX_DIR is moved aside and a plain file put in its place. /api/products/ and /api/search/
must keep answering 200, from the database, saying `degraded: true`, with phones in them; /api/ready/
reports search "degraded" (and stays 200). Then `manage.py reindex_search` repairs the index and the
answers are no longer degraded. Every request carries a query string never asked before, so no cached
answer hides what the engine does. Should the repair fail, the original index is put back so that the
scenarios after this one run on a working index."""

import shutil
import time

from faults.scenarios import Context, Outcome, component
from faults.stack import StackError
from faults.traffic import Answer, Client, Tally, ms

NAME = "search"
TITLE = "Search index path broken"
WAIT = 15  # seconds for the API to notice the broken index, and again the repaired one


def run(ctx: Context, out: Outcome) -> None:
    tally = Tally()
    client = Client(ctx.base, tally, "10.4.0.1")
    fresh = iter(range(1_000_000))

    def products() -> Answer:  # a price ceiling never asked before: a new cache key, same phones
        return client.call("GET", f"/api/products/?price_max={900000 + next(fresh)}", "products")

    def search() -> Answer:
        return client.call("GET", f"/api/search/?q=galaxy&price_max={900000 + next(fresh)}", "search")

    def ready() -> Answer:
        return client.call("GET", "/api/ready/", "ready")

    def until(check, seconds: float) -> float | None:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if check():
                return time.monotonic() - started
            time.sleep(0.5)
        return None

    def degraded(answer: Answer) -> bool:
        return answer.status == 200 and isinstance(answer.body, dict) and answer.body.get("degraded") is True

    def phones(answer: Answer) -> int:
        return len(answer.body.get("results", [])) if isinstance(answer.body, dict) else 0

    healthy = [products(), search()]
    out.require(all(a.status == 200 and not degraded(a) for a in healthy), "answers not normal before the fault")

    index = ctx.stack.search_index_dir
    aside = index.with_name("search.aside")
    shutil.rmtree(aside, ignore_errors=True)
    index.rename(aside)
    index.write_text("not a search index\n")
    ctx.say(f"  {index} replaced by a plain file")
    repaired = False
    try:
        noticed = until(lambda: degraded(products()) and degraded(search()), WAIT)
        out.figure("degraded answers after", ms(noticed), key=True)
        out.require(noticed is not None, f"/api/products/ and /api/search/ not both degraded within {WAIT} s")
        broken = [products(), search()]
        out.require(
            all(degraded(a) and phones(a) > 0 for a in broken),
            "degraded answers without phones in them: "
            + ", ".join(f"{a.label} {a.status} degraded={degraded(a)} phones={phones(a)}" for a in broken),
        )
        readiness = ready()
        out.figure("/api/ready/ while broken", f"{readiness.status} search={component(readiness, 'search')}", key=True)
        out.require(
            readiness.status == 200 and component(readiness, "search") == "degraded",
            "/api/ready/ does not answer 200 with search degraded",
        )
        started = time.monotonic()
        try:
            ctx.stack.manage("reindex_search", "--no-progress", timeout=180)
            repaired = index.is_dir()
        except StackError as exc:
            out.problems.append(f"reindex_search failed: {str(exc).splitlines()[-1]}")
        out.figure(
            "reindex_search", f"{time.monotonic() - started:.1f} s" + ("" if repaired else ", index not repaired")
        )
        out.require(repaired, "reindex_search did not put an index back in place")
        if repaired:
            normal = until(lambda: not degraded(products()) and not degraded(search()), WAIT)
            out.figure("normal answers after the repair", ms(normal), key=True)
            out.require(normal is not None, f"answers still degraded {WAIT} s after the repair")
            readiness = ready()
            out.require(
                component(readiness, "search") == "ok", "/api/ready/ does not report search ok after the repair"
            )
    finally:
        if not repaired:  # put the original index back for the scenarios after this one
            if index.is_file():
                index.unlink()
            if not index.exists():
                aside.rename(index)
        shutil.rmtree(aside, ignore_errors=True)
    out.tables.append(tally.table())
    out.problems.extend(tally.problems(allow_503=False))
    refused = [a for a in tally.select() if 400 <= a.status < 500]
    out.require(not refused, f"{len(refused)} answers 4xx: {sorted({(a.label, a.status) for a in refused})}")
