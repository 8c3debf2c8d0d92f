"""The OpenAPI schema states the rules the API enforces, from the same source as the enforcement
(core.openapi.SchemaConstraints and friends): change the rule and the schema follows."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from staff.api.serializers import VariantUpdateSerializer


def build_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def request_component(schema: dict, path: str, method: str) -> dict:
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return component(schema, ref.rpartition("/")[2])


def query_parameter(schema: dict, path: str, name: str) -> dict:
    return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_cart_quantity_bounds_follow_the_setting(settings):
    settings.CART_MAX_QUANTITY_PER_ITEM = 3
    schema = build_schema()
    for path, method in (("/api/cart/items/", "post"), ("/api/cart/items/{id}/", "patch")):
        quantity = request_component(schema, path, method)["properties"]["quantity"]
        assert (quantity["minimum"], quantity["maximum"]) == (1, 3), path
    patch = schema["paths"]["/api/cart/items/{id}/"]["patch"]
    assert patch["requestBody"]["required"] is True
    assert request_component(schema, "/api/cart/items/{id}/", "patch")["required"] == ["quantity"]


def test_new_passwords_follow_the_password_policy(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 14}}
    ]
    schema = build_schema()
    for name, field in (
        ("RegisterRequest", "password"),
        ("PasswordChangeRequest", "new_password"),
        ("PasswordResetConfirmRequest", "new_password"),
    ):
        password = component(schema, name)["properties"][field]
        assert password["minLength"] == 14, name
        assert "pattern" not in password, name  # no NumericPasswordValidator in this policy
    # Signing in takes any password: an old one may predate the policy.
    assert component(schema, "SignInRequest")["properties"]["password"]["minLength"] == 1


def test_the_default_policy_also_refuses_passwords_of_digits_only():
    password = component(build_schema(), "RegisterRequest")["properties"]["password"]
    assert password["minLength"] == 10 and password["pattern"] == r"\D"


def test_checkout_takes_exactly_one_of_address_id_and_address():
    checkout = request_component(build_schema(), "/api/checkout/", "post")
    assert checkout["oneOf"] == [{"required": ["address_id"]}, {"required": ["address"]}]
    assert checkout["required"] == ["payment_method"]


def test_stripe_currencies_follow_the_setting(settings):
    settings.STRIPE_CURRENCIES = ["INR", "USD", "JPY"]
    schema = build_schema()
    currency = request_component(schema, "/api/payments/stripe/create/", "post")["properties"]["currency"]
    ref = currency["allOf"][0]["$ref"]
    assert component(schema, ref.rpartition("/")[2])["enum"] == ["INR", "USD", "JPY"]


def test_a_variant_change_needs_a_field_and_prices_from_one_rupee():
    schema = build_schema()
    update = request_component(schema, "/api/staff/variants/{id}/", "patch")
    assert update["minProperties"] == 2  # the version and a change
    assert schema["paths"]["/api/staff/variants/{id}/"]["patch"]["requestBody"]["required"] is True
    pattern = update["properties"]["price"]["pattern"]
    assert pattern == update["properties"]["mrp"]["pattern"]


@pytest.mark.parametrize("price", ["1", "1.5", "1.00", "250000.00", "9999999.99"])
def test_the_price_pattern_takes_what_the_field_takes(price):
    pattern = request_component(build_schema(), "/api/staff/variants/{id}/", "patch")["properties"]["price"]["pattern"]
    assert re.search(pattern, price)
    assert VariantUpdateSerializer(data={"price": price, "version": 1}).is_valid()


@pytest.mark.parametrize("price", ["0", "0.99", "-5", "10000000", "1.234", ""])
def test_the_price_pattern_refuses_what_the_field_refuses(price):
    pattern = request_component(build_schema(), "/api/staff/variants/{id}/", "patch")["properties"]["price"]["pattern"]
    assert not re.search(pattern, price)
    assert not VariantUpdateSerializer(data={"price": price, "version": 1}).is_valid()


def test_query_parameters_come_from_the_query_serializers():
    schema = build_schema()
    pincode = query_parameter(schema, "/api/shipping/estimate/", "pincode")
    assert pincode["required"] is True
    assert pincode["schema"]["pattern"] == "^[1-9][0-9]{5}$"
    assert query_parameter(schema, "/api/shipping/estimate/", "variant")["schema"]["minimum"] == 1
    assert query_parameter(schema, "/api/payments/stripe/quote/", "order_id")["schema"]["minimum"] == 1


def test_webhooks_require_their_signature_header():
    schema = build_schema()
    for path, header in (
        ("/api/payments/razorpay/webhook/", "X-Razorpay-Signature"),
        ("/api/payments/stripe/webhook/", "Stripe-Signature"),
    ):
        headers = {p["name"]: p for p in schema["paths"][path]["post"]["parameters"] if p["in"] == "header"}
        assert headers[header]["required"] is True, path
