"""The wishlist: a signed-in shopper's hearts, one row per phone (the variant chosen on the product page
remembered with it); a guest's list, kept by the storefront in the browser, is merged in at sign-in. And what
the account's data export and deletion take from this app (export_for_user, erase_for_user)."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

from accounts.models import User
from catalog.error_codes import CatalogErrorCode
from catalog.models import Product, ProductVariant
from core.errors import ApplicationError, CommonErrorCode
from wishlist.error_codes import WishlistErrorCode
from wishlist.models import Alert, AlertNotice, WishlistItem


def lock_shopper(user: User) -> None:
    """One shopper's wishlist and alert writes one at a time (the user's row lock), so two parallel adds
    cannot both take the last place under a cap."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


def _wishable_product(product_id: int) -> Product:
    product = Product.objects.filter(pk=product_id, is_active=True).first()
    if product is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such phone.", fields={"product": ["Not found."]})
    return product


def _variant_of(product: Product, variant_id: int) -> ProductVariant:
    variant = ProductVariant.objects.filter(pk=variant_id, product=product).first()
    if variant is None:
        raise ApplicationError(
            CommonErrorCode.INVALID, "Some fields are not valid.", fields={"variant": ["Not a variant of this phone."]}
        )
    if not variant.is_active:
        raise ApplicationError(
            CatalogErrorCode.VARIANT_UNAVAILABLE, "This phone is no longer sold.", fields={"variant": ["Not for sale."]}
        )
    return variant


def add(user: User, *, product_id: int, variant_id: int | None = None) -> tuple[WishlistItem, bool]:
    """Put a phone on the wishlist (True: it was not there). Again with a variant remembers that variant
    instead; again without one keeps the one remembered. Refused: an unknown or unsold phone (404), a variant
    not of this phone (400) or no longer sold (409), a full wishlist (400 wishlist_full)."""
    product = _wishable_product(product_id)
    variant = _variant_of(product, variant_id) if variant_id is not None else None
    with transaction.atomic():
        lock_shopper(user)
        item = WishlistItem.objects.filter(user=user, product=product).first()
        if item is not None:
            if variant is not None and item.variant_id != variant.pk:
                item.variant = variant
                item.save(update_fields=["variant"])
            return item, False
        if WishlistItem.objects.filter(user=user).count() >= settings.WISHLIST_MAX_ITEMS:
            raise ApplicationError(
                WishlistErrorCode.WISHLIST_FULL,
                f"Your wishlist holds {settings.WISHLIST_MAX_ITEMS} phones at most: remove one to add another.",
            )
        return WishlistItem.objects.create(user=user, product=product, variant=variant), True


def remove(user: User, product_id: int) -> None:
    deleted, _ = WishlistItem.objects.filter(user=user, product_id=product_id).delete()
    if not deleted:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "This phone is not on your wishlist.")


def merge_guest(user: User, entries: Iterable[tuple[int, int | None]]) -> int:
    """The wishlist a guest kept in the browser, (product id, variant id or None) newest first, added to the
    shopper's at sign-in; returns how many phones were added. What the browser kept may be stale, so nothing
    in it is refused: an unknown or unsold phone is left out, an unknown or unsold variant (or one of another
    phone) forgotten, a phone already on the list keeps its row (it gains the variant if it had none), and
    what does not fit under WISHLIST_MAX_ITEMS is left out."""
    wanted: dict[int, int | None] = {}
    for product_id, variant_id in entries:
        wanted.setdefault(product_id, variant_id)
    sold = set(Product.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
    variants = dict(
        ProductVariant.objects.filter(pk__in=[v for v in wanted.values() if v is not None], is_active=True).values_list(
            "pk", "product_id"
        )
    )
    chosen = {p: (v if v is not None and variants.get(v) == p else None) for p, v in wanted.items() if p in sold}
    with transaction.atomic():
        lock_shopper(user)
        existing = {item.product_id: item for item in WishlistItem.objects.filter(user=user)}
        for product_id, variant_id in chosen.items():
            item = existing.get(product_id)
            if item is not None and item.variant_id is None and variant_id is not None:
                item.variant_id = variant_id
                item.save(update_fields=["variant"])
        room = max(0, settings.WISHLIST_MAX_ITEMS - len(existing))
        new = [(p, v) for p, v in chosen.items() if p not in existing][:room]
        # Created oldest first, so the list (newest first) keeps the browser's order.
        WishlistItem.objects.bulk_create(WishlistItem(user=user, product_id=p, variant_id=v) for p, v in reversed(new))
    return len(new)


def erase_for_user(user: User) -> dict[str, int]:
    """The account's deletion: the shopper's wishlist, alerts and the log of alert messages sent to them,
    gone. Returns how many rows of each went."""
    with transaction.atomic():
        wishlist, _ = WishlistItem.objects.filter(user=user).delete()
        alerts, _ = Alert.objects.filter(user=user).delete()
        notices, _ = AlertNotice.objects.filter(user=user).delete()
    return {"wishlist_items": wishlist, "alerts": alerts, "alert_messages": notices}


def export_for_user(user: User) -> dict[str, list[dict[str, Any]]]:
    """The account's data export: its wishlist, alerts and alert messages, as JSON-ready values (strings,
    numbers as strings, ISO 8601 times)."""
    items = WishlistItem.objects.filter(user=user).select_related("product", "variant")
    alerts = Alert.objects.filter(user=user).select_related("variant__product")
    notices = AlertNotice.objects.filter(user=user).select_related("variant__product")
    return {
        "wishlist": [
            {
                "product": item.product.title,
                "product_slug": item.product.slug,
                "variant_sku": item.variant.sku if item.variant else None,
                "added_at": item.created_at.isoformat(),
            }
            for item in items
        ],
        "alerts": [
            {
                "kind": alert.kind,
                "product": alert.variant.product.title,
                "variant_sku": alert.variant.sku,
                "seen_price": str(alert.seen_price) if alert.seen_price is not None else None,
                "created_at": alert.created_at.isoformat(),
                "notified_at": alert.notified_at.isoformat() if alert.notified_at else None,
            }
            for alert in alerts
        ],
        "alert_messages": [
            {
                "day": notice.day.isoformat(),
                "product": notice.variant.product.title,
                "variant_sku": notice.variant.sku,
                "alerts": notice.kinds.split(","),
                "channels": notice.channels.split(",") if notice.channels else [],
            }
            for notice in notices
        ],
    }
