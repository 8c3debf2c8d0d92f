"""The order lifecycle's table, cell by cell: every status × every actor × every target against the table written
out below. A change to orders/lifecycle.py is a deliberate change here too."""

import itertools

import pytest
from django.db import transaction

from orders import lifecycle
from orders.error_codes import OrdersErrorCode
from orders.models import Order, OrderStatus, OrderTransition
from orders.services import IllegalTransition, transition

pytestmark = pytest.mark.django_db

# (from, to): the actors who may make the move, and what it sets off. Nothing else is a legal move.
EXPECTED = {
    ("PENDING_PAYMENT", "PAID"): ({"gateway"}, {"book_shipment", "notify", "issue_invoice"}),
    ("PENDING_PAYMENT", "CANCELLED"): ({"shopper", "staff", "system"}, {"release_stock"}),
    ("CONFIRMATION_PENDING", "CONFIRMED"): ({"shopper"}, {"book_shipment", "notify"}),
    ("CONFIRMATION_PENDING", "CANCELLED"): ({"shopper", "staff", "system"}, {"release_stock"}),
    ("CONFIRMED", "PACKED"): ({"staff", "carrier"}, set()),
    ("CONFIRMED", "CANCELLED"): ({"shopper", "staff"}, {"release_stock", "release_units", "cancel_shipment", "notify"}),
    ("PAID", "PACKED"): ({"staff", "carrier"}, {"issue_invoice"}),
    ("PAID", "CANCELLED"): (
        {"shopper", "staff"},
        {"release_stock", "release_units", "cancel_shipment", "refund_payments", "notify"},
    ),
    ("PACKED", "SHIPPED"): ({"staff", "carrier"}, {"notify", "issue_invoice"}),
    ("PACKED", "CANCELLED"): (
        {"shopper", "staff", "gateway"},
        {"release_stock", "release_units", "cancel_shipment", "refund_payments", "notify"},
    ),
    ("SHIPPED", "DELIVERED"): ({"staff", "carrier"}, {"notify", "issue_invoice", "collect_cash"}),
    ("SHIPPED", "CANCELLED"): (
        {"carrier"},
        {"release_stock", "release_units", "refund_payments", "count_refusal", "notify"},
    ),
    ("DELIVERED", "REFUNDED"): ({"gateway"}, {"notify"}),
    ("CANCELLED", "REFUNDED"): ({"gateway"}, {"notify"}),
}
# status: (label, money held, final, the shopper may cancel)
EXPECTED_STATUSES = {
    "PENDING_PAYMENT": ("Pending payment", False, False, True),
    "CONFIRMATION_PENDING": ("Awaiting confirmation", False, False, True),
    "CONFIRMED": ("Confirmed", False, False, True),
    "PAID": ("Paid", True, False, True),
    "PACKED": ("Packed", True, False, True),
    "SHIPPED": ("Shipped", True, False, False),
    "DELIVERED": ("Delivered", True, False, False),
    "CANCELLED": ("Cancelled", False, False, False),
    "REFUNDED": ("Refunded", False, True, False),
}
ACTORS = ["shopper", "staff", "carrier", "gateway", "system"]
EFFECTS = ["release_stock", "release_units", "book_shipment", "cancel_shipment", "refund_payments", "notify",
           "issue_invoice", "collect_cash", "count_refusal"]  # fmt: skip
CELLS = list(itertools.product(OrderStatus.values, ACTORS, OrderStatus.values))
NOT_THEIRS = [(f, a, t) for f, a, t in CELLS if a not in EXPECTED.get((f, t), (set(), set()))[0]]


def test_the_table_names_every_status_actor_and_effect():
    assert set(lifecycle.STATUSES) == set(OrderStatus.values) == set(EXPECTED_STATUSES)
    assert sorted(lifecycle.Actor) == sorted(ACTORS) and sorted(lifecycle.Effect) == sorted(EFFECTS)
    assert lifecycle.HAPPY_PATH == ("PENDING_PAYMENT", "PAID", "PACKED", "SHIPPED", "DELIVERED")
    assert lifecycle.COD_PATH == ("CONFIRMATION_PENDING", "CONFIRMED", "PACKED", "SHIPPED", "DELIVERED")


# status: (holds money paid up front, holds money as COD, invoiceable paid up front, invoiceable as COD)
EXPECTED_MONEY = {
    "PENDING_PAYMENT": (False, False, False, False),
    "CONFIRMATION_PENDING": (False, False, False, False),
    "CONFIRMED": (False, False, False, False),
    "PAID": (True, False, True, False),
    "PACKED": (True, False, True, False),
    "SHIPPED": (True, False, True, True),
    "DELIVERED": (True, True, True, True),
    "CANCELLED": (False, False, False, False),
    "REFUNDED": (False, False, False, False),
}


@pytest.mark.parametrize("status", OrderStatus.values)
def test_money_and_invoicing_per_payment_method(status):
    """A COD order holds no money until the courier collects it, and is invoiced when it ships, not at packing."""
    expected = EXPECTED_MONEY[status]
    assert (
        lifecycle.order_holds_money(status, "razorpay"),
        lifecycle.order_holds_money(status, "cod"),
        lifecycle.invoiceable(status, "razorpay"),
        lifecycle.invoiceable(status, "cod"),
    ) == expected


@pytest.mark.parametrize("status", OrderStatus.values)
def test_every_status(status):
    label, paid, final, cancellable = EXPECTED_STATUSES[status]
    assert (lifecycle.label(status), lifecycle.holds_money(status), lifecycle.is_final(status)) == (label, paid, final)
    assert lifecycle.cancellable(status) is cancellable
    assert lifecycle.is_final(status) is (lifecycle.targets(status) == [])


@pytest.mark.parametrize("from_status,actor,to_status", CELLS)
def test_every_status_actor_and_target(from_status, actor, to_status):
    actors, effects = EXPECTED.get((from_status, to_status), (set(), set()))
    assert lifecycle.allows(from_status, to_status, actor) is (actor in actors)
    assert lifecycle.is_legal(from_status, to_status) is bool(actors)
    assert (to_status in lifecycle.targets(from_status, actor)) is (actor in actors)
    for effect in EFFECTS:
        assert lifecycle.triggers(from_status, to_status, effect) is (effect in effects), effect


def make_order(user, status):
    return Order.objects.create(
        user=user, status=status, payment_method="dev", subtotal=100, mrp_total=100, tax_total=15, total=100,
        shipping_address={},
    )  # fmt: skip


@pytest.mark.parametrize("from_status,actor,to_status", NOT_THEIRS)
def test_transition_refuses_every_move_not_the_actors(user, from_status, actor, to_status):
    """409 illegal_transition, nothing recorded: a move nobody may make, or one the table gives someone else."""
    order = make_order(user, from_status)
    with transaction.atomic(), pytest.raises(IllegalTransition) as refused:
        transition(order, to_status, actor_kind=actor, source="test")
    assert refused.value.code is OrdersErrorCode.ILLEGAL_TRANSITION and refused.value.http_status == 409
    legal = (from_status, to_status) in EXPECTED
    assert refused.value.message.endswith(f" by {actor}." if legal else f"{to_status}.")
    order.refresh_from_db()
    assert order.status == from_status and not OrderTransition.objects.exists()


def test_a_carrier_cannot_cancel_and_a_shopper_cannot_ship(user):
    for status, target, actor in [
        ("PACKED", "CANCELLED", "carrier"),
        ("PACKED", "SHIPPED", "shopper"),
        ("SHIPPED", "CANCELLED", "shopper"),  # only the carrier's RTO cancels a shipped order
    ]:
        order = make_order(user, status)
        with transaction.atomic(), pytest.raises(IllegalTransition, match=f"by {actor}"):
            transition(order, target, actor_kind=actor, source="test")


@pytest.mark.parametrize(
    "from_status,to_status,actor,expected",
    [
        ("PAID", "DELIVERED", "carrier", ["PACKED", "SHIPPED", "DELIVERED"]),
        ("PACKED", "SHIPPED", "staff", ["SHIPPED"]),
        ("SHIPPED", "SHIPPED", "carrier", []),
        ("DELIVERED", "SHIPPED", "carrier", []),  # never backwards
        ("PENDING_PAYMENT", "SHIPPED", "carrier", []),  # a carrier cannot pay the order
        ("CANCELLED", "DELIVERED", "carrier", []),  # off the road
        ("PENDING_PAYMENT", "PACKED", None, ["PAID", "PACKED"]),
        ("CONFIRMED", "DELIVERED", "carrier", ["PACKED", "SHIPPED", "DELIVERED"]),  # COD's road
        ("CONFIRMATION_PENDING", "PACKED", "carrier", []),  # only the shopper's code confirms
        ("PENDING_PAYMENT", "CONFIRMED", None, []),  # two roads, never crossed
    ],
)
def test_path(from_status, to_status, actor, expected):
    assert lifecycle.path(from_status, to_status, actor) == expected


def test_timeline():
    assert lifecycle.timeline("PACKED") == [
        ("PENDING_PAYMENT", "done"),
        ("PAID", "done"),
        ("PACKED", "current"),
        ("SHIPPED", "upcoming"),
        ("DELIVERED", "upcoming"),
    ]
    assert lifecycle.timeline("REFUNDED", ["PENDING_PAYMENT", "PAID", "CANCELLED", "REFUNDED"]) == [
        ("PENDING_PAYMENT", "done"),
        ("PAID", "done"),
        ("CANCELLED", "done"),
        ("REFUNDED", "current"),
    ]
    assert lifecycle.timeline("CANCELLED", ["PENDING_PAYMENT"]) == [
        ("PENDING_PAYMENT", "done"),
        ("CANCELLED", "current"),
    ]


def test_timeline_of_a_cod_order():
    assert lifecycle.timeline("PACKED", payment_method="cod") == [
        ("CONFIRMATION_PENDING", "done"),
        ("CONFIRMED", "done"),
        ("PACKED", "current"),
        ("SHIPPED", "upcoming"),
        ("DELIVERED", "upcoming"),
    ]
    assert lifecycle.timeline("CANCELLED", ["CONFIRMATION_PENDING"], payment_method="cod") == [
        ("CONFIRMATION_PENDING", "done"),
        ("CANCELLED", "current"),
    ]


@pytest.mark.parametrize(
    "status,capture,refund",
    [
        ("PENDING_PAYMENT", "mark_paid", "review"),
        ("CONFIRMATION_PENDING", "review", "review"),
        ("CONFIRMED", "review", "review"),
        ("PAID", "review", "review"),
        ("PACKED", "review", "cancel"),
        ("SHIPPED", "review", "open_return"),
        ("DELIVERED", "review", "mark_refunded"),
        ("CANCELLED", "refund", "mark_refunded"),
        ("REFUNDED", "review", "review"),
    ],
)
def test_what_a_gateways_report_means(status, capture, refund):
    assert (lifecycle.on_capture(status), lifecycle.on_refund(status)) == (capture, refund)
