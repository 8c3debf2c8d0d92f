from celery import shared_task

from notifications import services


@shared_task(name="notifications.tasks.send_order_email")
def send_order_email(order_id: int, kind: str) -> str:
    """Send one order email (confirmation or a shipping update) once."""
    return services.send_order_email(order_id, kind)


@shared_task(name="notifications.tasks.send_missed_order_emails")
def send_missed_order_emails() -> int:
    """Beat: order emails whose task was lost (broker down) or whose sending failed, sent once."""
    return services.send_missed_order_emails()
