"""manage.py seed_demo_shop: the demo console accounts and a month of orders for `make run`; never with DEBUG off."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import role_of
from catalog.tests.factories import VariantFactory
from orders.models import Order, OrderItem, OrderStatus
from staff.demo import DEMO_ACCOUNTS, SHOPPER

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("seed_demo_shop", stdout=out)
    return out.getvalue()


def test_it_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo_shop")
    assert not User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS]).exists()
    assert not Order.objects.exists()


def test_the_accounts_sign_in_and_staff_sees_a_month_of_sales(settings, api_client, category):
    settings.DEBUG = True
    for _ in range(4):
        VariantFactory(product__category=category, stock=10)
    printed = run()
    for email, role, password, _ in DEMO_ACCOUNTS:
        assert f"{role}: {email} / {password}" in printed
        assert role_of(User.objects.get(email=email)) == role
        token = api_client.post("/api/auth/token/", {"email": email, "password": password}, format="json")
        assert token.status_code == 200, token.content
    staff = api_client.post(
        "/api/auth/token/", {"email": DEMO_ACCOUNTS[0][0], "password": DEMO_ACCOUNTS[0][2]}, format="json"
    ).json()["access"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {staff}")
    body = api_client.get("/api/staff/reports/dashboard/").json()
    assert sum(1 for day in body["sales"]["per_day"] if day["orders"]) >= 20  # most days have sales
    assert Decimal(body["sales"]["totals"]["refunds"]) > 0  # the cancellation refunded
    assert {m["payment_method"] for m in body["sales"]["by_payment_method"]} == {"dev", "cod"}
    assert body["queues"]["to_pack"] >= 1 and body["queues"]["cod_to_confirm"] == 1
    assert body["queues"]["returns_waiting"] == 1 and body["cancellations"]["cancelled"] == 1
    assert body["by_brand"]
    # Every order's total is its lines' (the figures add up as a real shop's would).
    for order in Order.objects.filter(user__email=SHOPPER):
        assert order.total == sum(i.line_total for i in OrderItem.objects.filter(order=order))
    assert Order.objects.filter(status=OrderStatus.DELIVERED, payment_method="cod").exists()


def test_a_second_run_makes_no_more_orders_and_resets_the_passwords(settings, category):
    settings.DEBUG = True
    VariantFactory(product__category=category, stock=10)
    run()
    orders = Order.objects.count()
    staff = User.objects.get(email=DEMO_ACCOUNTS[0][0])
    staff.set_password("Changed-Password-77")
    staff.save()
    assert "already there" in run()
    assert Order.objects.count() == orders
    assert User.objects.get(email=DEMO_ACCOUNTS[0][0]).check_password(DEMO_ACCOUNTS[0][2])
