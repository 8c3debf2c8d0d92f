"""payments announces what other apps (invoicing) react to, without importing them.

payment_refunded(payment, amount_minor, refund_id, reference): sent inside the transaction that records a refund the
gateway processed (each partial refund too), with that refund's amount in the payment's own currency's minor units
and the reference its asker gave (services.refund_part; "" otherwise). invoicing answers it with a credit note once
the order has an invoice; returns marks its return refunded.

payment_refund_failed(payment, reference, error): the gateway refused a partial refund."""

from django.dispatch import Signal

payment_refunded = Signal()
payment_refund_failed = Signal()
