"""Shipping announces what others (notifications) may react to, without importing them.

shipment_status_changed(shipment, previous_status, status): sent inside the transaction that changed
the shipment's status (booking, a tracking report, a staff action, a cancellation). Receivers that start
work enqueue it with core.tasks.enqueue_on_commit.
"""

from django.dispatch import Signal

shipment_status_changed = Signal()
