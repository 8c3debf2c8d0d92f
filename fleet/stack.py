"""The fleet: the production configuration as several processes on this machine, the picture of production in
docs/operations.md ("The fleet").

    HAProxy :8800 (API)  round robin, health check GET /api/ready/ -> api1 :8801, api2 :8802 (gunicorn)
                         /media/* -> the object store (as a CDN in front of the bucket would)
    HAProxy :3800 (web)  round robin, health check GET /robots.txt -> web1 :3801, web2 :3802 (next start)
    HAProxy :8808        its statistics page
    worker1, worker2 (Celery), beat; PostgreSQL (the machine's, database phonestore_fleet);
    Redis :8898 of our own (cache, rate limits, broker, the storefront's shared page cache);
    moto's S3 server :8809 (the object store: product images public, documents private).

Every process runs in a session of its own and is stopped by its process group (faults.stack.Service); a run
killed outright leaves its process ids in FLEET_DIR/pids.json for the next run to end."""

import os
import secrets
import shutil
import string
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import boto3
import psycopg
import requests
from faults.stack import BACKEND, PY, ROOT, Redis, Run, Service, StackError, port_free, run, wait_for

from fleet.otlp import Collector

FLEET_DIR = BACKEND / "var" / "fleet"
FRONTEND = ROOT / "frontend"
LB_API_PORT, LB_WEB_PORT, STATS_PORT = 8800, 3800, 8808
API_PORTS = {"api1": 8801, "api2": 8802}
WEB_PORTS = {"web1": 3801, "web2": 3802}
WORKERS = ("worker1", "worker2")
S3_PORT, REDIS_PORT, OTLP_PORT = 8809, 8898, 8807
PORTS = [LB_API_PORT, LB_WEB_PORT, STATS_PORT, *API_PORTS.values(), *WEB_PORTS.values(), S3_PORT, REDIS_PORT, OTLP_PORT]
DATABASE_URL = os.environ.get("FLEET_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/phonestore_fleet")
BUCKET = "phonestore-fleet"
S3_KEYS = {
    "S3_ACCESS_KEY_ID": "fleet-access-key",
    "S3_SECRET_ACCESS_KEY": "fleet-secret-key",
    "S3_REGION": "ap-south-1",
}
# A task taken by a worker that died goes back to the queue after this long (BROKER_VISIBILITY_TIMEOUT).
VISIBILITY_TIMEOUT = 20


def api_url(port: int = LB_API_PORT) -> str:
    return f"http://127.0.0.1:{port}"


def web_url(port: int = LB_WEB_PORT) -> str:
    return f"http://127.0.0.1:{port}"


class Fleet(Run):
    def __init__(self, say: Callable[[str], None], *, extra_env: dict[str, str] | None = None, traces: bool = False):
        super().__init__(FLEET_DIR, say)
        self.redis = Redis(self.registry, REDIS_PORT)
        self.extra_env = extra_env or {}
        self.secret_key = "fleet-" + secrets.token_urlsafe(40)
        self.revalidate_secret = secrets.token_hex(24)
        self.metrics_token = secrets.token_hex(16)
        self.services: dict[str, Service] = {}
        # fleet/otlp.py's collector, when the run wants traces (the test): every process exports its spans to it.
        self.traces = traces
        self.collector: Collector | None = None

    # --- the environment: production's (scripts/prod), with the fleet's shared services
    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **self.process_env(self.secret_key),
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CORS_ALLOWED_ORIGINS": web_url(),
            "PUBLIC_API_URL": api_url(),
            "STOREFRONT_URL": web_url(),
            "SECURE_SSL_REDIRECT": "0",  # plain http on 127.0.0.1
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(FLEET_DIR / "static"),
            "SHOP_LISTING_BACKEND": "search",
            # One machine: every replica and worker reads and writes this one index directory (core.W004 says
            # why that is not a fleet of machines: there, MEILISEARCH_URL).
            "SEARCH_INDEX_DIR": str(FLEET_DIR / "search"),
            "REPLICAS": str(len(API_PORTS)),
            # The balancer and the storefront's servers: X-Forwarded-For is believed from them only.
            "TRUSTED_PROXIES": "127.0.0.1",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
            "S3_ADDRESSING_STYLE": "path",
            # Browsers read images through the balancer's /media/ (a CDN's place), not from the bucket's host.
            "S3_PUBLIC_URL_BASE": api_url(),
            **S3_KEYS,
            "REVALIDATE_SECRET": self.revalidate_secret,
            "STOREFRONT_REVALIDATE_URL": f"{web_url()}/api/revalidate",
            "METRICS_TOKEN": self.metrics_token,
            "BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "JWT_ACCESS_MINUTES": "60",
            # Nobody stands at the packing table: bookings record generated IMEIs (as `make run` does).
            "DEMO_AUTO_IMEI": "1",
        }
        if self.collector is not None:
            env.update(OTEL_EXPORTER_OTLP_ENDPOINT=self.collector.url, OTEL_BSP_SCHEDULE_DELAY="500")
        env.update(self.extra_env)
        env.update(extra)
        return env

    def web_env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
            "API_URL": api_url(),
            "NEXT_PUBLIC_API_URL": api_url(),
            "NEXT_PUBLIC_SITE_URL": web_url(),
            "REVALIDATE_SECRET": self.revalidate_secret,
            # Every replica's page cache in one Redis: one revalidation reaches them all.
            "NEXT_CACHE_REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        }

    # --- bring-up and teardown
    def _bring_up(self) -> None:
        for ended in self.registry.reap_leftovers():
            self.say(f"ended a process group left by an earlier run: {ended}")
        taken = [port for port in PORTS if not port_free(port)]
        if taken:
            raise StackError(f"ports in use: {taken} (the fleet needs {PORTS})")
        haproxy = shutil.which("haproxy") or install_haproxy()
        if self.traces:
            self.collector = Collector(OTLP_PORT).__enter__()
        for stale in [*FLEET_DIR.glob("*.log"), *FLEET_DIR.glob("*.json")]:
            stale.unlink()
        for folder in ("search", "prometheus"):
            shutil.rmtree(FLEET_DIR / folder, ignore_errors=True)

        started = time.monotonic()
        self.redis.start()
        self.start("s3", [str(PY.parent / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)], env=self.env())
        if wait_for(lambda: requests.get(f"http://127.0.0.1:{S3_PORT}/", timeout=2).status_code < 500, 30) is None:
            raise StackError(f"moto's S3 server did not start:\n{self.services['s3'].log_text()[-2000:]}")
        self._make_bucket()
        self._fresh_database()
        self.manage("migrate", "--noinput", "-v0", timeout=300)
        self.manage("collectstatic", "--noinput", "-v0", timeout=300)
        self.manage("seed_demo", "-v0", timeout=600)  # its images go to the object store
        self.manage("reindex_search", "--no-progress", timeout=300)
        out = run(
            [str(PY), str(ROOT / "faults" / "prepare.py"), str(FLEET_DIR / "shop.json")], env=self.env(), cwd=BACKEND
        )
        self.say(f"data ready in {time.monotonic() - started:.0f} s (migrate, seed_demo to S3, index; {out.strip()})")

        for name, port in API_PORTS.items():
            self.start_api(name, port)
        for name in WORKERS:
            self.start_worker(name)
        self.start("beat", self._beat_argv(), env=self.env())
        self._write_haproxy_config()
        self.start(
            "haproxy", [haproxy, "-W", "-db", "-f", str(FLEET_DIR / "haproxy.cfg")], env={"PATH": "/usr/bin:/bin"}
        )
        if wait_for(lambda: requests.get(f"{api_url()}/api/ready/", timeout=2).status_code == 200, 30) is None:
            raise StackError(f"the balancer did not reach the API:\n{self.services['haproxy'].log_text()[-2000:]}")
        self._build_storefront()
        for name, port in WEB_PORTS.items():
            self.start_web(name, port)
        if wait_for(lambda: requests.get(f"{web_url()}/", timeout=10).status_code == 200, 60) is None:
            raise StackError("the balancer did not reach the storefront")
        self.say(f"fleet up in {time.monotonic() - started:.0f} s")

    def _after_stop(self) -> None:
        if self.collector is not None:
            self.collector.__exit__()
            self.collector = None

    # --- the parts
    def _make_bucket(self) -> None:
        client = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{S3_PORT}",
            aws_access_key_id=S3_KEYS["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["S3_SECRET_ACCESS_KEY"],
            region_name=S3_KEYS["S3_REGION"],
        )
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": S3_KEYS["S3_REGION"]})

    def _fresh_database(self) -> None:
        url = urlparse(DATABASE_URL)
        name = url.path.lstrip("/")
        with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')

    def _beat_argv(self) -> list[str]:
        schedule = FLEET_DIR / "celerybeat-schedule"
        return [str(PY.parent / "celery"), "-A", "config", "beat", "--loglevel", "INFO", "--schedule", str(schedule)]

    def _write_haproxy_config(self) -> None:
        template = (ROOT / "fleet" / "haproxy.cfg").read_text()
        servers_api = "\n".join(f"    server {n} 127.0.0.1:{p} check" for n, p in API_PORTS.items())
        servers_web = "\n".join(f"    server {n} 127.0.0.1:{p} check" for n, p in WEB_PORTS.items())
        config = string.Template(template).substitute(
            lb_api_port=LB_API_PORT,
            lb_web_port=LB_WEB_PORT,
            stats_port=STATS_PORT,
            admin_socket=str(FLEET_DIR / "haproxy.sock"),
            s3_port=S3_PORT,
            bucket=BUCKET,
            api_servers=servers_api,
            web_servers=servers_web,
        )
        (FLEET_DIR / "haproxy.cfg").write_text(config)

    def _build_storefront(self) -> None:
        started = time.monotonic()
        run([str(FRONTEND / "scripts" / "install.sh")], timeout=900, cwd=FRONTEND, env={**os.environ})
        shutil.rmtree(FRONTEND / ".next" / "cache" / "fetch-cache", ignore_errors=True)
        run(["npm", "run", "build"], timeout=1200, cwd=FRONTEND, env=self.web_env())
        self.say(f"storefront built in {time.monotonic() - started:.0f} s")

    def start(self, name: str, argv: list[str], *, env: dict[str, str], cwd: Path = BACKEND) -> Service:
        service = Service(name, argv, env=env, cwd=cwd, registry=self.registry).start()
        self.services[name] = service
        return service

    def start_api(self, name: str, port: int) -> Service:
        """gunicorn as Procfile.prod runs it, one worker process per replica (the machine has 2 cores). Only the
        API gets the dev gateway (no money moves; a system check refuses it with DEBUG off, gunicorn runs none)."""
        metrics_dir = FLEET_DIR / "prometheus" / name
        env = self.env(
            API_PORT=str(port),
            WEB_CONCURRENCY=os.environ.get("FLEET_API_WORKERS", "1"),
            PAYMENTS_DEV_GATEWAY="1",
            PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
            OTEL_SERVICE_NAME=f"phonestore-{name}",
        )
        argv = [str(PY.parent / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        service = self.start(name, [*argv, "config.wsgi"], env=env)

        def ready() -> bool:
            return requests.get(f"{api_url(port)}/api/ready/", timeout=2).status_code == 200

        if wait_for(ready, 60, 0.5) is None or not service.alive():
            raise StackError(f"{name} did not answer /api/ready/:\n{service.log_text()[-3000:]}")
        return service

    def start_worker(self, name: str) -> Service:
        # At make prod's CPU priority (Procfile.prod): the workers share the machine with the API replicas.
        nice = ["nice", "-n", os.environ.get("WORKER_NICE", "10")]
        argv = [*nice, str(PY.parent / "celery"), "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "1"]
        argv += ["--hostname", f"{name}@fleet", "--without-gossip", "--without-mingle"]
        service = self.start(name, argv, env=self.env(OTEL_SERVICE_NAME=f"phonestore-{name}"))
        if wait_for(lambda: "ready." in service.log_text(), 60, 0.5) is None or not service.alive():
            raise StackError(f"{name} did not start:\n{service.log_text()[-3000:]}")
        return service

    def start_web(self, name: str, port: int) -> Service:
        """`next start` from a copy of the build of its own, as each replica's container would have: nothing of
        one replica's cache (.next/cache, its memory) is the other's; only Redis is shared."""
        home = FLEET_DIR / name
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        for entry in FRONTEND.iterdir():
            if entry.name == ".next":
                shutil.copytree(entry, home / ".next", symlinks=True, ignore=shutil.ignore_patterns("cache"))
            else:
                (home / entry.name).symlink_to(entry)
        argv = ["node", "node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", str(port)]
        service = self.start(name, argv, env=self.web_env(), cwd=home)
        if wait_for(lambda: requests.get(f"{web_url(port)}/robots.txt", timeout=5).status_code == 200, 60) is None:
            raise StackError(f"{name} did not start:\n{service.log_text()[-3000:]}")
        return service

    def balancer_sees(self, server: str, state: str, timeout: float) -> float | None:
        """Seconds until HAProxy's statistics show `server` (api1, web2, ...) in `state` (UP, DOWN)."""

        def seen() -> bool:
            csv = requests.get(f"http://127.0.0.1:{STATS_PORT}/;csv", timeout=2).text
            rows = [line.split(",") for line in csv.splitlines() if not line.startswith("#")]
            return any(len(r) > 17 and r[1] == server and r[17].startswith(state) for r in rows)

        return wait_for(seen, timeout, 0.2)

    def api_url(self) -> str:
        """The balancer's API address (faults.scenarios.Context.base)."""
        return api_url()


def install_haproxy() -> str:
    """HAProxy from Debian, as bench/run installs wrk: the fleet's balancer."""
    if os.geteuid() != 0:
        raise StackError("haproxy is needed: apt-get install haproxy")
    subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True, timeout=600)
    run(
        ["apt-get", "install", "-y", "-qq", "haproxy"],
        timeout=600,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    path = shutil.which("haproxy")
    if path is None:
        raise StackError("apt-get installed no haproxy")
    return path
