"""Shipments and tracking in the Django admin; staff book a failed shipment and mark steps by hand."""

import pytest

from notifications.models import OrderEmail
from orders.models import Order
from shipping.models import Shipment, TrackingEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser("staff@example.in", "Staff-Password-123")
    client.force_login(staff)
    client.staff = staff
    return client


def act(client, action, *shipments):
    return client.post(
        "/admin/shipping/shipment/", {"action": action, "_selected_action": [s.pk for s in shipments]}, follow=True
    )


def test_admin_pages_render(staff_client, paid_order):
    shipment = Shipment.objects.get()
    event = TrackingEvent.objects.get()
    for url in (
        "/admin/shipping/shipment/",
        f"/admin/shipping/shipment/{shipment.pk}/change/",
        "/admin/shipping/trackingevent/",
        f"/admin/shipping/trackingevent/{event.pk}/change/",
        "/admin/notifications/orderemail/",
        f"/admin/notifications/orderemail/{OrderEmail.objects.get().pk}/change/",
        f"/admin/shipping/shipment/?q={shipment.awb}",
    ):
        assert staff_client.get(url).status_code == 200, url
    page = staff_client.get(f"/admin/shipping/shipment/{shipment.pk}/change/").content.decode()
    assert shipment.awb in page and 'name="status"' not in page and 'name="awb"' not in page


def test_mark_delivered_by_hand(staff_client, paid_order):
    shipment = Shipment.objects.get()
    page = act(staff_client, "mark_delivered", shipment).content.decode()
    assert "1 shipment(s) marked delivered" in page
    order = Order.objects.get()
    assert order.status == "DELIVERED" and Shipment.objects.get().status == "DELIVERED"
    shipped, delivered = order.transitions.filter(to_status__in=["SHIPPED", "DELIVERED"])
    assert (delivered.actor, delivered.source) == (staff_client.staff, "staff") and shipped.actor == staff_client.staff
    event = Shipment.objects.get().events.last()
    assert (event.label, event.source) == ("DELIVERED", "staff") and "staff@example.in" in event.description


def test_mark_picked_up_by_hand(staff_client, paid_order):
    act(staff_client, "mark_picked_up", Shipment.objects.get())
    assert Order.objects.get().status == "SHIPPED" and Shipment.objects.get().status == "PICKED_UP"


def test_book_a_failed_shipment_by_hand(staff_client, shiprocket, place, pay):
    shiprocket.fail_status = 502
    order = pay(place().pk)
    shipment = Shipment.objects.get()
    assert shipment.status == "FAILED" and order.status == "PAID"
    act(staff_client, "mark_delivered", shipment)  # no AWB yet: refused, nothing changes
    assert Order.objects.get().status == "PAID"

    page = act(staff_client, "book_with_carrier", shipment).content.decode()
    assert "not booked" in page and Shipment.objects.get().status == "FAILED"
    shiprocket.fail_status = None
    page = act(staff_client, "book_with_carrier", shipment).content.decode()
    assert "1 shipment(s) booked" in page
    shipment.refresh_from_db()
    assert shipment.status == "AWB_ASSIGNED" and shipment.awb and Order.objects.get().status == "PACKED"
    packed = Order.objects.get().transitions.get(to_status="PACKED")
    assert (packed.actor, packed.source) == (staff_client.staff, "staff")


def test_book_a_pending_shipment_when_auto_create_is_off(staff_client, place, pay, settings):
    settings.SHIPPING_AUTO_CREATE = False
    pay(place().pk)
    act(staff_client, "book_with_carrier", Shipment.objects.get())
    assert Shipment.objects.get().status == "AWB_ASSIGNED" and Order.objects.get().status == "PACKED"


def test_refresh_tracking_action(staff_client, paid_order):
    from shipping.tests.conftest import age

    age(Shipment.objects.get(), 3 * 60)
    act(staff_client, "refresh_tracking", Shipment.objects.get())
    assert Shipment.objects.get().status == "PICKED_UP" and Order.objects.get().status == "SHIPPED"


def test_nothing_is_added_or_deleted_in_the_admin(staff_client, paid_order):
    assert staff_client.get("/admin/shipping/shipment/add/").status_code == 403
    assert staff_client.get("/admin/shipping/trackingevent/add/").status_code == 403
    assert staff_client.get(f"/admin/shipping/shipment/{Shipment.objects.get().pk}/delete/").status_code == 403


def test_booking_an_already_booked_shipment_says_so(staff_client, paid_order):
    page = act(staff_client, "book_with_carrier", Shipment.objects.get()).content.decode()
    assert "already booked" in page and Shipment.objects.get().attempts == 1


def test_a_labelled_manifested_shipment_renders_read_only(staff_client, paid_order):
    from shipping import documents

    documents.order_label(paid_order.pk, actor=staff_client.staff)
    manifest = documents.create_manifest(actor=staff_client.staff)
    shipment = Shipment.objects.get()
    assert shipment.label_sha256 and shipment.manifest_id == manifest.pk
    response = staff_client.get(f"/admin/shipping/shipment/{shipment.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert shipment.label_sha256 in page and 'name="label"' not in page and 'name="manifest"' not in page
