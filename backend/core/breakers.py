"""Circuit breakers around the calls to providers: carrier, razorpay, stripe, meilisearch, sms.

After BREAKER_FAIL_MAX consecutive failures (timeouts, connection errors, 5xx answers) a provider is not
called for BREAKER_RESET_SECONDS: calls fail at once with CircuitOpen, which each call site turns into
its own "provider unavailable". Then one call goes through as a probe: it closes the breaker when it
succeeds, opens it again when it fails. A refusal (4xx: a declined card, a bad pincode) is the provider
answering, not failing: it does not count, and it resets the run of failures.

pybreaker runs the state machine. Its state lives in Redis when REDIS_URL is set, so that every process
sees one provider failing as one; in process memory otherwise, and while Redis itself fails (the call is
never failed because of Redis). Every state change is logged and counted (metric "breaker_state_change").

    # The carrier's line, on ShiprocketClient.request (its ProviderUnavailable: the carrier failed):
    @guarded("carrier", failure=is_unavailable, unavailable=lambda exc: ProviderUnavailable(str(exc)))

    breaker("razorpay").attempt(lambda: client.order.create(data=data), failure=razorpay_outage)
"""

import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import pybreaker
import redis
import requests
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

from core import metrics
from core.errors import ApplicationError

logger = logging.getLogger(__name__)

PROVIDERS = ("carrier", "razorpay", "stripe", "meilisearch", "sms")
REDIS_PREFIX = "phonestore:breaker"
FIELDS = ("state", "failures", "successes", "opened_at")  # a breaker's keys in Redis: <prefix>:<name>:<field>
REDIS_RETRY_SECONDS = 5.0  # after a Redis error, this process keeps its own state this long before asking again

T = TypeVar("T")
P = ParamSpec("P")
Failure = Callable[[Exception], bool]


class CircuitOpen(pybreaker.CircuitBreakerError):
    """The provider's breaker is open: the call was not made."""

    def __init__(self, name: str, retry_after: float) -> None:
        self.name = name
        self.retry_after = max(retry_after, 0.0)
        super().__init__(
            f"{name} failed {breaker_limits(name)[0]} times in a row: not called for up to "
            f"{math.ceil(self.retry_after)} s (circuit breaker open)."
        )


def http_status(exc: BaseException) -> int | None:
    """The HTTP status a provider answered, as its client's exception carries it (requests, meilisearch,
    stripe, a provider module's own error). Not our ApplicationError's: that is the status we answer."""
    if isinstance(exc, ApplicationError):
        return None
    for holder in (exc, getattr(exc, "response", None)):
        for attribute in ("status_code", "http_status"):
            status = getattr(holder, attribute, None)
            if isinstance(status, int):
                return status
    return None


def is_outage(exc: Exception) -> bool:
    """Timeouts, connection errors and 5xx answers count as the provider failing; anything else (a 4xx
    refusal, a bug of ours) does not."""
    if isinstance(exc, (requests.Timeout, requests.ConnectionError, TimeoutError, ConnectionError)):
        return True
    status = http_status(exc)
    return status is not None and status >= 500


class _Answered(Exception):
    """Carries an exception that is not a failure of the provider through pybreaker (which counts an
    excluded exception as a success) back to the caller."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class ProviderBreaker(pybreaker.CircuitBreaker):
    def call(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """pybreaker's call, without its lock: pybreaker holds the breaker's lock for the whole call,
        which would queue every thread of a process behind one slow provider call. Its state changes
        take the lock themselves. (Several threads may then probe a half-open provider at once.)"""
        return self.state.call(func, *args, **kwargs)

    def attempt(self, func: Callable[[], T], failure: Failure = is_outage) -> T:
        """func(), unless the breaker is open (CircuitOpen). Its exceptions propagate unchanged; those
        for which `failure` is true count towards opening the breaker."""

        def guarded_call() -> T:
            try:
                return func()
            except Exception as exc:
                if failure(exc):
                    raise
                raise _Answered(exc) from exc

        try:
            return self.call(guarded_call)
        except _Answered as answered:
            error = answered.error
        except pybreaker.CircuitBreakerError:
            metrics.increment("breaker_rejected", breaker=self.name)
            raise CircuitOpen(str(self.name), self.retry_after()) from None
        raise error

    def retry_after(self) -> float:
        opened_at = self._state_storage.opened_at
        if opened_at is None:
            return 0.0
        return (opened_at - datetime.now(UTC)).total_seconds() + self.reset_timeout


class _Report(pybreaker.CircuitBreakerListener):
    def state_change(
        self,
        cb: pybreaker.CircuitBreaker,
        old_state: pybreaker.CircuitBreakerState | None,
        new_state: pybreaker.CircuitBreakerState,
    ) -> None:
        before = old_state.name if old_state is not None else "unknown"
        level = logging.WARNING if new_state.name == pybreaker.STATE_OPEN else logging.INFO
        logger.log(level, "Circuit breaker %s: %s -> %s", cb.name, before, new_state.name)
        metrics.increment("breaker_state_change", breaker=cb.name, state=new_state.name)


class SharedStorage(pybreaker.CircuitBreakerStorage):
    """A breaker's state in Redis, mirrored in this process: when Redis fails, the process goes on with
    its own copy (and does not ask Redis again for REDIS_RETRY_SECONDS, so a hung Redis costs one
    timeout, not one per call)."""

    def __init__(self, name: str, client: "redis.Redis") -> None:
        super().__init__("redis")
        self._client = client
        self._prefix = f"{REDIS_PREFIX}:{name}:"
        self._local = pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
        self._skip_until = 0.0

    def _redis(self, command: Callable[["redis.Redis"], T]) -> tuple[bool, T | None]:
        """(True, answer), or (False, None) when Redis cannot be used right now."""
        if time.monotonic() < self._skip_until:
            return False, None
        try:
            return True, command(self._client)
        except redis.RedisError as exc:
            self._skip_until = time.monotonic() + REDIS_RETRY_SECONDS
            logger.warning(
                "Circuit breaker state: Redis failed (%s: %s); this process keeps its own for %.0f s.",
                exc.__class__.__name__,
                exc,
                REDIS_RETRY_SECONDS,
            )
            return False, None

    def _get(self, field: str) -> tuple[bool, bytes | None]:
        ok, raw = self._redis(lambda r: r.get(self._prefix + field))
        return ok, raw if isinstance(raw, bytes) else None

    def _number(self, field: str) -> int | None:
        ok, raw = self._get(field)
        return int(raw) if ok and raw else (0 if ok else None)

    @property
    def state(self) -> str:
        ok, raw = self._get("state")
        if ok:
            self._local.state = raw.decode() if isinstance(raw, bytes) else pybreaker.STATE_CLOSED
        return self._local.state

    @state.setter
    def state(self, state: str) -> None:
        self._local.state = state
        self._redis(lambda r: r.set(self._prefix + "state", state))

    def increment_counter(self) -> None:
        self._local.increment_counter()
        self._redis(lambda r: r.incr(self._prefix + "failures"))

    def reset_counter(self) -> None:
        self._local.reset_counter()
        self._redis(lambda r: r.set(self._prefix + "failures", 0))

    def increment_success_counter(self) -> None:
        self._local.increment_success_counter()
        self._redis(lambda r: r.incr(self._prefix + "successes"))

    def reset_success_counter(self) -> None:
        self._local.reset_success_counter()
        self._redis(lambda r: r.set(self._prefix + "successes", 0))

    @property
    def counter(self) -> int:
        shared = self._number("failures")
        return self._local.counter if shared is None else shared

    @property
    def success_counter(self) -> int:
        shared = self._number("successes")
        return self._local.success_counter if shared is None else shared

    @property
    def opened_at(self) -> datetime | None:
        ok, raw = self._get("opened_at")
        if not ok:
            return self._local.opened_at
        return datetime.fromtimestamp(float(raw), UTC) if raw else None

    @opened_at.setter
    def opened_at(self, when: datetime) -> None:
        self._local.opened_at = when
        self._redis(lambda r: r.set(self._prefix + "opened_at", repr(when.timestamp())))


_breakers: dict[tuple[str, str], ProviderBreaker] = {}
_clients: dict[str, "redis.Redis"] = {}
_lock = threading.Lock()
_REPORT = _Report()


def _client(url: str) -> "redis.Redis":
    client = _clients.get(url)
    if client is None:
        timeout = settings.BREAKER_REDIS_TIMEOUT_MS / 1000
        # No retries: a breaker must answer in milliseconds, and it has its own copy of the state to use.
        client = _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
        )
    return client


def breaker_limits(name: str) -> tuple[int, float]:
    """(failures in a row that open it, seconds it stays open) for this provider, from settings."""
    override = settings.BREAKER_OVERRIDES.get(name, {})
    fail_max = int(override.get("fail_max", settings.BREAKER_FAIL_MAX))
    reset_seconds = float(override.get("reset_seconds", settings.BREAKER_RESET_SECONDS))
    return max(fail_max, 1), max(reset_seconds, 0.0)


def breaker(name: str) -> ProviderBreaker:
    """This process's breaker for a provider (one per name; its state shared through Redis when set)."""
    url = settings.REDIS_URL or ""
    with _lock:
        found = _breakers.get((name, url))
        if found is None:
            storage = (
                SharedStorage(name, _client(url)) if url else pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
            )
            found = _breakers[(name, url)] = ProviderBreaker(
                name=name,
                state_storage=storage,
                listeners=[_REPORT],
                exclude=[_Answered],
                throw_new_error_on_trip=False,  # the call that trips it fails with its own error
            )
    found.fail_max, found.reset_timeout = breaker_limits(name)
    return found


def guarded(
    name: str, *, failure: Failure = is_outage, unavailable: Callable[[CircuitOpen], Exception] | None = None
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate the function that calls a provider: breaker(name).attempt(...) around each call, with
    CircuitOpen turned into `unavailable(exc)` (the caller's own "provider unavailable") when given."""

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return breaker(name).attempt(lambda: func(*args, **kwargs), failure)
            except CircuitOpen as exc:
                if unavailable is None:
                    raise
                raise unavailable(exc) from exc

        return wrapper

    return decorate


def states() -> dict[str, str]:
    """Every provider's breaker state: "closed", "open" or "half-open"."""
    return {name: breaker(name).current_state for name in PROVIDERS}


def reset() -> None:
    """Forget every breaker (tests): this process's, and the shared state of every provider in Redis."""
    with _lock:
        urls = {url for _, url in _breakers} | {settings.REDIS_URL or ""}
        names = set(PROVIDERS) | {name for name, _ in _breakers}
        _breakers.clear()
    for url in urls - {""}:
        keys = [f"{REDIS_PREFIX}:{name}:{field}" for name in names for field in FIELDS]
        try:
            _client(url).delete(*keys)
        except redis.RedisError:
            logger.warning("Circuit breaker state in Redis not reset: Redis failed.", exc_info=True)
