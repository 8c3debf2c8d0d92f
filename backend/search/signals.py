"""Catalog changes -> search sync. The catalog knows nothing of search: search listens here."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review
from catalog.services import availability_changed
from search.sync import variants_changed


def _variant_ids(**lookup: Any) -> QuerySet[ProductVariant, int]:
    return ProductVariant.objects.filter(**lookup).values_list("id", flat=True)


@receiver(post_save, sender=ProductVariant, dispatch_uid="search-variant-saved")
@receiver(post_delete, sender=ProductVariant, dispatch_uid="search-variant-deleted")
def variant_changed(sender: type[ProductVariant], instance: ProductVariant, using: str, **kwargs: Any) -> None:
    # Its siblings too: which variant stands for the phone in the index may move (search.documents).
    variants_changed([instance.pk, *_variant_ids(product_id=instance.product_id)], using=using)


@receiver(availability_changed, dispatch_uid="search-availability-changed")
def availability_flipped(sender: type[ProductVariant], variant_ids: Iterable[int], using: str, **kwargs: Any) -> None:
    # Sold out or back in stock through an order (a bulk UPDATE, no post_save): "available" changed.
    products = ProductVariant.objects.using(using).filter(pk__in=variant_ids).values("product_id")
    variants_changed([*variant_ids, *_variant_ids(product_id__in=products)], using=using)


@receiver(post_save, sender=Product, dispatch_uid="search-product-saved")
def product_changed(sender: type[Product], instance: Product, using: str, **kwargs: Any) -> None:
    # A deleted product takes its variants along; their own post_delete reports them.
    variants_changed(_variant_ids(product_id=instance.pk), using=using)


@receiver(post_save, sender=Brand, dispatch_uid="search-brand-saved")
def brand_changed(sender: type[Brand], instance: Brand, using: str, **kwargs: Any) -> None:
    variants_changed(_variant_ids(product__brand_id=instance.pk), using=using)


@receiver(post_save, sender=Category, dispatch_uid="search-category-saved")
def category_changed(sender: type[Category], instance: Category, using: str, **kwargs: Any) -> None:
    # A rename or a move saves every descendant too (Category.save), each reported here.
    variants_changed(_variant_ids(product__category_id=instance.pk), using=using)


@receiver(post_save, sender=Review, dispatch_uid="search-review-saved")
@receiver(post_delete, sender=Review, dispatch_uid="search-review-deleted")
@receiver(post_save, sender=ProductImage, dispatch_uid="search-image-saved")
@receiver(post_delete, sender=ProductImage, dispatch_uid="search-image-deleted")
def product_part_changed(sender: type[Model], instance: Review | ProductImage, using: str, **kwargs: Any) -> None:
    # Reviews move the rating and review count; images the thumbnail.
    variants_changed(_variant_ids(product_id=instance.product_id), using=using)
