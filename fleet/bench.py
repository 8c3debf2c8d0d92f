"""`fleet/run bench` (a step of `make bench`): catalog and checkout throughput through the balancer with one API
replica in rotation, then two, on this 2-core machine. The cores are shared by every process of the fleet and
by wrk, so the figure to read is that nothing breaks and nothing is lost with two, not a speed-up.

Same wrk scripts as bench/run (bench/wrk/mix.lua over the catalog paths of faults/prepare.py; checkout.lua:
add to cart, check out, pay, by 4 shoppers), FLEET_BENCH_SECONDS (20) each. The second replica leaves the
rotation through HAProxy's admin socket (state maint), as an operator would drain it. Figures go to
backend/var/fleet/bench.json and are printed as a table."""

import json
import os
import re
import socket
import subprocess
import time

from faults.scenarios import Context
from faults.traffic import format_table

from fleet.stack import FLEET_DIR, ROOT, Fleet, api_url

SECONDS = int(os.environ.get("FLEET_BENCH_SECONDS", "20"))
SHOPPERS = 4
CONNECTIONS = 16
# The run's own environment: no per-IP limits (wrk is one address) and tokens that outlive the run, as bench/run.
BENCH_ENV = {"RATELIMIT_ENABLE": "0", "JWT_ACCESS_MINUTES": "120"}


def set_state(server: str, state: str) -> None:
    """HAProxy's runtime API: `set server api/api2 state maint|ready`."""
    with socket.socket(socket.AF_UNIX) as admin:
        admin.connect(str(FLEET_DIR / "haproxy.sock"))
        admin.sendall(f"set server api/{server} state {state}\n".encode())
        admin.recv(4096)


def wrk(script: str, connections: int, threads: int, env: dict[str, str]) -> dict:
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "10s", "-s", script, api_url()],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=SECONDS + 60,
        check=False,
    )
    found = re.search(r"BENCH_JSON (\{.*\})", done.stdout)
    if not found:
        raise RuntimeError(f"wrk printed no figures:\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}")
    return json.loads(found.group(1))


def run(ctx: Context, fleet: Fleet) -> int:
    paths = FLEET_DIR / "bench-paths.txt"
    paths.write_text("\n".join(ctx.data["catalog_paths"]) + "\n")
    tokens = FLEET_DIR / "bench-tokens.txt"
    tokens.write_text("\n".join(a.token for a in ctx.accounts[:SHOPPERS]) + "\n")
    variants = FLEET_DIR / "bench-variants.txt"
    variants.write_text("\n".join(str(v) for v in ctx.data["variants"]) + "\n")
    rows, figures, problems = [], {}, []
    for replicas in (1, 2):
        label = "1 replica" if replicas == 1 else f"{replicas} replicas"
        set_state("api2", "maint" if replicas == 1 else "ready")
        if replicas == 2:
            fleet.balancer_sees("api2", "UP", 10)
        time.sleep(2)
        after = ctx.shop.last_order_id()
        catalog = wrk(str(ROOT / "bench" / "wrk" / "mix.lua"), CONNECTIONS, 2, {"BENCH_PATHS": str(paths)})
        checkout = wrk(
            str(ROOT / "bench" / "wrk" / "checkout.lua"),
            SHOPPERS,
            SHOPPERS,
            {"BENCH_TOKENS": str(tokens), "BENCH_VARIANTS": str(variants)},
        )
        orders, paid = ctx.shop.rows(
            "SELECT count(*), count(*) FILTER (WHERE paid_at IS NOT NULL) FROM orders_order WHERE id > %s", [after]
        )[0]
        for name, result in (("catalog", catalog), ("checkout", checkout)):
            errors = sum(result["errors"].values())
            rps = result["requests"] / (result["duration_us"] / 1e6)
            figures[f"{name}, {label}"] = {**result, "rps": round(rps, 1)}
            rows.append(
                [
                    f"{name}, {label}",
                    f"{rps:.0f}",
                    f"{result['p50_us'] / 1000:.1f} / {result['p95_us'] / 1000:.1f} / {result['p99_us'] / 1000:.1f}",
                    str(errors),
                    f"{orders} orders, {paid} paid" if name == "checkout" else "",
                ]
            )
            if errors:
                problems.append(f"{name} with {replicas} replica(s): {errors} errors ({result['errors']})")
        figures[f"orders, {label}"] = {"orders": orders, "paid": paid}
    print(format_table(["req/s", "p50 / p95 / p99 ms", "errors", "purchases"], rows), flush=True)
    (FLEET_DIR / "bench.json").write_text(
        json.dumps({"seconds": SECONDS, "figures": figures, "problems": problems}, indent=1)
    )
    for problem in problems:
        print(f"  FAIL: {problem}", flush=True)
    return 1 if problems else 0
