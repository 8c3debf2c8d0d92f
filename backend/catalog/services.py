"""Catalog domain operations."""
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count

from catalog.models import Product, Review
from core.errors import Conflict


def refresh_rating(product_id: int) -> None:
    """Recompute a product's rating and review_count from its reviews, under the product's row lock
    so that two reviews saved at once cannot leave a stale aggregate."""
    with transaction.atomic():
        Product.objects.select_for_update().filter(pk=product_id).only("id").first()
        stats = Review.objects.filter(product_id=product_id).aggregate(avg=Avg("rating"), count=Count("id"))
        rating = Decimal(str(stats["avg"] or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        Product.objects.filter(pk=product_id).update(rating=rating, review_count=stats["count"])


def create_review(*, user, product: Product, rating: int, title: str, body: str = "") -> Review:
    try:
        with transaction.atomic():
            review = Review.objects.create(product=product, user=user, rating=rating, title=title, body=body)
    except IntegrityError:
        raise Conflict("You have already reviewed this phone.", code="already_reviewed") from None
    return review
