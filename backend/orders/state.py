"""The order state machine: which moves are legal. orders.services.transition() is the only writer."""

from orders.models import OrderStatus as S

ALLOWED: dict[str, frozenset] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.PACKED, S.CANCELLED}),
    S.PACKED: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.REFUNDED}),  # a return
    S.CANCELLED: frozenset({S.REFUNDED}),  # a paid order cancelled, then its money returned
    S.REFUNDED: frozenset(),
}

# A customer may cancel before the order ships.
CANCELLABLE = frozenset({S.PENDING_PAYMENT, S.PAID, S.PACKED})
# States in which the customer's money is with us.
PAID_STATES = frozenset({S.PAID, S.PACKED, S.SHIPPED, S.DELIVERED})
