"""Rate limits: django-ratelimit counters in the shared cache (Redis in production, so every worker
counts together), one decorator for views, and a 429 in the project's error shape with Retry-After.

Limits are named scopes whose rates come from settings.RATE_LIMITS (e.g. "auth_token_ip": "30/m"), read
at request time; a scope whose rate is empty is not limited. Any app can use the decorator:

    @rate_limit("search_ip")                    # per client IP
    @rate_limit("auth_token_account", key=body_field("email"))   # per account named in the JSON body

Redis is a cache, not a gate: when the counters cannot be reached, a scope named in
settings.RATE_LIMITS_DATABASE_FALLBACK (the per-account protections against guessing and mail bombing) is
counted in the database instead (core.models.RateLimitCounter); every other scope fails open, counted in
core.metrics (which logs it). docs/security.md has the table.
"""

import functools
import hashlib
import ipaddress
import re
import time
from collections.abc import Mapping
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import F
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from core import metrics
from core.outages import CACHE_ERRORS

RATE_PATTERN = re.compile(r"^\d+/\d*[smhd]$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Ratelimited):
    """A request over its limit; `retry_after` is the number of seconds until the window resets."""

    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"Rate limit {scope} exceeded.")
        self.scope = scope
        self.retry_after = max(1, int(retry_after))


def validate_rates(rates: dict[str, str]) -> dict[str, str]:
    """Settings-time check: every rate is "<count>/<period>" (5/m, 3/15m, 100/h) or empty (no limit)."""
    for scope, rate in rates.items():
        if rate and not RATE_PATTERN.match(rate):
            raise ImproperlyConfigured(f"Rate limit {scope} must look like 5/m, 3/15m or 100/h, got {rate!r}")
    return rates


def validate_proxies(entries: list[str]) -> list[str]:
    """Settings-time check of TRUSTED_PROXIES: each an IP address or a CIDR range (10.0.0.0/8)."""
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an IP address or CIDR range") from None
    return entries


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def client_ip(request) -> str:
    """The caller's address.
    - TRUSTED_PROXIES (our proxies' addresses): when the request came from one of them, X-Forwarded-For is read
      from the right, past every address of ours, to the first one that is not: the client as our first proxy
      saw it. Whatever a client wrote further left is never reached, and a request from anywhere else is taken
      at its socket address. Both paths (balancer -> API; balancer -> storefront -> API) give the same address.
    - TRUSTED_PROXY_COUNT = n (proxies of unknown address, Railway: 1): the n-th address from the right.
    - Neither: REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if settings.TRUSTED_PROXIES:
        networks = _networks(tuple(settings.TRUSTED_PROXIES))
        address, earlier = remote, forwarded
        while True:
            try:
                parsed = ipaddress.ip_address(address)
            except ValueError:
                return remote  # no proxy of ours writes a malformed hop: take the socket, never a guess
            if not any(parsed in network for network in networks) or not earlier:
                return str(parsed)  # the first address not ours (or, every hop ours: the balancer's own check)
            address, earlier = earlier[-1], earlier[:-1]
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops and len(forwarded) >= hops:
        try:
            return str(ipaddress.ip_address(forwarded[-hops]))
        except ValueError:
            pass
    return remote


def ratelimit_ip(request) -> str:
    """RATELIMIT_IP_META_KEY for django-ratelimit's own "ip" key."""
    return client_ip(request)


def _ip_key(group, request) -> str:
    return "ip:" + client_ip(request)


def _user_key(group, request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return _ip_key(group, request)


def body_field(name: str, max_length: int = 254):
    """A key from a JSON body field (an account's email), trimmed and lowercased so that spelling
    variants count as one. Non-string or missing values share one bucket."""

    def key(group, request) -> str:
        data = getattr(request, "data", None)
        value = data.get(name) if isinstance(data, Mapping) else None
        if not isinstance(value, str):
            return f"{name}:-"
        return f"{name}:" + value.strip().lower()[:max_length]

    return key


KEYS = {"ip": _ip_key, "user": _user_key}


def check_rate_limit(request, scope: str, key="ip", methods=ALL) -> None:
    """Count this request in `scope` and raise RateLimited (a 429) when it is over the limit."""
    rate = settings.RATE_LIMITS.get(scope)
    if rate is None:
        raise ImproperlyConfigured(f"No rate limit named {scope!r} in settings.RATE_LIMITS")
    if not rate:
        return
    key_function = KEYS.get(key, key)
    try:
        usage = get_usage(request, group=scope, key=key_function, rate=rate, method=methods, increment=True)
    except CACHE_ERRORS:
        usage = _when_cache_down(request, scope, key_function, rate)
    else:
        # With RATELIMIT_FAIL_OPEN off, a cache that answered without counting (None instead of a number)
        # gives count 0, which a counted request (increment=True) never has.
        if usage is not None and usage["count"] == 0:
            usage = _when_cache_down(request, scope, key_function, rate)
    if usage and usage["should_limit"]:
        raise RateLimited(scope, usage["time_left"])


def _when_cache_down(request, scope: str, key_function, rate: str) -> dict | None:
    if scope in settings.RATE_LIMITS_DATABASE_FALLBACK:
        metrics.increment("rate_limit_database_fallback", scope=scope)
        return count_in_database(scope, key_function(scope, request), rate)
    metrics.increment("rate_limit_failed_open", scope=scope)
    return None


def parse_rate(rate: str) -> tuple[int, int]:
    """ "3/15m" → (3, 900): the number of requests allowed and the window in seconds."""
    count, period = rate.split("/")
    return int(count), int(period[:-1] or 1) * PERIOD_SECONDS[period[-1]]


def count_in_database(scope: str, key: str, rate: str) -> dict:
    """Count one request in a fixed window kept in the database (core.models.RateLimitCounter), with the
    same answer as django-ratelimit's get_usage. The UPDATE holds the row's lock until the transaction
    ends, so concurrent requests in several workers are counted one after the other, none lost."""
    from core.models import RateLimitCounter

    limit, period = parse_rate(rate)
    now = int(time.time())
    window_end = now - now % period + period
    digest = hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest()
    rows = RateLimitCounter.objects.filter(scope=scope, key_digest=digest, window_end=window_end)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(scope=scope, key_digest=digest, window_end=window_end, count=1)
            except IntegrityError:  # another worker created this window's row first
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).get()
    return {"count": count, "limit": limit, "should_limit": count > limit, "time_left": window_end - now}


def purge_database_counters(now: float | None = None) -> int:
    """Delete the database counters of windows that have ended; how many."""
    from core.models import RateLimitCounter

    ended = int(time.time() if now is None else now)
    deleted, _ = RateLimitCounter.objects.filter(window_end__lte=ended).delete()
    return deleted


def rate_limit(scope: str, key="ip", methods=ALL):
    """Decorate a view function or a view method (DRF or plain Django) with a named limit."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            request = args[0] if hasattr(args[0], "META") else args[1]
            check_rate_limit(request, scope, key, methods)
            return view(*args, **kwargs)

        # The OpenAPI description documents a 429 for every limited operation (core.openapi).
        wrapper.rate_limit_scopes = [*getattr(view, "rate_limit_scopes", []), scope]
        wrapper.rate_limit_methods = None if methods == ALL else [m.upper() for m in methods]
        return wrapper

    return decorator
