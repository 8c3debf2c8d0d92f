from django.db import models


class EmailKind(models.TextChoices):
    ORDER_CONFIRMATION = "order_confirmation", "Order confirmation"
    SHIPPED = "shipped", "Shipped"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"


class OrderEmail(models.Model):
    """One customer email about an order. (order, kind) is unique, so a repeated event or a retried
    task sends it once; sent_at stays empty while it has not gone out."""

    Kind = EmailKind

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=30, choices=EmailKind.choices)
    to = models.EmailField()
    subject = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="order_email_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for order {self.order_id}"
