"""The facts the legal pages state (names, numbers, windows, fees), each read from the function the store itself acts
on, so a page can never say what the store does not do: the seller from tax.seller (SELLER_*), the return window
from returns.services, the shipping fee from cart.pricing, cash on delivery from payments.cod_services, who may
cancel what from orders.lifecycle, what an erased account keeps from privacy.services. Only what no app knew before
(the grievance officer, how long a bank takes to credit a refund, the courts) is a setting of this app's own
(config/settings/legal.py).

Each fact has its value (what GET /api/legal/ gives) and its text (what a page's {{ group.name }} placeholder
becomes: "₹99", "7", "paid or packed")."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from cart import pricing
from core.money import indian_digits
from orders import lifecycle
from orders import services as orders
from orders.models import OrderStatus
from payments import cod_services as cod
from privacy import services as privacy
from returns import services as returns
from returns.models import ReturnReason
from tax import records
from tax.seller import seller

# Consumer Protection (E-Commerce) Rules, 2020, rule 4(5): the grievance officer acknowledges a complaint within 48
# hours and redresses it within one month of receiving it. The law's numbers, not the store's choice.
ACKNOWLEDGE_WITHIN_HOURS = 48
RESOLVE_WITHIN = "one month"

Value = str | int | bool | list[str]


@dataclass(frozen=True)
class Fact:
    value: Value  # for the API (money as a decimal string, "99.00")
    text: str  # for the prose


def rupees(amount: Decimal) -> str:
    """₹1,23,456 (paise only when there are some): Indian digit grouping, as prices are shown."""
    digits = indian_digits(amount)
    return f"₹{digits.removesuffix('.00')}"


def _money(amount: Decimal) -> Fact:
    return Fact(f"{amount:.2f}", rupees(amount))


def _number(value: int) -> Fact:
    return Fact(value, str(value))


def _text(value: str) -> Fact:
    return Fact(value, value)


def _listed(values: list[str], last: str = "and", *, sep: str = ", ", lower: bool = True) -> Fact:
    """["Paid", "Packed"] → "paid or packed" (last="or"); sentences, joined by "; " (sep), keep their case and end
    "…; and z"."""
    words = [value.lower() for value in values] if lower else list(values)
    if len(words) < 2:
        return Fact(values, "".join(words))
    closing = ";" if sep.strip() == ";" else ""
    return Fact(values, f"{sep.join(words[:-1])}{closing} {last} {words[-1]}")


def _seller() -> dict[str, Fact]:
    try:
        s = seller()
        gstin, pan, state = s.gstin, s.pan, s.state_name
    except ValueError:  # invoicing off with no valid GSTIN: the page says none (legal.W001 warns in production)
        s, gstin, pan, state = None, "", "", ""
    return {
        "legal_name": _text(settings.SELLER_LEGAL_NAME),
        "trade_name": _text(settings.SELLER_TRADE_NAME),
        "gstin": _text(gstin),
        "pan": _text(pan),
        "address": _text(settings.SELLER_ADDRESS),
        "state": _text(state),
        "email": _text(settings.SELLER_EMAIL),
        "phone": _text(settings.SELLER_PHONE),
    }


def _cancellation() -> dict[str, Fact]:
    shopper_may = [s for s in OrderStatus.values if lifecycle.cancellable(s)]
    # The first step of the road a shopper can no longer undo (today: shipped).
    first_not = next((s for s in lifecycle.HAPPY_PATH if not lifecycle.cancellable(s)), OrderStatus.SHIPPED)
    return {
        "statuses": _listed([lifecycle.label(s) for s in shopper_may], "or"),
        "not_from": _text(lifecycle.label(first_not).lower()),
        "unpaid_minutes": _number(orders.reservation_minutes()),
        "cod_confirm_minutes": _number(cod.hold_minutes()),
    }


def facts() -> dict[str, dict[str, Fact]]:
    """Every fact, read now (so a changed setting shows at once), by group."""
    return {
        "store": {"name": _text(settings.STORE_NAME), "website": _text(settings.STOREFRONT_URL)},
        "seller": _seller(),
        "grievance": {
            "name": _text(settings.GRIEVANCE_OFFICER_NAME),
            "designation": _text(settings.GRIEVANCE_OFFICER_DESIGNATION),
            "email": _text(settings.GRIEVANCE_OFFICER_EMAIL),
            "phone": _text(settings.GRIEVANCE_OFFICER_PHONE),
            "acknowledge_hours": _number(ACKNOWLEDGE_WITHIN_HOURS),
            "resolve_within": _text(RESOLVE_WITHIN),
        },
        "returns": {
            "window_days": _number(returns.window_days()),
            "reasons": _listed([str(label) for label in ReturnReason.labels], "or"),
            "max_photos": _number(returns.MAX_PHOTOS),
        },
        "refunds": {"credit_days": _number(settings.REFUND_CREDIT_DAYS)},
        "cancellation": _cancellation(),
        "shipping": {"fee": _money(pricing.shipping_fee()), "free_from": _money(pricing.free_shipping_threshold())},
        "cod": {
            "offered": Fact(bool(cod.offered_methods()), "yes" if cod.offered_methods() else "no"),
            "fee": _money(cod.cod_fee()),
            "max_order_value": _money(cod.max_order_value()),
            "confirm_minutes": _number(cod.hold_minutes()),
        },
        "privacy": {
            "retention_months": _number(records.RECORDS_RETENTION_MONTHS),
            "named_on_invoice_from": _money(records.UNREGISTERED_NAME_AND_ADDRESS_FROM),
            "erased": _listed(list(privacy.ERASED), sep="; ", lower=False),
            "kept": _listed(list(privacy.KEPT), sep="; ", lower=False),
        },
        "terms": {"jurisdiction": _text(settings.LEGAL_JURISDICTION)},
    }


def values(found: dict[str, dict[str, Fact]] | None = None) -> dict[str, dict[str, Value]]:
    """The facts as the API gives them."""
    return {
        group: {name: fact.value for name, fact in group_facts.items()}
        for group, group_facts in (found or facts()).items()
    }


def texts(found: dict[str, dict[str, Fact]] | None = None) -> dict[str, str]:
    """{"seller.legal_name": "PhoneStore Retail Private Limited", ...}: what each placeholder becomes."""
    return {
        f"{group}.{name}": fact.text
        for group, group_facts in (found or facts()).items()
        for name, fact in group_facts.items()
    }
