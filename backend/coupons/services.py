"""Coupons: checking one against a priced cart, spreading its discount over the lines, applying it to a cart,
and redeeming it at checkout under the coupon's row lock so that its last use goes to exactly one order.

The rules, checked in this order (the first refusal is the answer): the code exists (any spelling), the
coupon is active, `valid_from <= now < valid_until`, a use is left in total, a use is left for this
shopper (known only when signed in: guests may apply a coupon, checkout is signed in and checks again), the
cart has lines of the coupon's brand/category (the category and those below it), and those eligible lines
add up to `min_subtotal`. The discount is a percent of the eligible lines (rounded half up to the paisa,
capped at `max_discount`) or a flat amount, never more than the eligible lines, spread over them in
proportion to their totals by `core.money.allocate`."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cart.models import Cart
from cart.pricing import PricedCart, PricedLine, apply_discount
from core.errors import ApplicationError
from core.money import allocate, from_minor_units, indian_digits, quantize, to_minor_units
from coupons.error_codes import CouponsErrorCode
from coupons.models import Coupon, CouponKind, CouponRedemption, normalise_code

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from orders.models import Order

    Shopper = User | AnonymousUser | None


def rupees(amount: Decimal) -> str:
    """₹20,000 or ₹1,49,999.50: Indian digit grouping, paise only when there are some."""
    digits = indian_digits(amount)
    return f"₹{digits.removesuffix('.00')}"


def find(code: str) -> Coupon:
    coupon = Coupon.objects.select_related("brand", "category").filter(code=normalise_code(code)).first()
    if coupon is None:
        raise ApplicationError(CouponsErrorCode.COUPON_NOT_FOUND, "This coupon code is not valid.")
    return coupon


def _live_uses(coupon: Coupon) -> Any:
    return CouponRedemption.objects.filter(coupon=coupon, released_at__isnull=True)


def _eligible(coupon: Coupon, line: PricedLine) -> bool:
    product = line.variant.product
    if coupon.brand_id is not None and product.brand_id != coupon.brand_id:
        return False
    category = coupon.category
    if category is not None:
        path = product.category.path
        if not (path == category.path or path.startswith(category.path + "/")):
            return False
    return True


def _scope(coupon: Coupon) -> str:
    names = (coupon.brand.name if coupon.brand else "", coupon.category.name if coupon.category else "")
    return " ".join(n for n in names if n)


def check(coupon: Coupon, priced: PricedCart, *, user: "Shopper" = None, now: datetime | None = None) -> list[Decimal]:
    """Each line's share of the coupon's discount on this cart, or the refusal (ApplicationError)."""
    now = now or timezone.now()
    if not coupon.is_active:
        raise ApplicationError(CouponsErrorCode.COUPON_INACTIVE, "This coupon is no longer offered.")
    if now < coupon.valid_from:
        starts = timezone.localtime(coupon.valid_from).strftime("%d %b %Y, %H:%M")
        raise ApplicationError(CouponsErrorCode.COUPON_NOT_STARTED, f"This coupon can be used from {starts}.")
    if coupon.valid_until is not None and now >= coupon.valid_until:
        raise ApplicationError(CouponsErrorCode.COUPON_EXPIRED, "This coupon has expired.")
    if coupon.max_uses is not None and _live_uses(coupon).count() >= coupon.max_uses:
        raise ApplicationError(CouponsErrorCode.COUPON_USED_UP, "This coupon has been used up.")
    if (
        user is not None
        and user.is_authenticated
        and coupon.max_uses_per_user is not None
        and _live_uses(coupon).filter(user_id=user.pk).count() >= coupon.max_uses_per_user
    ):
        raise ApplicationError(CouponsErrorCode.COUPON_ALREADY_USED, "You have already used this coupon.")
    currency = priced.currency
    weights = [to_minor_units(line.line_total, currency) if _eligible(coupon, line) else 0 for line in priced.lines]
    eligible = sum(weights)
    scope = _scope(coupon)
    if not eligible:
        what = f"{scope} products" if scope else "the products in your cart"
        raise ApplicationError(CouponsErrorCode.COUPON_NOT_APPLICABLE, f"This coupon does not apply to {what}.")
    if from_minor_units(eligible, currency) < coupon.min_subtotal:
        needs = f"{rupees(coupon.min_subtotal)} or more" + (f" of {scope} products" if scope else "")
        raise ApplicationError(CouponsErrorCode.COUPON_MIN_SUBTOTAL, f"This coupon needs a cart of {needs}.")
    return [
        from_minor_units(share, currency) for share in allocate(discount_paise(coupon, eligible, currency), weights)
    ]


def discount_paise(coupon: Coupon, eligible_paise: int, currency: str) -> int:
    """The discount on eligible lines worth `eligible_paise`, in paise: never more than they cost."""
    eligible = from_minor_units(eligible_paise, currency)
    if coupon.kind == CouponKind.PERCENT:
        amount = (eligible * coupon.value / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if coupon.max_discount is not None:
            amount = min(amount, coupon.max_discount)
    else:
        amount = coupon.value
    return min(to_minor_units(quantize(amount, currency), currency), eligible_paise)


@dataclass
class CouponState:
    """What the cart shows of its coupon: applied with its discount, or not applying any more and why."""

    code: str
    applied: bool
    discount: Decimal
    message: str
    error_code: str | None = None


def price_with_coupon(cart: Cart | None, priced: PricedCart, *, user: "Shopper" = None) -> CouponState | None:
    """The cart's coupon taken off `priced` (in place) when it still applies; a coupon that stopped applying
    leaves the prices alone and says why. None when the cart has no coupon."""
    if cart is None or not cart.coupon_code:
        return None
    zero = quantize(Decimal("0"), priced.currency)
    try:
        coupon = find(cart.coupon_code)
        shares = check(coupon, priced, user=user)
    except ApplicationError as refusal:
        return CouponState(cart.coupon_code, False, zero, refusal.message, str(refusal.code))
    return _applied(coupon, priced, shares)


def _applied(coupon: Coupon, priced: PricedCart, shares: list[Decimal]) -> CouponState:
    apply_discount(priced, shares, coupon.code)
    saving = f"You save {rupees(priced.discount_total)}"
    return CouponState(
        coupon.code,
        True,
        priced.discount_total,
        f"{saving}: {coupon.description}" if coupon.description else f"{saving}.",
    )


def apply_to_cart(cart: Cart, code: str, priced: PricedCart, *, user: "Shopper" = None) -> CouponState:
    """Put a coupon on the cart, or refuse it with the reason (it must apply to the cart as it is now). Its discount
    is taken off `priced` (in place), so the answer needs no second pricing of the cart."""
    coupon = find(code)
    shares = check(coupon, priced, user=user)
    Cart.objects.filter(pk=cart.pk).update(coupon_code=coupon.code, updated_at=timezone.now())
    cart.coupon_code = coupon.code
    return _applied(coupon, priced, shares)


def remove_from_cart(cart: Cart | None) -> None:
    if cart is not None and cart.pk is not None:
        Cart.objects.filter(pk=cart.pk).update(coupon_code="", updated_at=timezone.now())
        cart.coupon_code = ""


# --- Checkout


def apply_at_checkout(cart: Cart | None, priced: PricedCart, *, user: "User") -> Coupon | None:
    """Inside checkout's transaction: check the cart's coupon again with its live uses counted, and take its
    discount off `priced`. A coupon with a total cap is locked first, so concurrent checkouts with it queue on
    its row and its last use goes once; uses per shopper need no such lock (one shopper's checkouts already
    queue on their cart's row), so an uncapped coupon does not make every shopper's checkout wait for the
    others'. A coupon that no longer applies refuses the checkout with its reason, so no order is created."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_at_checkout() runs inside the checkout's transaction.")
    if cart is None or not cart.coupon_code:
        return None
    coupons = Coupon.objects.select_related("brand", "category")
    coupon = coupons.filter(code=normalise_code(cart.coupon_code)).first()
    if coupon is not None and coupon.max_uses is not None:
        coupon = coupons.select_for_update(of=("self",)).filter(pk=coupon.pk).first()
    if coupon is None:
        raise ApplicationError(CouponsErrorCode.COUPON_NOT_FOUND, "This coupon code is not valid.")
    apply_discount(priced, check(coupon, priced, user=user), coupon.code)
    return coupon


def redeem(coupon: Coupon | None, *, order: "Order", cart: Cart | None) -> CouponRedemption | None:
    """Record the coupon's use by `order` (same transaction, still under the coupon's lock if it has a cap) and take it
    off the cart, whose lines have become the order."""
    if cart is not None and cart.coupon_code:
        Cart.objects.filter(pk=cart.pk).update(coupon_code="")
    if coupon is None:
        return None
    return CouponRedemption.objects.create(coupon=coupon, order=order, user=order.user, amount=order.discount_total)


def release(order: "Order") -> int:
    """A cancelled order's coupon use comes back (the redemption row stays, marked released). Idempotent."""
    return CouponRedemption.objects.filter(order=order, released_at__isnull=True).update(released_at=timezone.now())


# --- Staff (the admin and /api/staff/coupons/): every change audited in its own transaction


COUPON_FIELDS = (
    "code",
    "description",
    "kind",
    "value",
    "max_discount",
    "min_subtotal",
    "valid_from",
    "valid_until",
    "brand",
    "category",
    "max_uses",
    "max_uses_per_user",
    "is_active",
)


def validate_coupon(coupon: Coupon) -> None:
    from django.core.exceptions import ValidationError

    problems: dict[str, list[str]] = {}
    if coupon.kind == CouponKind.PERCENT and not 0 < coupon.value <= 100:
        problems["value"] = ["A percent coupon takes 0.01 to 100."]
    if coupon.kind == CouponKind.FLAT and coupon.max_discount is not None:
        problems["max_discount"] = ["A cap is for percent coupons; a flat coupon's value is its discount."]
    if coupon.valid_until is not None and coupon.valid_until <= coupon.valid_from:
        problems["valid_until"] = ["Must be after valid_from."]
    others = Coupon.objects.filter(code=normalise_code(coupon.code))
    if coupon.pk is not None:
        others = others.exclude(pk=coupon.pk)
    if others.exists():
        problems["code"] = ["Another coupon has this code."]
    if problems:
        raise ValidationError(problems)


def _clean_errors(exc: Exception) -> ApplicationError:
    from core.errors import CommonErrorCode

    fields = getattr(exc, "message_dict", {})
    return ApplicationError(CommonErrorCode.INVALID, "The coupon is not valid.", fields=fields)


@transaction.atomic
def save_coupon(coupon_id: int | None, *, actor: "User", request: Any = None, **changes: Any) -> Coupon:
    """Create (coupon_id None) or change a coupon, with one coupon_change audit row for what changed."""
    from django.core.exceptions import ValidationError

    from audit import services as audit

    unexpected = set(changes) - set(COUPON_FIELDS)
    if unexpected:
        raise ValueError(f"save_coupon cannot change {sorted(unexpected)}")
    if coupon_id is None:
        coupon = Coupon()
        before: dict[str, Any] = dict.fromkeys(COUPON_FIELDS)
    else:
        found = Coupon.objects.select_for_update().filter(pk=coupon_id).first()
        if found is None:
            from core.errors import CommonErrorCode

            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such coupon.")
        coupon = found
        before = audit.snapshot(coupon, COUPON_FIELDS)
    for name, value in changes.items():
        setattr(coupon, name, value)
    if "code" in changes:
        coupon.code = normalise_code(coupon.code)
    try:
        validate_coupon(coupon)
    except ValidationError as exc:
        raise _clean_errors(exc) from None
    coupon.save()
    audit.record_field_changes(
        coupon, before, audit.snapshot(coupon, COUPON_FIELDS), actor=actor, request=request, source="api"
    )
    return coupon
