from celery import shared_task

from audit import services as audit
from returns import emails, services


@shared_task(name="returns.tasks.send_return_email")
def send_return_email(transition_id: int) -> str:
    return emails.send_return_email(transition_id)


@shared_task(name="returns.tasks.send_missed_return_emails")
def send_missed_return_emails() -> int:
    """Beat: the emails of return steps whose task was lost or whose mail server failed."""
    return emails.send_missed_return_emails()


@shared_task(name="returns.tasks.book_pickup")
@audit.audited_as("return_book_pickup")
def book_pickup(return_id: int) -> str:
    return services.book_pickup(return_id)


@shared_task(name="returns.tasks.book_replacement")
@audit.audited_as("return_book_replacement")
def book_replacement(return_id: int) -> str:
    return services.book_replacement(return_id)


@shared_task(name="returns.tasks.sync_pickups")
@audit.audited_as("return_sync_pickups")
def sync_pickups() -> int:
    """Beat: follow reverse pickups at their carrier (picked up, back at the warehouse)."""
    return services.sync_pickups()
