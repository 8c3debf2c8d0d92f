"""Read-side queries of the wishlist and the alerts, each a fixed number of SQL queries."""

from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from accounts.models import User
from catalog.models import Product
from catalog.selectors import with_listing_rows
from wishlist.models import Alert, AlertKind, AlertNotice, WishlistItem


def wishlist(user: User) -> list[WishlistItem]:
    """The shopper's wishlist, newest first, each item's product prepared as a listing row (its price is
    the cheapest variant on sale) and its remembered variant loaded. Five queries, however long."""
    items = list(WishlistItem.objects.filter(user=user).select_related("variant"))
    products = with_listing_rows(
        Product.objects.filter(pk__in=[item.product_id for item in items]).select_related("brand", "category"),
        Q(is_active=True),
    )
    by_id = {product.pk: product for product in products}
    for item in items:
        item.product = by_id[item.product_id]
    return items


def alerts(user: User) -> QuerySet[Alert]:
    return Alert.objects.filter(user=user).select_related("variant__product")


def due_alerts(today: date) -> QuerySet[Alert]:
    """Alerts to tell now: the variant (and its phone) on sale and back in stock, or cheaper than the price
    the shopper saw (or was last told), for an active shopper not yet told about that variant `today`."""
    told_today = AlertNotice.objects.filter(user=OuterRef("user"), variant=OuterRef("variant"), day=today)
    return (
        Alert.objects.filter(user__is_active=True, variant__is_active=True, variant__product__is_active=True)
        .filter(
            Q(kind=AlertKind.BACK_IN_STOCK, variant__stock__gt=0)
            | Q(kind=AlertKind.PRICE_DROP, variant__price__lt=F("seen_price"))
        )
        .exclude(Exists(told_today))
    )
