"""Cart operations. A cart belongs to a signed-in user or is a guest cart known by its token;
a guest cart is merged into the user's cart once the user signs in."""

from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cart import selectors
from cart.error_codes import CartErrorCode
from cart.models import Cart, CartItem
from cart.pricing import PricedCart, price_lines
from catalog.models import ProductVariant
from catalog.services import sellable_variant
from core.errors import ApplicationError, CommonErrorCode

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def max_quantity() -> int:
    return settings.CART_MAX_QUANTITY_PER_ITEM


def _check_quantity(quantity: int, variant: ProductVariant) -> None:
    limit = max_quantity()
    if not 1 <= quantity <= limit:
        raise ApplicationError(
            CartErrorCode.INVALID_QUANTITY,
            f"Quantity must be from 1 to {limit}.",
            fields={"quantity": [f"Must be from 1 to {limit}."]},
        )
    if quantity > variant.stock:
        message = f"Only {variant.stock} left in stock." if variant.stock else "This phone is out of stock."
        raise ApplicationError(CartErrorCode.INSUFFICIENT_STOCK, message, fields={"quantity": [message]})


def resolve_cart(user: "User | AnonymousUser | None", token: str | None = None, *, create: bool = False) -> Cart | None:
    """The cart a request works on. A signed-in user's request that still carries a guest token
    merges that guest cart into the user's cart (the storefront's sign-in hand-over)."""
    if user is not None and user.is_authenticated:
        if token and selectors.guest_cart(token):
            return merge_guest_cart(user, token)
        cart = selectors.user_cart(user)
        if cart is None and create:
            cart, _ = Cart.objects.get_or_create(user=user)
        return cart
    cart = selectors.guest_cart(token)
    if cart is None and create:
        cart = Cart.objects.create()
    return cart


def add_item(cart: Cart, *, variant_id: int, quantity: int) -> CartItem:
    """Add a variant; adding one already in the cart raises its quantity (within the same bounds)."""
    try:
        return _add_item(cart, variant_id=variant_id, quantity=quantity)
    except IntegrityError:  # the same variant added by a parallel request; all of this one rolled back
        raise ApplicationError(CommonErrorCode.CONFLICT, "This phone was just added to the cart; try again.") from None


@transaction.atomic  # its own transaction (a savepoint within the caller's): the unique line's conflict undoes it all
def _add_item(cart: Cart, *, variant_id: int, quantity: int) -> CartItem:
    variant = sellable_variant(variant_id)
    item = CartItem.objects.select_for_update().filter(cart=cart, variant=variant).first()
    new_quantity = quantity + (item.quantity if item else 0)
    if quantity < 1:
        new_quantity = quantity
    _check_quantity(new_quantity, variant)
    if item:
        item.quantity = new_quantity
        item.save(update_fields=["quantity"])
    else:
        item = CartItem.objects.create(cart=cart, variant=variant, quantity=new_quantity)
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return item


def _own_item(cart: Cart | None, item_id: int, *, lock: bool = False) -> CartItem:
    qs = CartItem.objects.select_related("variant__product")
    if lock:
        qs = qs.select_for_update(of=("self",))
    item = qs.filter(pk=item_id, cart=cart).first() if cart else None
    if item is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such item in your cart.")
    return item


@transaction.atomic
def update_item(cart: Cart | None, item_id: int, *, quantity: int) -> CartItem:
    item = _own_item(cart, item_id, lock=True)
    _check_quantity(quantity, item.variant)
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    Cart.objects.filter(pk=item.cart_id).update(updated_at=timezone.now())
    return item


def remove_item(cart: Cart | None, item_id: int) -> None:
    _own_item(cart, item_id).delete()


@transaction.atomic
def merge_guest_cart(user: "User", token: str | UUID) -> Cart:
    """Move a guest cart's lines into the user's cart and delete the guest cart. A variant in both
    carts gets the sum of the quantities, capped at the per-order maximum and at the stock left."""
    cart, _ = Cart.objects.get_or_create(user=user)
    guest_token = selectors.parse_token(token)
    guest = (
        Cart.objects.select_for_update().filter(token=guest_token, user__isnull=True).first() if guest_token else None
    )
    if guest is None or guest.pk == cart.pk:
        return cart
    mine = {item.variant_id: item for item in CartItem.objects.select_for_update().filter(cart=cart)}
    limit = max_quantity()
    for item in CartItem.objects.filter(cart=guest).select_related("variant"):
        combined = min(item.quantity + (mine[item.variant_id].quantity if item.variant_id in mine else 0), limit)
        if item.variant.stock > 0:
            combined = min(combined, item.variant.stock)
        if item.variant_id in mine:
            CartItem.objects.filter(pk=mine[item.variant_id].pk).update(quantity=combined)
        else:
            CartItem.objects.create(cart=cart, variant_id=item.variant_id, quantity=combined)
    if guest.coupon_code and not cart.coupon_code:  # the coupon applied as a guest comes along
        cart.coupon_code = guest.coupon_code
        Cart.objects.filter(pk=cart.pk).update(coupon_code=guest.coupon_code)
    guest.delete()
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return cart


def clear(cart: Cart) -> None:
    CartItem.objects.filter(cart=cart).delete()


def priced(cart: Cart | None, items: list[CartItem] | None = None) -> tuple[list[CartItem], PricedCart]:
    """(items, PricedCart) at today's database prices, before any coupon (coupons.services takes it off)."""
    items = selectors.cart_items(cart) if items is None else items
    return items, price_lines([(item.variant, item.quantity) for item in items])


def purge_stale_guest_carts(days: int | None = None) -> int:
    days = settings.CART_GUEST_TTL_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Cart.objects.filter(user__isnull=True, updated_at__lt=cutoff).delete()
    return deleted
