"""What each kind of message says: its text, with {name} where a variable goes, and its template id.

Each text is the template as registered on the DLT platform and in MSG91's panel (there, `##name##` marks a
variable: MSG91 fills it from the recipient's key of that name, so the names here are the keys sent). The
console prints the text filled in. A change of wording here must be registered again on DLT before MSG91 can
send it, under a new template id (docs/operations.md "Text messages (SMS)")."""

from collections.abc import Mapping
from string import Formatter

from django.conf import settings

from sms.constants import SmsKind

CODE_VARIABLE = "otp"  # the one-time code of a code kind: never stored, sealed on the broker

TEXTS: dict[str, str] = {
    SmsKind.SIGN_IN_CODE: (
        "Your PhoneStore sign-in code is {otp}. It expires in {minutes} minutes. Never share it with anyone."
    ),
    SmsKind.COD_CODE: (
        "{otp} confirms your PhoneStore cash on delivery order {order} of Rs {amount}. It expires in {minutes} "
        "minutes. Never share it with anyone."
    ),
    SmsKind.ORDER_PLACED: "Thank you for your PhoneStore order {order} of Rs {amount}. Follow it at {link}",
    SmsKind.SHIPPED: "Your PhoneStore order {order} has shipped. Track it at {link}",
    SmsKind.OUT_FOR_DELIVERY: "Your PhoneStore order {order} is out for delivery today. Track it at {link}",
    SmsKind.DELIVERED: "Your PhoneStore order {order} has been delivered. Thank you for shopping with us.",
    SmsKind.CANCELLED: (
        "Your PhoneStore order {order} has been cancelled. Any amount paid will be refunded to the way you paid."
    ),
    SmsKind.REFUNDED: (
        "The refund for your PhoneStore order {order} has been made. Your bank may take 5-7 working days to show it."
    ),
    SmsKind.ALERT: "PhoneStore alert: {news}. See {link}",
    SmsKind.ERASURE_CODE: (
        "{otp} is your PhoneStore code to delete your account. It expires in {minutes} minutes. If you did not ask "
        "for it, ignore this message: nothing is deleted without it."
    ),
    SmsKind.DATA_REQUEST: (
        "PhoneStore has recorded your request {request} of {date}. Questions or complaints: our grievance officer, "
        "{link}"
    ),
}


def variables_of(kind: str) -> frozenset[str]:
    """The variables a kind's template has."""
    return frozenset(name for _, name, _, _ in Formatter().parse(TEXTS[kind]) if name)


def render(kind: str, variables: Mapping[str, str]) -> str:
    """The message as the shopper reads it. Every variable of the template and no other must be given."""
    expected, given = variables_of(kind), frozenset(variables)
    if expected != given:
        raise ValueError(
            f"The {kind} SMS takes the variables {sorted(expected)}, not {sorted(given)}: "
            "a template's variables are registered with it."
        )
    return TEXTS[kind].format(**variables)


def template_setting(kind: str) -> str:
    return f"SMS_TEMPLATE_{SmsKind(kind).name}"


def template_id(kind: str) -> str:
    """The kind's MSG91 template id (config/settings/sms.py); empty when not configured."""
    return str(getattr(settings, template_setting(kind), "") or "")
