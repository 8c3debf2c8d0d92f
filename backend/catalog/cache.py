"""What is cached from the catalog: the category tree, the brand list, the home page's sections and the
listing's facet counts per filter set (whole API answers are cached by core.http_cache under the same
version). Every value lives under the "catalog" version, bumped by catalog.signals on any change of a
brand, category, product, variant, image or review (and by seed_demo after its bulk load), and is never
served more than CATALOG_CACHE_SECONDS after it was computed. Orders move stock by a bulk UPDATE
(catalog.services.adjust_stock): a variant selling out or coming back bumps the version at once; a
count that merely goes down is shown up to that bound late (checkout always re-checks under lock)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings

from core.cache import bump_version, get_or_compute, make_key, versions

NAMESPACE = "catalog"


def invalidate() -> None:
    bump_version(NAMESPACE)


def cached(name: str, compute: Callable[[], Any], *parts: Any) -> Any:
    """compute() cached under the catalog's version (computed once under a miss storm)."""
    timeout = settings.CATALOG_CACHE_SECONDS
    current = versions(NAMESPACE) if timeout > 0 else None
    if current is None:
        return compute()
    return get_or_compute(make_key(f"catalog:{name}", current, *parts), compute, timeout)
