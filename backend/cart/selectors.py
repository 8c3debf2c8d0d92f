import uuid
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from cart.models import Cart, CartItem
from catalog.models import ProductImage

if TYPE_CHECKING:
    from accounts.models import User


def parse_token(raw: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


def guest_cart(raw_token: object) -> Cart | None:
    token = parse_token(raw_token)
    return Cart.objects.filter(token=token, user__isnull=True).first() if token else None


def user_cart(user: "User") -> Cart | None:
    return Cart.objects.filter(user=user).first()


def cart_items(cart: Cart | None) -> list[CartItem]:
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
