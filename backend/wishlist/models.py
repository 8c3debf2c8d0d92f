"""What a signed-in shopper keeps an eye on: the phones on their wishlist, and alerts on a variant (back in
stock, price drop) with the log of the alert messages sent, which holds them to one per variant a day."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class WishlistItem(models.Model):
    """A phone (product) on a shopper's wishlist: the heart on a card wishes the phone; the heart on the
    product page wishes it too and remembers the variant chosen there (null: none chosen, or no longer
    sold). One row per shopper and phone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wishlist_items")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="wishlist_one_row_per_phone")]

    def __str__(self) -> str:
        return f"{self.product_id} on {self.user_id}'s wishlist"


class AlertKind(models.TextChoices):
    BACK_IN_STOCK = "back_in_stock", "Back in stock"
    PRICE_DROP = "price_drop", "Price drop"


class Alert(models.Model):
    """Tell the shopper when a variant is back in stock, or costs less than `seen_price`. A back-in-stock
    alert is done once told; a price-drop alert stays, its `seen_price` lowered to each price told."""

    Kind = AlertKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    seen_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Price drops: the price the shopper saw (then the last price told); a lower one fires the alert.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "variant", "kind"], name="alert_one_per_variant_and_kind"),
            models.CheckConstraint(
                condition=(Q(kind=AlertKind.PRICE_DROP) & Q(seen_price__gt=0))
                | (Q(kind=AlertKind.BACK_IN_STOCK) & Q(seen_price__isnull=True)),
                name="alert_seen_price_for_price_drops_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of variant {self.variant_id} for {self.user_id}"


class AlertNotice(models.Model):
    """One alert message about a variant to a shopper on a day (Indian date). The unique row is the rule
    "at most one message per variant per shopper per day", held by the database even for two parallel
    runs of the batch. `channels`: how it went ("email"; empty when the shopper had no way to be told)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey("catalog.ProductVariant", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kinds = models.CharField(max_length=40, help_text="The alerts it told, comma-separated.")
    channels = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "variant", "day"], name="alert_notice_once_a_day")]
        indexes = [models.Index(fields=["day"], name="alert_notice_day")]

    def __str__(self) -> str:
        return f"Alert about variant {self.variant_id} to {self.user_id} on {self.day}"
