"""GET /api/staff/reports/dashboard/: the console's Today. The figures are checked against sums computed here, in
Python, from the orders this test builds (several Indian days, brands and payment methods; cancelled, refunded,
returned, a refund of a foreign-currency charge, orders outside the window and never paid)."""

import time as time_module
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from catalog.models import ProductVariant
from catalog.tests.factories import BrandFactory, ProductFactory, VariantFactory
from conftest import client_for, refusal
from core.cache import clear_local
from orders.models import Order, OrderItem, OrderStatus, OrderTransition
from payments.models import Payment, PaymentRefund, PaymentStatus, RefundStatus
from returns.models import ReturnRequest, ReturnStatus
from staff import reports
from staff.tests.factories import customer, shop_admin, staff_member

pytestmark = pytest.mark.django_db

URL = "/api/staff/reports/dashboard/"
IST = ZoneInfo("Asia/Kolkata")
TODAY = date(2026, 11, 20)
S = OrderStatus


def ist(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=IST)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("staff.reports.india_today", return_value=TODAY):
        yield


@dataclass
class Line:
    variant: ProductVariant | None
    quantity: int
    line_total: Decimal
    discount: Decimal = Decimal("0")


@dataclass
class Spec:
    """One order as the test means it; the expected figures are computed from these, not from the database."""

    method: str
    status: str
    lines: list[Line]
    created: datetime
    paid: datetime | None = None
    cancelled: bool = False
    fees: Decimal = Decimal("0")
    confirmed: bool = False  # COD: the shopper's code went through
    refunds_inr: list[Decimal] = field(default_factory=list)  # processed, in INR
    returned: bool = False

    @property
    def total(self) -> Decimal:
        return sum((line.line_total - line.discount for line in self.lines), Decimal("0")) + self.fees


def build(spec: Spec, user) -> Order:
    order = Order.objects.create(
        user=user,
        status=spec.status,
        payment_method=spec.method,
        subtotal=sum((line.line_total for line in spec.lines), Decimal("0")),
        mrp_total=sum((line.line_total for line in spec.lines), Decimal("0")),
        discount_total=sum((line.discount for line in spec.lines), Decimal("0")),
        shipping_fee=spec.fees,
        tax_total=Decimal("0"),
        total=spec.total,
        shipping_address={"city": "Pune"},
        stock_reserved=False,
    )
    for line in spec.lines:
        OrderItem.objects.create(
            order=order,
            variant=line.variant,
            product_title="Phone",
            sku="SKU",
            variant_label="8/128",
            quantity=line.quantity,
            unit_price=line.line_total / line.quantity,
            unit_mrp=line.line_total / line.quantity,
            line_total=line.line_total,
            discount=line.discount,
            gst_rate=Decimal("18"),
            tax_amount=Decimal("0"),
        )
    Order.objects.filter(pk=order.pk).update(
        created_at=spec.created,
        paid_at=spec.paid,
        cancelled_at=spec.created + timedelta(hours=5) if spec.cancelled else None,
    )
    if spec.confirmed:
        OrderTransition.objects.create(
            order=order, from_status=S.CONFIRMATION_PENDING, to_status=S.CONFIRMED, source="t"
        )
    if spec.paid and spec.method != "cod":
        payment = Payment.objects.create(
            order=order, gateway=spec.method, amount=spec.total, currency="INR", status=PaymentStatus.PAID
        )
        for amount in spec.refunds_inr:
            PaymentRefund.objects.create(
                payment=payment, amount_minor=int(amount * 100), status=RefundStatus.PROCESSED, gateway_refund_id=""
            )
    if spec.returned:
        ReturnRequest.objects.create(order=order, reason="other", outcome="refund", status=ReturnStatus.REQUESTED)
    return order


@pytest.fixture
def shop(category):
    samsung, apple = BrandFactory(name="Samsung", slug="samsung"), BrandFactory(name="Apple", slug="apple")
    galaxy = VariantFactory(product=ProductFactory(brand=samsung, category=category), stock=40)
    iphone = VariantFactory(product=ProductFactory(brand=apple, category=category), stock=40)
    return galaxy, iphone


@pytest.fixture
def orders(shop):
    """A month of a small shop, with what must not count."""
    galaxy, iphone = shop
    d = Decimal
    specs = [
        # Paid at 23:30 IST and at 00:15 IST the next day: one UTC date, two Indian days.
        Spec("razorpay", S.DELIVERED, [Line(galaxy, 1, d("20000.00"))], ist(ago(1), 23, 10), ist(ago(1), 23, 30)),
        Spec(
            "razorpay",
            S.DELIVERED,
            [Line(iphone, 1, d("30000.00"))],
            ist(ago(1), 23, 50),
            ist(ago(0), 0, 15),
            fees=d("99.00"),
        ),
        # Two phones, a coupon's share off each line.
        Spec(
            "razorpay",
            S.PACKED,
            [Line(galaxy, 2, d("40000.00"), d("1000.00")), Line(iphone, 1, d("60000.00"), d("1500.00"))],
            ist(ago(2), 10),
            ist(ago(2), 10, 5),
        ),
        # Cash on delivery: placed day 5, cash collected at delivery on day 2; the fee is no brand's.
        Spec(
            "cod",
            S.DELIVERED,
            [Line(galaxy, 1, d("15000.00"))],
            ist(ago(5)),
            ist(ago(2), 18),
            d("49.00"),
            confirmed=True,
        ),
        # COD confirmed, on its way: committed, not a sale yet.
        Spec("cod", S.SHIPPED, [Line(iphone, 1, d("70000.00"))], ist(ago(1)), confirmed=True),
        # COD confirmed then cancelled (refused at the door): committed and cancelled, never a sale.
        Spec("cod", S.CANCELLED, [Line(galaxy, 1, d("15000.00"))], ist(ago(6)), confirmed=True, cancelled=True),
        # Paid, cancelled, refunded whole: a sale of day 3 with net 0; no brand's.
        Spec(
            "razorpay",
            S.REFUNDED,
            [Line(iphone, 1, d("25000.00"))],
            ist(ago(3), 9),
            ist(ago(3), 9, 1),
            cancelled=True,
            refunds_inr=[d("25000.00")],
        ),
        # Delivered, one of two units returned and refunded: net less the refund; the brand keeps the line.
        Spec(
            "dev",
            S.DELIVERED,
            [Line(galaxy, 2, d("36000.00"))],
            ist(ago(10)),
            ist(ago(10), 12, 3),
            refunds_inr=[d("18000.00")],
            returned=True,
        ),
        # A line whose phone was since deleted from the catalog: brand null.
        Spec("dev", S.SHIPPED, [Line(None, 1, d("9999.00"))], ist(ago(29), 0, 5), ist(ago(29), 0, 6)),
        # Outside the window: paid 30 days ago (the window is today and the 29 days before).
        Spec("razorpay", S.DELIVERED, [Line(galaxy, 1, d("11111.00"))], ist(ago(30), 23), ist(ago(30), 23, 59)),
        # Never paid: an abandoned checkout (cancelled by the expiry) and one still awaiting payment.
        Spec("razorpay", S.CANCELLED, [Line(galaxy, 1, d("5000.00"))], ist(ago(4)), cancelled=True),
        Spec("razorpay", S.PENDING_PAYMENT, [Line(iphone, 1, d("5000.00"))], ist(ago(0), 8)),
        Spec("cod", S.CONFIRMATION_PENDING, [Line(iphone, 1, d("6000.00"))], ist(ago(0), 9)),
    ]
    user = UserFactory()
    built = [build(spec, user) for spec in specs]
    return specs, built


def window_days() -> list[date]:
    return [ago(n) for n in range(29, -1, -1)]


def in_window(moment: datetime | None) -> bool:
    return moment is not None and ago(29) <= moment.astimezone(IST).date() <= TODAY


def expected_sales(specs: list[Spec]) -> dict:
    sales = [s for s in specs if s.paid is not None and in_window(s.paid)]
    per_day = []
    for day in window_days():
        of_day = [s for s in sales if s.paid and s.paid.astimezone(IST).date() == day]
        gross = sum((s.total for s in of_day), Decimal("0"))
        refunds = sum((r for s in of_day for r in s.refunds_inr), Decimal("0"))
        per_day.append(
            {
                "date": day.isoformat(),
                "orders": len(of_day),
                "gross": f"{gross:.2f}",
                "refunds": f"{refunds:.2f}",
                "net": f"{gross - refunds:.2f}",
            }
        )
    methods: dict[str, dict] = {}
    for s in sales:
        row = methods.setdefault(s.method, {"orders": 0, "gross": Decimal("0"), "refunds": Decimal("0")})
        row["orders"] += 1
        row["gross"] += s.total
        row["refunds"] += sum(s.refunds_inr, Decimal("0"))
    gross = sum((s.total for s in sales), Decimal("0"))
    refunds = sum((r for s in sales for r in s.refunds_inr), Decimal("0"))
    return {
        "per_day": per_day,
        "by_method": {
            m: {
                "orders": r["orders"],
                "gross": f"{r['gross']:.2f}",
                "refunds": f"{r['refunds']:.2f}",
                "net": f"{r['gross'] - r['refunds']:.2f}",
            }
            for m, r in methods.items()
        },
        "totals": {
            "orders": len(sales),
            "gross": f"{gross:.2f}",
            "refunds": f"{refunds:.2f}",
            "net": f"{gross - refunds:.2f}",
        },
    }


def expected_brands(specs: list[Spec]) -> dict:
    out: dict = {}
    for s in specs:
        if not in_window(s.paid) or s.status in (S.CANCELLED, S.REFUNDED):
            continue
        for line in s.lines:
            brand = line.variant.product.brand.name if line.variant else None
            row = out.setdefault(brand, {"units": 0, "value": Decimal("0")})
            row["units"] += line.quantity
            row["value"] += line.line_total - line.discount
    return {b: {"units": r["units"], "value": f"{r['value']:.2f}"} for b, r in out.items()}


def test_the_figures_equal_the_orders_sums(staff_client, orders):
    specs, _ = orders
    body = staff_client.get(URL).json()
    assert body["window"] == {"days": 30, "since": ago(29).isoformat(), "until": TODAY.isoformat()}

    want = expected_sales(specs)
    assert body["sales"]["per_day"] == want["per_day"]  # every day of the window, oldest first
    assert body["sales"]["totals"] == want["totals"]
    got_methods = {row.pop("payment_method"): row for row in body["sales"]["by_payment_method"]}
    assert got_methods == want["by_method"]
    nets = [Decimal(row["net"]) for row in body["sales"]["by_payment_method"]]
    assert nets == sorted(nets, reverse=True)

    brands = {row["brand"]: {"units": row["units"], "value": row["value"]} for row in body["by_brand"]}
    assert brands == expected_brands(specs)
    assert body["by_brand"][0]["brand"] == "Samsung"  # best first

    committed = [s for s in specs if in_window(s.created) and (s.paid is not None or s.confirmed)]
    cancelled = [s for s in committed if s.cancelled]
    returned = [s for s in committed if s.returned]
    assert body["cancellations"] == {
        "placed": len(committed),
        "cancelled": len(cancelled),
        "returned": len(returned),
        "cancelled_percent": f"{Decimal(100 * len(cancelled)) / len(committed):.2f}",
        "returned_percent": f"{Decimal(100 * len(returned)) / len(committed):.2f}",
    }


def test_the_indian_day_decides_where_a_sale_falls(staff_client, orders):
    """23:30 and 00:15 IST the next day are one UTC date (18:00 and 18:45 UTC), and two days here."""
    days = {row["date"]: row for row in staff_client.get(URL).json()["sales"]["per_day"]}
    assert days[ago(1).isoformat()]["gross"] == "20000.00"
    assert days[ago(0).isoformat()]["gross"] == "30099.00"


def test_a_refund_of_a_charge_in_another_currency_counts_as_its_share_of_the_order(staff_client, shop):
    """A Stripe charge of USD 120.00 for an INR 10,000.00 order; USD 30.00 back is a quarter: INR 2,500.00. A refund
    still pending is not money back yet."""
    galaxy, _ = shop
    spec = Spec("stripe", S.DELIVERED, [Line(galaxy, 1, Decimal("10000.00"))], ist(ago(3)), ist(ago(3), 12, 5))
    order = build(spec, UserFactory())
    payment = Payment.objects.create(
        order=order,
        gateway="stripe",
        amount=Decimal("120.00"),
        currency="USD",
        status=PaymentStatus.PAID,
        metadata={"charge": {"amount_minor": 12000, "currency": "USD"}},
    )
    PaymentRefund.objects.create(payment=payment, amount_minor=3000, status=RefundStatus.PROCESSED)
    PaymentRefund.objects.create(payment=payment, amount_minor=1000, status=RefundStatus.PENDING)
    totals = staff_client.get(URL).json()["sales"]["totals"]
    assert totals == {"orders": 1, "gross": "10000.00", "refunds": "2500.00", "net": "7500.00"}


def test_the_queues_count_what_waits_for_staff(staff_client, shop, settings):
    galaxy, iphone = shop
    user = UserFactory()
    for status in (S.PAID, S.PAID, S.CONFIRMED, S.PACKED, S.CONFIRMATION_PENDING, S.SHIPPED, S.PENDING_PAYMENT):
        build(Spec("dev", status, [Line(galaxy, 1, Decimal("100.00"))], ist(ago(0))), user)
    flagged = build(Spec("dev", S.DELIVERED, [Line(galaxy, 1, Decimal("100.00"))], ist(ago(0))), user)
    Order.objects.filter(pk=flagged.pk).update(needs_review=True)
    for status in (ReturnStatus.REQUESTED, ReturnStatus.RECEIVED, ReturnStatus.RECEIVED, ReturnStatus.APPROVED):
        ReturnRequest.objects.create(order=flagged, reason="other", outcome="refund", status=status)
    settings.LOW_STOCK_THRESHOLD = 3
    VariantFactory(product=galaxy.product, color="Red", stock=3)  # not below 3
    two = VariantFactory(product=galaxy.product, color="Blue", stock=2)
    none = VariantFactory(product=iphone.product, color="Gold", stock=0)
    VariantFactory(product=iphone.product, color="Pink", stock=0, is_active=False)  # not sold: not listed
    VariantFactory(product=ProductFactory(is_active=False), stock=0)

    queues = staff_client.get(URL).json()["queues"]
    assert {k: queues[k] for k in ("to_pack", "to_ship", "cod_to_confirm", "needs_review", "returns_waiting")} == {
        "to_pack": 3,
        "to_ship": 1,
        "cod_to_confirm": 1,
        "needs_review": 1,
        "returns_waiting": 3,
    }
    assert queues["returns_by_status"] == [
        {"status": "requested", "status_label": "Requested", "count": 1},
        {"status": "received", "status_label": "Received at the warehouse", "count": 2},
    ]
    low = queues["low_stock"]
    assert (low["threshold"], low["count"]) == (3, 2)
    assert [(v["id"], v["stock"]) for v in low["variants"]] == [(none.pk, 0), (two.pk, 2)]
    assert low["variants"][0]["product_slug"] == iphone.product.slug

    settings.LOW_STOCK_THRESHOLD = 0
    assert staff_client.get(URL).json()["queues"]["low_stock"]["count"] == 0


def test_charts_are_cached_for_a_minute_and_the_queues_are_not(staff_client, orders, shop):
    first = staff_client.get(URL).json()
    galaxy, _ = shop
    build(Spec("dev", S.PAID, [Line(galaxy, 1, Decimal("500.00"))], ist(ago(0)), ist(ago(0), 12, 1)), UserFactory())
    second = staff_client.get(URL).json()
    assert second["queues"]["to_pack"] == first["queues"]["to_pack"] + 1
    assert second["computed_at"] == first["computed_at"] and second["sales"] == first["sales"]
    assert second["charts_cached_for_seconds"] == reports.CHARTS_CACHE_SECONDS == 60
    clear_local()  # (the process's own memo lives a second)
    with mock.patch("core.cache.time.time", return_value=time_module.time() + reports.CHARTS_CACHE_SECONDS + 1):
        third = staff_client.get(URL).json()
    assert third["sales"]["totals"]["orders"] == first["sales"]["totals"]["orders"] + 1


def test_the_number_of_queries_does_not_grow_with_the_orders(staff_client, shop, orders, django_assert_max_num_queries):
    """Counted with a cold cache, with few orders and with more of every kind."""

    def cold_count() -> int:
        cache.clear()
        clear_local()
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(URL).status_code == 200
        return len(captured.captured_queries)

    before = cold_count()
    galaxy, iphone = shop
    user = UserFactory()
    for n in range(12):
        spec = Spec(
            "razorpay" if n % 2 else "cod",
            S.DELIVERED,
            [Line(galaxy, 1, Decimal("100.00")), Line(iphone, 1, Decimal("50.00"))],
            ist(ago(n)),
            ist(ago(n), 13),
            confirmed=not n % 2,
            refunds_inr=[Decimal("10.00")] if n % 2 else [],
        )
        build(spec, user)
    assert cold_count() == before
    cache.clear()
    clear_local()
    with django_assert_max_num_queries(11):  # the user, their permissions (2), the queues (4), the charts (4)
        staff_client.get(URL)


@pytest.mark.parametrize("days", [1, 7, 90])
def test_days_sets_the_window(staff_client, days):
    body = staff_client.get(URL, {"days": days}).json()
    assert body["window"]["days"] == days
    assert len(body["sales"]["per_day"]) == days
    assert body["sales"]["per_day"][0]["date"] == ago(days - 1).isoformat()


@pytest.mark.parametrize(
    "query",
    [{"days": 0}, {"days": 91}, {"days": "ten"}, {"days": ""}, {"days": "7.5"}, {"since": "2026-01-01"}],
)
def test_bad_query_parameters_are_a_400(staff_client, query):
    error = refusal(staff_client.get(URL, query), 400)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == set(query)


def test_who_may_read_it(api_client):
    assert refusal(api_client.get(URL), 401)["code"] == "not_authenticated"
    assert refusal(client_for(customer()).get(URL), 403)["code"] == "permission_denied"
    # is_staff without the role's permissions is not enough
    assert refusal(client_for(UserFactory(is_staff=True)).get(URL), 403)["code"] == "permission_denied"
    assert client_for(staff_member()).get(URL).status_code == 200
    assert client_for(shop_admin()).get(URL).status_code == 200
    assert client_for(staff_member()).post(URL, {}, format="json").status_code == 405
