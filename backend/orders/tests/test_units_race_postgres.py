"""Two packing tables record the same IMEI on two orders at once (real threads, each with its own PostgreSQL
connection): exactly one wins; the other gets duplicate_imei naming the field, whether the check or the
database's unique constraint caught it."""

import threading

import pytest
from django.db import connection

from conftest import client_for
from core.errors import ApplicationError
from orders import units
from orders.models import Imei, Order, OrderStatus, OrderUnit
from orders.tests.fixtures import add_to_cart, checkout
from orders.tests.test_race_postgres import run_in_threads
from staff.tests.factories import staff_member

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks and concurrent connections; the database here is {connection.vendor}",
    ),
]

IMEI = "490154203237518"


def paid_phone_orders(phone, count):
    from accounts.tests.factories import UserFactory

    orders = []
    for _ in range(count):
        client = client_for(UserFactory())
        add_to_cart(client, phone, 1)
        order_id = checkout(client).json()["id"]
        assert client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json").status_code == 200
        orders.append(Order.objects.get(pk=order_id))
    return orders


def recorder(order, member):
    line = order.items.get().pk

    def record():
        try:
            units.record_units(order.pk, [(line, [[IMEI]])], actor=member, source="test")
        except ApplicationError as refusal:
            return refusal
        return "recorded"

    return record


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("both_checked_first", [False, True])
def test_one_imei_recorded_on_two_orders_at_once(settings, phone, monkeypatch, both_checked_first):
    settings.PAYMENTS_DEV_GATEWAY = True
    settings.SHIPPING_AUTO_CREATE = False  # the race is the recording's, not the carrier's
    settings.DEMO_AUTO_IMEI = False
    member = staff_member()
    orders = paid_phone_orders(phone, 2)
    if both_checked_first:
        # Both pass the check against circulation before either inserts: only the unique constraint is left
        # to refuse the second (its INSERT waits for the first's commit, then fails).
        checked = threading.Barrier(2)
        save = units._save

        def save_after_both_checked(plan, *, actor):
            checked.wait(timeout=30)
            save(plan, actor=actor)

        monkeypatch.setattr(units, "_save", save_after_both_checked)
    checks = []
    refuse_taken = units._refuse_taken

    def counted(positions):
        checks.append(positions)
        refuse_taken(positions)

    monkeypatch.setattr(units, "_refuse_taken", counted)

    results = run_in_threads([recorder(order, member) for order in orders])
    if both_checked_first:  # each checked once; the loser again after the constraint refused its INSERT
        assert len(checks) == 3

    assert sorted(results, key=str).count("recorded") == 1
    (refusal,) = [r for r in results if isinstance(r, ApplicationError)]
    winner = orders[results.index("recorded")]
    assert (refusal.code, refusal.fields) == (
        "duplicate_imei",
        {
            "items.0.units.0.imeis.0": [
                f"IMEI {IMEI} is already recorded on order {winner.number} (a unit sold and not returned)."
            ]
        },
    )
    assert list(Imei.objects.filter(number=IMEI).values_list("unit__item__order", flat=True)) == [winner.pk]
    assert OrderUnit.objects.count() == 1
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.PAID}
