"""Cash on delivery: whether it is offered (cod_offer), the shopper's standing (RTO count, block) and what checkout
asks of it through orders.payment_methods' Condition. The courier collects the cash: no gateway is called."""

import csv
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core import one_time_codes as codes
from core.errors import ApplicationError, CommonErrorCode
from core.money import indian_digits, quantize
from core.tasks import deliver_on_commit
from orders import lifecycle
from orders import services as order_services
from orders.models import Order, OrderStatus
from payments.error_codes import PaymentErrorCode
from payments.models import (
    CodConfirmation,
    CodRemittance,
    CodRemittanceLine,
    CodStanding,
    Payment,
    PaymentStatus,
)
from sms import messages as sms_messages
from sms import services as sms
from sms.constants import SmsKind

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

COD = "cod"


class CodReason(StrEnum):
    """Why cash on delivery is not offered (each one the storefront can put into words)."""

    SIGN_IN_REQUIRED = "sign_in_required"
    ORDER_VALUE_TOO_HIGH = "order_value_too_high"
    PINCODE_REQUIRED = "pincode_required"
    INVALID_PINCODE = "invalid_pincode"
    PINCODE_NOT_SERVICEABLE = "pincode_not_serviceable"
    CARRIER_UNAVAILABLE = "carrier_unavailable"
    CUSTOMER_BLOCKED = "customer_blocked"


Reason = dict[str, str]


def _reason(code: CodReason, message: str) -> Reason:
    return {"code": str(code), "message": message}


def cod_fee() -> Decimal:
    return quantize(settings.COD_FEE, settings.STORE_CURRENCY)


def max_order_value() -> Decimal:
    """The largest order (COD fee included) the courier collects in cash (COD_MAX_ORDER_VALUE)."""
    return quantize(settings.COD_MAX_ORDER_VALUE, settings.STORE_CURRENCY)


def offered_methods() -> list[dict[str, Any]]:
    """The method as checkout lists it (offered or not is decided per shopper, total and pincode: cod_offer)."""
    if not settings.COD_ENABLED:
        return []
    fee = cod_fee()
    return [
        {
            "code": COD,
            "label": "Cash on delivery",
            "description": f"Pay in cash when it arrives{f' (₹{fee} fee)' if fee else ''}.",
            "fee": fee,
        }
    ]


def is_blocked(user: "User") -> bool:
    return CodStanding.objects.filter(user=user, blocked=True).exists()


def _carrier_reason(pincode: str) -> Reason | None:
    from shipping import services as shipping
    from shipping.providers.base import InvalidPincode, ShippingProviderError

    try:
        if shipping.cod_serviceable(pincode):
            return None
    except InvalidPincode:
        return _reason(CodReason.INVALID_PINCODE, "Enter a valid 6-digit pincode.")
    except ShippingProviderError:  # the carrier cannot answer (its breaker open, a timeout): never guessed
        return _reason(CodReason.CARRIER_UNAVAILABLE, "We cannot check cash on delivery for this pincode right now.")
    return _reason(CodReason.PINCODE_NOT_SERVICEABLE, f"Cash on delivery is not available at {pincode}.")


def cod_offer(user: "User | Any", total: Decimal, pincode: str) -> tuple[bool, list[Reason]]:
    """Is cash on delivery offered for an order of `total` (before the COD fee) to `pincode`, to `user`? Every
    reason it is not, not only the first: the storefront says them all."""
    reasons: list[Reason] = []
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if not signed_in:
        reasons.append(_reason(CodReason.SIGN_IN_REQUIRED, "Sign in to pay cash on delivery."))
    limit = max_order_value()
    if total + cod_fee() > limit:
        reasons.append(_reason(CodReason.ORDER_VALUE_TOO_HIGH, f"Cash on delivery is for orders up to ₹{limit:,.0f}."))
    pincode = (pincode or "").strip()
    if not pincode:
        reasons.append(_reason(CodReason.PINCODE_REQUIRED, "Enter the delivery pincode to check cash on delivery."))
    else:
        carrier = _carrier_reason(pincode)
        if carrier is not None:
            reasons.append(carrier)
    if signed_in and is_blocked(user):
        reasons.append(
            _reason(CodReason.CUSTOMER_BLOCKED, "Cash on delivery is not available on your account; pay online.")
        )
    return not reasons, reasons


def hold_minutes() -> int:
    return int(settings.COD_CONFIRM_MINUTES)


UNPAID_STATUS = OrderStatus.CONFIRMATION_PENDING

# --- The confirmation code

MAX_ATTEMPTS = 5  # guesses at one code; then it is burnt and a new one must be asked for
MAX_SENDS = 4  # codes per order: the first and three resends
PURPOSE = "payments.cod"  # the HMAC salt of COD confirmation codes (core.one_time_codes)


def seal(code: str, confirmation: CodConfirmation) -> str:
    """The code as it travels through the broker: useless without SECRET_KEY and the row."""
    return codes.seal(PURPOSE, confirmation.pk, confirmation.salt, code)


def unseal(sealed: str, confirmation: CodConfirmation) -> str:
    return codes.unseal(PURPOSE, confirmation.pk, confirmation.salt, sealed)


def _new_code(confirmation: CodConfirmation) -> str:
    code = codes.new_code()
    confirmation.salt = codes.new_salt()
    confirmation.code_hash = codes.code_hash(PURPOSE, confirmation.salt, code)
    confirmation.attempts = 0
    confirmation.sent_at = timezone.now()
    return code


def _send_on_commit(confirmation: CodConfirmation, code: str) -> None:
    from payments.tasks import send_cod_code

    deliver_on_commit(send_cod_code, confirmation.pk, seal(code, confirmation))


def start_confirmation(order: Order) -> CodConfirmation:
    """Checkout placed a COD order (inside its transaction): make its code, sent once the order commits."""
    confirmation = CodConfirmation(order=order)
    code = _new_code(confirmation)
    confirmation.save()
    _send_on_commit(confirmation, code)
    return confirmation


def code_variables(order: Order) -> dict[str, str]:
    """The COD_CODE template's variables but the code itself (sms.messages)."""
    seconds = (order.reserved_until - timezone.now()).total_seconds() if order.reserved_until else 0
    minutes = max(1, -int(-seconds // 60))  # rounded up: "30 minutes" for a code sent at once
    return {"order": order.number, "amount": indian_digits(order.total), "minutes": str(minutes)}


def deliver_code(confirmation_id: int, sealed: str) -> str:
    """Task body: the code to the order's mobile number by SMS (the sms app, whatever the shopper's choice of SMS
    updates), else, with SMS off (SMS_SENDER empty), by email. Returns the channel used ("" when there is nothing
    to send any more)."""
    confirmation = CodConfirmation.objects.select_related("order__user").filter(pk=confirmation_id).first()
    if confirmation is None or confirmation.order.status != OrderStatus.CONFIRMATION_PENDING:
        return ""
    order = confirmation.order
    code, variables = unseal(sealed, confirmation), code_variables(order)
    phone = str((order.shipping_address or {}).get("phone") or "")
    expires_at = order.reserved_until or timezone.now() + timedelta(minutes=hold_minutes())
    queued = (
        sms.queue(SmsKind.COD_CODE, phone, variables, order_id=order.pk, code=code, expires_at=expires_at, urgent=True)
        if phone
        else None
    )
    if queued is not None:
        channel = "sms"
    elif order.user.email:
        message = sms_messages.render(SmsKind.COD_CODE, {**variables, sms_messages.CODE_VARIABLE: code})
        send_mail(f"Confirm your order {order.number}", message, settings.DEFAULT_FROM_EMAIL, [order.user.email])
        channel = "email"
    else:  # no SMS sender, and an account that signs in by mobile has no email: nothing can carry the code
        return ""
    CodConfirmation.objects.filter(pk=confirmation.pk).update(channel=channel)
    return channel


def _awaiting(user: "User", order_id: int) -> tuple[Order, CodConfirmation]:
    """The shopper's own COD order awaiting its code, locked with its confirmation; 404 for anyone else's."""
    order = order_services.lock_order(order_id, user=user)
    if order is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such order.")
    confirmation = CodConfirmation.objects.select_for_update().filter(order=order).first()
    expired = order.reserved_until is not None and order.reserved_until <= timezone.now()
    if confirmation is None or order.status != OrderStatus.CONFIRMATION_PENDING or expired:
        raise ApplicationError(
            PaymentErrorCode.COD_NOT_AWAITING_CONFIRMATION,
            "This order is not awaiting a cash on delivery confirmation"
            + (": the time to confirm it is over." if expired else "."),
        )
    return order, confirmation


def confirm(user: "User", order_id: int, code: str) -> Order:
    """The shopper's code: right → CONFIRMED (the lifecycle books the COD shipment and emails the shopper); wrong
    → 400 with the tries left; the MAX_ATTEMPTS-th wrong try burns the code (429: ask for a new one). The order
    stays CONFIRMATION_PENDING until confirmed or expired."""
    with transaction.atomic():
        order, confirmation = _awaiting(user, order_id)
        if confirmation.attempts >= MAX_ATTEMPTS:
            raise ApplicationError(
                PaymentErrorCode.COD_TOO_MANY_ATTEMPTS, "Too many wrong codes: ask for a new code.", retry_after=60
            )
        confirmation.attempts += 1
        matched = codes.matches(PURPOSE, confirmation.salt, confirmation.code_hash, str(code))
        if matched:
            confirmation.confirmed_at = timezone.now()
            order_services.transition(
                order,
                OrderStatus.CONFIRMED,
                actor_kind=lifecycle.Actor.SHOPPER,
                actor=user,
                source="customer",
                note=f"Cash on delivery confirmed by the code sent by {confirmation.channel or 'message'}.",
            )
        confirmation.save(update_fields=["attempts", "confirmed_at"])
        left = MAX_ATTEMPTS - confirmation.attempts
    if not matched:  # the try is counted (committed) before the refusal
        if left <= 0:
            raise ApplicationError(
                PaymentErrorCode.COD_TOO_MANY_ATTEMPTS, "Too many wrong codes: ask for a new code.", retry_after=60
            )
        raise ApplicationError(
            PaymentErrorCode.COD_INVALID_CODE,
            f"That code is not right. {left} {'try' if left == 1 else 'tries'} left.",
            fields={"code": [f"Wrong code: {left} {'try' if left == 1 else 'tries'} left."]},
        )
    return order


def resend(user: "User", order_id: int) -> CodConfirmation:
    """A new code (the old one stops working), at most MAX_SENDS per order; the view rate-limits it too."""
    with transaction.atomic():
        _, confirmation = _awaiting(user, order_id)
        if confirmation.sends >= MAX_SENDS:
            raise ApplicationError(
                PaymentErrorCode.COD_TOO_MANY_CODES,
                "No more codes can be sent for this order; it is cancelled if not confirmed in time.",
            )
        code = _new_code(confirmation)
        confirmation.sends += 1
        confirmation.save(update_fields=["salt", "code_hash", "attempts", "sent_at", "sends"])
        _send_on_commit(confirmation, code)
    return confirmation


# --- Delivered: the cash collected; refused: the shopper's standing


def record_collection(order: Order) -> Payment:
    """A COD parcel delivered (inside the move's transaction): the courier collected order.total in cash. One
    Payment per order (gateway cod, gateway_order_id the order number), and the order's paid_at. Safe to repeat."""
    payment, _ = Payment.objects.get_or_create(
        gateway=COD,
        gateway_order_id=order.number,
        defaults={
            "order": order,
            "amount": order.total,
            "currency": order.currency,
            "status": PaymentStatus.PAID,
            "metadata": {"collected": "cash on delivery, by the carrier's courier"},
        },
    )
    if order.paid_at is None:
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at", "updated_at"])
    return payment


def record_refusal(order: Order) -> CodStanding:
    """A COD parcel came back (RTO): one more refusal on the shopper's record; at COD_MAX_RTO since the last time
    staff lifted a block, COD is no longer offered to them."""
    standing, _ = CodStanding.objects.select_for_update().get_or_create(user_id=order.user_id)
    standing.rto_count += 1
    if not standing.blocked and standing.rto_count - standing.lifted_at_count >= settings.COD_MAX_RTO:
        standing.blocked, standing.blocked_at = True, timezone.now()
        logger.info("COD blocked for user %s after %s refused parcels.", order.user_id, standing.rto_count)
    standing.save()
    return standing


def unblock(user_id: int, *, actor: "User", request: Any = None, note: str = "") -> CodStanding:
    """Staff offer COD again to a blocked shopper (audited cod_unblocked). The count stays; COD_MAX_RTO more
    refusals block again. 404 for a shopper with no COD record, 409 for one not blocked."""
    from audit import services as audit
    from audit.models import Action

    with transaction.atomic():
        # Through the user's own primary key, whose lookup Django bounds to its column (an id beyond any
        # integer the database holds finds nothing instead of overflowing).
        standing = CodStanding.objects.select_for_update(of=("self",)).filter(user__pk=user_id).first()
        if standing is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "This shopper has no cash on delivery record.")
        if not standing.blocked:
            raise ApplicationError(
                PaymentErrorCode.COD_NOT_BLOCKED, "Cash on delivery is not blocked for this shopper."
            )
        standing.blocked, standing.lifted_by, standing.lifted_at = False, actor, timezone.now()
        standing.lifted_at_count = standing.rto_count
        standing.save()
        audit.record(
            Action.COD_UNBLOCKED,
            obj=standing,
            old={"blocked": True},
            new={"blocked": False, "rto_count": standing.rto_count, "note": note[:200]},
            actor=actor,
            request=request,
        )
    return standing


# --- Remittances: the carrier pays over the cash its couriers collected


@dataclass(frozen=True)
class RemittanceEntry:
    """One parcel in a remittance: its AWB, the transfer's UTR and, from a CSV, the amount the carrier states
    (None: the amount collected)."""

    awb: str
    utr: str
    amount: Decimal | None = None


CSV_COLUMNS = ("awb", "amount", "utr")
MAX_CSV_ROWS = 5000


def _refuse(message: str, fields: dict[str, list[str]]) -> ApplicationError:
    return ApplicationError(PaymentErrorCode.COD_REMITTANCE_INVALID, message, fields=fields)


def parse_remittance_csv(text: str) -> list[RemittanceEntry]:
    """Rows of a carrier's remittance CSV (columns awb, amount, utr; a header row; more columns ignored). Refuses
    (400 cod_remittance_invalid) a file without those columns or with a row it cannot read, naming the row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    missing = [c for c in CSV_COLUMNS if c not in columns]
    if missing:
        raise _refuse("The CSV needs the columns awb, amount and utr.", {"file": [f"Missing: {', '.join(missing)}."]})
    entries: list[RemittanceEntry] = []
    problems: dict[str, list[str]] = {}
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        if number - 1 > MAX_CSV_ROWS:
            raise _refuse(f"At most {MAX_CSV_ROWS} rows per file.", {"file": ["Split the file."]})
        awb, utr = (row.get(columns["awb"]) or "").strip(), (row.get(columns["utr"]) or "").strip()
        raw = (row.get(columns["amount"]) or "").strip().replace(",", "")
        if not awb and not utr and not raw:
            continue  # a blank line
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = Decimal("-1")
        if not amount.is_finite():  # NaN, Infinity
            amount = Decimal("-1")
        if not awb or not utr or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
            problems[f"row {number}"] = ["Each row needs an AWB, a UTR and an amount in rupees (two decimals)."]
            continue
        entries.append(RemittanceEntry(awb=awb, utr=utr, amount=amount))
    if problems:
        raise _refuse("Some rows of the CSV cannot be read; nothing was recorded.", problems)
    if not entries:
        raise _refuse("The CSV has no rows.", {"file": ["No remittance rows."]})
    return entries


def record_remittances(
    entries: list[RemittanceEntry], *, received_at: datetime, actor: "User", request: Any = None
) -> list[CodRemittance]:
    """Record what the carrier remitted: one CodRemittance per UTR with a line per parcel, all or nothing. Each
    AWB must be a delivered COD parcel whose cash is not yet remitted (and, from a CSV, of the amount collected);
    every entry that is not is named in one 400 cod_remittance_invalid. Audited cod_remittance_recorded."""
    from audit import services as audit
    from audit.models import Action
    from shipping.models import Shipment

    if not entries:
        raise _refuse("Name at least one AWB.", {"awbs": ["No AWB given."]})
    with transaction.atomic():
        awbs = [e.awb for e in entries]
        orders = dict(Shipment.objects.filter(awb__in=awbs).values_list("awb", "order_id"))
        methods = dict(Order.objects.filter(pk__in=orders.values()).values_list("pk", "payment_method"))
        payments = {
            p.order_id: p
            for p in Payment.objects.select_for_update().filter(
                gateway=COD, status=PaymentStatus.PAID, order_id__in=orders.values()
            )
        }
        remitted = dict(
            CodRemittanceLine.objects.filter(payment__in=list(payments.values())).values_list(
                "payment_id", "remittance__utr"
            )
        )
        problems: dict[str, list[str]] = {}
        seen: set[str] = set()
        for entry in entries:
            key, order_id = f"awbs.{entry.awb}", orders.get(entry.awb)
            payment = payments.get(order_id) if order_id is not None else None
            if entry.awb in seen:
                problems[key] = ["Listed twice."]
            elif order_id is None:
                problems[key] = ["No shipment of ours has this AWB."]
            elif not lifecycle.pays_on_delivery(methods[order_id]):
                problems[key] = [f"Order {order_id} is not cash on delivery."]
            elif payment is None:
                problems[key] = [f"Order {order_id} is not delivered: no cash was collected."]
            elif payment.pk in remitted:
                problems[key] = [f"Already remitted (UTR {remitted[payment.pk]})."]
            elif entry.amount is not None and entry.amount != payment.amount:
                problems[key] = [f"The carrier states {entry.amount}, the courier collected {payment.amount}."]
            seen.add(entry.awb)
        utrs = sorted({e.utr for e in entries})
        for utr in CodRemittance.objects.filter(utr__in=utrs).values_list("utr", flat=True):
            problems[f"utr.{utr}"] = ["This UTR is already recorded."]
        if problems:
            raise _refuse(
                f"{len(problems)} entr{'y' if len(problems) == 1 else 'ies'} refused; nothing was recorded.", problems
            )
        created = []
        for utr in utrs:
            mine = [e for e in entries if e.utr == utr]
            lines = [(e.awb, payments[orders[e.awb]]) for e in mine]
            remittance = CodRemittance.objects.create(
                utr=utr,
                received_at=received_at,
                amount=sum((p.amount for _, p in lines), Decimal("0")),
                recorded_by=actor,
            )
            CodRemittanceLine.objects.bulk_create(
                CodRemittanceLine(remittance=remittance, payment=p, awb=awb, amount=p.amount) for awb, p in lines
            )
            audit.record(
                Action.COD_REMITTANCE_RECORDED,
                obj=remittance,
                new={"utr": utr, "amount": str(remittance.amount), "awbs": [awb for awb, _ in lines]},
                actor=actor,
                request=request,
            )
            created.append(remittance)
    return created
