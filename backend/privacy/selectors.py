"""Reading a shopper's personal data: their consents, whether a marketing message may go to them, and the download of
everything the store holds about them (profile, addresses, orders, reviews, consents, data requests, and each
section another app adds through accounts.signals.account_exporting)."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Address, User
from accounts.signals import account_exporting
from catalog.models import Review
from orders.models import Order, OrderItem
from privacy import consents
from privacy.models import Channel, Consent, DataRequest, Purpose

SECTIONS = ("profile", "addresses", "orders", "reviews", "consents", "data_requests")


def may_send_marketing(user: User, channel: str) -> bool:
    """Whether a marketing message may go to the user by `channel` now: only with a consent given and not withdrawn
    (DPDP Act, section 6). Whoever sends offers asks this first."""
    return (
        user.is_active
        and Consent.objects.filter(
            user=user, purpose=Purpose.MARKETING, channel=channel, withdrawn_at__isnull=True
        ).exists()
    )


def consent_choices(user: User) -> list[dict[str, Any]]:
    """Each consent the shopper may give, with today's wording and whether (and when) they gave it."""
    active = {(c.purpose, c.channel): c for c in Consent.objects.filter(user=user, withdrawn_at__isnull=True)}
    rows = []
    for purpose, channel in consents.CHOICES:
        text = consents.text_for(purpose, channel)
        given = active.get((purpose, channel))
        rows.append(
            {
                "purpose": purpose,
                "channel": channel,
                "label": f"{Purpose(purpose).label} by {Channel(channel).label}",
                "text": text,
                "text_version": consents.version_of(text),
                "given": given is not None,
                "given_at": given.given_at if given else None,
                # Agreed to an older wording: still valid, but the page may ask again.
                "current_wording": given is None or given.text_version == consents.version_of(text),
            }
        )
    return rows


def consent_history(user: User) -> list[Consent]:
    return list(Consent.objects.filter(user=user).order_by("-given_at", "-id"))


# --- The download


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "mobile": user.mobile,  # the number the account signs in with
        "full_name": user.full_name,
        "phone": user.phone,
        "sms_updates": user.sms_updates,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "otp_sign_in": user.otp_enabled,
        "otp_channel": user.otp_channel,
    }


def _addresses(user: User) -> list[dict[str, Any]]:
    fields = ("full_name", "phone", "line1", "line2", "landmark", "city", "state_code", "state", "pincode", "country")
    return [
        {**{name: getattr(a, name) for name in fields}, "is_default": a.is_default, "created_at": _when(a.created_at)}
        for a in Address.objects.filter(user=user).order_by("pk")
    ]


def _item(item: OrderItem) -> dict[str, Any]:
    return {
        "product": item.product_title,
        "sku": item.sku,
        "variant": item.variant_label,
        "quantity": item.quantity,
        "unit_price": _money(item.unit_price),
        "line_total": _money(item.line_total),
        "discount": _money(item.discount),
        "gst_rate": _money(item.gst_rate),
        "gst": _money(item.tax_amount),
        "imeis": [imei.number for unit in item.units.all() for imei in unit.imeis.all()],
    }


def _orders(user: User) -> list[dict[str, Any]]:
    orders = (
        Order.objects.filter(user=user)
        .order_by("pk")
        .prefetch_related(
            Prefetch("items", queryset=OrderItem.objects.order_by("pk").prefetch_related("units__imeis")),
            "transitions",
            "tax_documents",
        )
    )
    return [
        {
            "number": o.number,
            "placed_at": _when(o.created_at),
            "status": o.status,
            "payment_method": o.payment_method,
            "currency": o.currency,
            "subtotal": _money(o.subtotal),
            "discount": _money(o.discount_total),
            "coupon_code": o.coupon_code,
            "shipping_fee": _money(o.shipping_fee),
            "cod_fee": _money(o.cod_fee),
            "gst": _money(o.tax_total),
            "total": _money(o.total),
            "delivery_address": o.shipping_address,
            "place_of_supply": o.place_of_supply,
            "buyer_gstin": o.buyer_gstin,
            "items": [_item(item) for item in o.items.all()],
            "history": [{"status": t.to_status, "at": _when(t.created_at)} for t in o.transitions.all()],
            "tax_documents": [
                {"kind": d.kind, "number": d.number, "issued_at": _when(d.issued_at), "total": _money(d.total)}
                for d in o.tax_documents.all()
            ],
        }
        for o in orders
    ]


def _reviews(user: User) -> list[dict[str, Any]]:
    return [
        {
            "product": r.product.title,
            "rating": r.rating,
            "title": r.title,
            "body": r.body,
            "created_at": _when(r.created_at),
            "updated_at": _when(r.updated_at),
        }
        for r in Review.objects.filter(user=user).select_related("product").order_by("pk")
    ]


def _consents(rows: Iterable[Consent]) -> list[dict[str, Any]]:
    return [
        {
            "purpose": c.purpose,
            "channel": c.channel,
            "text": c.text,
            "given_at": _when(c.given_at),
            "withdrawn_at": _when(c.withdrawn_at),
            "source": c.source,
        }
        for c in rows
    ]


def export_data(user: User) -> dict[str, Any]:
    """Everything the store holds about the shopper, as JSON-able data, one section per kind."""
    data: dict[str, Any] = {
        "generated_at": _when(timezone.now()),
        "store": settings.STORE_NAME,
        "profile": _profile(user),
        "addresses": _addresses(user),
        "orders": _orders(user),
        "reviews": _reviews(user),
        "consents": _consents(consent_history(user)),
        "data_requests": [
            {"kind": r.kind, "requested_at": _when(r.requested_at), "acknowledged_at": _when(r.acknowledged_at)}
            for r in DataRequest.objects.filter(user=user).order_by("pk")
        ],
    }
    for receiver, answer in account_exporting.send(sender=User, user=user):
        sections: dict[str, Any] = answer or {}  # type: ignore[assignment]  # receivers answer {section: data}
        for name, section in sections.items():
            if name in data:
                raise ValueError(f"{receiver!r} cannot replace the download's {name!r} section.")
            data[name] = section
    return data
