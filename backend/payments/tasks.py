from celery import shared_task

from audit import services as audit
from payments import services


@shared_task(name="payments.tasks.refund_payment")
@audit.audited_as("refund_payment")
def refund_payment(payment_id: int) -> str:
    """Ask the gateway to refund a REFUND_PENDING payment (enqueued after the cancel commits)."""
    return services.execute_refund(payment_id)


@shared_task(name="payments.tasks.refund_part_payment")
@audit.audited_as("refund_part_payment")
def refund_part_payment(refund_id: int) -> str:
    """Ask the gateway for one partial refund (enqueued after the return's refund commits)."""
    return services.execute_refund_part(refund_id)


@shared_task(name="payments.tasks.retry_pending_refunds")
@audit.audited_as("retry_pending_refunds")
def retry_pending_refunds() -> int:
    """Beat: retry refunds whose gateway call did not go through (gateway down, worker lost)."""
    return services.retry_pending_refunds()


@shared_task(name="payments.tasks.send_cod_code", ignore_result=True)
def send_cod_code(confirmation_id: int, sealed_code: str) -> None:
    """Deliver a cash-on-delivery confirmation code (sealed on the broker: cod_services.seal)."""
    from payments.cod_services import deliver_code

    deliver_code(confirmation_id, sealed_code)
