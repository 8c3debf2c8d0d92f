"""Caching helpers shared by the apps (Redis in production, local memory in the embedded mode).

Versioned namespaces: a cached value is stored under a key that contains the version of the data it was
computed from (e.g. "catalog"). A change bumps the version, so every key built under the old one is never
read again and expires on its own; nothing has to find and delete keys.

`get_or_compute` computes a missing value once, whatever the number of processes asking at the same
moment (a lock taken with the cache's atomic add; the others wait for the value), and recomputes a value
a little before it expires, in one request while the others keep getting the current value (early
recompute), so an expiry under load never becomes a miss storm. A value is never served after its
timeout. A cache outage degrades to computing every time; it never fails the request.

A small process-local layer in front of the shared cache saves the Redis round trips of the hottest keys:
each process re-reads a namespace's version at most every CACHE_LOCAL_SECONDS (its own changes are seen at
once; another process's within that time) and keeps values it read for as long (at most CACHE_LOCAL_ENTRIES
of them, and never past their timeout). Values from it are shared between requests: treat them as read-only.
"""

import contextlib
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from core import metrics

logger = logging.getLogger(__name__)

VERSION_PREFIX = "v:"
LOCK_PREFIX = "lock:"
WAIT_STEP_SECONDS = 0.02
MISSING = object()
# What an unreachable or failing cache raises: django-redis wraps connection, timeout and server errors in
# ConnectionInterrupted and lets other Redis errors through; sockets raise OSError. Anything else is a bug
# and propagates.
CACHE_ERRORS = (ConnectionInterrupted, RedisError, OSError)


def _version_key(namespace: str) -> str:
    return VERSION_PREFIX + namespace


class _Local:
    """Process-local memo of versions and values (see the module docstring)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: dict[str, tuple[Any, float]] = {}
        self.values: OrderedDict[str, tuple[Any, float]] = OrderedDict()

    @staticmethod
    def seconds() -> float:
        return getattr(settings, "CACHE_LOCAL_SECONDS", 0)

    def version(self, key: str) -> Any:
        found = self.versions.get(key)
        return found[0] if found and found[1] > time.monotonic() else None

    def remember_version(self, key: str, value: Any) -> None:
        if self.seconds() > 0:
            self.versions[key] = (value, time.monotonic() + self.seconds())

    def get(self, key: str) -> Any:
        with self.lock:
            found = self.values.get(key)
            if found is None:
                return MISSING
            if found[1] <= time.monotonic():
                del self.values[key]
                return MISSING
            self.values.move_to_end(key)
            return found[0]

    def put(self, key: str, value: Any, lifetime: float) -> None:
        lifetime = min(lifetime, self.seconds())
        if lifetime <= 0:
            return
        now = time.monotonic()
        with self.lock:
            self.values[key] = (value, now + lifetime)
            self.values.move_to_end(key)
            # From the least recently used end: those over the limit, and those expired. An expired value is never
            # answered, and a process after a burst of distinct answers would otherwise hold a thousand of them until
            # as many newer ones pushed them out (8 MB after the bench's uncached runs at a million variants).
            limit = getattr(settings, "CACHE_LOCAL_ENTRIES", 1000)
            while len(self.values) > limit or next(iter(self.values.values()))[1] <= now:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.versions.clear()
            self.values.clear()


_local = _Local()


def clear_local() -> None:
    """Forget this process's memo (tests do, whenever they clear the cache)."""
    _local.clear()


def _fresh_version() -> int:
    """A starting version no earlier life of the counter reached: the time in microseconds. Not
    nanoseconds: django-redis increments through a Lua script, whose numbers are doubles, so a counter
    above 2**53 comes back rounded (seen: a bump that returned a smaller number)."""
    return time.time_ns() // 1_000


def versions(*namespaces: str) -> str | None:
    """The current versions of these namespaces as one string (part of a cache key), or None when the
    cache cannot be reached. A namespace seen for the first time (or evicted) starts at the current time
    in microseconds, so a restarted counter never meets keys of an earlier life."""
    keys = [_version_key(n) for n in namespaces]
    found = {key: _local.version(key) for key in keys}
    missing = [key for key, value in found.items() if value is None]
    if missing:
        try:
            found.update(cache.get_many(missing))
            for key in missing:
                if found.get(key) is None:
                    cache.add(key, _fresh_version(), timeout=None)
                    found[key] = cache.get(key)
                _local.remember_version(key, found[key])
        except CACHE_ERRORS:
            logger.warning("Cache unavailable: answering without it", exc_info=True)
            return None
    return ".".join(str(found[key]) for key in keys)


def bump_version(*namespaces: str) -> None:
    """Invalidate everything cached under these namespaces."""
    for namespace in namespaces:
        key = _version_key(namespace)
        try:
            value = cache.incr(key)
        except ValueError:  # not there yet, or evicted: any fresh value differs from every earlier one
            value = _fresh_version()
            cache.set(key, value, timeout=None)
        except CACHE_ERRORS:
            logger.warning("Cache unavailable: could not invalidate %s", namespace, exc_info=True)
            _local.versions.pop(key, None)
            continue
        _local.remember_version(key, value)  # this process sees its own change at once


def make_key(prefix: str, *parts: Any) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{prefix}:{digest}"


def _early_window(timeout: int) -> float:
    """How long before its expiry a value is recomputed by one request: a tenth of its life, 1 to 30 s."""
    return min(max(timeout / 10, 1.0), 30.0)


def get_or_compute(
    key: str, compute: Callable[[], Any], timeout: int, *, lock_seconds: int = 30, wait_seconds: float = 10.0
) -> Any:
    """The cached value of `key`, computing it with `compute()` when missing (once across processes) or
    about to expire (once, while the others keep the current value). `timeout` bounds its age: a value is
    never returned more than `timeout` seconds after it was computed. Exceptions of `compute` propagate
    (nothing is stored)."""
    if timeout <= 0:
        return compute()
    # Counted for the hit ratio (phonestore_cache_lookup_total{result}): hit_local, hit, miss, unavailable.
    value = _local.get(key)
    if value is not MISSING:
        metrics.count("cache_lookup", result="hit_local")
        return value
    lock = LOCK_PREFIX + key
    try:
        entry = cache.get(key)
    except CACHE_ERRORS:
        metrics.count("cache_lookup", result="unavailable")
        logger.warning("Cache unavailable: computing %s without it", key, exc_info=True)
        return compute()
    metrics.count("cache_lookup", result="miss" if entry is None else "hit")
    now = time.time()
    if entry is not None:
        value, refresh_at = entry
        if now < refresh_at:
            _local.put(key, value, refresh_at - now)  # (kept locally no later than its refresh time)
            return value
        if not _try_lock(lock, lock_seconds):
            return value  # another process is already recomputing it
        return _compute_and_store(key, lock, compute, timeout)
    locked, entry = _lock_and_read(key, lock, lock_seconds)
    if locked:
        return _compute_and_store(key, lock, compute, timeout, entry=entry)
    # Someone else computes it: wait for their value rather than run the same work again.
    deadline = now + wait_seconds
    while time.time() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        try:
            entry = cache.get(key)
        except CACHE_ERRORS:
            break
        if entry is not None:
            return entry[0]
        try:
            if cache.get(lock) is None and _try_lock(lock, lock_seconds):  # the other one failed
                return _compute_and_store(key, lock, compute, timeout)
        except CACHE_ERRORS:
            break
    return compute()


def _try_lock(lock: str, seconds: int) -> bool:
    try:
        return bool(cache.add(lock, 1, timeout=seconds))
    except CACHE_ERRORS:
        return True  # no cache: every process computes for itself


def _compute_and_store(key: str, lock: str, compute: Callable[[], Any], timeout: int, *, entry: Any = MISSING) -> Any:
    """Compute and store under the lock just taken, then let go of it. The value is read once more first
    (`entry`, when the caller read it with the lock: _lock_and_read): between our miss and our lock another
    process may have stored it and let go of the lock."""
    stored = False
    try:
        if entry is MISSING:
            try:
                entry = cache.get(key)
            except CACHE_ERRORS:
                entry = None
        if entry is not None and time.time() < entry[1]:
            return entry[0]
        value = compute()
        refresh_at = time.time() + timeout - _early_window(timeout)
        try:
            _store_and_unlock(key, (value, refresh_at), timeout, lock)
            stored = True
        except CACHE_ERRORS:
            logger.warning("Cache unavailable: %s not stored", key, exc_info=True)
            return value
        _local.put(key, value, refresh_at - time.time())
        return value
    finally:
        if not stored:
            with contextlib.suppress(*CACHE_ERRORS):
                cache.delete(lock)


# A miss takes the lock and reads the value again, and stores the value and lets go of the lock: on Redis each
# pair is one round trip (a pipeline, not a transaction: each command stays atomic, as before), three for a miss
# instead of five; elsewhere (local memory) the cache's own calls, in turn.


def _redis_client() -> Any | None:
    """django-redis's client of the cache, or None when the cache is not Redis."""
    client = getattr(cache, "client", None)
    return client if isinstance(client, DefaultClient) else None


def _lock_and_read(key: str, lock: str, seconds: int) -> tuple[bool, Any]:
    """Take the lock (the cache's atomic add) and read the key's entry: (whether we hold the lock, the entry or None).
    Without the cache: (True, None), every process computes for itself."""
    client = _redis_client()
    try:
        if client is None:
            return (True, cache.get(key)) if _try_lock(lock, seconds) else (False, None)
        pipe = client.get_client(write=True).pipeline(transaction=False)
        pipe.set(client.make_key(lock), client.encode(1), nx=True, ex=seconds)
        pipe.get(client.make_key(key))
        locked, raw = pipe.execute()
        return bool(locked), (None if raw is None else client.decode(raw))
    except CACHE_ERRORS:
        return True, None


def _store_and_unlock(key: str, entry: tuple[Any, float], timeout: int, lock: str) -> None:
    """Store the entry and let go of the lock. Raises CACHE_ERRORS when the entry may not have been stored."""
    client = _redis_client()
    if client is None:
        cache.set(key, entry, timeout=timeout)
        with contextlib.suppress(*CACHE_ERRORS):
            cache.delete(lock)
        return
    pipe = client.get_client(write=True).pipeline(transaction=False)
    pipe.set(client.make_key(key), client.encode(entry), ex=timeout)
    pipe.delete(client.make_key(lock))
    pipe.execute()
