"""Review aggregates follow every save and delete, from the API, the admin or a script; every catalog
change invalidates what is cached from the catalog (category tree, brands, home sections, facet counts,
whole API answers: core.cache versions) and expires the storefront's cached pages of it (catalog.storefront)."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from catalog import storefront
from catalog.cache import invalidate
from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review
from catalog.services import availability_changed, refresh_rating


@receiver(post_save, sender=Review)
@receiver(post_delete, sender=Review)
def review_changed(sender: type[Review], instance: Review, **kwargs: Any) -> None:
    refresh_rating(instance.product_id)


@receiver(post_save, sender=Brand, dispatch_uid="catalog-cache-brand-saved")
@receiver(post_delete, sender=Brand, dispatch_uid="catalog-cache-brand-deleted")
@receiver(post_save, sender=Category, dispatch_uid="catalog-cache-category-saved")
@receiver(post_delete, sender=Category, dispatch_uid="catalog-cache-category-deleted")
@receiver(post_save, sender=Product, dispatch_uid="catalog-cache-product-saved")
@receiver(post_delete, sender=Product, dispatch_uid="catalog-cache-product-deleted")
@receiver(post_save, sender=ProductVariant, dispatch_uid="catalog-cache-variant-saved")
@receiver(post_delete, sender=ProductVariant, dispatch_uid="catalog-cache-variant-deleted")
@receiver(post_save, sender=ProductImage, dispatch_uid="catalog-cache-image-saved")
@receiver(post_delete, sender=ProductImage, dispatch_uid="catalog-cache-image-deleted")
@receiver(post_save, sender=Review, dispatch_uid="catalog-cache-review-saved")
@receiver(post_delete, sender=Review, dispatch_uid="catalog-cache-review-deleted")
def catalog_changed(sender: type[Model], instance: Any, using: str, **kwargs: Any) -> None:
    _invalidate_cache(using)
    if sender is Brand:
        storefront.changed(tags=[storefront.BRANDS, storefront.CATALOG], using=using)
    elif sender is Category:
        storefront.changed(tags=[storefront.CATEGORIES, storefront.CATALOG], using=using)
    elif sender is Product:  # (a renamed slug's old page too)
        storefront.changed(products=[instance.slug, getattr(instance, "_slug_before", "")], using=using)
    elif storefront.enabled():  # a variant, an image or a review: its product's page
        storefront.changed(products=_slugs([instance.product_id], using), using=using)


@receiver(pre_save, sender=Product, dispatch_uid="catalog-product-slug-before")
def remember_slug(
    sender: type[Product], instance: Product, raw: bool = False, using: str | None = None, **kwargs: Any
) -> None:
    if instance.pk and not raw and storefront.enabled():
        before = Product.objects.using(using).filter(pk=instance.pk).values_list("slug", flat=True).first()
        instance._slug_before = before or ""  # type: ignore[attr-defined]  # read by catalog_changed, after the save


@receiver(availability_changed, dispatch_uid="catalog-availability-changed")
def stock_availability_changed(
    sender: type[ProductVariant], variant_ids: Iterable[int], using: str, **kwargs: Any
) -> None:
    """Variants sold out or back in stock through orders (a bulk UPDATE: no post_save)."""
    _invalidate_cache(using)
    if storefront.enabled():
        product_ids = ProductVariant.objects.using(using).filter(pk__in=variant_ids).values("product_id")
        storefront.changed(products=_slugs(product_ids, using), using=using)


def _invalidate_cache(using: str) -> None:
    # Now (so this process never reads its own write from an old entry) and again once the transaction
    # commits (so an entry another process computed from the old rows in between is dropped too): one
    # callback per transaction, however many rows it changes.
    invalidate()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(callback is invalidate for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(invalidate, using=using, robust=True)


def _slugs(product_ids: Iterable[int] | QuerySet[Any, Any], using: str) -> list[str]:
    return list(Product.objects.using(using).filter(pk__in=product_ids).values_list("slug", flat=True))
