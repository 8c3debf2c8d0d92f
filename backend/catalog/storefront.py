"""The storefront's cached catalog pages follow a catalog change at once.

The storefront keeps catalog answers in Next's data cache for CATALOG_REVALIDATE_SECONDS (5 minutes) under
tags: "catalog" (listings, search, home, sitemap), "brands", "categories" and "product:<slug>". After a
transaction that changed the catalog commits, one task POSTs the products and tags it touched to the
storefront's /api/revalidate (Authorization: Bearer REVALIDATE_SECRET), which drops them. Best effort: a
failure is logged and the pages refresh within their window anyway. Off without REVALIDATE_SECRET.
"""

import logging
from collections.abc import Iterable

import requests
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from core import batching

logger = logging.getLogger(__name__)

CATALOG, BRANDS, CATEGORIES = "catalog", "brands", "categories"


def enabled() -> bool:
    return bool(settings.REVALIDATE_SECRET)


def changed(*, products: Iterable[str] = (), tags: Iterable[str] = (), using: str = DEFAULT_DB_ALIAS) -> None:
    """Expire these product pages (and every listing) and tags once the current transaction commits."""
    if enabled():
        items = {*(("product", slug) for slug in products if slug), *(("tag", tag) for tag in tags)}
        batching.add("storefront-revalidate", items, flush=_enqueue, using=using)


def revalidation_delay() -> float:
    """Seconds from a catalog change's commit to the storefront's revalidation (0 without the local layer)."""
    local = getattr(settings, "CACHE_LOCAL_SECONDS", 0)
    return local + 0.5 if local > 0 else 0.0


def _enqueue(items: set[tuple[str, str]]) -> None:
    from catalog.tasks import revalidate_storefront
    from core.tasks import run_now

    products = sorted(value for kind, value in items if kind == "product")
    tags = sorted(value for kind, value in items if kind == "tag")
    try:
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            run_now(revalidate_storefront, products, tags)
        else:
            # Not before every API replica has let go of the old answer: each keeps a namespace's version for
            # CACHE_LOCAL_SECONDS (core.cache), and a storefront render that re-read the catalog from a replica
            # still holding it would cache the old page again, for the whole window.
            revalidate_storefront.apply_async((products, tags), countdown=revalidation_delay())
    except Exception:
        logger.exception("Could not enqueue the storefront revalidation of %s %s", products, tags)


def revalidate(products: list[str], tags: list[str]) -> bool:
    """POST to the storefront; True when it dropped the pages."""
    try:
        response = requests.post(
            settings.STOREFRONT_REVALIDATE_URL,
            json={"products": products, "tags": tags},
            headers={"Authorization": f"Bearer {settings.REVALIDATE_SECRET}"},
            timeout=settings.STOREFRONT_REVALIDATE_TIMEOUT,
        )
    except requests.RequestException as exc:
        logger.warning("Storefront revalidation failed (%s); its pages refresh within their window.", exc)
        return False
    if response.status_code != 200:
        logger.warning("Storefront revalidation answered %s: %s", response.status_code, response.text[:200])
        return False
    return True
