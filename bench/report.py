"""Turns one bench run's raw output (bench/out/) into bench/results.json and a table (stdout and
bench/results.md). Usage: report.py OUT_DIR"""
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

SCENARIOS = ["floor", "listing", "detail", "search", "suggest", "checkout"]
# Targets on a 2-core machine, the API alone, warm cache (docs/performance.md).
TARGETS = {"listing": {"p95_ms": 40, "vs_floor": 0.5}, "detail": {"p95_ms": 20}, "search": {"p95_ms": 50},
           "suggest": {"p95_ms": 15}, "checkout": {"p95_ms": 250}}
LIGHTHOUSE_TARGETS = {"performance": 0.90, "accessibility": 0.95, "best_practices": 0.95, "seo": 1.0}


def scenario(out: Path, name: str) -> dict | None:
    raw = out / f"{name}.txt"
    if not raw.exists():
        return None
    match = re.search(r"BENCH_JSON (\{.*\})", raw.read_text())
    if not match:
        return {"error": "no result (see " + raw.name + ")"}
    data = json.loads(match.group(1))
    seconds = data["duration_us"] / 1e6
    row = {
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p95_ms": round(data["p95_us"] / 1000, 2),
        "p99_ms": round(data["p99_us"] / 1000, 2),
        "errors": sum(data["errors"].values()),
        "requests": data["requests"],
        "seconds": round(seconds, 1),
    }
    cold = out / f"{name}.cold"
    if cold.exists():
        times = sorted(float(t) * 1000 for t in cold.read_text().split())
        if times:
            row["cold_p50_ms"] = round(times[len(times) // 2], 1)
            row["cold_max_ms"] = round(times[-1], 1)
    return row


def lighthouse(out: Path) -> dict:
    """Per page, the median run by performance score (each page is run BENCH_LIGHTHOUSE_RUNS times)."""
    runs: dict[str, list[dict]] = {}
    for path in sorted(out.glob("lighthouse-*.json")):
        report = json.loads(path.read_text())
        categories, audits = report["categories"], report["audits"]
        url = report.get("finalDisplayedUrl") or report.get("finalUrl") or report["requestedUrl"]
        page = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        runs.setdefault(page, []).append({
            "performance": categories["performance"]["score"],
            "accessibility": categories["accessibility"]["score"],
            "best_practices": categories["best-practices"]["score"],
            "seo": categories["seo"]["score"],
            "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
            "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
            "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
            "cpu_benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        })
    pages = {}
    for page, found in runs.items():
        ordered = sorted(found, key=lambda r: r["performance"] or 0)
        pages[page] = {**ordered[len(ordered) // 2], "runs": len(found),
                       "performance_runs": [r["performance"] for r in found]}
    return pages


def machine(out: Path) -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    info = {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "os": platform.platform(), "python": platform.python_version()}
    meta = out / "meta.json"
    if meta.exists():
        info.update(json.loads(meta.read_text()))
    return info


def main(out: Path) -> None:
    results = {"scenarios": {}, "lighthouse": lighthouse(out), "machine": machine(out), "catalog": {}}
    for name in SCENARIOS:
        row = scenario(out, name)
        if row is not None:
            results["scenarios"][name] = row
    floor = results["scenarios"].get("floor", {}).get("rps")
    for row in results["scenarios"].values():
        if floor and "rps" in row:
            row["vs_floor"] = round(row["rps"] / floor, 3)
    catalog = out / "catalog.json"
    if catalog.exists():
        results["catalog"] = json.loads(catalog.read_text())
    bench = Path(__file__).resolve().parent
    (bench / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    table = render(results)
    (bench / "results.md").write_text(table)
    print(table)


def verdict(name: str, row: dict) -> str:
    target = TARGETS.get(name)
    if not target or "rps" not in row:
        return ""
    ok = row["errors"] == 0 and row["p95_ms"] <= target["p95_ms"] and row.get("vs_floor", 1) >= target.get("vs_floor", 0)
    wanted = f"p95 ≤ {target['p95_ms']} ms" + (f", ≥ {target['vs_floor']:.0%} of floor" if "vs_floor" in target else "")
    return ("met" if ok else "MISSED") + f" ({wanted})"


def render(results: dict) -> str:
    m = results["machine"]
    lines = [f"PhoneStore bench — {results['catalog'].get('variants', '?')} variants, "
             f"{m.get('cores')} cores ({m.get('cpu', '')}), load before the run {m.get('load_before', '?')}, "
             f"listing backend {m.get('listing_backend', '?')}, {m.get('api_workers', '?')} gunicorn workers × "
             f"{m.get('api_threads', '?')} threads, wrk {m.get('connections', '?')} connections × {m.get('duration_s', '?')} s",
             "", "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | requests | vs floor | cold p50 / max ms | target |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name, row in results["scenarios"].items():
        if "rps" not in row:
            lines.append(f"| {name} | {row.get('error')} |")
            continue
        cold = f"{row['cold_p50_ms']} / {row['cold_max_ms']}" if "cold_p50_ms" in row else ""
        lines.append(f"| {name} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['errors']} | "
                     f"{row['requests']} | {row.get('vs_floor', '')} | {cold} | {verdict(name, row)} |")
    if results["lighthouse"]:
        lines += ["", "| page (Lighthouse 12, mobile, median run) | performance (all runs) | accessibility | best practices | SEO | "
                  "LCP ms | CLS | TBT ms | CPU index |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for page, s in results["lighthouse"].items():
            runs = ", ".join(str(r) for r in s["performance_runs"])
            lines.append(f"| {page} | {s['performance']} ({runs}) | {s['accessibility']} | {s['best_practices']} | {s['seo']} | "
                         f"{s['lcp_ms']} | {s['cls']} | {s['tbt_ms']} | {s['cpu_benchmark_index']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main(Path(sys.argv[1]))
