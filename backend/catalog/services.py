"""Catalog domain operations."""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Avg, Case, Count, F, When
from django.dispatch import Signal

from catalog.error_codes import CatalogErrorCode
from catalog.models import Product, ProductVariant, Review
from core.errors import ApplicationError, CommonErrorCode

if TYPE_CHECKING:
    from accounts.models import User

# Sent with variant_ids after a bulk UPDATE of variants, which sends no post_save: variants that sell out or come
# back in stock through adjust_stock, and staff bulk edits and CSV imports of price, MRP and stock (once per
# batch). Search re-indexes them, cached catalog answers are dropped and their product pages revalidated.
availability_changed = Signal()


def sellable_variant(variant_id: int) -> ProductVariant:
    """The variant a shopper asks for by id (to buy, to be told about), refused unless it is sold: 404 for
    an unknown id, 409 variant_unavailable when it or its phone is no longer sold."""
    variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such phone variant.", fields={"variant": ["Not found."]})
    if not (variant.is_active and variant.product.is_active):
        raise ApplicationError(
            CatalogErrorCode.VARIANT_UNAVAILABLE, "This phone is no longer sold.", fields={"variant": ["Not for sale."]}
        )
    return variant


def adjust_stock(deltas: dict[int, int], *, stock_before: Mapping[int, int] | None = None) -> None:
    """stock += delta for each variant id, in one UPDATE; the caller holds the rows' locks. Only the
    variants whose availability flips are announced: a phone going from 7 to 6 in stock changes nothing
    that search or the listing's "in stock" filter shows. `stock_before`: the stock of each variant as the
    caller read it under those locks (saves reading it again)."""
    if not deltas:
        return
    variants = ProductVariant.objects.filter(pk__in=deltas)
    before = dict(stock_before) if stock_before is not None else dict(variants.values_list("pk", "stock"))
    variants.update(
        stock=Case(*[When(pk=pk, then=F("stock") + delta) for pk, delta in deltas.items()]),
        version=F("version") + 1,  # a staff edit of the stock read before this is now stale
    )
    flipped = sorted(pk for pk, stock in before.items() if (stock > 0) != (stock + deltas[pk] > 0))
    if flipped:
        availability_changed.send(sender=ProductVariant, variant_ids=flipped, using=variants.db)


def refresh_rating(product_id: int) -> None:
    """Recompute a product's rating and review_count from its reviews, under the product's row lock
    so that two reviews saved at once cannot leave a stale aggregate."""
    with transaction.atomic():
        Product.objects.select_for_update().filter(pk=product_id).only("id").first()
        stats = Review.objects.filter(product_id=product_id).aggregate(avg=Avg("rating"), count=Count("id"))
        rating = Decimal(str(stats["avg"] or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        Product.objects.filter(pk=product_id).update(rating=rating, review_count=stats["count"])


def create_review(*, user: "User", product: Product, rating: int, title: str, body: str = "") -> Review:
    try:
        with transaction.atomic():
            review = Review.objects.create(product=product, user=user, rating=rating, title=title, body=body)
    except IntegrityError:
        raise ApplicationError(CatalogErrorCode.ALREADY_REVIEWED, "You have already reviewed this phone.") from None
    return review
