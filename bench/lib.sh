# Shell helpers shared by bench/run and bench/scale-run (sourced; expects $OUT and $API).

once() { # name [output name] [api]: every path of paths-<name>.txt exactly once, timed, one request at a time
  # ("status seconds" per line, into <output name>.once). The paths are distinct and new to this run (a fresh
  # cache prefix), so each is a miss of the answer cache.
  local out="$OUT/${2:-$1}.once" api=${3:-$API}
  : > "$out"
  while read -r path; do
    [ -n "$path" ] || continue
    answer=$(curl -s --max-time 60 -o "$OUT/last-body" -w '%{http_code} %{time_total}' "$api$path")
    echo "$answer" >> "$out"
    [ "${answer%% *}" = 200 ] || echo "bench: $path answered ${answer%% *}: $(head -c 300 "$OUT/last-body")" | tee -a "$OUT/uncached-errors.txt"
  done < "$OUT/paths-$1.txt"
}

wait_for_api() { # url: up to 60 s for its /api/health/
  for _ in $(seq 1 60); do curl -sf -o /dev/null "$1/api/health/" && return 0; sleep 1; done
  echo "bench: $1 did not start" >&2
  return 1
}

wait_for_warm() { # api log, gunicorn master pid: until every worker has read the listing's columns ahead
  # (catalog.columns.warm logs it), at most 120 s. The uncached runs time a running worker's misses: at a million
  # variants, the read (seconds, in both workers at once on two cores) would otherwise share the first ones' CPU.
  local workers
  workers=$(ps --ppid "$2" -o pid= | grep -c .)
  for _ in $(seq 1 240); do
    [ "$(grep -c "columns were read ahead" "$1" 2>/dev/null)" -ge "$workers" ] && return 0
    sleep 0.5
  done
  echo "bench: the API's workers did not say they had read the listing's columns within 120 s; timing anyway" >&2
}

worker_rss_mb() { # gunicorn master pid: the largest resident memory of its workers, in MB
  local largest=0 rss
  for rss in $(ps --ppid "$1" -o rss= 2>/dev/null); do [ "$rss" -gt "$largest" ] && largest=$rss; done
  echo $((largest / 1024))
}

rest_rss_mb() { # gunicorn master pid: worker_rss_mb once its workers have had a round of giving freed memory back
  # (core/memory.py, every MEMORY_TRIM_SECONDS) with no request since: what an idle worker keeps
  sleep $(( ${MEMORY_TRIM_SECONDS:-10} + 2 ))
  worker_rss_mb "$1"
}

worker_private_mb() { # gunicorn master pid: the largest private memory of its workers, in MB (resident pages no other
  # process maps: what one more worker costs; RSS also counts what a worker shares with the master it forked from and
  # the pages of the search index and libraries that every process maps)
  local largest=0 pid private
  for pid in $(ps --ppid "$1" -o pid= 2>/dev/null); do
    private=$(awk '/^Private_(Clean|Dirty):/ { kb += $2 } END { print kb + 0 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    [ "$private" -gt "$largest" ] && largest=$private
  done
  echo $((largest / 1024))
}

ensure_database() { # url: create the database if it does not exist
  "$PY" - "$1" <<'PY'
import subprocess, sys
from urllib.parse import urlparse
url = urlparse(sys.argv[1]); name = url.path.lstrip("/"); admin = url._replace(path="/postgres").geturl()
found = subprocess.run(["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True, check=True)
if found.stdout.strip() != "1":
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
PY
}

drain_worker() { # name: wait (at most 300 s) for the bench's Celery worker to finish the tasks a scenario left behind
  # (a purchase's invoice, shipment, e-mail and SMS), so that they neither compete with the next measurement nor go
  # unreported: how many were left when wrk stopped and how long they took, into <name>-backlog.json.
  "$PY" - "$OUT/$1-backlog.json" <<'PY'
import json, os, sys, time
import redis
from kombu.transport.redis import PRIORITY_STEPS, Channel
broker, queue = redis.Redis.from_url(os.environ["REDIS_URL"]), os.environ["CELERY_TASK_DEFAULT_QUEUE"]
lists = [queue] + [f"{queue}{Channel.sep}{step}" for step in PRIORITY_STEPS if step]  # core.tasks.broker_lists
left = lambda: sum(broker.llen(name) for name in lists) + broker.hlen("unacked")  # waiting, and handed out not done
start, first = time.monotonic(), left()
while left() and time.monotonic() - start < 300:
    time.sleep(0.2)
with open(sys.argv[1], "w") as out:
    json.dump({"tasks_left": first, "drained_s": round(time.monotonic() - start, 1), "still_left": left()}, out)
PY
}

index_current() { # whether the search index at SEARCH_INDEX_DIR exists and was built by this code (search.backends.embedded's
  # SCHEMA_VERSION): else the API would rebuild it inside its first search
  (cd backend && "$PY" manage.py shell -c "import sys; from search.services import embedded_backend; sys.exit(0 if embedded_backend().exists() else 1)") >/dev/null 2>&1
}
