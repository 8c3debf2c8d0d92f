"""Deployment checks of our own (run by `manage.py check --deploy`)."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_rate_limit_counters(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Without Redis, rate-limit counters live in each process's memory: N workers allow N times the limit."""
    if settings.RATELIMIT_ENABLE and not settings.REDIS_URL:
        return [
            Warning(
                "Rate-limit counters are per process (local-memory cache).",
                hint="Set REDIS_URL so every worker counts in one shared cache.",
                id="core.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def storefront_origin_allowed(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """With DEBUG off no origin is allowed by default: the storefront's own must be named."""
    if not settings.CORS_ALLOWED_ORIGINS:
        return [
            Warning(
                "No CORS origin is allowed: the storefront's browser calls to the API (search "
                "suggestions, delivery estimates, reviews) will be refused.",
                hint="Set CORS_ALLOWED_ORIGINS to the storefront's origin, e.g. https://www.example.in.",
                id="core.W002",
            )
        ]
    return []
