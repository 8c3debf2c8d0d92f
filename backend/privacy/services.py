"""Personal data under the Digital Personal Data Protection Act, 2023: consents given and withdrawn, the download of
one's data, and the erasure of one's account. Each request is audited and acknowledged by email.

Erasure (erase_account) is confirmed by the account's password or a one-time code mailed to it, refused for staff and
admin accounts (403) and while an order is on its way or a return is open (409). In one transaction it erases the
sign-in data (email replaced by a dead address, name, mobile number, password: the account can no longer sign in,
every session is revoked), the saved addresses, the reviews and the cart, withdraws the consents, and reduces what
each order keeps of the buyer to what GST law requires (tax.records): the place of supply always; the name and
delivery address only on an order whose invoice must carry them. Orders, tax invoices and credit notes stay (the
invoices untouched: they are append-only), and so does the audit log. accounts.signals.account_erasing lets other
apps erase their rows in the same transaction."""

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from accounts.models import Address, OtpChallenge, User
from accounts.services import revoke_all_refresh_tokens
from accounts.signals import account_erasing
from audit import services as audit
from cart.models import Cart
from catalog.models import Review
from core import one_time_codes as codes
from core.errors import ApplicationError, CommonErrorCode
from core.money import indian_digits
from core.tasks import deliver_on_commit, enqueue_on_commit
from notifications.models import OrderEmail
from orders import lifecycle
from orders.models import Order, OrderStatus
from privacy import consents
from privacy.error_codes import PrivacyErrorCode
from privacy.models import Consent, DataRequest, ErasureCode, RequestKind
from returns.models import ReturnRequest
from returns.services import OPEN_STATUSES as OPEN_RETURNS
from sms import services as sms
from sms.constants import SmsKind
from tax import records

logger = logging.getLogger(__name__)

_NAMED_FROM = f"₹{indian_digits(records.UNREGISTERED_NAME_AND_ADDRESS_FROM).removesuffix('.00')}"
# What deleting an account does, in the words the account page, the privacy notice (legal.facts) and the
# acknowledgement email use: the one description of erase_account below.
ERASED: tuple[str, ...] = (
    "your sign-in details: email address, name, mobile number and password (you can no longer sign in)",
    "your saved addresses, your cart and your reviews",
    "your wishlist, your price and stock alerts and the record of alert messages sent to you",
    "your marketing choices (withdrawn)",
    "the name, phone number and street address on your orders, except where a tax invoice must name you",
    "the name, email and phone number on your complaints",
)
KEPT: tuple[str, ...] = (
    "your orders, tax invoices and credit notes (the invoices exactly as issued), for "
    f"{records.RECORDS_RETENTION_MONTHS} months after the due date of the year's annual GST return, as the CGST Act "
    "(section 36) requires",
    "on each order, the state it was delivered to: its place of supply (CGST rule 46)",
    f"on an order bought with a GSTIN, or worth {_NAMED_FROM} or more before GST, the buyer's name and delivery "
    "address, which its invoice must carry (CGST rule 46)",
    "the payments, refunds and returns of those orders, what your complaints said and how they were answered, and "
    "the store's security log",
)

# An order still on its way to the shopper (placed, paid or confirmed, packed, shipped; not yet delivered) needs its
# delivery address and its buyer: the account is deleted once it has arrived or been cancelled.
IN_PROGRESS: tuple[str, ...] = tuple(
    s for s in OrderStatus.values if lifecycle.on_happy_path(s) and s != OrderStatus.DELIVERED
)
# The snapshot's fields (orders.services.ADDRESS_FIELDS) that say where the supply went: kept on every order.
PLACE_OF_SUPPLY_FIELDS = ("state_code", "state", "country")
# ... and the buyer's name and delivery address, kept where the invoice must print them (tax.records).
NAME_AND_ADDRESS_FIELDS = ("full_name", "line1", "line2", "landmark", "city", "pincode")
ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: a domain that can never receive mail

CODE_PURPOSE = "privacy.erasure"  # the HMAC salt of erasure codes (core.one_time_codes)
MAX_CODE_ATTEMPTS = 5
ACK_AFTER = timedelta(minutes=2)  # the on-commit task has had its chance by then (as notifications' catch-up)

Requester = HttpRequest | Request | None


def _lock(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


# --- Consents


def give_consent(user: User, *, purpose: str, channel: str, text_version: str, source: str, request: Requester) -> bool:
    """Record the shopper's consent to the text they were shown (`text_version`, consents.version_of). False when it
    was already given to this very text (nothing new is written); a consent to an older wording is closed and the
    new one recorded. A text_version that is not today's wording: 409 consent_text_changed."""
    text = consents.text_for(purpose, channel)
    if text_version != consents.version_of(text):
        raise ApplicationError(
            PrivacyErrorCode.CONSENT_TEXT_CHANGED,
            "The wording of this consent has changed: read it again before agreeing.",
            fields={"text_version": [f"Today's wording is {consents.version_of(text)}."]},
        )
    with transaction.atomic():
        _lock(user)
        active = Consent.objects.filter(user=user, purpose=purpose, channel=channel, withdrawn_at__isnull=True).first()
        if active is not None and active.text_version == text_version:
            return False
        if active is not None:
            active.withdraw()
        consent = Consent.objects.create(
            user=user, purpose=purpose, channel=channel, text=text, text_version=text_version, source=source
        )
        audit.record(
            "consent_given",
            obj=consent,
            new={"purpose": purpose, "channel": channel, "text_version": text_version},
            actor=user,
            request=request,
            source="api",
        )
    return True


def withdraw_consent(user: User, *, purpose: str, channel: str, request: Requester) -> bool:
    """Withdraw the shopper's consent (one click, whatever it was given to). False when there was none to withdraw."""
    with transaction.atomic():
        _lock(user)
        active = Consent.objects.filter(user=user, purpose=purpose, channel=channel, withdrawn_at__isnull=True).first()
        if active is None:
            return False
        active.withdraw()
        audit.record(
            "consent_withdrawn",
            obj=active,
            new={"purpose": purpose, "channel": channel},
            actor=user,
            request=request,
            source="api",
        )
    return True


# --- The download


def record_export(user: User, sections: list[str], *, request: Requester) -> DataRequest:
    """Audit a download of the shopper's data and have it acknowledged (privacy.selectors builds it)."""
    with transaction.atomic():
        data_request = DataRequest.objects.create(user=user, kind=RequestKind.EXPORT, ack_to=user.email or "")
        audit.record(
            "personal_data_exported", obj=user, new={"sections": sections}, actor=user, request=request, source="api"
        )
        _acknowledge(data_request, user.mobile)
    return data_request


def _acknowledge(data_request: DataRequest, mobile: str | None) -> None:
    """By email once committed; an account without email (signed up by mobile) gets a text instead (the sms app
    sends and retries it; queued, the request counts as acknowledged)."""
    from privacy.tasks import acknowledge

    if data_request.ack_to:
        enqueue_on_commit(acknowledge, data_request.pk)
        return
    if not mobile:
        return
    what = "to download your data" if data_request.kind == RequestKind.EXPORT else "to delete your account"
    variables = {
        "request": what,
        "date": timezone.localtime(data_request.requested_at).strftime("%d %b %Y"),
        "link": f"{settings.STOREFRONT_URL}/legal/grievance",
    }
    if sms.queue(SmsKind.DATA_REQUEST, mobile, variables, once_key=f"data-request:{data_request.pk}"):
        DataRequest.objects.filter(pk=data_request.pk).update(acknowledged_at=timezone.now())


# --- Erasure


def privileged(user: User) -> bool:
    """Staff, admins, or anyone holding a permission: closed by an administrator in the admin, never from here."""
    return bool(
        user.is_staff
        or user.is_superuser
        or user.user_permissions.exists()
        or user.groups.filter(permissions__isnull=False).exists()
    )


def blockers(user: User) -> list[dict[str, str]]:
    """Why the account cannot be deleted now ({"code", "message"} each; none: it can)."""
    found: list[dict[str, str]] = []
    if privileged(user):
        found.append(
            {
                "code": str(PrivacyErrorCode.STAFF_ACCOUNT),
                "message": "Staff and admin accounts cannot be deleted here: ask an administrator to close yours.",
            }
        )
    busy = list(Order.objects.filter(user=user, status__in=IN_PROGRESS).order_by("pk"))
    returning = list(
        Order.objects.filter(user=user, returns__status__in=OPEN_RETURNS)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if busy or returning:
        numbers = [o.number for o in busy] + [Order(pk=pk).number for pk in returning if pk not in {o.pk for o in busy}]
        found.append(
            {
                "code": str(PrivacyErrorCode.ORDERS_IN_PROGRESS),
                "message": f"Your account can be deleted once these orders have arrived or been cancelled and their "
                f"returns are closed: {', '.join(numbers)}.",
            }
        )
    return found


def _refuse_if_blocked(user: User) -> None:
    for blocker in blockers(user):
        code = PrivacyErrorCode(blocker["code"])
        raise ApplicationError(code, blocker["message"])


def request_erasure_code(user: User) -> ErasureCode:
    """Send the account a one-time code that confirms its deletion (replacing any earlier code): by email, or by
    text to the number an account without email signs in with."""
    from privacy.tasks import send_erasure_code

    _refuse_if_blocked(user)
    code, salt, now = codes.new_code(), codes.new_salt(), timezone.now()
    with transaction.atomic():
        _lock(user)
        ErasureCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)  # replaced
        challenge = ErasureCode.objects.create(
            user=user,
            salt=salt,
            code_hash=codes.code_hash(CODE_PURPOSE, salt, code),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.ERASURE_CODE_MINUTES),
        )
        if user.email:
            # Sent once committed; with the broker down, from this process; unsendable: 503, never a silent loss.
            deliver_on_commit(send_erasure_code, challenge.pk, codes.seal(CODE_PURPOSE, challenge.pk, salt, code))
        elif not user.mobile or not sms.queue(
            SmsKind.ERASURE_CODE,
            user.mobile,
            {"minutes": str(settings.ERASURE_CODE_MINUTES)},
            code=code,
            expires_at=challenge.expires_at,
            urgent=True,
        ):
            # An account signed up by mobile, with SMS off: nothing can carry the code (the transaction is undone).
            raise ApplicationError(
                CommonErrorCode.SERVICE_UNAVAILABLE,
                "The code cannot be sent: this account has no email and texts cannot be sent now. Try again later.",
            )
    return challenge


def unseal_code(challenge: ErasureCode, sealed: str) -> str:
    return codes.unseal(CODE_PURPOSE, challenge.pk, challenge.salt, sealed)


def _code_matches(user: User, code: str) -> bool:
    """Spend one guess at the account's latest code (its own transaction: a wrong guess counts even though the
    request is then refused)."""
    with transaction.atomic():
        challenge = (
            ErasureCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at", "-id")
            .first()
        )
        if challenge is None or challenge.attempts >= MAX_CODE_ATTEMPTS:
            return False
        challenge.attempts += 1
        matched = codes.matches(CODE_PURPOSE, challenge.salt, challenge.code_hash, code)
        if matched or challenge.attempts >= MAX_CODE_ATTEMPTS:
            challenge.used_at = timezone.now()  # used, or burnt by too many guesses
        challenge.save(update_fields=["attempts", "used_at"])
    return matched


def _confirm(user: User, *, password: str | None, code: str | None) -> None:
    if password is not None:
        if user.has_usable_password() and user.check_password(password):
            return
        message = "That is not your password."
        raise ApplicationError(PrivacyErrorCode.ERASURE_NOT_CONFIRMED, message, fields={"password": [message]})
    if code is not None and _code_matches(user, code):
        return
    message = "The code is not valid or has expired. Ask for a new one."
    raise ApplicationError(PrivacyErrorCode.ERASURE_NOT_CONFIRMED, message, fields={"code": [message]})


def reduced_address(order: Order) -> dict[str, Any]:
    """What the order keeps of its delivery address once its buyer is erased (tax.records): the place of supply, and
    the name and address only where its invoice must print them. The snapshot's other fields are emptied."""
    address = dict(order.shipping_address or {})
    taxable = Decimal(order.total) - Decimal(order.tax_total)
    keep: tuple[str, ...] = PLACE_OF_SUPPLY_FIELDS
    if records.names_recipient(taxable_value=taxable, registered=bool(order.buyer_gstin)):
        keep = keep + NAME_AND_ADDRESS_FIELDS
    return {name: (value if name in keep else "") for name, value in address.items()}


def erase_account(
    user: User, *, password: str | None = None, code: str | None = None, request: Requester
) -> DataRequest:
    """Delete the shopper's account as the module docstring says, once confirmed. Returns the erasure's request (its
    acknowledgement goes to the address the account had)."""
    _refuse_if_blocked(user)
    _confirm(user, password=password, code=code)
    with transaction.atomic():
        account = _lock(user)
        if not account.is_active:  # erased by a request that won the race: nothing is done twice
            raise ApplicationError(PrivacyErrorCode.ERASURE_NOT_CONFIRMED, "This account is already deleted.")
        _refuse_if_blocked(account)
        email = account.email
        account_erasing.send(sender=User, user=account)
        erased = {
            "addresses": Address.objects.filter(user=account).delete()[1].get("accounts.Address", 0),
            # The products' ratings follow (catalog.signals).
            "reviews": Review.objects.filter(user=account).delete()[1].get("catalog.Review", 0),
            "carts": Cart.objects.filter(user=account).delete()[1].get("cart.Cart", 0),
        }
        OtpChallenge.objects.filter(user=account).delete()
        ErasureCode.objects.filter(user=account).delete()
        # Failed sign-ins naming the address or the number (accounts.lockout keys a number "+91" and its digits).
        AccessAttempt.objects.filter(
            username__in=[key for key in (email, account.mobile and f"+91{account.mobile}") if key]
        ).delete()
        mobile = account.mobile
        orders = list(Order.objects.filter(user=account).order_by("pk"))
        for order in orders:
            reduced = reduced_address(order)
            if reduced != order.shipping_address:
                order.shipping_address = reduced
                order.save(update_fields=["shipping_address", "updated_at"])
        # The order emails' record keeps no address; one not sent yet never will be.
        OrderEmail.objects.filter(order__user=account, sent_at__isnull=True).update(
            attempts=settings.ORDER_EMAIL_MAX_ATTEMPTS, last_error="account erased"
        )
        OrderEmail.objects.filter(order__user=account).update(to="")
        # A closed return's refund details (UPI id, bank account): its payout reference stays.
        ReturnRequest.objects.filter(order__user=account).exclude(payout={}).update(payout={})
        now = timezone.now()
        withdrawn = sum(c.withdraw(now) for c in Consent.objects.filter(user=account, withdrawn_at__isnull=True))
        account.email = f"erased-{account.pk}@{ERASED_EMAIL_DOMAIN}"
        account.full_name = account.phone = ""
        account.mobile = None
        account.set_unusable_password()  # also voids any password reset link (it hashes the password)
        account.is_active = account.otp_enabled = False
        account.save()
        revoked = revoke_all_refresh_tokens(account)
        data_request = DataRequest.objects.create(user=account, kind=RequestKind.ERASURE, ack_to=email or "")
        audit.record(
            "account_erased",
            obj=account,
            new={**erased, "orders_kept": len(orders), "consents_withdrawn": withdrawn, "sessions_revoked": revoked},
            actor=account,
            request=request,
            source="api",
        )
        _acknowledge(data_request, mobile)
    return data_request


# --- Acknowledgements


def _ack_text(data_request: DataRequest) -> tuple[str, str]:
    store, when = settings.STORE_NAME, timezone.localtime(data_request.requested_at).strftime("%d %b %Y, %H:%M %Z")
    officer = (
        settings.GRIEVANCE_OFFICER_NAME,
        settings.GRIEVANCE_OFFICER_DESIGNATION,
        settings.GRIEVANCE_OFFICER_EMAIL,
    )
    contact = ", ".join(part for part in officer if part)
    if data_request.kind == RequestKind.EXPORT:
        return (
            f"You downloaded your {store} data",
            f"Hello,\n\nOn {when} a copy of the personal data we hold about you was downloaded from your {store} "
            "account.\n\nIf this was not you, change your password at once and write to our grievance officer: "
            f"{contact}.\n",
        )
    erased = "\n".join(f"- {line}" for line in ERASED)
    kept = "\n".join(f"- {line}" for line in KEPT)
    return (
        f"Your {store} account is deleted",
        f"Hello,\n\nAs you asked on {when}, your {store} account is deleted.\n\nWhat we erased:\n{erased}\n\n"
        f"What we keep, and why:\n{kept}\n\nThis is the last email we send to this address. Questions or complaints: "
        f"our grievance officer, {contact}.\n",
    )


def acknowledge(request_id: int) -> str:
    """Send a request's acknowledgement once (the row's lock keeps two workers from sending it twice); a mail failure
    is recorded for the catch-up. The address is forgotten once the mail is sent."""
    with transaction.atomic():
        data_request = DataRequest.objects.select_for_update().filter(pk=request_id).first()
        if data_request is None or data_request.acknowledged_at is not None:
            return "nothing to do"
        if not data_request.ack_to:
            return "no address"
        subject, body = _ack_text(data_request)
        data_request.attempts += 1
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [data_request.ack_to])
        except Exception as exc:  # noqa: BLE001  the mail server's trouble is recorded, not raised
            data_request.last_error = f"{type(exc).__name__}: {exc}"[:300]
            data_request.save(update_fields=["attempts", "last_error"])
            logger.warning("Data request %s: acknowledgement not sent: %s", data_request.pk, exc)
            return "failed"
        data_request.acknowledged_at, data_request.ack_to, data_request.last_error = timezone.now(), "", ""
        data_request.save(update_fields=["attempts", "acknowledged_at", "ack_to", "last_error"])
    return "sent"


def acknowledge_missed(*, now: datetime | None = None, limit: int = 100) -> int:
    """The catch-up (beat): acknowledgements whose task was lost or whose mail failed, up to
    DATA_REQUEST_ACK_MAX_ATTEMPTS tries each. Returns how many were sent."""
    now = now or timezone.now()
    due = (
        DataRequest.objects.filter(
            acknowledged_at__isnull=True,
            attempts__lt=settings.DATA_REQUEST_ACK_MAX_ATTEMPTS,
            requested_at__lte=now - ACK_AFTER,
        )
        .exclude(ack_to="")
        .order_by("requested_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(acknowledge(pk) == "sent" for pk in list(due))
