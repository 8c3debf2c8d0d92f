"""payments announces what other apps (invoicing) react to, without importing them.

payment_refunded(payment, amount_minor, refund_id): sent inside the transaction that records a refund the
gateway processed, with the amount in the payment's own currency's minor units. invoicing answers it with a
credit note once the order has an invoice."""

from django.dispatch import Signal

payment_refunded = Signal()
