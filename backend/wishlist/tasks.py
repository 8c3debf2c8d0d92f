from celery import shared_task

from wishlist import alert_services


@shared_task(name="wishlist.tasks.send_due_alerts")
def send_due_alerts() -> int:
    """Beat: the price and stock alerts that fired, one message per shopper (at most one per variant a day)."""
    return alert_services.send_due_alerts()
