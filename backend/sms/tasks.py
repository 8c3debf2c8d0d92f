from celery import shared_task

from sms import services
from sms.errors import SmsUnavailable


@shared_task(bind=True, name="sms.tasks.send_sms", ignore_result=True, acks_late=True, max_retries=None)
def send_sms(self, message_id: int, sealed_code: str = "", expected_attempts: int = 0) -> str:
    """One attempt at a recorded message (sms.services.deliver). On a Celery worker a failed attempt is retried
    by this task after the backoff; in-process the periodic catch-up retries an order's update. A code that could
    not be sent fails the task, which deliver_on_commit turns into a 503 for the person waiting for it."""
    in_process = bool(self.request.is_eager)
    outcome = services.deliver(message_id, sealed_code, expected_attempts, worker_retries=not in_process)
    if outcome.retry_in is not None and not in_process:
        raise self.retry(args=(message_id, sealed_code, outcome.attempts), countdown=outcome.retry_in)
    if outcome.status == "failed" and sealed_code:
        raise SmsUnavailable(f"The code could not be sent: {outcome.error}")
    return outcome.status


@shared_task(name="sms.tasks.send_due_messages", ignore_result=True)
def send_due_messages() -> int:
    """Beat, every minute: queued messages whose attempt is due and whose task is not coming (sms.services)."""
    return services.send_due()
