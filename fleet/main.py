"""The fleet's runner: `up` keeps it running until Ctrl-C; `test` runs the scenarios (fleet/scenarios.py) and
prints each one's figures and problems; `bench` measures 1 replica against 2 (fleet/bench.py). Everything is
torn down whatever happens. Exit status 1 when a scenario failed, 2 when the fleet could not be set up."""

import argparse
import json
import os
import signal
import sys
import time

from faults.checks import Shop
from faults.main import run_one, summarise
from faults.scenarios import Outcome
from faults.stack import StackError
from faults.traffic import Account

from fleet import bench, scenarios
from fleet.stack import DATABASE_URL, FLEET_DIR, LB_API_PORT, LB_WEB_PORT, STATS_PORT, Fleet

# The test's sign-in limits count per hour, so that no window rolls over in the middle of a count; the
# lockout comes before the per-account limit (5), so each is seen on its own.
TEST_ENV = {
    "RATE_LIMIT_AUTH_TOKEN_IP": "30/h",
    "RATE_LIMIT_AUTH_TOKEN_ACCOUNT": "5/h",
    "LOGIN_LOCKOUT_FAILURES": "4",
}


def say(text: str) -> None:
    print(text, flush=True)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def chosen(names: str) -> list[str]:
    wanted = [n.strip() for n in names.split(",") if n.strip()] or list(scenarios.SCENARIOS)
    unknown = [n for n in wanted if n not in scenarios.SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenario(s) {', '.join(unknown)}; there are: {', '.join(scenarios.SCENARIOS)}")
    return [n for n in scenarios.SCENARIOS if n in wanted]


def context(fleet: Fleet) -> scenarios.Context:
    data = json.loads((FLEET_DIR / "shop.json").read_text())
    return scenarios.Context(
        stack=fleet,  # type: ignore[arg-type]  (the fleet has what the fault suite's checks use of a stack)
        shop=Shop(DATABASE_URL),
        data=data,
        accounts=[Account(a["email"], a["token"]) for a in data["shoppers"]],
        say=say,
    )


def up() -> int:
    with Fleet(say) as fleet:
        say(
            f"\nThe fleet is up: storefront http://127.0.0.1:{LB_WEB_PORT}, API http://127.0.0.1:{LB_API_PORT} "
            f"(HAProxy; statistics http://127.0.0.1:{STATS_PORT}/), /metrics with Bearer {fleet.metrics_token}.\n"
            f"Logs in {FLEET_DIR}. Ctrl-C stops every process."
        )
        while all(s.alive() for s in fleet.services.values()):
            time.sleep(1)
        dead = [name for name, s in fleet.services.items() if not s.alive()]
        say(f"fleet: {', '.join(dead)} stopped; stopping the rest")
        return 1


def test(names: list[str]) -> int:
    results: list[tuple[str, str, Outcome, float]] = []
    with Fleet(say, extra_env=TEST_ENV, traces=True) as fleet:
        ctx = context(fleet)
        for name in names:
            module = scenarios.SCENARIOS[name]
            result, out, seconds = run_one(name, module.TITLE, lambda out, m=module: m.run(ctx, fleet, out), say)
            results.append((name, result, out, seconds))
            scenarios.restore(fleet, say)
    return summarise(results, FLEET_DIR / "results.json", say)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="fleet/run", description=__doc__)
    parser.add_argument("mode", nargs="?", default="up", choices=["up", "test", "bench"])
    parser.add_argument("--only", default=os.environ.get("FLEET_TESTS", ""), help="comma-separated scenarios")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    started = time.monotonic()
    try:
        if args.mode == "up":
            return up()
        if args.mode == "bench":
            with Fleet(say, extra_env=bench.BENCH_ENV) as fleet:
                return bench.run(context(fleet), fleet)
        return test(chosen(args.only))
    except StackError as exc:
        say(f"fleet: could not be set up: {exc}")
        return 2
    except KeyboardInterrupt:
        say("fleet: interrupted; every process stopped")
        return 130
    finally:
        say(f"fleet: torn down after {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
