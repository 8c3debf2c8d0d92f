"""The SQL statements of one purchase (add to cart, check out, pay), held to their budget: a new query on this path
is paid by every shopper, so it has to be a choice (raise the budget here and say why), not an accident. The bench
reports the same figures on its catalog (bench/setup.py checkout_statements)."""

import pytest

from orders.tests.fixtures import add_to_cart, checkout

pytestmark = pytest.mark.django_db

# A returning shopper (their cart exists, emptied by their last checkout): the user, the cart, the variant, the new
# line, the cart's answer.
ADD = 12
# The idempotency lookup, the stock lock and decrement, the order, its lines and first transition, the answer.
CHECKOUT = 18
# The order's lock, the payment opened and captured under the order-then-payment locks, PAID with its
# transition, the audit entry, the shipment and SMS hooks.
PAY = 21


def purchase(client, variant, key) -> None:
    assert add_to_cart(client, variant).status_code == 201
    placed = checkout(client, key=key)
    assert placed.status_code == 201
    assert (
        client.post("/api/payments/dev/confirm/", {"order_id": placed.json()["id"]}, format="json").status_code == 200
    )


def test_a_purchase_stays_within_its_statement_budget(auth_client, variant, dev_gateway, django_assert_max_num_queries):
    purchase(auth_client, variant, "first")  # the shopper's first purchase makes their cart
    with django_assert_max_num_queries(ADD):
        assert add_to_cart(auth_client, variant).status_code == 201
    with django_assert_max_num_queries(CHECKOUT):
        placed = checkout(auth_client, key="second")
    assert placed.status_code == 201
    with django_assert_max_num_queries(PAY):
        paid = auth_client.post("/api/payments/dev/confirm/", {"order_id": placed.json()["id"]}, format="json")
    assert paid.status_code == 200 and paid.json()["order_status"] == "PAID"
