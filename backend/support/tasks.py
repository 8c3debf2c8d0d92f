from celery import shared_task

from support import services


@shared_task(name="support.tasks.send_complaint_emails")
def send_complaint_emails(complaint_id: int) -> str:
    """A complaint's emails (officer, acknowledgement, resolution), each once."""
    return services.send_emails(complaint_id)


@shared_task(name="support.tasks.send_missed_complaint_emails")
def send_missed_complaint_emails() -> int:
    """Beat: complaint emails whose task was lost (broker down) or whose mail failed."""
    return services.send_missed()
