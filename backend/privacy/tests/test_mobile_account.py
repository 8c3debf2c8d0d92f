"""An account made by signing in with a mobile number has no email and no password: its deletion code and the
acknowledgements of its data requests go by text to that number; erased, the number is free and its wishlist and
alerts are gone; its download says the number and holds the wishlist."""

from decimal import Decimal
from unittest import mock

import pytest

from accounts.models import User
from catalog.tests.factories import VariantFactory
from conftest import client_for
from privacy.models import DataRequest
from sms.models import SmsMessage
from wishlist.models import Alert, WishlistItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def mobile_only(settings):
    settings.SMS_SENDER = "sms.providers.console.ConsoleSmsSender"
    user = User.objects.create(email=None, mobile="9812345678", full_name="Ravi Kumar")
    user.set_unusable_password()
    user.save()
    variant = VariantFactory(price=Decimal("19999.00"), stock=0)
    WishlistItem.objects.create(user=user, product=variant.product, variant=variant)
    Alert.objects.create(user=user, variant=variant, kind="back_in_stock")
    return user


def test_the_download_holds_the_number_and_the_wishlist_and_is_acknowledged_by_text(
    mobile_only, django_capture_on_commit_callbacks
):
    client = client_for(mobile_only)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/account/export/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["profile"]["mobile"] == "9812345678" and data["profile"]["email"] is None
    assert len(data["wishlist"]) == 1 and len(data["alerts"]) == 1
    [text] = SmsMessage.objects.filter(kind="data_request")
    assert text.phone_masked == "98XXXXXX78" and text.variables["request"] == "to download your data"
    assert DataRequest.objects.get(user=mobile_only).acknowledged_at is not None


def test_the_deletion_code_goes_by_text_and_erasing_frees_the_number(mobile_only, django_capture_on_commit_callbacks):
    client = client_for(mobile_only)
    info = client.get("/api/account/erasure/").json()
    assert info["confirm_with"] == ["code"]  # no password on an account made by mobile

    with mock.patch("privacy.services.codes.new_code", return_value="482913"):
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post("/api/account/erasure/code/")
    assert sent.status_code == 202, sent.content
    assert sent.json()["sent_to"] == "+91 98XXXXXX78"
    assert SmsMessage.objects.filter(kind="erasure_code", status="sent").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        erased = client.post("/api/account/erasure/", {"code": "482913"}, format="json")
    assert erased.status_code == 200, erased.content
    mobile_only.refresh_from_db()
    assert mobile_only.mobile is None and not mobile_only.is_active
    assert not WishlistItem.objects.exists() and not Alert.objects.exists()
    assert SmsMessage.objects.filter(kind="data_request").first().variables["request"] == "to delete your account"
    # The number may sign up again: it belongs to nobody now.
    assert User.objects.create(email=None, mobile="9812345678").pk


def test_with_texts_off_the_code_cannot_go_and_nothing_is_kept(mobile_only, settings):
    settings.SMS_SENDER = ""
    response = client_for(mobile_only).post("/api/account/erasure/code/")
    assert response.status_code == 503 and response.json()["error"]["code"] == "service_unavailable"
    from privacy.models import ErasureCode

    assert not ErasureCode.objects.exists()
