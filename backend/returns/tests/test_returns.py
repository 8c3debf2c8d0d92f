"""Returns: the shopper's request (window, ownership, one open per unit, photos), staff steps, the reverse pickup,
and the refund of exactly what was paid for the units through each gateway's stand-in (or a replacement)."""

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from catalog.models import ProductVariant
from conftest import client_for, refusal
from orders.models import Imei, Order, OrderStatus, OrderTransition
from orders.services import lock_order, paid_for_units, transition
from orders.tests.fixtures import add_to_cart, checkout, record_imeis
from payments.models import Payment, PaymentRefund
from payments.tests.fake_razorpay import sign as razorpay_sign
from payments.tests.test_stripe import post_webhook as stripe_webhook
from returns.models import ReturnRequest, ReturnTransition
from staff.tests.factories import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def returns_settings(settings):
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_AUTO_CREATE = False
    settings.DEMO_AUTO_IMEI = False
    settings.SHIPPING_MOCK_TRACKING = True
    settings.SHIPPING_MOCK_STEP_SECONDS = 60
    settings.RETURN_WINDOW_DAYS = 7
    settings.PAYMENTS_DEV_GATEWAY = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def staff(db):
    return client_for(staff_member())


def deliver(order, *, days_ago=1):
    """Staff move a paid order (units recorded) to DELIVERED, `days_ago` days ago."""
    with transaction.atomic():
        locked = lock_order(order.pk)
        for to in (OrderStatus.PACKED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            transition(locked, to, actor_kind="staff", source="test")
    OrderTransition.objects.filter(order=order, to_status=OrderStatus.DELIVERED).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    order.refresh_from_db()
    return order


def buy_phones(client, phone, commit, quantity=2, method="dev"):
    assert add_to_cart(client, phone, quantity).status_code == 201
    order = Order.objects.get(pk=checkout(client, method=method).json()["id"])
    Order.objects.filter(pk=order.pk).update(place_of_supply="29")  # invoiced, so refunds get credit notes
    if method == "dev":
        with commit():
            assert client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json").status_code == 200
    return order


def paid_by_dev(client, phone, commit, quantity=2):
    order = buy_phones(client, phone, commit, quantity)
    record_imeis(order)
    with commit():  # the invoice is issued after the packing commits
        return deliver(order)


def units_of(order):
    return [u.pk for item in order.items.all() for u in item.units.order_by("pk")]


def ask(client, order, units, **extra):
    body = {"units": units, "reason": "dead_on_arrival", "outcome": "refund", **extra}
    return client.post(f"/api/orders/{order.pk}/returns/", body, format="multipart")


def image_bytes(kind="PNG", size=(40, 30)):
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make: must not survive the re-encoding
    image.save(out, format=kind, exif=exif) if kind in ("JPEG", "WEBP", "PNG") else image.save(out, format=kind)
    return out.getvalue()


def run_to_received(staff, order, request_id, commit):
    with commit():
        assert staff.post(f"/api/staff/returns/{request_id}/approve/", {"note": "ok"}, format="json").status_code == 200
    request = ReturnRequest.objects.get(pk=request_id)
    assert request.status == "pickup_scheduled" and request.pickup_awb.startswith("PSR")
    from returns.services import sync_pickup

    with commit():
        assert sync_pickup(request_id, now=request.pickup_booked_at + timedelta(seconds=61)) == "picked_up"
        assert sync_pickup(request_id, now=request.pickup_booked_at + timedelta(seconds=121)) == "received"


# --- The shopper's request


def test_the_rule_for_what_units_were_paid_adds_up_to_the_line(auth_client, phone, commit):
    order = buy_phones(auth_client, phone, commit, quantity=3)
    item = order.items.get()
    item.line_total = Decimal("100.00")
    shares = [paid_for_units(item, 1, already=k) for k in range(3)]
    assert shares == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")] and sum(shares) == item.line_total
    assert paid_for_units(item, 2) == Decimal("66.67") and paid_for_units(item, 3) == Decimal("100.00")
    # A coupon's share of the line comes off: a returned unit refunds what was paid for it.
    item.discount = Decimal("10.00")
    shares = [paid_for_units(item, 1, already=k) for k in range(3)]
    assert shares == [Decimal("30.00"), Decimal("30.00"), Decimal("30.00")]


def test_a_delivered_phone_is_returned_within_the_window_and_refunded_with_its_credit_note(
    auth_client, staff, phone, commit
):
    order = paid_by_dev(auth_client, phone, commit)
    listing = auth_client.get(f"/api/orders/{order.pk}/returns/").json()
    assert listing["can_request"] and len(listing["returnable"]) == 2 and listing["returnable"][0]["imeis"]
    unit = listing["returnable"][0]["unit"]
    photo = SimpleUploadedFile("doa.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    with commit():
        response = ask(auth_client, order, [unit], photos=[photo])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "requested" and body["refund_amount"] == str(order.items.get().unit_price)
    assert [s["status"] for s in body["timeline"]][:2] == ["requested", "approved"]
    assert body["timeline"][0]["state"] == "current"

    run_to_received(staff, order, body["id"], commit)
    imei = Imei.objects.get(unit_id=unit)
    assert not imei.in_circulation  # the returned unit's IMEI left circulation
    stock = ProductVariant.objects.get(pk=phone.pk).stock
    with commit():
        response = staff.post(f"/api/staff/returns/{body['id']}/inspect/", {"disposition": "restock"}, format="json")
    assert response.status_code == 200, response.content
    assert ProductVariant.objects.get(pk=phone.pk).stock == stock + 1
    request = ReturnRequest.objects.get(pk=body["id"])
    assert request.status == "refunded" and request.resolution == "refund"
    payment = Payment.objects.get(order=order)
    assert payment.status == "PAID" and payment.refunded_minor == int(request.refund_amount * 100)
    [refund] = PaymentRefund.objects.filter(payment=payment)
    assert refund.status == "processed" and refund.reference == f"return:{request.pk}"
    order.refresh_from_db()
    assert order.status == "DELIVERED" and not order.needs_review  # one of two phones back: the order stays
    from invoicing.models import DocumentKind, TaxDocument

    notes = TaxDocument.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE)
    assert [n.total for n in notes] == [request.refund_amount]  # the credit note is exactly the refund
    steps = list(ReturnTransition.objects.filter(request=request).values_list("to_status", flat=True))
    assert steps == ["requested", "approved", "pickup_scheduled", "picked_up", "received", "refund_pending", "refunded"]
    subjects = [m.subject for m in mail.outbox if "return" in m.subject.lower() or "refund" in m.subject.lower()]
    assert len(subjects) == 6 and any("refund" in s.lower() for s in subjects)  # one per step (not refund_pending)
    assert ReturnTransition.objects.filter(request=request, emailed_at__isnull=False).count() == 6
    shown = auth_client.get(f"/api/orders/{order.pk}/returns/").json()["results"][0]
    assert shown["status"] == "refunded" and shown["timeline"][-1] == {**shown["timeline"][-1], "state": "current"}


def test_returning_every_unit_refunds_the_order(auth_client, staff, phone, commit):
    order = paid_by_dev(auth_client, phone, commit, quantity=1)
    with commit():
        rid = ask(auth_client, order, units_of(order)).json()["id"]
    run_to_received(staff, order, rid, commit)
    with commit():
        staff.post(f"/api/staff/returns/{rid}/inspect/", {"disposition": "write_off"}, format="json")
    order.refresh_from_db()
    assert order.status == "REFUNDED" and Payment.objects.get(order=order).status == "REFUNDED"


def test_cash_collected_on_delivery_is_refunded_as_a_payout(auth_client, phone, commit):
    """A cash-on-delivery order's money is the cod payment the courier collected: no gateway to send it back
    through, so the shopper gives a UPI id or bank account and staff record the payout."""
    order = paid_by_dev(auth_client, phone, commit)
    Payment.objects.filter(order=order).update(gateway="cod")  # as if collected in cash at the door
    listing = auth_client.get(f"/api/orders/{order.pk}/returns/").json()
    assert listing["needs_payout"]
    unit = listing["returnable"][0]["unit"]
    assert ask(auth_client, order, [unit]).status_code == 400  # the payout details are required
    assert ask(auth_client, order, [unit], payout_upi="ravi@okbank").status_code == 201


def test_outside_the_window_says_until_when(auth_client, phone, commit):
    order = paid_by_dev(auth_client, phone, commit)
    OrderTransition.objects.filter(order=order, to_status="DELIVERED").update(
        created_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    error = refusal(ask(auth_client, order, units_of(order)[:1]), 400)
    assert error["code"] == "return_window_closed" and "open until" in error["message"]
    assert not auth_client.get(f"/api/orders/{order.pk}/returns/").json()["can_request"]


def test_not_delivered_is_not_returnable(auth_client, phone, commit):
    order = buy_phones(auth_client, phone, commit)
    assert refusal(ask(auth_client, order, [1]), 400)["code"] == "not_returnable"
    delivered = paid_by_dev(auth_client, phone, commit)
    assert refusal(ask(auth_client, delivered, []), 400)["code"] == "invalid"  # nothing chosen


def test_another_users_order_is_404(auth_client, other_user, phone, commit):
    order = paid_by_dev(auth_client, phone, commit)
    other = client_for(other_user)
    assert refusal(ask(other, order, units_of(order)[:1]), 404)["code"] == "not_found"
    assert other.get(f"/api/orders/{order.pk}/returns/").status_code == 404


def test_one_open_request_per_unit(auth_client, staff, phone, commit):
    order = paid_by_dev(auth_client, phone, commit)
    first, second = units_of(order)
    with commit():
        rid = ask(auth_client, order, [first]).json()["id"]
    assert refusal(ask(auth_client, order, [first]), 409)["code"] == "return_already_open"
    assert ask(auth_client, order, [second]).status_code == 201  # the other unit may go back
    with commit():
        response = staff.post(
            f"/api/staff/returns/{rid}/reject/", {"note": "Water damage, not covered."}, format="json"
        )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert mail.outbox[-1].subject.endswith("was not approved") and "Water damage" in mail.outbox[-1].body
    assert ask(auth_client, order, [first]).status_code == 201  # rejected: may be asked again in the window
    assert refusal(staff.post(f"/api/staff/returns/{rid}/approve/", {}, format="json"), 409)["code"] == (
        "return_step_not_allowed"
    )


def test_photos_are_checked_from_their_bytes_limited_and_re_encoded(auth_client, other_user, staff, phone, commit):
    order = paid_by_dev(auth_client, phone, commit)
    unit = units_of(order)[:1]
    fake = SimpleUploadedFile("x.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    assert refusal(ask(auth_client, order, unit, photos=[fake]), 400)["code"] == "invalid_photo"
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    as_png = SimpleUploadedFile("x.png", gif.getvalue(), content_type="image/png")
    assert refusal(ask(auth_client, order, unit, photos=[as_png]), 400)["code"] == "invalid_photo"
    big = SimpleUploadedFile("big.png", image_bytes("PNG") + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    assert refusal(ask(auth_client, order, unit, photos=[big]), 400)["code"] == "invalid_photo"
    four = [SimpleUploadedFile(f"{k}.png", image_bytes("PNG"), content_type="image/png") for k in range(4)]
    assert refusal(ask(auth_client, order, unit, photos=four), 400)["code"] in ("invalid_photo", "invalid")
    assert not ReturnRequest.objects.exists()

    photos = [
        SimpleUploadedFile("a.jpg", image_bytes("JPEG"), content_type="image/jpeg"),
        SimpleUploadedFile("b.webp", image_bytes("WEBP"), content_type="image/webp"),
        SimpleUploadedFile("c.png", image_bytes("PNG"), content_type="application/octet-stream"),
    ]
    body = ask(auth_client, order, unit, photos=photos).json()
    assert len(body["photos"]) == 3
    first = auth_client.get(body["photos"][0])
    assert first.status_code == 200 and first["Content-Type"] == "image/jpeg"
    data = b"".join(first.streaming_content)
    assert b"SecretCam" not in data and Image.open(io.BytesIO(data)).format == "JPEG"
    assert auth_client.get(body["photos"][2])["Content-Type"] == "image/png"  # the type from the bytes
    assert client_for(other_user).get(body["photos"][0]).status_code == 404
    assert staff.get(body["photos"][0]).status_code == 200


def test_a_large_upload_passes_the_body_limit_only_on_this_route(auth_client, settings, phone, commit):
    order = paid_by_dev(auth_client, phone, commit)
    photo = SimpleUploadedFile("a.png", image_bytes("PNG", size=(900, 900)), content_type="image/png")
    settings.API_MAX_BODY_BYTES = 1024
    assert ask(auth_client, order, units_of(order)[:1], photos=[photo]).status_code == 201
    assert refusal(auth_client.post("/api/cart/items/", {"x": "y" * 2000}, format="json"), 413)["code"]


# --- Replacement


def test_replacement_ships_the_same_variant_with_a_new_imei(auth_client, staff, phone, commit):
    from orders.imei import generate_imei

    order = paid_by_dev(auth_client, phone, commit)
    unit = units_of(order)[0]
    with commit():
        rid = ask(auth_client, order, [unit], outcome="replacement").json()["id"]
    run_to_received(staff, order, rid, commit)
    stock = ProductVariant.objects.get(pk=phone.pk).stock
    new_imei = generate_imei(987654)
    with commit():
        response = staff.post(
            f"/api/staff/returns/{rid}/inspect/",
            {"disposition": "write_off", "replacement_imeis": [[new_imei]]},
            format="json",
        )
    assert response.status_code == 200, response.content
    request = ReturnRequest.objects.get(pk=rid)
    assert request.status == "replacement_shipped" and request.replacement_awb.startswith("PSX")
    assert ProductVariant.objects.get(pk=phone.pk).stock == stock - 1
    assert Imei.objects.get(number=new_imei, in_circulation=True).unit.item.order == order
    assert not PaymentRefund.objects.exists()


def test_replacement_without_stock_is_refunded_instead(auth_client, staff, phone, commit):
    order = paid_by_dev(auth_client, phone, commit)
    with commit():
        rid = ask(auth_client, order, units_of(order)[:1], outcome="replacement").json()["id"]
    run_to_received(staff, order, rid, commit)
    ProductVariant.objects.filter(pk=phone.pk).update(stock=0)
    with commit():
        response = staff.post(f"/api/staff/returns/{rid}/inspect/", {"disposition": "write_off"}, format="json")
    assert response.status_code == 200, response.content
    request = ReturnRequest.objects.get(pk=rid)
    assert request.status == "refunded" and request.resolution == "refund" and request.outcome == "replacement"
    assert "No stock left" in request.transitions.get(to_status="refund_pending").note
    assert ProductVariant.objects.get(pk=phone.pk).stock == 0


# --- Partial refunds through each gateway's stand-in


def _razorpay_paid(auth_client, phone, razorpay, commit):
    order = buy_phones(auth_client, phone, commit, method="razorpay")
    opened = auth_client.post("/api/payments/razorpay/create/", {"order_id": order.pk}, format="json").json()
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    with commit():
        response = auth_client.post(
            "/api/payments/razorpay/verify/",
            {
                "razorpay_order_id": opened["razorpay_order_id"],
                "razorpay_payment_id": payment_id,
                "razorpay_signature": signature,
            },
            format="json",
        )
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    record_imeis(order)
    return deliver(order), payment_id


def test_partial_refund_through_razorpay(auth_client, api_client, staff, phone, razorpay, commit):
    order, payment_id = _razorpay_paid(auth_client, phone, razorpay, commit)
    first, second = units_of(order)
    for unit in (first, second):
        with commit():
            rid = ask(auth_client, order, [unit]).json()["id"]
        run_to_received(staff, order, rid, commit)
        with commit():
            staff.post(f"/api/staff/returns/{rid}/inspect/", {"disposition": "restock"}, format="json")
        assert ReturnRequest.objects.get(pk=rid).status == "refunded"
    calls = razorpay.calls("POST", f"/v1/payments/{payment_id}/refund")
    unit_paise = int(order.items.get().unit_price * 100)
    assert [c[2]["amount"] for c in calls] == [unit_paise, unit_paise]  # POST /v1/payments/{id}/refund {amount}
    assert calls[0][2]["notes"]["refund_ref"] != calls[1][2]["notes"]["refund_ref"]
    payment = Payment.objects.get(order=order)
    assert payment.status == "REFUNDED" and payment.refunded_minor == 2 * unit_paise
    order.refresh_from_db()
    assert order.status == "REFUNDED"
    # Razorpay's refund.processed webhook for a refund already recorded changes nothing.
    refund_id = PaymentRefund.objects.order_by("pk").first().gateway_refund_id
    raw = json.dumps(razorpay.refund_event(refund_id)).encode()
    response = api_client.post(
        "/api/payments/razorpay/webhook/",
        raw,
        content_type="application/json",
        HTTP_X_RAZORPAY_SIGNATURE=razorpay_sign(raw, "webhook-secret-xyz"),
        HTTP_X_RAZORPAY_EVENT_ID="evt_refund_again",
    )
    assert response.status_code == 200 and PaymentRefund.objects.count() == 2


def test_partial_refund_through_stripe_in_the_charged_currency(
    auth_client, api_client, staff, phone, stripe_api, commit
):
    order = buy_phones(auth_client, phone, commit, method="stripe")
    opened = auth_client.post(
        "/api/payments/stripe/create/", {"order_id": order.pk, "currency": "USD"}, format="json"
    ).json()
    intent = stripe_api.pay(opened["payment_intent_id"])
    with commit():
        stripe_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", intent["id"]))
    order.refresh_from_db()
    record_imeis(order)
    deliver(order)
    with commit():
        rid = ask(auth_client, order, units_of(order)[:1]).json()["id"]
    run_to_received(staff, order, rid, commit)
    with commit():
        staff.post(f"/api/staff/returns/{rid}/inspect/", {"disposition": "restock"}, format="json")
    [call] = stripe_api.calls("POST", "/v1/refunds")
    params = call["params"] if "params" in call else call["body"]
    payment = Payment.objects.get(order=order)
    charged = int(payment.amount * 100)
    assert params["payment_intent"] == intent["id"] and int(params["amount"]) == (charged + 1) // 2  # half, in cents
    assert ReturnRequest.objects.get(pk=rid).status == "refunded"
    assert payment.status == "PAID" and payment.refunded_minor == int(params["amount"])
    # Stripe's charge.refunded reports the charge's refunded total: already counted, nothing new.
    charge = stripe_api.charges[intent["latest_charge"]]
    with commit():
        stripe_webhook(api_client, stripe_api.event("charge.refunded", charge))
    payment.refresh_from_db()
    assert payment.refunded_minor == int(params["amount"]) and PaymentRefund.objects.count() == 1


# --- The lifecycle's seam: a gateway refund after the parcel left opens a return


def test_a_full_gateway_refund_after_shipping_opens_a_return(auth_client, phone, commit):
    from payments.gateways.base import GatewayRefund
    from payments.services import record_refund

    order = buy_phones(auth_client, phone, commit, quantity=1)
    record_imeis(order)
    with transaction.atomic():
        locked = lock_order(order.pk)
        transition(locked, OrderStatus.PACKED, actor_kind="staff", source="test")
        transition(locked, OrderStatus.SHIPPED, actor_kind="staff", source="test")
    payment = Payment.objects.get(order=order)
    with commit():
        record_refund(
            "dev",
            GatewayRefund("dev_rfnd_1", payment.gateway_payment_id, int(order.total * 100), "INR", "processed"),
            source="webhook",
        )
    request = ReturnRequest.objects.get(order=order)
    assert request.refunded_at_gateway and request.status == "pickup_scheduled" and request.units.count() == 1


def test_staff_approve_or_reject_in_the_admin_and_each_decision_is_audited(client, auth_client, phone, commit):
    from audit.models import AuditLog

    order = paid_by_dev(auth_client, phone, commit)
    first, second = units_of(order)
    ids = []
    for unit in (first, second):
        with commit():
            response = ask(auth_client, order, [unit])
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    member = staff_member()
    client.force_login(member)
    assert client.get("/admin/returns/returnrequest/").status_code == 200
    page = f"/admin/returns/returnrequest/{ids[0]}/decide/"
    assert client.get(page).status_code == 200

    refused = client.post(page, {"decision": "reject", "note": " "})  # a rejection needs its reason
    assert refused.status_code == 200 and ReturnRequest.objects.get(pk=ids[0]).status == "requested"
    with commit():
        assert client.post(page, {"decision": "reject", "note": "The seal is broken."}).status_code == 302
    with commit():
        decide = f"/admin/returns/returnrequest/{ids[1]}/decide/"
        assert client.post(decide, {"decision": "approve", "note": ""}).status_code == 302

    assert ReturnRequest.objects.get(pk=ids[0]).status == "rejected"
    assert ReturnRequest.objects.get(pk=ids[1]).status == "pickup_scheduled"  # approval booked the pickup
    actions = set(AuditLog.objects.filter(actor=member).values_list("action", flat=True))
    assert {"return_rejected", "return_approved"} <= actions


def test_the_admin_decision_page_is_for_staff_who_change_orders(client, auth_client, phone, commit, other_user):
    order = paid_by_dev(auth_client, phone, commit)
    with commit():
        rid = ask(auth_client, order, [units_of(order)[0]]).json()["id"]
    other_user.is_staff = True
    other_user.save(update_fields=["is_staff"])
    client.force_login(other_user)  # staff flag, no role
    assert client.post(f"/admin/returns/returnrequest/{rid}/decide/", {"decision": "approve"}).status_code == 403
    assert ReturnRequest.objects.get(pk=rid).status == "requested"


def test_a_return_steps_email_lost_with_its_task_is_caught_up_once(auth_client, phone, commit):
    from returns.emails import send_missed_return_emails

    order = paid_by_dev(auth_client, phone, commit)
    mail.outbox.clear()
    response = ask(auth_client, order, units_of(order)[:1])  # outside commit(): its email task never runs
    assert response.status_code == 201, response.content
    step = ReturnTransition.objects.get(request_id=response.json()["id"], to_status="requested")
    assert step.emailed_at is None and not mail.outbox

    assert send_missed_return_emails(now=step.created_at + timedelta(minutes=1)) == 0  # the task's own chance first
    assert send_missed_return_emails(now=step.created_at + timedelta(minutes=3)) == 1
    assert [m.subject for m in mail.outbox] == [f"We have your return request for order {order.number}"]
    step.refresh_from_db()
    assert step.emailed_at is not None
    assert send_missed_return_emails(now=step.created_at + timedelta(minutes=8)) == 0  # once
    assert send_missed_return_emails(now=step.created_at + timedelta(hours=30)) == 0
