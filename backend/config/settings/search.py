"""Search (search app): Meilisearch when MEILISEARCH_URL is set, else the embedded tantivy index; the embedded
one also answers whenever Meilisearch fails. See search/backends/."""

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import env_int, env_str
from config.settings.base import BASE_DIR

MEILISEARCH_URL = env_str("MEILISEARCH_URL").rstrip("/")
MEILISEARCH_API_KEY = env_str("MEILISEARCH_API_KEY")
MEILISEARCH_INDEX_PREFIX = env_str("MEILISEARCH_INDEX_PREFIX", "phonestore_")  # index: <prefix>products
MEILISEARCH_TIMEOUT_MS = env_int("MEILISEARCH_TIMEOUT_MS", 2000)
SEARCH_INDEX_DIR = Path(env_str("SEARCH_INDEX_DIR") or BASE_DIR / "var" / "search")
SEARCH_FALLBACK_SECONDS = env_int("SEARCH_FALLBACK_SECONDS", 30)  # after a Meilisearch failure, skip it this long
SEARCH_TASK_QUEUE = env_str("SEARCH_TASK_QUEUE")  # Celery queue for indexing tasks; empty: the default queue
SHOP_LISTING_BACKEND = env_str("SHOP_LISTING_BACKEND", "database").lower()  # /api/products/: database | search
if SHOP_LISTING_BACKEND not in ("database", "search"):
    raise ImproperlyConfigured(f"SHOP_LISTING_BACKEND must be database or search, got {SHOP_LISTING_BACKEND!r}")

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    "search-nightly-reindex": {
        "task": "search.tasks.reindex_all",
        "schedule": crontab(hour=3, minute=0),  # CELERY_TIMEZONE: Asia/Kolkata
        "options": {"queue": SEARCH_TASK_QUEUE} if SEARCH_TASK_QUEUE else {},
    },
}
