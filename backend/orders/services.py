"""Checkout, the order state machine's one writer, cancellation and reservation expiry."""

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Address
from cart.models import Cart, CartItem
from cart.pricing import price_lines
from catalog.error_codes import CatalogErrorCode
from catalog.models import ProductVariant, variant_label
from catalog.services import adjust_stock
from core import metrics
from core.errors import ApplicationError, CommonErrorCode
from core.money import from_minor_units, to_minor_units
from core.observability import tracing
from coupons import services as coupons
from orders import lifecycle, payment_methods, selectors
from orders.error_codes import OrdersErrorCode
from orders.models import Order, OrderItem, OrderStatus, OrderTransition
from orders.selectors import missing_units
from orders.signals import order_cancelled, order_status_changed, return_needed
from orders.units import release_units
from tax.gstin import InvalidGstin, validate_gstin
from tax.split import contained_tax
from tax.states import STATES, code_for_name, state_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    Actor = User | AnonymousUser | None

logger = logging.getLogger(__name__)

ADDRESS_FIELDS = (
    "full_name",
    "phone",
    "line1",
    "line2",
    "landmark",
    "city",
    "state_code",
    "state",
    "pincode",
    "country",
)


class IllegalTransition(ApplicationError):
    """A move the lifecycle does not allow (to anyone, or to this actor); callers that try a move may catch
    this family."""

    def __init__(self, from_status: str, to_status: str, actor_kind: str | None = None) -> None:
        by = f" by {actor_kind}" if actor_kind is not None else ""
        super().__init__(
            OrdersErrorCode.ILLEGAL_TRANSITION, f"An order cannot move from {from_status} to {to_status}{by}."
        )
        self.from_status, self.to_status, self.actor_kind = from_status, to_status, actor_kind


class OrderNotFound(ApplicationError):
    """No such order (or not the caller's): one answer wherever an order is looked up by id."""

    def __init__(self) -> None:
        super().__init__(CommonErrorCode.NOT_FOUND, "No such order.")


def reservation_minutes() -> int:
    """How long an unpaid order holds its stock before the expiry sweep cancels it (ORDER_RESERVATION_MINUTES)."""
    return int(settings.ORDER_RESERVATION_MINUTES)


# --- The state machine's one writer


def transition(
    order: Order,
    to_status: str,
    *,
    actor_kind: lifecycle.Actor | str,
    actor: "Actor" = None,
    source: str = "system",
    note: str = "",
) -> Order:
    """Move `order` to `to_status`, or refuse a move the lifecycle does not give `actor_kind` (shopper, staff,
    carrier, gateway, system); record who, when, from and to (`source` says through what, for the history).

    The caller holds the order's row lock (select_for_update) inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() runs inside a transaction that holds the order's row lock.")
    to_status = OrderStatus(to_status)
    from_status = order.status
    check_move(from_status, to_status, actor_kind)
    if to_status == OrderStatus.PACKED:
        require_units(order)
    now = timezone.now()
    order.status = to_status
    fields = ["status", "updated_at"]
    if to_status == OrderStatus.PAID:
        order.paid_at, order.reserved_until = now, None
        fields += ["paid_at", "reserved_until"]
    elif to_status == OrderStatus.CONFIRMED:  # cash on delivery: confirmed, the stock stays reserved for good
        order.reserved_until = None
        fields += ["reserved_until"]
    elif to_status == OrderStatus.CANCELLED:
        order.cancelled_at, order.reserved_until = now, None
        fields += ["cancelled_at", "reserved_until"]
    order.save(update_fields=fields)
    OrderTransition.objects.create(
        order=order,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        source=source,
        note=note[:300],
    )
    order_status_changed.send(
        sender=Order, order=order, from_status=from_status, to_status=to_status, source=source, actor=actor
    )
    return order


def check_move(from_status: str, to_status: str, actor_kind: lifecycle.Actor | str) -> None:
    """Refuse (409 illegal_transition) a move nobody may make, or one the lifecycle does not give `actor_kind`."""
    if not lifecycle.is_legal(from_status, to_status):
        raise IllegalTransition(from_status, to_status)
    if not lifecycle.allows(from_status, to_status, actor_kind):
        raise IllegalTransition(from_status, to_status, str(lifecycle.Actor(actor_kind)))


def require_units(order: Order) -> None:
    """A phone is packed only with the IMEI of every unit recorded (orders/units.py); accessories need none.
    Refuses with imei_required (409) otherwise."""
    missing = missing_units(order)
    if missing:
        raise ApplicationError(
            OrdersErrorCode.IMEI_REQUIRED,
            f"Record the IMEIs of {missing} more unit(s) before packing this order.",
        )


def lock_order(order_id: int, *, user: "User | None" = None) -> Order | None:
    qs = Order.objects.select_for_update().filter(pk=order_id)
    if user is not None:
        qs = qs.filter(user=user)
    order = qs.first()
    if order is not None and user is not None:
        order.user = user  # it is theirs: what reads order.user (the SMS hook) needs no second query
    return order


def flag_for_review(order: Order, reason: str) -> None:
    order.needs_review = True
    order.review_reason = reason[:300]
    order.save(update_fields=["needs_review", "review_reason", "updated_at"])
    logger.warning("Order %s flagged for review: %s", order.pk, reason)


def open_return(order: Order, reason: str) -> None:
    """The lifecycle's open_return outcome: the shopper's money went back after the parcel left, so the phone must
    come back. The returns app answers return_needed with a return already approved and refunded (staff book its
    pickup and inspect the phone); the order is flagged too, so a person sees why."""
    flag_for_review(order, f"A return was opened: {reason}")
    return_needed.send(sender=Order, order=order, reason=reason)


def paid_for_units(item: OrderItem, n: int, *, already: int = 0) -> Decimal:
    """What the shopper paid for `n` units of a line, after `already` of its units were counted (returned): the
    exact share of the line's total, the paise that do not divide going to the first units (largest remainder),
    so every unit of a line adds up to the line, never a paisa more. The one rule for a returned unit's refund:
    what was paid is the line total less its share of a coupon's discount."""
    if n < 0 or already < 0 or already + n > item.quantity:
        raise ValueError(f"{already} + {n} units of a line of {item.quantity}.")
    currency = item.order.currency
    total = to_minor_units(item.line_total - item.discount, currency)
    base, extra = divmod(total, item.quantity)

    def first(k: int) -> int:  # the first k units of the line, in minor units
        return k * base + min(k, extra)

    return from_minor_units(first(already + n) - first(already), currency)


@transaction.atomic
def staff_transition(order_id: int, to_status: str, *, actor: "User", note: str = "") -> Order:
    """A staff move (packed, shipped, delivered). Cancelling goes through cancel_order()."""
    if to_status == OrderStatus.CANCELLED:
        return cancel_order(order_id=order_id, actor=actor, actor_kind=lifecycle.Actor.STAFF, source="staff", note=note)
    order = lock_order(order_id)
    if order is None:
        raise OrderNotFound()
    return transition(order, to_status, actor_kind=lifecycle.Actor.STAFF, actor=actor, source="staff", note=note)


# --- Stock


def release_stock(order: Order) -> None:
    """Give the order's units back to stock, once. Rows are locked in primary-key order."""
    if not order.stock_reserved:
        return
    deltas: dict[int, int] = {}
    for variant_id, quantity in order.items.filter(variant__isnull=False).values_list("variant_id", "quantity"):
        deltas[variant_id] = deltas.get(variant_id, 0) + quantity
    locked = ProductVariant.objects.select_for_update().filter(pk__in=deltas).order_by("pk").values_list("pk", "stock")
    adjust_stock(deltas, stock_before=dict(locked))
    order.stock_reserved = False
    order.save(update_fields=["stock_reserved", "updated_at"])


# --- Checkout


def _address_snapshot(
    user: "User", address_id: int | None, address: Mapping[str, Any] | None
) -> tuple[dict[str, Any], int | None]:
    """The delivery address as the order keeps it, with its state code (the place of supply), and the saved
    address's id. An inline address's state comes as the API resolved it (state_code, else a known name)."""
    if address_id is not None:
        saved = Address.objects.filter(pk=address_id, user=user).first()
        if saved is None:
            raise ApplicationError(
                OrdersErrorCode.INVALID_ADDRESS,
                "Choose one of your saved addresses.",
                fields={"address_id": ["No such address in your address book."]},
            )
        if not saved.state_code:  # saved before addresses had codes, with a name that matched no state
            raise ApplicationError(
                OrdersErrorCode.INVALID_ADDRESS,
                "Add the state to this address, then check out again.",
                fields={"address_id": [f"Add the state to this address: {saved.state!r} is not one we know."]},
            )
        return {name: getattr(saved, name) for name in ADDRESS_FIELDS}, saved.pk
    snapshot = {name: (address or {}).get(name, "") for name in ADDRESS_FIELDS}
    code = snapshot["state_code"] or code_for_name(snapshot["state"]) or ""
    if not code:
        raise ApplicationError(
            CommonErrorCode.INVALID,
            "Choose the state of the delivery address.",
            fields={"address.state_code": ["Choose the state: GET /api/states/ lists the codes."]},
        )
    return {**snapshot, "state_code": code, "state": state_name(code)}, None


def _buyer_gstin(buyer_gstin: str) -> str:
    """The GSTIN normalised (stripped, uppercased), blank when none was given; a wrong one is refused with
    the rule it breaks (tax.gstin)."""
    if not buyer_gstin.strip():
        return ""
    try:
        return validate_gstin(buyer_gstin)
    except InvalidGstin as exc:
        raise ApplicationError(
            CommonErrorCode.INVALID, "This GSTIN is not valid.", fields={"buyer_gstin": [str(exc)]}
        ) from exc


def _check_gstin_state(buyer_gstin: str, place_of_supply: str) -> None:
    """A GSTIN is registered in one state; the invoice's billing address (one address per order: the delivery
    address) must be in that state for the buyer to claim the input tax credit."""
    if buyer_gstin and buyer_gstin[:2] != place_of_supply:
        registered = STATES.get(buyer_gstin[:2], f"state code {buyer_gstin[:2]}")
        raise ApplicationError(
            CommonErrorCode.INVALID,
            "The GSTIN and the billing address are in different states.",
            fields={
                "buyer_gstin": [
                    f"This GSTIN is registered in {registered}, the billing address is in "
                    f"{state_name(place_of_supply)}. Use the GSTIN of your registration in "
                    f"{state_name(place_of_supply)}, or an address in {registered}."
                ]
            },
        )


def _place_of_supply(user: "User", address_id: int | None, address: Mapping[str, Any] | None) -> str:
    """The delivery state's code as a checkout of this request would take it, without refusing: what a
    repeated request is compared on (blank for an address that is gone or has no state)."""
    if address_id is not None:
        saved = Address.objects.filter(pk=address_id, user=user).values_list("state_code", flat=True).first()
        return saved or ""
    address = address or {}
    return str(address.get("state_code") or code_for_name(str(address.get("state", ""))) or "")


# (variant id, quantity). Any: an order's line whose variant was deleted since (SET_NULL) has no id.
Line = tuple[Any, int]


def _fingerprint(
    payment_method: str,
    address_id: int | None,
    address: Mapping[str, Any] | None,
    lines: Iterable[Line],
    *,
    place_of_supply: str,
    buyer_gstin: str,
) -> str:
    body = {
        "payment_method": payment_method,
        "address_id": address_id,
        "address": {k: str(v) for k, v in sorted((address or {}).items())} if address_id is None else None,
        "lines": sorted([int(v), int(q)] for v, q in lines),
        "place_of_supply": place_of_supply,
        "buyer_gstin": buyer_gstin,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _replay(
    order: Order,
    *,
    user: "User",
    payment_method: str,
    address_id: int | None,
    address: Mapping[str, Any] | None,
    buyer_gstin: str,
    cart_lines: list[Line],
) -> Order:
    """The same Idempotency-Key again: the same order if it is the same request, else a refusal.
    After the first request the cart is empty (its lines became the order), so an empty cart
    compares as the order's own lines. The delivery state and the GSTIN count: a repeat with another
    GSTIN, or after the saved address moved to another state, is another checkout."""
    lines = cart_lines or [(item.variant_id, item.quantity) for item in order.items.all()]
    place_of_supply = _place_of_supply(user, address_id, address)
    if any(variant_id is None for variant_id, _ in lines):
        # A phone of the order was deleted since, and its id with it: the fingerprint cannot be rebuilt, so the
        # request is compared with what the order recorded (its lines came from the cart, not the request).
        same = (
            payment_method == order.payment_method
            and place_of_supply == order.place_of_supply
            and buyer_gstin == order.buyer_gstin
            and (address_id == order.address_id if address_id is not None else _same_address(address, order))
        )
    else:
        fingerprint = _fingerprint(
            payment_method, address_id, address, lines, place_of_supply=place_of_supply, buyer_gstin=buyer_gstin
        )
        same = fingerprint == order.request_fingerprint
    if not same:
        raise ApplicationError(
            OrdersErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used for a different checkout."
        )
    return order


def _same_address(address: Mapping[str, Any] | None, order: Order) -> bool:
    """An inline delivery address equal, field by field as given, to the order's snapshot of it (the state's
    name aside: the snapshot holds the canonical one, and the place of supply is compared on its own)."""
    snapshot = order.shipping_address or {}
    given = {k: v for k, v in (address or {}).items() if k != "state"}
    return bool(given) and all(str(snapshot.get(k, "")) == str(v) for k, v in given.items())


def checkout(
    *,
    user: "User",
    payment_method: str,
    address_id: int | None = None,
    address: Mapping[str, Any] | None = None,
    buyer_gstin: str = "",
    idempotency_key: str | None = None,
) -> tuple[Order, bool]:
    """_place_order, with its outcome counted (phonestore_checkout_total{outcome}: created, replayed or the
    refusal's error code) and the order's id on the request's trace."""
    try:
        order, created = _place_order(
            user=user,
            payment_method=payment_method,
            address_id=address_id,
            address=address,
            buyer_gstin=buyer_gstin,
            idempotency_key=idempotency_key,
        )
    except ApplicationError as exc:
        metrics.count("checkout", outcome=str(exc.code))
        if exc.code == OrdersErrorCode.OUT_OF_STOCK:  # a shopper met a stock-out
            metrics.count("stock_out", source="checkout_refused")
        raise
    except Exception:
        metrics.count("checkout", outcome="error")
        raise
    metrics.count("checkout", outcome="created" if created else "replayed")
    tracing.set_order(order.pk)
    return order, created


def _place_order(
    *,
    user: "User",
    payment_method: str,
    address_id: int | None = None,
    address: Mapping[str, Any] | None = None,
    buyer_gstin: str = "",
    idempotency_key: str | None = None,
) -> tuple[Order, bool]:
    """Turn the user's cart into an order in PENDING_PAYMENT and reserve its stock, all or nothing.

    The order's place of supply is the delivery address's state; a buyer GSTIN (optional, for a business
    purchase) must be valid and registered in that state. Returns (order, created). With an
    Idempotency-Key a repeated request returns the same order."""
    if payment_method not in payment_methods.offered_codes():
        raise ApplicationError(
            OrdersErrorCode.PAYMENT_METHOD_UNAVAILABLE,
            "This payment method is not available.",
            fields={"payment_method": [f"Choose one of: {', '.join(sorted(payment_methods.offered_codes()))}."]},
        )
    gstin = _buyer_gstin(buyer_gstin)
    condition = payment_methods.condition_of(payment_method)
    # Cash on delivery: its rules again, before any lock (the carrier is asked). A repeat of a checkout that
    # was placed is answered with its order, whatever the rules say now.
    if condition is not None and not _placed_with(user, idempotency_key):
        _check_condition(condition, user=user, pincode=_pincode(user, address_id, address))
    try:
        with transaction.atomic():
            return _checkout(
                user=user,
                payment_method=payment_method,
                address_id=address_id,
                address=address,
                buyer_gstin=gstin,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # A parallel request with the same key won the unique constraint; ours rolled back whole.
        existing = Order.objects.filter(user=user, idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return _replay(
            existing,
            user=user,
            payment_method=payment_method,
            address_id=address_id,
            address=address,
            buyer_gstin=gstin,
            cart_lines=[],
        ), False


def _placed_with(user: "User", idempotency_key: str | None) -> bool:
    return bool(idempotency_key) and Order.objects.filter(user=user, idempotency_key=idempotency_key).exists()


def _pincode(user: "User", address_id: int | None, address: Mapping[str, Any] | None) -> str:
    """The delivery pincode of this checkout's address (blank when there is none yet)."""
    if address_id is not None:
        return str(Address.objects.filter(pk=address_id, user=user).values_list("pincode", flat=True).first() or "")
    return str((address or {}).get("pincode") or "")


def _check_condition(
    condition: payment_methods.Condition, *, user: "User", pincode: str, total: Decimal | None = None
) -> None:
    """Refuse (400 cod_not_offered, the reasons' codes in fields.reasons) a conditional payment method whose rules
    do not hold for this shopper, total (the cart's, when not given) and pincode."""
    offered, reasons = condition.check(user, cart_total(user) if total is None else total, pincode)
    if not offered:
        raise ApplicationError(
            OrdersErrorCode.COD_NOT_OFFERED,
            "Cash on delivery is not available for this order: " + " ".join(r["message"] for r in reasons),
            fields={"payment_method": [r["message"] for r in reasons], "reasons": [r["code"] for r in reasons]},
        )


def _checkout(
    *,
    user: "User",
    payment_method: str,
    address_id: int | None,
    address: Mapping[str, Any] | None,
    buyer_gstin: str,
    idempotency_key: str | None,
) -> tuple[Order, bool]:
    # The cart row lock serialises one user's concurrent checkouts.
    cart = Cart.objects.select_for_update().filter(user=user).first()
    lines: list[Line] = (
        list(CartItem.objects.filter(cart=cart).order_by("added_at", "id").values_list("variant_id", "quantity"))
        if cart
        else []
    )
    if idempotency_key:
        existing = Order.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replay(
                existing,
                user=user,
                payment_method=payment_method,
                address_id=address_id,
                address=address,
                buyer_gstin=buyer_gstin,
                cart_lines=lines,
            ), False
    if not lines:
        raise ApplicationError(OrdersErrorCode.CART_EMPTY, "Your cart is empty.")
    snapshot, saved_address_id = _address_snapshot(user, address_id, address)
    place_of_supply = snapshot["state_code"]
    _check_gstin_state(buyer_gstin, place_of_supply)

    # Lock the variant rows in primary-key order (no deadlock between checkouts), then check them.
    variants = {
        v.pk: v
        for v in ProductVariant.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=[v for v, _ in lines])
        .order_by("pk")
    }
    problems: dict[str, list[str]] = {}
    code: OrdersErrorCode | CatalogErrorCode = OrdersErrorCode.OUT_OF_STOCK
    for variant_id, quantity in lines:
        variant = variants[variant_id]
        if not (variant.is_active and variant.product.is_active):
            problems[f"items.{variant_id}"] = [f"{variant.sku} is no longer sold."]
            code = CatalogErrorCode.VARIANT_UNAVAILABLE
        elif variant.stock < quantity:
            problems[f"items.{variant_id}"] = [
                f"Only {variant.stock} of {variant.sku} left." if variant.stock else f"{variant.sku} is out of stock."
            ]
    if problems:
        message = (
            "Some phones in your cart are no longer sold."
            if code is CatalogErrorCode.VARIANT_UNAVAILABLE
            else "Some phones in your cart are out of stock."
        )
        raise ApplicationError(code, message, fields=problems)

    currency = settings.STORE_CURRENCY
    priced = price_lines([(variants[v], q) for v, q in lines], currency)
    coupon = coupons.apply_at_checkout(cart, priced, user=user)  # a capped one locked; refuses one used up
    condition = payment_methods.condition_of(payment_method)
    status, hold = OrderStatus.PENDING_PAYMENT, reservation_minutes()
    fee = tax_total = Decimal("0")
    if condition is not None:  # cash on delivery: placed unpaid, awaiting the shopper's code, with its fee
        status, hold, fee = OrderStatus(condition.unpaid_status), condition.hold_minutes(), condition.fee()
        # The value limit once more on the final total, under the cart's lock (the carrier was asked before).
        if priced.total + fee > settings.COD_MAX_ORDER_VALUE:
            _check_condition(condition, user=user, pincode=snapshot.get("pincode", ""), total=priced.total)
        if fee:  # taxed like shipping: part of the composite supply, at the goods' (principal) rate
            tax_total = contained_tax(fee, max(line.gst_rate for line in priced.lines), currency)
    order = Order.objects.create(
        user=user,
        status=status,
        payment_method=payment_method,
        currency=currency,
        subtotal=priced.subtotal,
        mrp_total=priced.mrp_total,
        savings=priced.savings,
        shipping_fee=priced.shipping_fee,
        cod_fee=fee,
        tax_total=priced.gst_total + tax_total,
        total=priced.total + fee,
        discount_total=priced.discount_total,
        coupon_code=priced.coupon_code,
        shipping_address=snapshot,
        address_id=saved_address_id,
        place_of_supply=place_of_supply,
        buyer_gstin=buyer_gstin,
        idempotency_key=idempotency_key or None,
        request_fingerprint=_fingerprint(
            payment_method, address_id, address, lines, place_of_supply=place_of_supply, buyer_gstin=buyer_gstin
        ),
        reserved_until=timezone.now() + timedelta(minutes=hold),
    )
    items = OrderItem.objects.bulk_create(
        [
            OrderItem(
                order=order,
                variant=line.variant,
                product_title=line.variant.product.title,
                sku=line.variant.sku,
                variant_label=variant_label(line.variant),
                quantity=line.quantity,
                unit_price=line.unit_price,
                unit_mrp=line.unit_mrp,
                line_total=line.line_total,
                gst_rate=line.gst_rate,
                tax_amount=line.gst_amount,
                discount=line.discount,
                hsn_code=line.variant.product.hsn_code,
                imei_required=line.variant.product.imei_required,
            )
            for line in priced.lines
        ]
    )
    deltas: dict[int, int] = {}
    for variant_id, quantity in lines:
        deltas[variant_id] = deltas.get(variant_id, 0) - quantity
    adjust_stock(deltas, stock_before={pk: variants[pk].stock for pk in deltas})  # read under the lock above
    sold_out = sum(1 for variant_id, delta in deltas.items() if variants[variant_id].stock + delta <= 0)
    if sold_out:  # this order took a phone's last units
        transaction.on_commit(lambda: metrics.count("stock_out", source="sold_out"))
    placed = OrderTransition.objects.create(
        order=order, from_status="", to_status=order.status, actor=user, source="customer", note="checkout"
    )
    CartItem.objects.filter(cart=cart).delete()
    coupons.redeem(coupon, order=order, cart=cart)
    if condition is not None:
        condition.on_placed(order)
    return selectors.placed_order(order, items, placed), True


# --- Payment methods for this shopper


def cart_total(user: "User | AnonymousUser | None") -> Decimal:
    """What the signed-in shopper's cart costs now (its coupon off, shipping in); 0 without a cart."""
    from cart import selectors as cart_selectors
    from cart import services as cart_services

    if user is None or not user.is_authenticated:
        return Decimal("0")
    cart = cart_selectors.user_cart(user)
    _, priced = cart_services.priced(cart)
    coupons.price_with_coupon(cart, priced, user=user)
    return priced.total


def checkout_methods(user: "User | AnonymousUser | None", pincode: str) -> list[dict[str, Any]]:
    """The payment methods checkout lists; a conditional one (cash on delivery) says whether it is offered to this
    shopper for their cart and `pincode`, and every reason it is not."""
    methods = payment_methods.offered()
    if not any(payment_methods.condition_of(m["code"]) for m in methods):
        return methods
    total = cart_total(user)
    answer = []
    for method in methods:
        condition = payment_methods.condition_of(method["code"])
        if condition is not None:
            offered, reasons = condition.check(user, total, pincode)
            method = {**method, "offered": offered, "reasons": reasons}
        answer.append(method)
    return answer


# --- Cancellation and expiry


def cancel_order(
    *,
    order_id: int,
    user: "User | None" = None,
    actor: "Actor" = None,
    actor_kind: lifecycle.Actor | str = lifecycle.Actor.SHOPPER,
    source: str = "customer",
    note: str = "",
) -> Order:
    """Cancel before shipping: the stock goes back, so do the units whose IMEIs were recorded, and a paid
    order is refunded (payments answers the order_cancelled signal). `user` limits the order to that customer's own."""
    with transaction.atomic():
        order = lock_order(order_id, user=user)
        if order is None:
            raise OrderNotFound()
        return cancel_locked(order, actor=actor or user, actor_kind=actor_kind, source=source, note=note)


def cancel_locked(
    order: Order, *, actor: "Actor" = None, actor_kind: lifecycle.Actor | str, source: str, note: str = ""
) -> Order:
    """cancel_order() for an order whose row lock the caller already holds (inside its transaction)."""
    if not lifecycle.cancellable(order.status, actor_kind):
        raise ApplicationError(OrdersErrorCode.NOT_CANCELLABLE, "This order can no longer be cancelled.")
    previous = order.status
    transition(order, OrderStatus.CANCELLED, actor_kind=actor_kind, actor=actor, source=source, note=note)
    if lifecycle.triggers(previous, OrderStatus.CANCELLED, lifecycle.Effect.RELEASE_STOCK):
        release_stock(order)
    if lifecycle.triggers(previous, OrderStatus.CANCELLED, lifecycle.Effect.RELEASE_UNITS):
        release_units(order)  # recorded IMEIs of phones that never left: back on the shelf, sellable again
    coupons.release(order)  # its coupon use comes back (coupons is below orders: it never imports it)
    order_cancelled.send(sender=Order, order=order, previous_status=previous)
    return order


def expire_unpaid_orders(now: datetime | None = None, limit: int = 500) -> int:
    """Cancel orders still unpaid (or, cash on delivery, unconfirmed) after their reservation and give their stock
    back: every status the lifecycle lets the system cancel from."""
    now = now or timezone.now()
    waiting = [s for s in lifecycle.STATUSES if lifecycle.allows(s, OrderStatus.CANCELLED, lifecycle.Actor.SYSTEM)]
    due = list(
        Order.objects.filter(status__in=waiting, reserved_until__lt=now)
        .order_by("reserved_until")
        .values_list("pk", flat=True)[:limit]
    )
    expired = 0
    for order_id in due:
        with transaction.atomic():
            order = (
                Order.objects.select_for_update(skip_locked=True)
                .filter(pk=order_id, status__in=waiting, reserved_until__lt=now)
                .first()
            )
            if order is None:  # paid, confirmed or cancelled meanwhile, or being paid right now
                continue
            previous = order.status
            cancel_locked(
                order,
                actor_kind=lifecycle.Actor.SYSTEM,
                source="system",
                note="Payment not received in time; reservation released."
                if previous == OrderStatus.PENDING_PAYMENT
                else "Cash on delivery not confirmed in time; reservation released.",
            )
            expired += 1
    return expired


# --- Payment outcomes (called by the payments app, under the order's row lock)


def mark_paid(order: Order, *, source: str, note: str = "") -> bool:
    """PENDING_PAYMENT → PAID. Returns False (and changes nothing) when the order is not awaiting payment."""
    if not lifecycle.awaits_payment(order.status):
        return False
    transition(order, OrderStatus.PAID, actor_kind=lifecycle.Actor.GATEWAY, source=source, note=note)
    return True


def mark_refunded(order: Order, *, source: str, note: str = "") -> bool:
    """REFUNDED when the order's status allows it (delivered and returned, or cancelled); False otherwise."""
    if lifecycle.allows(order.status, OrderStatus.REFUNDED, lifecycle.Actor.GATEWAY):
        transition(order, OrderStatus.REFUNDED, actor_kind=lifecycle.Actor.GATEWAY, source=source, note=note)
        return True
    return False
