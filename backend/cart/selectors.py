import uuid

from django.db.models import Prefetch

from cart.models import Cart, CartItem
from catalog.models import ProductImage


def parse_token(raw) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


def guest_cart(token) -> Cart | None:
    token = parse_token(token)
    return Cart.objects.filter(token=token, user__isnull=True).first() if token else None


def user_cart(user) -> Cart | None:
    return Cart.objects.filter(user=user).first()


def cart_items(cart: Cart):
    """The cart's lines with everything a priced answer shows, in a fixed number of queries."""
    if cart is None or cart.pk is None:
        return []
    return list(
        CartItem.objects.filter(cart=cart)
        .select_related("variant__product__category", "variant__product__brand")
        .prefetch_related(
            Prefetch("variant__product__images", queryset=ProductImage.objects.order_by("position", "id"))
        )
        .order_by("added_at", "id")
    )
