import itertools

import pytest
from django.db import transaction

from orders import lifecycle
from orders.error_codes import OrdersErrorCode
from orders.models import Order, OrderStatus, OrderTransition
from orders.services import IllegalTransition, transition

pytestmark = pytest.mark.django_db

LEGAL = list(lifecycle.MOVES)
ILLEGAL = [(a, b) for a, b in itertools.product(OrderStatus.values, repeat=2) if not lifecycle.is_legal(a, b)]


def someone_allowed(from_status, to_status):
    """An actor the lifecycle lets make the move (any, for a move nobody may make)."""
    move = lifecycle.MOVES.get((from_status, to_status))
    return sorted(move.actors)[0] if move else "staff"


def make_order(user, status):
    return Order.objects.create(
        user=user,
        status=status,
        payment_method="dev",
        subtotal=100,
        mrp_total=100,
        tax_total=15,
        total=100,
        shipping_address={},
    )


def test_the_documented_machine():
    S = OrderStatus
    assert {
        S.PENDING_PAYMENT: {S.PAID, S.CANCELLED},
        S.CONFIRMATION_PENDING: {S.CONFIRMED, S.CANCELLED},
        S.CONFIRMED: {S.PACKED, S.CANCELLED},
        S.PAID: {S.PACKED, S.CANCELLED},
        S.PACKED: {S.SHIPPED, S.CANCELLED},
        S.SHIPPED: {S.DELIVERED, S.CANCELLED},
        S.DELIVERED: {S.REFUNDED},
        S.CANCELLED: {S.REFUNDED},
        S.REFUNDED: set(),
    } == {status: set(lifecycle.targets(status)) for status in OrderStatus.values}


@pytest.mark.parametrize("from_status,to_status", ILLEGAL)
def test_every_illegal_move_is_refused_and_records_nothing(user, from_status, to_status):
    order = make_order(user, from_status)
    with transaction.atomic(), pytest.raises(IllegalTransition) as refused:
        transition(order, to_status, actor_kind=someone_allowed(from_status, to_status), actor=user, source="test")
    assert refused.value.code is OrdersErrorCode.ILLEGAL_TRANSITION and refused.value.http_status == 409
    order.refresh_from_db()
    assert order.status == from_status
    assert not OrderTransition.objects.exists()


@pytest.mark.parametrize("from_status,to_status", LEGAL)
def test_every_legal_move_is_recorded(user, from_status, to_status):
    order = make_order(user, from_status)
    with transaction.atomic():
        transition(
            order, to_status, actor_kind=someone_allowed(from_status, to_status), actor=user, source="staff", note="why"
        )
    order.refresh_from_db()
    assert order.status == to_status
    record = OrderTransition.objects.get()
    assert (record.from_status, record.to_status, record.actor, record.source, record.note) == (
        from_status,
        to_status,
        user,
        "staff",
        "why",
    )
    assert record.created_at is not None


def test_unknown_status_is_refused(user):
    order = make_order(user, OrderStatus.PAID)
    with transaction.atomic(), pytest.raises(ValueError):
        transition(order, "LOST", actor_kind="staff")


def test_transition_outside_a_transaction_is_a_programming_error(user, django_db_blocker):
    order = make_order(user, OrderStatus.PENDING_PAYMENT)
    conn = transaction.get_connection()
    in_block = conn.in_atomic_block
    conn.in_atomic_block = False  # pytest-django wraps each test in one; pretend we are outside
    try:
        with pytest.raises(RuntimeError):
            transition(order, OrderStatus.PAID, actor_kind="gateway")
    finally:
        conn.in_atomic_block = in_block


def test_paid_and_cancelled_timestamps(user):
    order = make_order(user, OrderStatus.PENDING_PAYMENT)
    with transaction.atomic():
        transition(order, OrderStatus.PAID, actor_kind="gateway")
        transition(order, OrderStatus.CANCELLED, actor_kind="staff")
    order.refresh_from_db()
    assert order.paid_at and order.cancelled_at and order.reserved_until is None
