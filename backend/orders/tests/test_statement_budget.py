"""The SQL statements of one purchase (add to cart, check out, pay), held to their budget: a new query on this path
is paid by every shopper, so it has to be a choice (raise the budget here and say why), not an accident. The bench
reports the same figures on its catalog (bench/setup.py checkout_statements)."""

import pytest

from orders.tests.fixtures import add_to_cart, checkout

pytestmark = pytest.mark.django_db

# Counted under the test's transaction, so each request's own transaction shows as a savepoint pair (2).
# A returning shopper (their cart exists, emptied by their last checkout): the user, the cart, the variant, the new
# line (one transaction: a parallel add of the same phone undoes all of it, no savepoint of its own), the cart's
# answer.
ADD = 10
# The cart's lock and lines, the idempotency lookup, the stock lock and decrement (the stock as read under the
# lock, not read again), the order, its lines, first transition and the cart emptied; the answer is made from
# the rows written (was 18 with the order read back: 5 queries, and the stock read twice).
CHECKOUT = 12
# The order's lock, a payment already taken?, the payment opened and captured under the order's lock (it is the
# transaction's own row: no second lookup, lock or savepoint; was 21), PAID with its transition, the audit
# entry, the shipment looked up (audit, SMS link) and the SMS recorded once (a savepoint).
PAY = 15


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
