"""'Delete my account': confirmed by password or an emailed code; refused for staff and while orders are on their way;
what is gone (sign-in data, addresses, reviews, cart, consents, contact details on orders), what is kept (orders,
the place of supply, the name and address an invoice must carry, the invoices untouched), revoked sessions, audit
and acknowledgement."""

import re

import pytest
from django.core import mail
from django.db import transaction
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import Address, OtpChallenge, User
from accounts.signals import account_erasing
from accounts.tests.factories import DEFAULT_PASSWORD
from accounts.tests.helpers import sign_in as sign_in_as
from audit.models import AuditLog
from cart.models import Cart
from catalog.models import Review
from conftest import client_for, refusal
from invoicing.models import TaxDocument, TaxDocumentLine
from notifications.models import OrderEmail
from orders.models import Order, OrderStatus
from privacy import services
from privacy.models import Consent, DataRequest, ErasureCode, RequestKind
from returns.models import ReturnRequest

pytestmark = pytest.mark.django_db


def erase(client, django_capture_on_commit_callbacks, **body):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/api/account/erasure/", body or {"password": DEFAULT_PASSWORD}, format="json")


def invoices_as_stored():
    return [
        (d.pk, d.number, d.buyer, d.seller, d.place_of_supply, d.total, d.pdf_sha256, [ln.pk for ln in d.lines.all()])
        for d in TaxDocument.objects.order_by("pk")
    ]


def test_erasure_removes_the_person_and_keeps_the_orders_as_tax_law_requires(
    history, stranger, django_capture_on_commit_callbacks
):
    user, small, big = history.user, history.small, history.big
    OrderEmail.objects.create(order=small, kind="delivered", to=user.email)
    ReturnRequest.objects.create(
        order=small, reason="other", outcome="refund", status="closed", payout={"upi": "asha@okbank"}
    )
    invoices_before, lines_before = invoices_as_stored(), TaxDocumentLine.objects.count()
    refresh = RefreshToken.for_user(user)

    response = erase(history.client, django_capture_on_commit_callbacks)

    assert response.status_code == 200, response.content
    assert response.json() == {"erased": list(services.ERASED), "kept": list(services.KEPT)}
    user.refresh_from_db()
    # Gone: the sign-in data...
    assert user.email == f"erased-{user.pk}@erased.invalid" and user.full_name == "" and user.phone == ""
    assert not user.is_active and not user.has_usable_password() and not user.otp_enabled
    # ...addresses, reviews, cart, codes, and the marketing consent (withdrawn, its record kept).
    assert not Address.objects.filter(user=user).exists()
    assert not Review.objects.filter(user=user).exists()
    assert not Cart.objects.filter(user=user).exists()
    assert not OtpChallenge.objects.filter(user=user).exists()
    assert Consent.objects.get(user=user).withdrawn_at is not None
    assert ReturnRequest.objects.get(order=small).payout == {}
    assert OrderEmail.objects.get(order=small).to == ""
    # Kept: the orders. The small consumer sale keeps only its place of supply...
    assert Order.objects.filter(user=user).count() == 2
    small.refresh_from_db()
    assert {k: v for k, v in small.shipping_address.items() if v} == {
        "state_code": "29",
        "state": "Karnataka",
        "country": "IN",
    }
    # ...the ₹1,12,999 one the name and delivery address its invoice must print (CGST rule 46(f)), never the phone.
    big.refresh_from_db()
    assert big.shipping_address["full_name"] == "Asha Rao" and big.shipping_address["line1"] == "7 Marine Drive"
    assert big.shipping_address["city"] == "Mumbai" and big.shipping_address["state_code"] == "27"
    assert big.shipping_address["phone"] == ""
    # The tax invoices are exactly as issued.
    assert invoices_as_stored() == invoices_before and TaxDocumentLine.objects.count() == lines_before
    # The other shopper is untouched.
    other, order = stranger
    other.refresh_from_db()
    assert other.is_active and other.email == "ravi@example.in" and Address.objects.filter(user=other).exists()
    assert Review.objects.filter(user=other).exists() and Consent.objects.get(user=other).withdrawn_at is None
    order.refresh_from_db()
    assert order.shipping_address["full_name"] == "Ravi Kumar"
    # Audited, and acknowledged at the address the account had (which is then forgotten).
    row = AuditLog.objects.get(action="account_erased")
    assert row.actor_id == user.pk and "asha@example.in" not in row.actor_label
    assert row.new_values == {
        "addresses": 2,
        "reviews": 1,
        "carts": 1,
        "orders_kept": 2,
        "consents_withdrawn": 1,
        "sessions_revoked": 2,  # the client's and the one made above
    }
    [message] = mail.outbox
    assert message.to == ["asha@example.in"] and "deleted" in message.subject
    assert services.KEPT[0] in message.body and services.ERASED[1] in message.body
    request = DataRequest.objects.get(kind=RequestKind.ERASURE)
    assert request.acknowledged_at is not None and request.ack_to == ""
    # No more signing in, no session survives, and a repeat is refused.
    sign_in = sign_in_as(APIClient(), "asha@example.in")
    assert sign_in.status_code == 401
    refreshed = APIClient().post("/api/auth/token/refresh/", {"refresh": str(refresh)}, format="json")
    assert refreshed.status_code == 401
    assert refusal(erase(history.client, django_capture_on_commit_callbacks), 401)["code"] == "user_inactive"
    assert AuditLog.objects.filter(action="account_erased").count() == 1


def test_a_gstin_buyer_keeps_their_name_on_a_small_order(history, django_capture_on_commit_callbacks):
    Order.objects.filter(pk=history.small.pk).update(buyer_gstin="29AAFCP4321E1ZM")
    assert erase(history.client, django_capture_on_commit_callbacks).status_code == 200
    history.small.refresh_from_db()
    assert history.small.shipping_address["full_name"] == "Asha Rao" and history.small.shipping_address["phone"] == ""


def test_a_wrong_password_changes_nothing(history, django_capture_on_commit_callbacks):
    error = refusal(erase(history.client, django_capture_on_commit_callbacks, password="not-my-password"), 400)
    assert error["code"] == "erasure_not_confirmed" and "password" in error["fields"]
    history.user.refresh_from_db()
    assert history.user.is_active and history.user.email == "asha@example.in"
    assert Address.objects.filter(user=history.user).count() == 2 and not mail.outbox
    assert not AuditLog.objects.filter(action="account_erased").exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"password": DEFAULT_PASSWORD, "code": "123456"},
        {"code": "12345"},
        {"code": 123456},
        {"password": DEFAULT_PASSWORD, "confirm": True},
    ],
)
def test_a_deletion_needs_exactly_one_confirmation(auth_client, user, body):
    response = auth_client.post("/api/account/erasure/", body, format="json")
    assert refusal(response, 400)["code"] == "invalid"
    user.refresh_from_db()
    assert user.is_active


def test_an_emailed_code_confirms_it(history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = history.client.post("/api/account/erasure/code/")
    assert sent.status_code == 202 and sent.json() == {"sent_to": "a***@example.in", "expires_in_minutes": 15}
    [message] = mail.outbox
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    assert message.to == ["asha@example.in"] and not ErasureCode.objects.filter(code_hash__contains=code).exists()

    wrong = "000000" if code != "000000" else "111111"
    assert refusal(erase(history.client, django_capture_on_commit_callbacks, code=wrong), 400)["fields"]["code"]
    assert erase(history.client, django_capture_on_commit_callbacks, code=code).status_code == 200
    history.user.refresh_from_db()
    assert not history.user.is_active and not ErasureCode.objects.exists()


def test_a_code_is_burnt_after_five_wrong_guesses(auth_client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.post("/api/account/erasure/code/")
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(services.MAX_CODE_ATTEMPTS):
        refusal(erase(auth_client, django_capture_on_commit_callbacks, code=wrong), 400)
    refusal(erase(auth_client, django_capture_on_commit_callbacks, code=code), 400)
    user.refresh_from_db()
    assert user.is_active


def test_an_account_without_a_password_confirms_with_a_code(user):
    user.set_unusable_password()  # e.g. one made by signing in with a code
    user.save()
    auth_client = client_for(user)  # (a token from before the change is refused: password_changed)
    info = auth_client.get("/api/account/erasure/").json()
    assert info["confirm_with"] == ["code"] and info["allowed"]
    error = refusal(auth_client.post("/api/account/erasure/", {"password": "anything-at-all"}, format="json"), 400)
    assert error["code"] == "erasure_not_confirmed"


@pytest.mark.parametrize("role", ["staff_member", "shop_admin", "superuser"])
def test_staff_and_admin_accounts_are_refused_with_a_clear_message(role):
    from accounts.tests.factories import UserFactory
    from staff.tests import factories

    person = UserFactory(is_staff=True, is_superuser=True) if role == "superuser" else getattr(factories, role)()
    client = client_for(person)
    error = refusal(client.post("/api/account/erasure/", {"password": DEFAULT_PASSWORD}, format="json"), 403)
    assert error["code"] == "staff_account" and "administrator" in error["message"]
    assert refusal(client.post("/api/account/erasure/code/"), 403)["code"] == "staff_account"
    assert client.get("/api/account/erasure/").json()["allowed"] is False
    person.refresh_from_db()
    assert person.is_active and not ErasureCode.objects.exists()


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.PACKED, OrderStatus.SHIPPED, OrderStatus.CONFIRMED])
def test_an_order_on_its_way_holds_the_deletion(history, status, django_capture_on_commit_callbacks):
    Order.objects.filter(pk=history.big.pk).update(status=status)
    error = refusal(erase(history.client, django_capture_on_commit_callbacks), 409)
    assert error["code"] == "orders_in_progress" and history.big.number in error["message"]
    info = history.client.get("/api/account/erasure/").json()
    assert info["allowed"] is False and info["blockers"][0]["code"] == "orders_in_progress"
    history.user.refresh_from_db()
    assert history.user.is_active


def test_an_open_return_holds_the_deletion(history, django_capture_on_commit_callbacks):
    ReturnRequest.objects.create(order=history.small, reason="other", outcome="refund", status="approved")
    error = refusal(erase(history.client, django_capture_on_commit_callbacks), 409)
    assert error["code"] == "orders_in_progress" and history.small.number in error["message"]


def test_cancelled_orders_do_not_hold_it(history, django_capture_on_commit_callbacks):
    Order.objects.filter(pk=history.big.pk).update(status=OrderStatus.CANCELLED)
    assert erase(history.client, django_capture_on_commit_callbacks).status_code == 200


def test_other_apps_erase_their_rows_inside_the_same_transaction(history):
    seen = []

    def wishlist(sender, user, **kwargs):
        seen.append((user.email, transaction.get_connection().in_atomic_block))

    account_erasing.connect(wishlist)
    try:
        services.erase_account(history.user, password=DEFAULT_PASSWORD, request=None)
    finally:
        account_erasing.disconnect(wishlist)
    assert seen == [("asha@example.in", True)]


def test_a_failing_app_rolls_the_whole_erasure_back(history):
    def broken(sender, user, **kwargs):
        raise RuntimeError("the wishlist is down")

    account_erasing.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            services.erase_account(history.user, password=DEFAULT_PASSWORD, request=None)
    finally:
        account_erasing.disconnect(broken)
    user = User.objects.get(pk=history.user.pk)
    assert user.is_active and user.email == "asha@example.in" and Address.objects.filter(user=user).count() == 2
    assert not AuditLog.objects.filter(action="account_erased").exists() and not DataRequest.objects.exists()


def test_the_account_page_is_told_what_goes_and_what_stays(auth_client):
    info = auth_client.get("/api/account/erasure/").json()
    assert info == {
        "allowed": True,
        "blockers": [],
        "confirm_with": ["password", "code"],
        "erased": list(services.ERASED),
        "kept": list(services.KEPT),
    }


def test_a_failed_acknowledgement_is_retried_by_the_catch_up(history, django_capture_on_commit_callbacks):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    with mock.patch("privacy.services.send_mail", side_effect=OSError("mail server down")):
        assert erase(history.client, django_capture_on_commit_callbacks).status_code == 200
    request = DataRequest.objects.get()
    assert request.acknowledged_at is None and request.attempts == 1 and "mail server down" in request.last_error
    assert request.ack_to == "asha@example.in" and not mail.outbox
    assert services.acknowledge_missed() == 0  # too early: the task has had no chance yet
    assert services.acknowledge_missed(now=timezone.now() + timedelta(minutes=3)) == 1
    request.refresh_from_db()
    assert request.acknowledged_at and request.ack_to == "" and mail.outbox[0].to == ["asha@example.in"]
    assert services.acknowledge_missed(now=timezone.now() + timedelta(minutes=3)) == 0
