"""Demo data for `make run` (manage.py seed_demo_shop, DEBUG only): the two console accounts with fixed, published
passwords, and a month of orders of a demo shopper so the console's Today has real days to draw.

The orders are written as rows (with their items, payments, transitions, a refund and a return), back-dated, not
driven through checkout and payment; `make run`'s periodic tasks then treat them as any order (the paid ones are
booked with the mock carrier and packed, tax invoices issued). They are the demo shopper's only orders; once there, a
second run leaves them as they are."""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import ADMIN, CUSTOMER, STAFF
from catalog.models import ProductVariant
from orders.models import Order, OrderItem, OrderStatus, OrderTransition
from payments.models import Payment, PaymentRefund, PaymentStatus, RefundStatus
from returns.models import ReturnOutcome, ReturnReason, ReturnRequest
from staff.reports import IST, india_today

# Demo only: printed by scripts/run and named in the README. The command refuses to run with DEBUG off.
DEMO_ACCOUNTS = (
    ("staff@phonestore.example", STAFF, "Demo-Staff-Console-19", "Demo Staff"),
    ("admin@phonestore.example", ADMIN, "Demo-Admin-Console-19", "Demo Admin"),
)
SHOPPER = "demo-shopper@phonestore.example"
DAYS = 30
S = OrderStatus
PAISA = Decimal("0.01")
ADDRESS = {
    "full_name": "Asha Demo",
    "phone": "9876543210",
    "line1": "12 MG Road",
    "line2": "",
    "landmark": "",
    "city": "Pune",
    "state": "Maharashtra",
    "state_code": "27",
    "pincode": "411001",
    "country": "IN",
}


def ensure_accounts() -> list[str]:
    """The staff and admin demo accounts, in their roles, with their demo passwords (reset on every run)."""
    lines = []
    for email, role, password, name in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first() or User(email=email, full_name=name)
        user.is_staff, user.is_active = True, True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        lines.append(f"{role}: {email} / {password}")
    return lines


@dataclass
class _Plan:
    status: str
    method: str
    placed: datetime
    paid: datetime | None
    cancelled: bool = False
    refunded: bool = False
    returned: bool = False


def _plans(rng: random.Random) -> list[_Plan]:
    """About three orders a day for DAYS Indian days: older ones delivered, recent ones still on their way, today's
    waiting to be packed; a cancellation refunded, cash on delivery (delivered, and one awaiting the code), a return."""
    today = india_today()
    plans = []
    for age in range(DAYS - 1, -1, -1):
        day = today - timedelta(days=age)
        for _ in range(rng.randint(1, 5) if age else 2):
            placed = datetime.combine(day, time(rng.randint(9, 21), rng.randint(0, 59)), tzinfo=IST)
            status = S.DELIVERED if age > 5 else (S.SHIPPED if age > 2 else (S.PACKED if age else S.PAID))
            cod = rng.random() < 0.25 and age > 5
            paid = placed + timedelta(days=4) if cod else placed + timedelta(minutes=3)
            plans.append(_Plan(status, "cod" if cod else "dev", placed, paid))
    plans[3].cancelled = plans[3].refunded = True
    plans[8].returned = True
    for plan in (plans[3], plans[8]):  # paid up front
        plan.method, plan.paid = "dev", plan.placed + timedelta(minutes=3)
    plans[3].status = S.REFUNDED
    now = datetime.combine(today, time(8, 30), tzinfo=IST)
    plans.append(_Plan(S.CONFIRMATION_PENDING, "cod", now, None))
    return plans


def _tax(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate / (100 + rate)).quantize(PAISA, rounding=ROUND_HALF_UP)


def _make(plan: _Plan, shopper: User, variants: list[ProductVariant], rng: random.Random) -> None:
    lines = rng.sample(variants, k=min(len(variants), 1 if rng.random() < 0.8 else 2))
    subtotal = sum((v.price for v in lines), Decimal("0"))
    rate = Decimal("18")
    order = Order.objects.create(
        user=shopper,
        status=plan.status,
        payment_method=plan.method,
        subtotal=subtotal,
        mrp_total=sum((v.mrp for v in lines), Decimal("0")),
        savings=sum((v.mrp - v.price for v in lines), Decimal("0")),
        tax_total=_tax(subtotal, rate),
        total=subtotal,
        shipping_address=ADDRESS,
        place_of_supply="27",
        stock_reserved=False,
    )
    for v in lines:
        OrderItem.objects.create(
            order=order,
            variant=v,
            product_title=v.product.title,
            sku=v.sku,
            variant_label=f"{v.ram_gb} GB · {v.storage_gb} GB · {v.color}",
            quantity=1,
            unit_price=v.price,
            unit_mrp=v.mrp,
            line_total=v.price,
            gst_rate=rate,
            tax_amount=_tax(v.price, rate),
            hsn_code="8517",
        )
    paid = plan.paid if plan.method != "cod" or plan.status == S.DELIVERED else None
    steps = _steps(plan)
    OrderTransition.objects.bulk_create(
        OrderTransition(order=order, from_status=a, to_status=b, source="demo") for a, b in steps
    )
    Order.objects.filter(pk=order.pk).update(
        created_at=plan.placed,
        paid_at=paid,
        cancelled_at=plan.placed + timedelta(hours=2) if plan.cancelled else None,
    )
    if paid and plan.method != "cod":
        payment = Payment.objects.create(
            order=order, gateway=plan.method, amount=order.total, currency="INR", status=PaymentStatus.PAID
        )
        if plan.refunded:
            PaymentRefund.objects.create(
                payment=payment,
                amount_minor=int(order.total * 100),
                status=RefundStatus.PROCESSED,
                reason="demo: cancelled by the shopper",
            )
    if plan.returned:
        ReturnRequest.objects.create(
            order=order, reason=ReturnReason.NOT_AS_DESCRIBED, outcome=ReturnOutcome.REFUND, details="Demo return."
        )


def _steps(plan: _Plan) -> list[tuple[str, str]]:
    if plan.status == S.CONFIRMATION_PENDING:
        return [("", S.CONFIRMATION_PENDING)]
    if plan.refunded:
        return [("", S.PENDING_PAYMENT), (S.PENDING_PAYMENT, S.PAID), (S.PAID, S.CANCELLED), (S.CANCELLED, S.REFUNDED)]
    path: list[str] = (
        [S.CONFIRMATION_PENDING, S.CONFIRMED, S.PACKED, S.SHIPPED, S.DELIVERED]
        if plan.method == "cod"
        else [S.PENDING_PAYMENT, S.PAID, S.PACKED, S.SHIPPED, S.DELIVERED]
    )
    path = path[: path.index(plan.status) + 1]
    return list(zip(["", *path[:-1]], path, strict=True))


@transaction.atomic
def seed_demo_shop() -> list[str]:
    """The demo accounts (always) and the demo month of orders (once). Returns lines to print."""
    lines = ensure_accounts()
    shopper = User.objects.filter(email=SHOPPER).first()
    if shopper is None:
        shopper = User.objects.create_user(SHOPPER, None, full_name="Asha Demo")  # signs in nowhere: no password
        shopper.groups.set([Group.objects.get(name=CUSTOMER)])
    if Order.objects.filter(user=shopper).exists():
        return [*lines, "Demo orders: already there."]
    sellable = ProductVariant.objects.filter(is_active=True, product__is_active=True, stock__gt=0)
    ids = list(sellable.order_by("pk").values_list("pk", flat=True))
    # Spread over the catalog (its variants come brand by brand): several brands for the by-brand chart.
    variants = list(sellable.filter(pk__in=ids[:: max(1, len(ids) // 60)]).select_related("product").order_by("pk"))
    if not variants:
        return [*lines, "Demo orders: none made (no catalog: run manage.py seed_demo first)."]
    rng = random.Random(19)  # the same demo month on every machine
    plans = _plans(rng)
    for plan in plans:
        _make(plan, shopper, variants, rng)
    return [*lines, f"Demo orders: {len(plans)} over the last {DAYS} days."]
