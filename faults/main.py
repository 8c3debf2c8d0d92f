"""The fault suite's runner: brings the stack up, runs the chosen scenarios one after another, prints
each one's traffic table, figures and problems, then a summary; tears everything down whatever happens
(failure, Ctrl-C, SIGTERM). Exit status 1 when a scenario failed, 2 when the stack could not be set up."""

import argparse
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from faults.checks import Shop
from faults.scenarios import SCENARIOS, Context, Outcome
from faults.stack import API_PORT, DATABASE_URL, RUN_DIR, Stack, StackError, wait_for
from faults.traffic import Account, format_table


def say(text: str) -> None:
    print(text, flush=True)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def chosen(names: str) -> list[str]:
    wanted = [n.strip() for n in names.split(",") if n.strip()] or list(SCENARIOS)
    unknown = [n for n in wanted if n not in SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenario(s) {', '.join(unknown)}; there are: {', '.join(SCENARIOS)}")
    return [n for n in SCENARIOS if n in wanted]  # always in the suite's order


def restore(stack: Stack) -> list[str]:
    """Whatever a failed scenario left broken, put back, so that the next one starts on a whole stack."""
    fixed = []
    if not wait_for(stack.redis.answers, 2):
        stack.redis.stop()
        stack.redis.start()
        fixed.append("Redis restarted")
    if stack.postgres is not None and not wait_for(stack.postgres.accepting, 2):
        stack.postgres.start()
        fixed.append("PostgreSQL started")
    if stack.api is None or not stack.api.alive():
        if stack.api is not None:
            stack.api.stop()
        stack.api = stack.start_api("api", API_PORT)
        fixed.append("API restarted")
    if stack.worker is None or not stack.worker.alive():
        stack.restart_worker()
        fixed.append("worker restarted")
    return fixed


def run_scenario(ctx: Context, name: str) -> tuple[str, Outcome, float]:
    module = SCENARIOS[name]
    result, out, seconds = run_one(name, module.TITLE, lambda out: module.run(ctx, out), say)
    for fixed in restore(ctx.stack):
        say(f"  (after {name}: {fixed})")
    return result, out, seconds


def run_one(
    name: str, title: str, body: Callable[[Outcome], None], say: Callable[[str], None]
) -> tuple[str, Outcome, float]:
    """Run one scenario (the fault suite's, the fleet's) and print its tables, figures and problems."""
    say(f"\n=== {name}: {title}")
    out = Outcome()
    started = time.monotonic()
    try:
        body(out)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001  (a scenario that crashes is reported, the others still run)
        out.problems.append(f"the scenario crashed: {type(exc).__name__}: {exc}")
        say(traceback.format_exc())
    seconds = time.monotonic() - started
    for table in out.tables:
        say(table)
    say(format_table(["value"], [[k, str(v)] for k, v in out.figures.items()]))
    for problem in out.problems:
        say(f"  FAIL: {problem}")
    result = "FAIL" if out.problems else "PASS"
    say(f"--- {name}: {result} in {seconds:.0f} s")
    return result, out, seconds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="faults/run", description=__doc__)
    parser.add_argument(
        "--only", default=os.environ.get("FAULTS", ""), help=f"comma-separated scenarios ({', '.join(SCENARIOS)})"
    )
    names = chosen(parser.parse_args(argv).only)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    started = time.monotonic()
    say(f"faults: {', '.join(names)}; logs in {RUN_DIR}")
    results: list[tuple[str, str, Outcome, float]] = []
    try:
        with Stack(say) as stack:
            data = json.loads((RUN_DIR / "shop.json").read_text())
            ctx = Context(
                stack=stack,
                shop=Shop(DATABASE_URL),
                data=data,
                accounts=[Account(a["email"], a["token"]) for a in data["shoppers"]],
                say=say,
            )
            for name in names:
                result, out, seconds = run_scenario(ctx, name)
                results.append((name, result, out, seconds))
    except StackError as exc:
        say(f"faults: the stack could not be set up or restored: {exc}")
        return 2
    except KeyboardInterrupt:
        say("faults: interrupted; everything stopped and the cluster dropped")
        return 130
    finally:
        say(f"faults: torn down after {time.monotonic() - started:.0f} s")
    return summarise(results, RUN_DIR / "results.json", say)


def summarise(results: list[tuple[str, str, Outcome, float]], path: Path, say: Callable[[str], None]) -> int:
    """The run's table of key figures, its results as JSON at `path`; the exit status (1 when one failed)."""
    rows = [
        [name, result, f"{seconds:.0f} s", "; ".join(f"{k}: {out.figures[k]}" for k in out.key if k in out.figures)]
        for name, result, out, seconds in results
    ]
    say("\n" + format_table(["result", "time", "key figures"], rows))
    path.write_text(
        json.dumps(
            [
                {"scenario": n, "result": r, "seconds": round(s), "figures": o.figures, "problems": o.problems}
                for n, r, o, s in results
            ],
            indent=1,
            default=str,
        )
    )
    return 0 if all(r == "PASS" for _, r, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
