"""Review aggregates follow every save and delete, from the API, the admin or a script; and every catalog
change invalidates what is cached from the catalog (category tree, brands, home sections, facet counts,
whole API answers: core.cache versions)."""
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.cache import invalidate
from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review
from catalog.services import availability_changed, refresh_rating


@receiver(post_save, sender=Review)
@receiver(post_delete, sender=Review)
def review_changed(sender, instance, **kwargs):
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
@receiver(availability_changed, dispatch_uid="catalog-cache-availability-changed")
def catalog_changed(sender, using, **kwargs):
    # Now (so this process never reads its own write from an old entry) and again once the transaction
    # commits (so an entry another process computed from the old rows in between is dropped too): one
    # callback per transaction, however many rows it changes.
    invalidate()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(callback is invalidate for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(invalidate, using=using, robust=True)
