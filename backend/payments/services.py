"""Payment state changes, whatever the gateway. The browser's verify call, the dev confirm and every
webhook end in the same three idempotent functions (record_capture, record_failure, record_refund),
which lock the order row and then the payment row, and only ever move a payment forward. Refunds, the
webhook bookkeeping (process_event_once) and the checks every gateway's flow starts with live here too;
each gateway's own flow is in <gateway>_services.py (razorpay, stripe, dev)."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core import metrics
from core.errors import ApplicationError, CommonErrorCode
from core.money import from_minor_units, to_minor_units
from core.tasks import enqueue_on_commit
from orders import lifecycle
from orders import services as order_services
from orders.models import Order
from payments.error_codes import PaymentErrorCode
from payments.gateways import get_gateway
from payments.gateways.base import GatewayError, GatewayPayment, GatewayRefund, WebhookEvent
from payments.models import CHARGED_STATUSES, RANK, Payment, PaymentEvent, PaymentRefund, PaymentStatus, RefundStatus
from payments.signals import payment_refund_failed, payment_refunded

logger = logging.getLogger(__name__)


def _lock_pair(found: Payment) -> tuple[Order, Payment]:
    """Lock the order, then the payment (the one lock order used everywhere): `found` is the payment as read
    before the locks (its order never changes), answered afresh with its order attached."""
    order = _lock_order(found.order_id)
    payment = Payment.objects.select_for_update().get(pk=found.pk)
    payment.order = order
    return order, payment


def _lock_order(order_id: int) -> Order:
    """A payment's order, locked: it exists (a payment protects its order from deletion)."""
    order = order_services.lock_order(order_id)
    if order is None:
        raise Order.DoesNotExist(f"Order {order_id} does not exist.")
    return order


def _payment_for(gateway: str, **lookup: str) -> Payment | None:
    return Payment.objects.filter(gateway=gateway, **lookup).order_by("-id").first()


def _note(payment: Payment, key: str, value: object) -> None:
    payment.metadata = {**(payment.metadata or {}), key: value}


def expected_charge(order: Order, payment: Payment) -> tuple[int, str]:
    """(minor units, currency) the store asked the provider for: the payment's own recorded charge when
    it was converted into another currency (Stripe; metadata["charge"]), else the order's total."""
    charge = (payment.metadata or {}).get("charge")
    if charge:
        return int(charge["amount_minor"]), str(charge["currency"])
    return to_minor_units(order.total, order.currency), order.currency


def charged_minor(payment: Payment) -> int:
    """The payment's amount in the minor units its gateway counts (what a full refund returns)."""
    charge = (payment.metadata or {}).get("charge")
    if charge:
        return int(charge["amount_minor"])
    return to_minor_units(payment.amount, payment.currency)


# --- The shared state changes


def record_capture(gateway: str, reported: GatewayPayment, *, source: str) -> Payment | None:
    """The provider says this payment is captured. Idempotent on the provider's payment id."""
    found = _payment_for(gateway, gateway_order_id=reported.gateway_order_id)
    if found is None:
        logger.warning(
            "%s capture for unknown order %s (payment %s)",
            gateway,
            reported.gateway_order_id,
            reported.gateway_payment_id,
        )
        return None
    with transaction.atomic():
        order, payment = _lock_pair(found)
        return capture_locked(order, payment, reported, gateway=gateway, source=source)


def capture_locked(order: Order, payment: Payment, reported: GatewayPayment, *, gateway: str, source: str) -> Payment:
    """record_capture() for a payment of `order` whose order and payment row locks the caller holds (the dev
    gateway's confirm, which opened the payment in the same transaction): the same effects, no second lookup."""
    if payment.status in CHARGED_STATUSES:
        if payment.gateway_payment_id != reported.gateway_payment_id:
            extra = [*payment.metadata.get("extra_payments", []), reported.gateway_payment_id]
            _note(payment, "extra_payments", sorted(set(extra)))
            payment.save(update_fields=["metadata", "updated_at"])
            order_services.flag_for_review(
                order, f"A second {gateway} payment {reported.gateway_payment_id} was captured for this order."
            )
        return payment  # already applied (verify and webhook, or a replay): no second effect
    expected, expected_currency = expected_charge(order, payment)
    payment.gateway_payment_id = reported.gateway_payment_id
    if reported.amount_minor != expected or reported.currency != expected_currency:
        payment.status = PaymentStatus.FLAGGED
        _note(
            payment,
            "mismatch",
            {
                "reported_amount_minor": reported.amount_minor,
                "reported_currency": reported.currency,
                "expected_amount_minor": expected,
                "expected_currency": expected_currency,
                "source": source,
            },
        )
        payment.save(update_fields=["status", "gateway_payment_id", "metadata", "updated_at"])
        charged = "" if expected_currency == order.currency else f" (charged as {payment.amount} {payment.currency})"
        order_services.flag_for_review(
            order,
            f"{gateway} reported {from_minor_units(reported.amount_minor, reported.currency or order.currency)} "
            f"{reported.currency}, the order is {order.total} {order.currency}{charged}.",
        )
        return payment
    payment.status = PaymentStatus.PAID
    _note(payment, "captured_via", source)
    payment.save(update_fields=["status", "gateway_payment_id", "metadata", "updated_at"])
    outcome = lifecycle.on_capture(order.status)  # the lifecycle decides what the money means for the order
    if outcome is lifecycle.Outcome.MARK_PAID:
        order_services.mark_paid(order, source=f"{gateway}-{source}", note=f"payment {reported.gateway_payment_id}")
    elif outcome is lifecycle.Outcome.REFUND:
        # Paid after the reservation expired or the customer cancelled: the money goes back.
        start_refund(payment, reason="paid after the order was cancelled")
    else:
        order_services.flag_for_review(
            order, f"Payment {reported.gateway_payment_id} captured for an order already {order.status}."
        )
    return payment


def record_failure(gateway: str, reported: GatewayPayment, *, source: str) -> Payment | None:
    """The provider says a payment attempt failed. Never un-pays: only CREATED/FAILED move to FAILED."""
    found = _payment_for(gateway, gateway_order_id=reported.gateway_order_id)
    if found is None:
        return None
    with transaction.atomic():
        _, payment = _lock_pair(found)
        if RANK[payment.status] > RANK[PaymentStatus.FAILED]:
            return payment
        payment.status = PaymentStatus.FAILED
        payment.gateway_payment_id = reported.gateway_payment_id
        _note(
            payment,
            "last_error",
            {"payment_id": reported.gateway_payment_id, "error": reported.error, "source": source},
        )
        payment.save(update_fields=["status", "gateway_payment_id", "metadata", "updated_at"])
        return payment


def record_refund(gateway: str, reported: GatewayRefund, *, source: str, local_id: int | None = None) -> Payment | None:
    """The provider reports a refund (our refund call's answer, a webhook, or one made in its dashboard). Each refund
    is one PaymentRefund row, applied once: a processed one adds to Payment.refunded_minor and is announced
    (payment_refunded, which invoicing answers with a credit note for exactly that amount). The payment becomes
    REFUNDED, and the lifecycle decides about the order, only when everything charged came back; a partial refund
    leaves it PAID. `local_id` is our own PaymentRefund row the report answers."""
    # Stripe names the payment of a refund by its PaymentIntent, which is also our gateway_order_id: a refund
    # that overtakes the success event finds its payment that way (Razorpay's order_ and pay_ ids never meet).
    found = _payment_for(gateway, gateway_payment_id=reported.gateway_payment_id) or _payment_for(
        gateway, gateway_order_id=reported.gateway_payment_id, gateway_payment_id=""
    )
    if found is None:
        logger.warning("%s refund %s for unknown payment %s", gateway, reported.refund_id, reported.gateway_payment_id)
        return None
    with transaction.atomic():
        order, payment = _lock_pair(found)
        if payment.status == PaymentStatus.REFUNDED:
            return payment
        payment.gateway_payment_id = (
            payment.gateway_payment_id or reported.gateway_payment_id
        )  # (a late success: no-op)
        row = _refund_row(payment, reported, local_id)
        if row is None:  # told again (a webhook after our call's answer, a repeated event)
            payment.save(update_fields=["gateway_payment_id", "updated_at"])
            return payment
        _note(
            payment,
            "refund",
            {
                "id": row.gateway_refund_id,
                "amount_minor": row.amount_minor,
                "status": reported.status,
                "source": source,
            },
        )
        fields = ["status", "gateway_payment_id", "gateway_refund_id", "refunded_minor", "metadata", "updated_at"]
        payment.gateway_refund_id = row.gateway_refund_id or payment.gateway_refund_id
        if reported.status != "processed":
            if reported.status == "failed":
                row.status = RefundStatus.FAILED
                order_services.flag_for_review(order, f"Refund {reported.refund_id} failed at {gateway}.")
            elif not row.reference:  # the whole payment on its way back (a cancellation)
                payment.status = PaymentStatus.REFUND_PENDING
            row.save()
            payment.save(update_fields=fields)
            return payment
        row.status, row.processed_at = RefundStatus.PROCESSED, timezone.now()
        row.save()
        payment.refunded_minor += row.amount_minor
        full = payment.refunded_minor >= charged_minor(payment)
        if full:
            payment.status = PaymentStatus.REFUNDED
        payment.save(update_fields=fields)
        payment_refunded.send(
            sender=Payment,
            payment=payment,
            amount_minor=row.amount_minor,
            refund_id=row.gateway_refund_id,
            reference=row.reference,
        )
        if full:
            _apply_full_refund(order, gateway=gateway, source=source, refund_id=row.gateway_refund_id)
        elif not row.reference:
            order_services.flag_for_review(
                order, f"Partial refund {row.gateway_refund_id} of {row.amount_minor} minor units made at {gateway}."
            )
        return payment


def _refund_row(payment: Payment, reported: GatewayRefund, local_id: int | None) -> PaymentRefund | None:
    """The PaymentRefund a report is about (locked), made when the refund is new to us; None when it changes
    nothing (already processed, or a charge's refunded total we have counted already)."""
    rows = PaymentRefund.objects.select_for_update().filter(payment=payment)
    amount = reported.amount_minor
    if reported.cumulative:  # the charge's refunded total (Stripe's charge.refunded): what is new is the rest
        amount = reported.amount_minor - payment.refunded_minor
        if amount <= 0:
            return None
    else:
        known = rows.filter(gateway_refund_id=reported.refund_id).first() if reported.refund_id else None
        if known is not None:
            return None if known.status == RefundStatus.PROCESSED else known
    row = rows.filter(pk=local_id).first() if local_id is not None else None
    if row is None:  # ours, whose answer this webhook overtook
        row = rows.filter(status=RefundStatus.PENDING, amount_minor=amount).first()
    refund_id = reported.refund_id
    if rows.filter(gateway_refund_id=refund_id).exists():
        refund_id = f"{refund_id}@{payment.refunded_minor + amount}"
    if row is not None:
        if row.status == RefundStatus.PROCESSED:
            return None
        row.gateway_refund_id = row.gateway_refund_id or refund_id[:100]
        return row
    # A refund we did not ask for as a part (the whole payment back on a cancellation, or one made at the gateway).
    return PaymentRefund.objects.create(
        payment=payment,
        gateway_refund_id=refund_id[:100],
        amount_minor=amount,
        reason=str((payment.metadata or {}).get("refund_reason", ""))[:200],
    )


def _apply_full_refund(order: Order, *, gateway: str, source: str, refund_id: str) -> None:
    """The order's money is back with the shopper: the lifecycle decides what becomes of the order (under its lock).
    Packed, not yet left: cancelled by the gateway (the carrier's booking is cancelled and the stock comes back;
    the payment is REFUNDED already, so the cancellation refunds nothing twice), then REFUNDED. On its way: a
    return must be opened. Delivered (a return) or cancelled: REFUNDED. Anything else: a person looks."""
    via, note = f"{gateway}-{source}", f"refund {refund_id}"
    outcome = lifecycle.on_refund(order.status)
    if outcome is lifecycle.Outcome.CANCEL:
        order_services.cancel_locked(
            order, actor_kind=lifecycle.Actor.GATEWAY, source=via, note=f"{note}: refunded before the parcel left"
        )
        outcome = lifecycle.on_refund(order.status)
    if outcome is lifecycle.Outcome.MARK_REFUNDED:
        order_services.mark_refunded(order, source=via, note=note)
    elif outcome is lifecycle.Outcome.OPEN_RETURN:
        order_services.open_return(order, f"Refund {refund_id} processed at {gateway} after the parcel left.")
    else:
        order_services.flag_for_review(order, f"Refund {refund_id} processed while the order is {order.status}.")


# --- Refunds


def start_refund(payment: Payment, *, reason: str) -> None:
    """Mark a paid payment REFUND_PENDING and, after commit, ask its gateway for the money back.
    The caller holds the order and payment locks."""
    if payment.status not in (PaymentStatus.PAID, PaymentStatus.FLAGGED):
        return
    payment.status = PaymentStatus.REFUND_PENDING
    _note(payment, "refund_reason", reason)
    payment.save(update_fields=["status", "metadata", "updated_at"])
    from payments.tasks import refund_payment

    enqueue_on_commit(refund_payment, payment.pk)


def refund_for_cancelled_order(order: Order) -> None:
    """order_cancelled answer: refund every collected payment of the order (inside its transaction)."""
    for payment in Payment.objects.select_for_update().filter(order=order, status=PaymentStatus.PAID).order_by("pk"):
        start_refund(payment, reason="order cancelled")


def execute_refund(payment_id: int) -> str:
    """Task body: call the gateway for a REFUND_PENDING payment, then record what it answered."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(pk=payment_id).first()
        if payment is None or payment.status != PaymentStatus.REFUND_PENDING or payment.gateway_refund_id:
            return "nothing to do"
        attempts = int(payment.metadata.get("refund_attempts", 0)) + 1
        _note(payment, "refund_attempts", attempts)
        payment.save(update_fields=["metadata", "updated_at"])
    try:
        result = get_gateway(payment.gateway).refund(
            gateway_payment_id=payment.gateway_payment_id,
            amount_minor=charged_minor(payment) - payment.refunded_minor,  # what partial refunds left
            currency=payment.currency,
            notes={"order_id": str(payment.order_id)},
        )
    except GatewayError as exc:
        if exc.code == PaymentErrorCode.GATEWAY_UNAVAILABLE:
            logger.warning("Refund of payment %s will be retried: %s", payment_id, exc)
            return "retry later"
        with transaction.atomic():
            order_services.flag_for_review(_lock_order(payment.order_id), f"Refund refused by {payment.gateway}: {exc}")
        return "refused"
    record_refund(payment.gateway, result, source="refund-api")
    return result.status


def refundable_minor(payment: Payment) -> int:
    """What is left of the charge to refund: the charge less processed refunds and those on their way."""
    asked = sum(payment.refunds.filter(status=RefundStatus.PENDING).values_list("amount_minor", flat=True))
    return max(charged_minor(payment) - payment.refunded_minor - asked, 0)


def refund_part(payment: Payment, amount_minor: int, *, reason: str, reference: str) -> PaymentRefund:
    """Refund part of a paid payment through its gateway (a returned unit's price): a PaymentRefund row now, the
    gateway's call after commit (refund_part_payment), its answer through record_refund. Refuses (409
    refund_exceeds_charge) a payment that holds no money or more than is left of its charge. `reference` names
    what asked (payment_refunded carries it back). The caller holds the order's and the payment's row locks."""
    if payment.status not in (PaymentStatus.PAID, PaymentStatus.FLAGGED) or amount_minor <= 0:
        raise ApplicationError(PaymentErrorCode.REFUND_EXCEEDS_CHARGE, "This payment has nothing to refund.")
    left = refundable_minor(payment)
    if amount_minor > left:
        raise ApplicationError(
            PaymentErrorCode.REFUND_EXCEEDS_CHARGE,
            f"Only {from_minor_units(left, payment.currency)} {payment.currency} of this payment is left to refund.",
        )
    row = PaymentRefund.objects.create(
        payment=payment, amount_minor=amount_minor, reason=reason[:200], reference=reference[:60]
    )
    from payments.tasks import refund_part_payment

    enqueue_on_commit(refund_part_payment, row.pk)
    return row


def execute_refund_part(refund_id: int) -> str:
    """Task body: ask the gateway for one pending partial refund, then record what it answered."""
    with transaction.atomic():
        row = PaymentRefund.objects.select_for_update().select_related("payment").filter(pk=refund_id).first()
        if row is None or row.status != RefundStatus.PENDING or row.gateway_refund_id:
            return "nothing to do"
        row.attempts += 1
        row.save(update_fields=["attempts"])
    payment = row.payment
    try:
        result = get_gateway(payment.gateway).refund(
            gateway_payment_id=payment.gateway_payment_id,
            amount_minor=row.amount_minor,
            currency=payment.currency,
            notes={"order_id": str(payment.order_id), "refund_ref": f"refund-{row.pk}", "reference": row.reference},
        )
    except GatewayError as exc:
        if exc.code == PaymentErrorCode.GATEWAY_UNAVAILABLE:
            logger.warning("Refund %s will be retried: %s", refund_id, exc)
            return "retry later"
        with transaction.atomic():
            order = _lock_order(payment.order_id)
            PaymentRefund.objects.filter(pk=row.pk).update(status=RefundStatus.FAILED, last_error=str(exc)[:300])
            order_services.flag_for_review(order, f"Refund {row.pk} refused by {payment.gateway}: {exc}")
            payment_refund_failed.send(sender=Payment, payment=payment, reference=row.reference, error=str(exc))
        return "refused"
    record_refund(payment.gateway, result, source="refund-api", local_id=row.pk)
    return result.status


def retry_pending_refunds(older_than_minutes: int = 5) -> int:
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    ids = list(
        Payment.objects.filter(
            status=PaymentStatus.REFUND_PENDING, gateway_refund_id="", updated_at__lt=cutoff
        ).values_list("pk", flat=True)[:100]
    )
    for payment_id in ids:
        execute_refund(payment_id)
    parts = list(
        PaymentRefund.objects.filter(status=RefundStatus.PENDING, gateway_refund_id="", created_at__lt=cutoff)
        .exclude(reference="")
        .values_list("pk", flat=True)[:100]
    )
    for refund_id in parts:
        execute_refund_part(refund_id)
    return len(ids) + len(parts)


# --- Shared by the gateways' flows


def own_payable_order(user: User, order_id: int, method: str) -> Order:
    """The shopper's own order, locked, to be paid with `method` now; refused otherwise (404, 400, 409)."""
    order = order_services.lock_order(order_id, user=user)
    if order is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such order.")
    return payable(order, method)


def payable(order: Order, method: str) -> Order:
    """The order, if it is to be paid with `method` now; refused otherwise (400, 409)."""
    if order.payment_method != method:
        raise ApplicationError(
            PaymentErrorCode.WRONG_PAYMENT_METHOD, f"This order is paid with {order.payment_method}, not {method}."
        )
    if not lifecycle.awaits_payment(order.status):
        raise ApplicationError(
            PaymentErrorCode.ORDER_NOT_PAYABLE,
            f"This order is {order.status.lower().replace('_', ' ')}, not awaiting payment.",
        )
    return order


def counted_webhook(gateway: str, handle: Callable[[], str]) -> str:
    """handle() of one webhook delivery, its result counted (phonestore_payment_webhook_total{gateway, result}:
    processed, duplicate, the refusal's error code, or error) for the webhook failure alert."""
    try:
        outcome = handle()
    except ApplicationError as exc:
        metrics.count("payment_webhook", gateway=gateway, result=str(exc.code))
        raise
    except Exception:
        metrics.count("payment_webhook", gateway=gateway, result="error")
        raise
    metrics.count("payment_webhook", gateway=gateway, result="duplicate" if outcome == "duplicate" else "processed")
    return outcome


def process_event_once(
    gateway: str, event: WebhookEvent, apply: Callable[[WebhookEvent], tuple[Payment | None, str]]
) -> str:
    """Store the event id once, in the same transaction as its effect (apply(event) → (payment, outcome)),
    so a repeated delivery changes nothing twice. Returns when the change is committed."""
    try:
        with transaction.atomic():
            record = PaymentEvent.objects.create(
                gateway=gateway, event_id=event.event_id, event_type=event.event_type, payload=event.payload
            )
            payment, outcome = apply(event)
            record.payment, record.outcome, record.processed_at = payment, outcome[:200], timezone.now()
            record.save(update_fields=["payment", "outcome", "processed_at"])
    except IntegrityError:
        if PaymentEvent.objects.filter(gateway=gateway, event_id=event.event_id).exists():
            return "duplicate"
        raise
    return outcome
