from celery import shared_task

from audit import services as audit
from orders import services


@shared_task(name="orders.tasks.expire_unpaid_orders")
@audit.audited_as("expire_unpaid_orders")
def expire_unpaid_orders() -> int:
    """Beat: cancel orders unpaid after ORDER_RESERVATION_MINUTES and release their stock."""
    return services.expire_unpaid_orders()
