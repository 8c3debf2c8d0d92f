"""The kinds of text message the store sends and the states of one message."""

from django.db import models


class SmsKind(models.TextChoices):
    SIGN_IN_CODE = "sign_in_code", "Sign-in code"
    COD_CODE = "cod_code", "Cash on delivery confirmation code"
    ORDER_PLACED = "order_placed", "Order placed"
    SHIPPED = "shipped", "Shipped"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"
    ALERT = "alert", "Price or stock alert"
    ERASURE_CODE = "erasure_code", "Code to delete the account"
    DATA_REQUEST = "data_request", "Personal data request acknowledged"


# A one-time code: sent whatever the shopper's "SMS updates" choice, never stored (it travels sealed), and
# useless once it expires.
CODE_KINDS = frozenset({SmsKind.SIGN_IN_CODE, SmsKind.COD_CODE, SmsKind.ERASURE_CODE})


class SmsStatus(models.TextChoices):
    QUEUED = "queued", "Queued"  # not sent yet: its task is coming, or its next attempt is due at next_attempt_at
    SENT = "sent", "Sent"  # the provider took it (its request id kept)
    FAILED = "failed", "Failed"  # refused by the provider, expired, or given up after SMS_MAX_ATTEMPTS
