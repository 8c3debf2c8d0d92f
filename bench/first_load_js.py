"""First-load JavaScript per route of the storefront's production build (issue 21: at most 130 kB gzipped), from the
route bundle statistics `next build` writes (.next/diagnostics/route-bundle-stats.json): each route's chunks,
gzipped at level 9 one by one as a server sends them. Usage: first_load_js.py FRONTEND_DIR OUT_DIR
(writes OUT_DIR/first_load_js.json)."""
import gzip
import json
import sys
from pathlib import Path


def main(frontend: Path, out: Path) -> None:
    stats = json.loads((frontend / ".next" / "diagnostics" / "route-bundle-stats.json").read_text())
    routes = {}
    for route in sorted(stats, key=lambda r: r["route"]):
        chunks = [frontend / path for path in route["firstLoadChunkPaths"]]
        routes[route["route"]] = {
            "raw_kb": round(sum(c.stat().st_size for c in chunks) / 1024, 1),
            "gzip_kb": round(sum(len(gzip.compress(c.read_bytes(), 9)) for c in chunks) / 1024, 1),
        }
    (out / "first_load_js.json").write_text(json.dumps(routes, indent=2) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
