"""The stack the fault suite breaks: a PostgreSQL cluster and a Redis of its own (never the machine's, on
5432 and 6379), the API under gunicorn as in production, a Celery worker, and their teardown.

Every process is started in a session of its own and stopped by its process group id; the cluster is
made with Debian's pg_createcluster and dropped at the end. A run that was killed outright (kill -9)
leaves its process ids in RUN_DIR/pids.json and its cluster behind: the next run ends those processes
(only when their command line is still the recorded one) and drops the cluster before starting."""

import contextlib
import fcntl
import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
BACKEND = ROOT / "backend"
PY = BACKEND / ".venv" / "bin" / "python"
RUN_DIR = BACKEND / "var" / "faults"

API_PORT = 8710
CARRIER_PORT = 8711  # the hanging carrier stand-in (scenario carrier)
CARRIER_API_PORT = 8712  # a second API configured with Shiprocket behind that stand-in
PG_PORT = 5499
REDIS_PORT = 6399
PORTS = [PG_PORT, REDIS_PORT, *range(8710, 8720)]

TRUST = ["--auth-host=trust", "--auth-local=trust"]  # initdb's: no passwords on a throw-away local cluster
CLUSTER = "phonestore_faults"  # no dashes: Debian's tools and systemd units want none
DATABASE = "phonestore_faults"
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"


class StackError(Exception):
    """The stack could not be set up (a port taken, a tool missing, a step failing)."""


def wait_for(check: Callable[[], bool], timeout: float, interval: float = 0.25) -> float | None:
    """Seconds until check() held, or None when it did not within `timeout`. Exceptions count as not yet."""
    started = time.monotonic()
    while True:
        try:
            if check():
                return time.monotonic() - started
        except Exception:  # noqa: BLE001  (a service still starting refuses connections)
            pass
        if time.monotonic() - started >= timeout:
            return None
        time.sleep(interval)


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def run(argv: list[str], *, timeout: float = 120, env: dict | None = None, cwd: Path | None = None) -> str:
    """Run a command to completion; its output, or StackError with the output's tail."""
    try:
        done = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:
        raise StackError(f"{' '.join(argv[:4])} took more than {timeout} s") from exc
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        raise StackError(f"{' '.join(argv[:4])} failed ({done.returncode}):\n{tail}")
    return done.stdout


class Service:
    """A child process group (gunicorn's master and workers, Celery's main process and its pool)."""

    def __init__(self, name: str, argv: list[str], *, env: dict, cwd: Path, registry: "Registry"):
        self.name, self.argv, self.env, self.cwd, self.registry = name, argv, env, cwd, registry
        self.log_path = registry.run_dir / f"{name}.log"
        self.log_start = 0  # where this start's output begins in the log (a restart appends to it)
        self.process: subprocess.Popen | None = None

    def start(self) -> "Service":
        log = open(self.log_path, "a")  # noqa: SIM115  (the child writes it; closed below once handed over)
        self.log_start = log.tell()
        log.write(f"--- {time.strftime('%H:%M:%S')} start: {' '.join(self.argv)}\n")
        log.flush()
        self.process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole, untouched by the terminal's Ctrl-C
        )
        log.close()
        self.registry.add(self)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal_group(self, sig: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    def kill(self) -> None:
        """SIGKILL to the whole group: a crash, nothing cleaned up."""
        self._signal_group(signal.SIGKILL)
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
        self.registry.remove(self)

    def stop(self, grace: float = 15) -> None:
        """SIGTERM to the group, SIGKILL to whatever is left after `grace` seconds."""
        if self.process is None:
            return
        self._signal_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(grace)
        # The leader may be gone while its children linger (a worker finishing a request): end the group.
        self._signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.registry.remove(self)

    def log_text(self) -> str:
        """What this start of the process has logged."""
        if not self.log_path.exists():
            return ""
        with open(self.log_path, errors="replace") as log:
            log.seek(self.log_start)
            return log.read()


def started_at(pid: int) -> str | None:
    """The process's start time (clock ticks since boot, /proc/PID/stat field 22): with the pid it names
    one process, whatever it later calls itself (redis-server rewrites its command line)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def gone(pid: int) -> bool:
    return started_at(pid) is None


class Registry:
    """The process groups of this run, written to <run dir>/pids.json so that a run killed outright can be
    cleaned up by the next one (the fault suite's RUN_DIR; the fleet has its own)."""

    def __init__(self, run_dir: Path = RUN_DIR) -> None:
        self.run_dir = run_dir
        self.path = run_dir / "pids.json"
        self.services: list[Service] = []

    def add(self, service: Service) -> None:
        self.services.append(service)
        self._write()

    def remove(self, service: Service) -> None:
        if service in self.services:
            self.services.remove(service)
            self._write()

    def _write(self) -> None:
        entries = [
            {"pgid": s.pid, "started": started_at(s.pid), "argv": s.argv}
            for s in self.services
            if s.process is not None
        ]
        self.path.write_text(json.dumps(entries))

    def reap_leftovers(self) -> list[str]:
        """End the process groups an earlier, killed run left behind (the leader's pid and start time must
        both match, so a reused pid of someone else's process is never touched)."""
        if not self.path.exists():
            return []
        ended = []
        for entry in json.loads(self.path.read_text() or "[]"):
            pgid = entry.get("pgid")
            if pgid and entry.get("started") and started_at(pgid) == entry["started"]:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pgid, signal.SIGKILL)
                wait_for(functools.partial(gone, pgid), 5, 0.1)
                ended.append(f"{pgid} ({' '.join(entry.get('argv', [])[:3])})")
        self.path.unlink()
        return ended


class Postgres:
    """A cluster of our own, made by Debian's postgresql-common, trust authentication on 127.0.0.1 only."""

    def __init__(self) -> None:
        versions = sorted(
            (p.name for p in Path("/usr/lib/postgresql").glob("*") if (p / "bin" / "postgres").exists()), key=float
        )
        if not versions or not shutil.which("pg_createcluster"):
            raise StackError("PostgreSQL's server and postgresql-common are needed (apt-get install postgresql)")
        self.version = versions[-1]
        self.conf_dir = Path("/etc/postgresql") / self.version / CLUSTER
        self.log_file = Path("/var/log/postgresql") / f"postgresql-{self.version}-{CLUSTER}.log"

    def exists(self) -> bool:
        return self.conf_dir.exists()

    def create(self) -> None:
        run(
            ["pg_createcluster", self.version, CLUSTER, "--port", str(PG_PORT), "--", *TRUST],
            timeout=120,
        )
        # conf.d rather than `-o` (postgresql-common writes such values unquoted): localhost's IPv4 only.
        (self.conf_dir / "conf.d" / "faults.conf").write_text("listen_addresses = '127.0.0.1'\n")
        self.start()
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')

    def start(self) -> None:
        run(["pg_ctlcluster", self.version, CLUSTER, "start"], timeout=60)
        if wait_for(self.accepting, 30) is None:
            raise StackError(f"PostgreSQL {CLUSTER} did not accept connections on {PG_PORT}")

    def stop(self, mode: str = "fast") -> None:
        run(["pg_ctlcluster", self.version, CLUSTER, "stop", "-m", mode], timeout=60)

    def accepting(self) -> bool:
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres", connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True

    def drop(self, keep_log: Path | None = None) -> None:
        if keep_log is not None and self.log_file.exists():
            with contextlib.suppress(OSError):
                shutil.copyfile(self.log_file, keep_log)
        (self.conf_dir / "conf.d" / "faults.conf").unlink(missing_ok=True)
        if self.exists():
            subprocess.run(
                ["pg_dropcluster", "--stop", self.version, CLUSTER], capture_output=True, timeout=120, check=False
            )
        # pg_dropcluster leaves what it did not make: our conf.d file's folder, the log file.
        if self.conf_dir.exists():
            shutil.rmtree(self.conf_dir, ignore_errors=True)
        self.log_file.unlink(missing_ok=True)


class Redis:
    """redis-server as a child process, nothing persisted: a restart comes back empty, as a crashed cache
    and broker without persistence would."""

    def __init__(self, registry: Registry, port: int = REDIS_PORT):
        self.registry, self.port = registry, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.service: Service | None = None

    def start(self) -> None:
        if not shutil.which("redis-server"):
            raise StackError("redis-server is needed (apt-get install redis-server)")
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        argv += ["--daemonize", "no", "--dir", str(self.registry.run_dir)]
        self.service = Service(
            "redis", argv, env={"PATH": os.environ["PATH"]}, cwd=self.registry.run_dir, registry=self.registry
        )
        self.service.start()
        if wait_for(self.answers, 15) is None:
            raise StackError(f"redis-server did not answer on {self.port}:\n{self.service.log_text()[-2000:]}")

    def answers(self) -> bool:
        return bool(redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1).ping())

    def kill(self) -> None:
        assert self.service is not None
        self.service.kill()

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop(5)


class Run:
    """A run of processes in a directory of its own (the fault suite's, the fleet's): one run at a time (a lock
    file), brought up on entry and torn down on exit, or at once when the bring-up fails."""

    def __init__(self, run_dir: Path, say: Callable[[str], None]):
        self.run_dir, self.say = run_dir, say
        self.registry = Registry(run_dir)
        self._lock: IO[str] | None = None

    def __enter__(self):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        lock = open(self.run_dir / ".lock", "w")  # held for the whole run
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise StackError(f"another run holds {self.run_dir / '.lock'}") from None
        self._lock = lock
        try:
            self._bring_up()
        except BaseException:
            self.teardown()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.teardown()

    def process_env(self, secret_key: str) -> dict[str, str]:
        """The start of every process's environment: nothing of the caller's shell leaks into the settings."""
        return {
            "PATH": f"{PY.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "PYTHONUNBUFFERED": "1",
            "DEBUG": "0",
            "SECRET_KEY": secret_key,
        }

    def env(self, **extra: str) -> dict[str, str]:
        raise NotImplementedError

    def _bring_up(self) -> None:
        raise NotImplementedError

    # --- Django commands on the run's database
    def manage(self, *args: str, timeout: float = 120) -> str:
        out = run([str(PY), "manage.py", *args], cwd=BACKEND, env=self.env(), timeout=timeout)
        with open(self.run_dir / "manage.log", "a") as log:
            log.write(f"--- manage.py {' '.join(args)}\n{out}")
        return out

    def shell(self, code: str, timeout: float = 120) -> str:
        """`manage.py shell -c CODE` on the run's database: its printed output (faults.checks uses it)."""
        return self.manage("shell", "-c", code, timeout=timeout)

    def _after_stop(self) -> None:
        """What a run tears down once its processes are stopped (the fault suite's cluster)."""

    def teardown(self) -> None:
        """Stop everything this run started; never raises, runs once."""
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        try:
            for service in list(reversed(self.registry.services)):
                with contextlib.suppress(Exception):
                    service.stop(10)
            with contextlib.suppress(Exception):
                self._after_stop()
            self.registry.path.unlink(missing_ok=True)
            if self._lock is not None:
                self._lock.close()
                self._lock = None
        finally:
            signal.signal(signal.SIGINT, previous)


class Stack(Run):
    """The production configuration of the API on this run's PostgreSQL and Redis."""

    def __init__(self, say: Callable[[str], None]):
        super().__init__(RUN_DIR, say)
        self.postgres: Postgres | None = None
        self.redis = Redis(self.registry)
        self.api: Service | None = None
        self.worker: Service | None = None
        self.secret_key = "faults-" + secrets.token_urlsafe(40)

    # --- the environment: production's, as scripts/prod and bench/run set it
    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **self.process_env(self.secret_key),
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CORS_ALLOWED_ORIGINS": "http://127.0.0.1:3710",
            "PUBLIC_API_URL": f"http://127.0.0.1:{API_PORT}",
            "API_HOST": "127.0.0.1",
            "SHOP_LISTING_BACKEND": "search",  # production answers /api/products/ from the search engine
            "SEARCH_INDEX_DIR": str(self.search_index_dir),
            "SECURE_SSL_REDIRECT": "0",  # plain http on 127.0.0.1
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(RUN_DIR / "static"),
            "MEDIA_ROOT": str(RUN_DIR / "media"),
            # Behind one proxy as on Railway: each simulated customer sends its own X-Forwarded-For, so the
            # per-IP limits count per customer with production's rates, not all traffic as one address.
            "TRUSTED_PROXY_COUNT": "1",
            "JWT_ACCESS_MINUTES": "60",  # the shoppers' tokens outlive the run
            "STOREFRONT_URL": "http://127.0.0.1:3710",
            # Nobody stands at the packing table in a fault run: the booking records generated IMEIs for the
            # demo phones, as `make run` does (production leaves it off; system check shipping.W005).
            "DEMO_AUTO_IMEI": "1",
        }
        env.update(extra)
        return env

    @property
    def search_index_dir(self) -> Path:
        return RUN_DIR / "search"

    # --- bring-up and teardown
    def _bring_up(self) -> None:
        if os.geteuid() != 0:
            raise StackError("run as root: pg_createcluster / pg_dropcluster manage the suite's own cluster")
        for ended in self.registry.reap_leftovers():
            self.say(f"ended a process group left by an earlier run: {ended}")
        self.postgres = Postgres()
        if self.postgres.exists():
            self.say(f"dropping cluster {CLUSTER} left by an earlier run")
            self.postgres.drop()
        taken = [port for port in PORTS if not port_free(port)]
        if taken:
            raise StackError(f"ports in use: {taken} (the suite needs {PG_PORT}, {REDIS_PORT} and 8710-8719)")
        for stale in [*RUN_DIR.glob("*.log"), *RUN_DIR.glob("*.json")]:
            stale.unlink()
        shutil.rmtree(self.search_index_dir, ignore_errors=True)
        shutil.rmtree(self.search_index_dir.with_name("search.aside"), ignore_errors=True)

        started = time.monotonic()
        self.postgres.create()
        self.redis.start()
        self.say(f"PostgreSQL {self.postgres.version} cluster {CLUSTER} on {PG_PORT}, Redis on {REDIS_PORT}")
        self.manage("migrate", "--noinput", "-v0", timeout=300)
        self.manage("seed_demo", "-v0", timeout=300)  # the demo catalog (~190 phones): the smallest there is
        self.manage("reindex_search", "--backend", "database", "--no-progress", timeout=300)
        out = run(
            [str(PY), str(ROOT / "faults" / "prepare.py"), str(RUN_DIR / "shop.json")], env=self.env(), cwd=BACKEND
        )
        self.say(f"{out.strip()}; set up in {time.monotonic() - started:.0f} s (migrate, seed_demo, reindex_search)")
        self.api = self.start_api("api", API_PORT)
        self.worker = self.start_worker()

    def _after_stop(self) -> None:
        if self.postgres is not None:
            self.postgres.drop(keep_log=RUN_DIR / "postgresql.log")
            self.postgres = None

    # --- processes
    def start_api(self, name: str, port: int, **extra_env: str) -> Service:
        """gunicorn with backend/gunicorn.conf.py, as Procfile.prod runs it. Only this process gets the dev
        gateway (no money moves; a system check refuses it with DEBUG off, and gunicorn runs no checks)."""
        env = self.env(API_PORT=str(port), PUBLIC_API_URL=f"http://127.0.0.1:{port}", PAYMENTS_DEV_GATEWAY="1")
        env.update(extra_env)
        argv = [str(PY.parent / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        service = Service(name, [*argv, "config.wsgi"], env=env, cwd=BACKEND, registry=self.registry).start()

        def healthy() -> bool:
            return requests.get(f"http://127.0.0.1:{port}/api/health/", timeout=2).status_code == 200

        if wait_for(healthy, 60, 0.5) is None or not service.alive():
            raise StackError(f"the API ({name}) did not serve /api/health/:\n{service.log_text()[-3000:]}")
        return service

    def start_worker(self, name: str = "worker") -> Service:
        """A Celery worker as Procfile.prod runs it (one process: the machine has 2 cores)."""
        argv = [str(PY.parent / "celery"), "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "1"]
        argv += ["--hostname", f"{name}-{int(time.time())}@faults", "--without-gossip", "--without-mingle"]
        service = Service(name, argv, env=self.env(), cwd=BACKEND, registry=self.registry).start()
        if wait_for(lambda: "ready." in service.log_text(), 60, 0.5) is None or not service.alive():
            raise StackError(f"the Celery worker did not start:\n{service.log_text()[-3000:]}")
        return service

    def restart_worker(self) -> Service:
        if self.worker is not None and self.worker.alive():
            self.worker.stop()
        self.worker = self.start_worker()
        return self.worker

    def api_url(self, port: int = API_PORT) -> str:
        return f"http://127.0.0.1:{port}"
