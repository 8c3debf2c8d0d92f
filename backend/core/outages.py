"""What an outage of a part we run ourselves looks like from Python: the exceptions that mean "the cache,
the task broker or the database cannot be reached just now" rather than "this request is wrong" or "our
code is wrong". The API answers them with 503 service_unavailable and Retry-After (core.errors), and the
code paths that must keep selling through them (rate limits, task sending) catch exactly these.
"""

from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django_redis.exceptions import ConnectionInterrupted
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# django-redis wraps the client's errors in ConnectionInterrupted; raw redis-py errors come from code that
# talks to Redis directly.
CACHE_ERRORS: tuple[type[Exception], ...] = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)
# kombu raises OperationalError when Celery cannot publish to the broker (Redis down, unreachable).
BROKER_ERRORS: tuple[type[Exception], ...] = (BrokerOperationalError, RedisConnectionError, RedisTimeoutError)
DATABASE_ERRORS: tuple[type[Exception], ...] = (DatabaseOperationalError, DatabaseInterfaceError)
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = CACHE_ERRORS + BROKER_ERRORS + DATABASE_ERRORS


def component(exc: BaseException) -> str:
    """Which part is down, for logs and metrics."""
    if isinstance(exc, DATABASE_ERRORS):
        return "database"
    if isinstance(exc, BrokerOperationalError):
        return "broker"
    return "redis"
