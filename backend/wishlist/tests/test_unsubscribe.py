"""Unsubscribe links work without signing in; the token says whose alerts it stops (one, or all), and a token
that was altered, is not ours, or is older than ALERTS_UNSUBSCRIBE_DAYS is refused with nothing stopped."""

import re
import time
from datetime import datetime
from decimal import Decimal
from unittest import mock
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing

from catalog.models import ProductVariant
from conftest import client_for, refusal
from wishlist import alert_services, unsubscribe
from wishlist.models import Alert

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("Asia/Kolkata"))


@pytest.fixture
def black(catalog):
    return ProductVariant.objects.get(product=catalog["a"], color="Black")


@pytest.fixture
def green(catalog):
    return ProductVariant.objects.get(product=catalog["b"], color="Green")


def links(message) -> list[str]:
    """The tokens of a message's unsubscribe links, in the order they appear (the last: all alerts)."""
    urls = re.findall(r"https?://\S+/alerts/unsubscribe\?token=\S+", message.body)
    return [parse_qs(urlsplit(url).query)["token"][0] for url in urls]


def follow(client, token):
    return client.post("/api/alerts/unsubscribe/", {"token": token}, format="json")


@pytest.fixture
def told(user, black, green):
    """The shopper's two price alerts both fired and were told in one message: its tokens (one per alert, then
    the one for all)."""
    for variant in (black, green):
        Alert.objects.create(user=user, variant=variant, kind="price_drop", seen_price=variant.price)
    ProductVariant.objects.filter(pk__in=[black.pk, green.pk]).update(price=Decimal("10000.00"))
    mail.outbox.clear()
    alert_services.send_due_alerts(now=MORNING)
    [message] = mail.outbox
    return links(message)


def test_one_alerts_link_stops_that_alert_without_signing_in(api_client, user, black, green, told):
    first, _, _ = told
    response = follow(api_client, first)
    assert response.status_code == 200
    assert response.json() == {
        "scope": "alert",
        "stopped": 1,
        "message": "Done: you will not hear about this phone's price again.",
    }
    assert list(Alert.objects.filter(user=user).values_list("variant", flat=True)) == [green.pk]
    # Followed again (a second click, a mail scanner): nothing more, still a 200.
    assert follow(api_client, first).json() == {
        "scope": "alert",
        "stopped": 0,
        "message": "This alert was already stopped.",
    }


def test_the_footer_link_stops_every_alert_of_that_shopper_only(api_client, user, other_user, black, told):
    theirs = Alert.objects.create(user=other_user, variant=black, kind="price_drop", seen_price=Decimal("9000.00"))
    assert follow(api_client, told[-1]).json() == {
        "scope": "all",
        "stopped": 2,
        "message": "Done: all your price and stock alerts are stopped.",
    }
    assert list(Alert.objects.all()) == [theirs]
    assert follow(api_client, told[-1]).json()["message"] == "You have no price or stock alerts left to stop."


def test_the_link_of_one_shopper_followed_by_another_stops_only_the_first_ones(user, other_user, black, told):
    theirs = Alert.objects.create(user=other_user, variant=black, kind="price_drop", seen_price=Decimal("9000.00"))
    as_other = client_for(other_user)
    assert follow(as_other, told[-1]).json()["stopped"] == 2
    assert list(Alert.objects.all()) == [theirs]


def test_a_stale_session_does_not_spoil_the_link(api_client, told):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer expired.or.forged")
    assert follow(api_client, told[0]).status_code == 200


INVALID = {
    "code": "invalid_unsubscribe_link",
    "message": "This unsubscribe link is not valid. Open it from the message again, or sign in to stop your alerts.",
    "fields": {},
}


def tampered(token: str, payload: dict) -> str:
    """The token with another payload and its original signature (someone editing the link)."""
    _, stamp, signature = token.split(":")
    return ":".join([signing.b64_encode(signing.JSONSerializer().dumps(payload)).decode(), stamp, signature])


def test_altered_or_foreign_tokens_are_refused_and_stop_nothing(api_client, user, other_user, black, told):
    theirs = Alert.objects.create(user=other_user, variant=black, kind="price_drop", seen_price=Decimal("9000.00"))
    for token in (
        tampered(told[-1], {"u": other_user.pk, "a": None}),  # another shopper's alerts under my signature
        tampered(told[0], {"u": user.pk, "a": theirs.pk}),
        told[0][:-1] + ("A" if told[0][-1] != "A" else "B"),  # one character of the signature changed
        signing.dumps({"u": other_user.pk, "a": None}),  # signed with our key, but not for this (another salt)
        signing.dumps({"u": other_user.pk, "a": None}, salt=unsubscribe.SALT, key="another-secret-key"),
        "not-a-token",
        "",
    ):
        response = follow(api_client, token)
        if token:
            assert refusal(response, 400) == INVALID, token
        else:
            assert refusal(response, 400)["fields"] == {"token": ["This field may not be blank."]}
    assert Alert.objects.count() == 3


def test_tokens_whose_payload_is_not_ours_are_refused(api_client):
    for payload in ({"u": "1", "a": None}, {"u": 1, "a": True}, [1, None], {"a": None}):
        assert refusal(follow(api_client, signing.dumps(payload, salt=unsubscribe.SALT)), 400) == INVALID


def test_an_expired_link(api_client, user, told, settings):
    settings.ALERTS_UNSUBSCRIBE_DAYS = 30
    later = time.time() + 31 * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert refusal(follow(api_client, told[-1]), 400) == {
            "code": "expired_unsubscribe_link",
            "message": "This unsubscribe link has expired. Sign in to stop your alerts from your account.",
            "fields": {},
        }
    assert Alert.objects.filter(user=user).count() == 2
    with mock.patch("django.core.signing.time.time", return_value=later - 2 * 86400):
        assert follow(api_client, told[-1]).json()["stopped"] == 2  # within the 30 days


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"token": 12}, {"token": ["Not a valid string."]}),
        ({"token": "x" * 501}, {"token": ["Ensure this field has no more than 500 characters."]}),
        ({}, {"token": ["This field is required."]}),
        ({"token": "x", "user": 1}, {"user": ["Unknown field."]}),
    ],
)
def test_strict_body(api_client, body, fields):
    response = api_client.post("/api/alerts/unsubscribe/", body, format="json")
    assert refusal(response, 400) == {"code": "invalid", "message": "Some fields are not valid.", "fields": fields}
