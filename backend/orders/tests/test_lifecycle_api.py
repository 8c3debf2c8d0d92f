"""Each order in the API carries the requesting actor's next steps and the timeline to draw (orders.lifecycle), so
the storefront keeps no copy of the flow."""

import pytest

from orders.tests.fixtures import add_to_cart, checkout

pytestmark = pytest.mark.django_db


def test_the_shopper_sees_cancel_and_the_timeline(auth_client, variant, dev_gateway):
    assert add_to_cart(auth_client, variant, 1).status_code == 201
    order = checkout(auth_client).json()
    assert order["next_steps"] == [{"to_status": "CANCELLED", "label": "Cancelled", "action": "cancel"}]
    assert order["can_cancel"] is True
    assert [(s["status"], s["state"]) for s in order["timeline"]] == [
        ("PENDING_PAYMENT", "current"),
        ("PAID", "upcoming"),
        ("PACKED", "upcoming"),
        ("SHIPPED", "upcoming"),
        ("DELIVERED", "upcoming"),
    ]
    assert order["timeline"][0]["at"] is not None and order["timeline"][1]["at"] is None

    cancelled = auth_client.post(f"/api/orders/{order['id']}/cancel/").json()
    again = auth_client.get(f"/api/orders/{order['id']}/").json()
    for body in (cancelled, again):
        assert body["next_steps"] == [] and body["can_cancel"] is False
        assert [(s["status"], s["state"], s["label"]) for s in body["timeline"]] == [
            ("PENDING_PAYMENT", "done", "Pending payment"),
            ("CANCELLED", "current", "Cancelled"),
        ]


def test_staff_see_the_moves_staff_may_make(auth_client, staff_client, variant, dev_gateway):
    assert add_to_cart(auth_client, variant, 1).status_code == 201
    order = checkout(auth_client).json()
    seen = staff_client.get(f"/api/staff/orders/{order['id']}/")
    assert seen.status_code == 200, seen.json()
    assert [step["to_status"] for step in seen.json()["next_steps"]] == ["CANCELLED"]  # paying is the gateway's
