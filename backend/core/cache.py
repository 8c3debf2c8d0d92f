"""Caching helpers shared by the apps (Redis in production, local memory in the embedded mode).

Versioned namespaces: a cached value is stored under a key that contains the version of the data it was
computed from (e.g. "catalog"). A change bumps the version, so every key built under the old one is never
read again and expires on its own; nothing has to find and delete keys.

`get_or_compute` computes a missing value once, whatever the number of processes asking at the same
moment (a lock taken with the cache's atomic add; the others wait for the value), and recomputes a value
a little before it expires, in one request while the others keep getting the current value (early
recompute), so an expiry under load never becomes a miss storm. A value is never served after its
timeout. A cache outage degrades to computing every time; it never fails the request.
"""
import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_PREFIX = "v:"
LOCK_PREFIX = "lock:"
WAIT_STEP_SECONDS = 0.02
MISSING = object()


def _version_key(namespace: str) -> str:
    return VERSION_PREFIX + namespace


def versions(*namespaces: str) -> str | None:
    """The current versions of these namespaces as one string (part of a cache key), or None when the
    cache cannot be reached. A namespace seen for the first time (or evicted) starts at the current time
    in nanoseconds, so a restarted counter never meets keys of an earlier life."""
    keys = [_version_key(n) for n in namespaces]
    try:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                cache.add(key, time.time_ns(), timeout=None)
                found[key] = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable: answering without it", exc_info=True)
        return None
    return ".".join(str(found[key]) for key in keys)


def bump_version(*namespaces: str) -> None:
    """Invalidate everything cached under these namespaces."""
    for namespace in namespaces:
        key = _version_key(namespace)
        try:
            cache.incr(key)
        except ValueError:  # not there yet, or evicted: any fresh value differs from every earlier one
            cache.set(key, time.time_ns(), timeout=None)
        except Exception:
            logger.warning("Cache unavailable: could not invalidate %s", namespace, exc_info=True)


def make_key(prefix: str, *parts: Any) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{prefix}:{digest}"


def _early_window(timeout: int) -> float:
    """How long before its expiry a value is recomputed by one request: a tenth of its life, 1 to 30 s."""
    return min(max(timeout / 10, 1.0), 30.0)


def get_or_compute(key: str, compute: Callable[[], Any], timeout: int, *, lock_seconds: int = 30,
                   wait_seconds: float = 10.0) -> Any:
    """The cached value of `key`, computing it with `compute()` when missing (once across processes) or
    about to expire (once, while the others keep the current value). `timeout` bounds its age: a value is
    never returned more than `timeout` seconds after it was computed. Exceptions of `compute` propagate
    (nothing is stored)."""
    if timeout <= 0:
        return compute()
    lock = LOCK_PREFIX + key
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable: computing %s without it", key, exc_info=True)
        return compute()
    now = time.time()
    if entry is not None:
        value, refresh_at = entry
        if now < refresh_at or not _try_lock(lock, lock_seconds):
            return value  # fresh, or another process is already recomputing it
        return _compute_and_store(key, lock, compute, timeout)
    if _try_lock(lock, lock_seconds):
        return _compute_and_store(key, lock, compute, timeout)
    # Someone else computes it: wait for their value rather than run the same work again.
    deadline = now + wait_seconds
    while time.time() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        try:
            entry = cache.get(key)
        except Exception:
            break
        if entry is not None:
            return entry[0]
        try:
            if cache.get(lock) is None and _try_lock(lock, lock_seconds):  # the other one failed
                return _compute_and_store(key, lock, compute, timeout)
        except Exception:
            break
    return compute()


def _try_lock(lock: str, seconds: int) -> bool:
    try:
        return bool(cache.add(lock, 1, timeout=seconds))
    except Exception:
        return True  # no cache: every process computes for itself


def _compute_and_store(key: str, lock: str, compute: Callable[[], Any], timeout: int) -> Any:
    try:
        value = compute()
        refresh_at = time.time() + timeout - _early_window(timeout)
        try:
            cache.set(key, (value, refresh_at), timeout=timeout)
        except Exception:
            logger.warning("Cache unavailable: %s not stored", key, exc_info=True)
        return value
    finally:
        try:
            cache.delete(lock)
        except Exception:
            pass
