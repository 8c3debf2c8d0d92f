"""Orders announce what other apps (payments, shipping) must react to, without importing them.

order_cancelled(order, previous_status): sent inside the cancelling transaction, after the status
change and the stock release. payments answers it by refunding a paid order.

order_status_changed(order, from_status, to_status, source, actor): sent by transition(), the state
machine's one writer, inside its transaction, after the change is saved. Receivers that start work enqueue
it with core.tasks.enqueue_on_commit, so nothing runs for a change that rolls back. shipping answers PAID by
creating the shipment; notifications answers PAID, SHIPPED and DELIVERED with an email; staff writes the
audit row of every move that is not the shopper's own.

order_units_recorded(order, complete, source): sent by orders.units.record_units inside its transaction,
after the units and their IMEIs are saved; `complete` says every unit that needs an IMEI has one. shipping
answers a complete PAID order by enqueueing its booking (which waited for the IMEIs).

return_needed(order, reason): sent by orders.services.open_return (the lifecycle's open_return outcome: a gateway
refunded the whole payment after the parcel left) inside the order's transaction. returns answers it by opening a
return for staff (approved, its refund already done), so the phone is collected.
"""

from django.dispatch import Signal

order_cancelled = Signal()
order_status_changed = Signal()
order_units_recorded = Signal()
return_needed = Signal()
