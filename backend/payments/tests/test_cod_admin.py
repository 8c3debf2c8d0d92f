"""Cash on delivery in the admin: read-only lists of shoppers' standing, the codes sent and the carrier's remittances
(with what it still owes); lifting a block goes through cod_services.unblock, audited, and only for staff allowed."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditLog
from orders.models import Order, OrderStatus
from payments.models import CodConfirmation, CodRemittance, CodRemittanceLine, CodStanding
from payments.tests.test_cod_remittance import cod_order
from staff.tests.factories import customer, shop_admin, staff_member

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lift(client, *standings):
    return client.post(
        "/admin/payments/codstanding/",
        {"action": "lift_block", "_selected_action": [s.pk for s in standings]},
        follow=True,
    )


def test_staff_lift_a_block_through_the_service_audited(user, other_user):
    blocked = CodStanding.objects.create(user=user, rto_count=2, blocked=True, blocked_at=timezone.now())
    clean = CodStanding.objects.create(user=other_user, rto_count=1)
    client = signed_in(staff_member())

    listing = client.get("/admin/payments/codstanding/?blocked__exact=1")
    assert listing.status_code == 200 and user.email in listing.content.decode()
    assert other_user.email not in listing.content.decode()

    response = lift(client, blocked, clean)
    assert "offered again to 1 shopper(s)" in response.content.decode()
    blocked.refresh_from_db()
    assert not blocked.blocked and blocked.lifted_at_count == 2 and blocked.lifted_by is not None
    assert AuditLog.objects.filter(action="cod_unblocked").count() == 1
    assert client.get(f"/admin/payments/codstanding/{blocked.pk}/change/").status_code == 200
    assert client.post(f"/admin/payments/codstanding/{blocked.pk}/delete/").status_code == 403


def test_no_one_else_lifts_a_block(user):
    blocked = CodStanding.objects.create(user=user, rto_count=2, blocked=True)
    shopper = signed_in(customer())
    refused = shopper.post("/admin/payments/codstanding/", {"action": "lift_block", "_selected_action": [blocked.pk]})
    assert refused.status_code == 302 and "/admin/login/" in refused["Location"]  # not staff: to the sign-in
    blocked.refresh_from_db()
    assert blocked.blocked and not AuditLog.objects.filter(action="cod_unblocked").exists()


def test_confirmations_hide_the_code(user):
    order = Order.objects.create(
        user=user, status=OrderStatus.CONFIRMATION_PENDING, payment_method="cod", subtotal=1, mrp_total=1,
        tax_total=0, total=1, shipping_address={},
    )  # fmt: skip
    confirmation = CodConfirmation.objects.create(
        order=order, salt="s" * 32, code_hash="f" * 64, sent_at=timezone.now(), channel="sms"
    )
    client = signed_in(staff_member())
    assert client.get("/admin/payments/codconfirmation/").status_code == 200
    page = client.get(f"/admin/payments/codconfirmation/{confirmation.pk}/change/").content.decode()
    assert "sms" in page and "f" * 64 not in page and "s" * 32 not in page


def test_remittances_with_their_parcels_and_what_is_still_owed(user):
    paid = cod_order(user, "AWB1", total="1000.00")
    cod_order(user, "AWB2", total="125000.50")  # delivered, cash collected, not remitted yet
    remittance = CodRemittance.objects.create(utr="UTR0001", received_at=timezone.now(), amount=Decimal("1000.00"))
    CodRemittanceLine.objects.create(
        remittance=remittance, payment=paid.payments.get(), awb="AWB1", amount=Decimal("1000.00")
    )
    client = signed_in(shop_admin())

    listing = client.get("/admin/payments/codremittance/").content.decode()
    assert "UTR0001" in listing
    assert "The carrier still owes ₹1,25,000.50 for 1 delivered parcel(s)." in listing
    detail = client.get(f"/admin/payments/codremittance/{remittance.pk}/change/").content.decode()
    assert "AWB1" in detail and "AWB2" not in detail
    assert client.get("/admin/payments/codremittance/add/").status_code == 403
