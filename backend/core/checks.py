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


_LOCAL_FILES = "django.core.files.storage.FileSystemStorage"


@register(Tags.compatibility, deploy=True)
def one_machine_parts_with_replicas(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """With REPLICAS > 1, what lives on one machine's disk or in one process is not shared by the others."""
    if settings.REPLICAS <= 1:
        return []
    found: list[CheckMessage] = []
    local = [alias for alias in ("default", "private") if settings.STORAGES[alias]["BACKEND"] == _LOCAL_FILES]
    if local:
        found.append(
            Warning(
                f"REPLICAS={settings.REPLICAS} with files on the local disk ({', '.join(local)} storage): an image "
                "or invoice written by one replica is missing on the others.",
                hint="Set S3_BUCKET (and S3_ENDPOINT_URL, keys, S3_PUBLIC_URL_BASE) for an S3-compatible object store.",
                id="core.W003",
            )
        )
    if not settings.MEILISEARCH_URL:
        found.append(
            Warning(
                f"REPLICAS={settings.REPLICAS} with the embedded search index: each replica searches its own "
                "disk's copy, updated only by the tasks run on that machine.",
                hint="Set MEILISEARCH_URL to a Meilisearch every replica and worker reaches.",
                id="core.W004",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.CELERY_BROKER_URL.startswith("memory://"):
        found.append(
            Warning(
                f"REPLICAS={settings.REPLICAS} without a task broker: tasks run inside each API process and the "
                "periodic tasks need `manage.py run_periodic`, which must then run on exactly one machine.",
                hint="Set REDIS_URL (or CELERY_BROKER_URL) and run a Celery worker and exactly one Celery beat.",
                id="core.W005",
            )
        )
    return found
