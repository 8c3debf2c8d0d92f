"""Every refusal of the cart endpoints, answered whole: status, code, message and fields."""

from unittest import mock

import pytest
from django.db import IntegrityError

from cart.models import CartItem
from conftest import client_for, refusal
from orders.tests.fixtures import add_to_cart

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("quantity", [0, 6])
def test_a_quantity_out_of_bounds(auth_client, variant, quantity):
    assert refusal(add_to_cart(auth_client, variant, quantity), 400) == {
        "code": "invalid_quantity",
        "message": "Quantity must be from 1 to 5.",
        "fields": {"quantity": ["Must be from 1 to 5."]},
    }


@pytest.mark.parametrize(("stock", "message"), [(2, "Only 2 left in stock."), (0, "This phone is out of stock.")])
def test_more_than_the_stock(auth_client, make_variant, stock, message):
    response = add_to_cart(auth_client, make_variant(stock=stock), 3)
    assert refusal(response, 409) == {
        "code": "insufficient_stock",
        "message": message,
        "fields": {"quantity": [message]},
    }


def test_an_unknown_variant(auth_client):
    response = auth_client.post("/api/cart/items/", {"variant": 999999, "quantity": 1}, format="json")
    assert refusal(response, 404) == {
        "code": "not_found",
        "message": "No such phone variant.",
        "fields": {"variant": ["Not found."]},
    }


def test_a_variant_no_longer_sold(auth_client, make_variant):
    assert refusal(add_to_cart(auth_client, make_variant(is_active=False)), 409) == {
        "code": "variant_unavailable",
        "message": "This phone is no longer sold.",
        "fields": {"variant": ["Not for sale."]},
    }


def test_the_same_variant_added_by_a_parallel_request(auth_client, variant):
    with mock.patch.object(CartItem.objects, "create", side_effect=IntegrityError):
        response = add_to_cart(auth_client, variant)
    assert refusal(response, 409) == {
        "code": "conflict",
        "message": "This phone was just added to the cart; try again.",
        "fields": {},
    }


def test_an_item_of_another_cart(auth_client, other_user, variant):
    add_to_cart(client_for(other_user), variant)
    item = CartItem.objects.get()
    expected = {"code": "not_found", "message": "No such item in your cart.", "fields": {}}
    assert refusal(auth_client.patch(f"/api/cart/items/{item.pk}/", {"quantity": 2}, format="json"), 404) == expected
    assert refusal(auth_client.delete(f"/api/cart/items/{item.pk}/"), 404) == expected
