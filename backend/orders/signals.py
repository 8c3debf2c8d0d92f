"""Orders announce what other apps (payments) must react to, without importing them.

order_cancelled(order, previous_status): sent inside the cancelling transaction, after the status
change and the stock release. payments answers it by refunding a paid order.
"""
from django.dispatch import Signal

order_cancelled = Signal()
