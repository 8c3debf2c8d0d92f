"""The last use of a coupon, 20 shoppers checking out with it at once, on PostgreSQL with real threads: the
coupon's row lock inside checkout lets exactly one order have it; the others are refused whole (no order,
no stock taken)."""

from decimal import Decimal

import pytest
from django.db import connection

from catalog.models import ProductVariant
from conftest import client_for
from coupons.models import CouponRedemption
from coupons.tests.factories import make_coupon
from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout
from orders.tests.test_race_postgres import run_in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks (SELECT ... FOR UPDATE); the database here is {connection.vendor}",
    ),
]

SHOPPERS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_shoppers_racing_for_the_last_use_make_exactly_one_order_with_it(settings, make_variant):
    from accounts.tests.factories import UserFactory

    settings.PAYMENTS_DEV_GATEWAY = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "coupon_apply_ip": ""}  # 20 shoppers, one test address
    variant = make_variant(stock=100, price=Decimal("19999.00"), mrp=Decimal("24999.00"))
    coupon = make_coupon("LASTONE", kind="flat", value=Decimal("500"), max_uses=2)
    # one use already taken
    early = client_for(UserFactory())
    add_to_cart(early, variant, 1)
    assert early.post("/api/cart/coupon/", {"code": "LASTONE"}, format="json").status_code == 200
    assert checkout(early).status_code == 201

    clients = []
    for _ in range(SHOPPERS):
        client = client_for(UserFactory())
        assert add_to_cart(client, variant, 1).status_code == 201
        assert client.post("/api/cart/coupon/", {"code": "lastone"}, format="json").status_code == 200
        clients.append(client)

    responses = run_in_threads([lambda c=c: checkout(c) for c in clients])

    codes = sorted(r.status_code for r in responses)
    won = [r for r in responses if r.status_code == 201]
    print(f"coupon race: {SHOPPERS} shoppers, 1 use left -> {len(won)} order(s) with it; codes {codes}")
    assert len(won) == 1 and codes.count(409) == SHOPPERS - 1
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"coupon_used_up"}
    assert won[0].json()["coupon_code"] == "LASTONE" and won[0].json()["discount_total"] == "500.00"
    assert Order.objects.count() == 2  # the early one and the winner
    assert CouponRedemption.objects.filter(coupon=coupon, released_at__isnull=True).count() == 2
    assert ProductVariant.objects.get(pk=variant.pk).stock == 100 - 2  # no stock leaked by the refusals


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("max_uses,locked", [(None, False), (5, True)])
def test_only_a_capped_coupon_makes_checkouts_queue_on_its_row(settings, make_variant, auth_client, max_uses, locked):
    """An uncapped coupon (BENCH5, WELCOME10 without a total) must not serialise every shopper's checkout."""
    from django.test.utils import CaptureQueriesContext

    settings.PAYMENTS_DEV_GATEWAY = True
    variant = make_variant(stock=10, price=Decimal("19999.00"), mrp=Decimal("24999.00"))
    make_coupon("OPEN5", kind="percent", value=Decimal("5"), max_uses=max_uses, max_uses_per_user=1)
    add_to_cart(auth_client, variant, 1)
    assert auth_client.post("/api/cart/coupon/", {"code": "OPEN5"}, format="json").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = checkout(auth_client)
    assert response.status_code == 201 and response.json()["coupon_code"] == "OPEN5"
    coupon_locks = [q["sql"] for q in queries if '"coupons_coupon"' in q["sql"] and "FOR UPDATE" in q["sql"]]
    assert bool(coupon_locks) is locked
