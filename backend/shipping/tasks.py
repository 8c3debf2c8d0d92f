from celery import shared_task
from django.conf import settings

from audit import services as audit
from shipping import services


@shared_task(name="shipping.tasks.create_shipment")
@audit.audited_as("create_shipment")
def create_shipment(order_id: int) -> str:
    """After an order is paid: book its shipment (AWB) and move it to PACKED. Safe to run twice. With
    SHIPPING_AUTO_CREATE off it only makes the PENDING shipment that staff book in the admin."""
    shipment = services.create_shipment_for_order(order_id, book=settings.SHIPPING_AUTO_CREATE)
    return f"{shipment.status} {shipment.awb}".strip() if shipment else "not bookable"


@shared_task(name="shipping.tasks.sync_tracking")
@audit.audited_as("sync_tracking")
def sync_tracking() -> int:
    """Beat: poll the carrier for every unfinished shipment; delivery moves the order to DELIVERED."""
    return services.sync_active_shipments()


@shared_task(name="shipping.tasks.book_pending_shipments")
@audit.audited_as("book_pending_shipments")
def book_pending_shipments() -> int:
    """Beat: book paid orders whose booking task was lost or failed (up to SHIPPING_BOOKING_MAX_ATTEMPTS)."""
    return services.book_pending_shipments()


@shared_task(name="shipping.tasks.cancel_shipment")
@audit.audited_as("cancel_shipment")
def cancel_shipment(shipment_id: int) -> str:
    """After a booked order is cancelled: cancel the shipment at the carrier."""
    return services.cancel_at_carrier(shipment_id)


@shared_task(name="shipping.tasks.cancel_pending_at_carrier")
@audit.audited_as("cancel_pending_at_carrier")
def cancel_pending_at_carrier() -> int:
    """Beat: cancel at the carrier the shipments of cancelled orders whose cancel task was lost."""
    return services.cancel_pending_at_carrier()
