"""Real concurrent checkouts on PostgreSQL: threads, each with its own database connection."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from catalog.models import ProductVariant
from conftest import client_for
from orders.models import Order, OrderItem
from orders.services import expire_unpaid_orders
from orders.tests.fixtures import add_to_cart, checkout

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks (SELECT ... FOR UPDATE); the database here is {connection.vendor}",
    ),
]

BUYERS = 8
UNITS = 3


def run_in_threads(jobs):
    """Start every job at once (a barrier), each thread on its own connection; return results in order."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001  whatever fails in a thread fails the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_buyers_racing_for_fewer_units_get_exactly_that_many_orders(settings, make_variant):
    from accounts.tests.factories import UserFactory

    settings.PAYMENTS_DEV_GATEWAY = True
    scarce = make_variant(stock=UNITS, price=Decimal("29999.00"), mrp=Decimal("34999.00"))
    plenty = make_variant(stock=100, color="White")
    clients = []
    for index in range(BUYERS):
        client = client_for(UserFactory())
        # half the carts list the plentiful phone first: locks are still taken in primary-key order
        for v in (plenty, scarce) if index % 2 else (scarce, plenty):
            assert add_to_cart(client, v, 1).status_code == 201
        clients.append(client)

    responses = run_in_threads([lambda c=c: checkout(c) for c in clients])

    codes = sorted(r.status_code for r in responses)
    won = [r for r in responses if r.status_code == 201]
    print(f"race: {BUYERS} buyers, {UNITS} units -> {len(won)} orders; codes {codes}")
    assert len(won) == UNITS and codes.count(409) == BUYERS - UNITS
    assert all(r.json()["error"]["code"] == "out_of_stock" for r in responses if r.status_code == 409)
    assert Order.objects.count() == UNITS
    assert ProductVariant.objects.get(pk=scarce.pk).stock == 0
    assert ProductVariant.objects.get(pk=plenty.pk).stock == 100 - UNITS
    # No unit lost or made up by a lost update: what the orders hold plus what is left is what there was.
    sold = dict(OrderItem.objects.values_list("variant_id").annotate(units=Sum("quantity")).order_by())
    for variant, before in ((scarce, UNITS), (plenty, 100)):
        assert sold[variant.pk] + ProductVariant.objects.get(pk=variant.pk).stock == before

    # nobody pays: the reservations expire and the stock comes back
    Order.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert expire_unpaid_orders() == UNITS
    assert ProductVariant.objects.get(pk=scarce.pk).stock == UNITS
    assert ProductVariant.objects.get(pk=plenty.pk).stock == 100
    assert set(Order.objects.values_list("status", flat=True)) == {"CANCELLED"}


@pytest.mark.django_db(transaction=True)
def test_expiry_racing_checkouts_and_itself_releases_once(settings, make_variant):
    from accounts.tests.factories import UserFactory

    settings.PAYMENTS_DEV_GATEWAY = True
    variant = make_variant(stock=4)
    placed = []
    for _ in range(4):
        client = client_for(UserFactory())
        add_to_cart(client, variant, 1)
        placed.append(checkout(client).json()["id"])
    assert ProductVariant.objects.get(pk=variant.pk).stock == 0
    Order.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))
    expired = run_in_threads([expire_unpaid_orders for _ in range(3)])
    assert sum(expired) == 4
    assert ProductVariant.objects.get(pk=variant.pk).stock == 4


@pytest.mark.django_db(transaction=True)
def test_parallel_retries_with_one_idempotency_key_make_one_order(settings, variant):
    from accounts.tests.factories import UserFactory

    settings.PAYMENTS_DEV_GATEWAY = True
    client = client_for(UserFactory())
    add_to_cart(client, variant, 2)
    responses = run_in_threads([lambda: checkout(client, key="same-key") for _ in range(4)])
    assert {r.json()["id"] for r in responses} == {Order.objects.get().pk}
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
    assert ProductVariant.objects.get(pk=variant.pk).stock == 8
