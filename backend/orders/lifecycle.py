"""The order lifecycle: the one table of order statuses, the moves between them, who may make each move and what
each move sets off. orders.services.transition() is its one writer and checks every move against it; payments,
shipping, invoicing, notifications, staff and the API ask it (allows, triggers, path, the predicates, the
gateway outcomes) instead of keeping their own lists or rankings of order statuses.

The effects are carried out where they always were, by the apps that answer orders' signals (orders imports
none of them); each receiver asks `triggers(from, to, effect)` whether its effect belongs to the move."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from orders.models import OrderStatus as S


class Actor(StrEnum):
    """Who makes a move. orders.services.transition() is told which, and refuses a move not theirs."""

    SHOPPER = "shopper"  # the customer, through the storefront
    STAFF = "staff"  # a staff member: the staff API, the admin, or a courier scan reported by staff
    CARRIER = "carrier"  # the shipping app, following the parcel (booking, tracking, webhooks)
    GATEWAY = "gateway"  # the payments app, on what a gateway reports (verify, webhooks, refund answers)
    SYSTEM = "system"  # the store's own tasks (reservation expiry, an unconfirmed cash-on-delivery order)


class Effect(StrEnum):
    """What a move sets off. Each is carried out by the app named, answering orders' signals."""

    RELEASE_STOCK = "release_stock"  # orders.services: reserved stock back on sale
    RELEASE_UNITS = "release_units"  # orders.units: recorded IMEIs back on the shelf
    BOOK_SHIPMENT = "book_shipment"  # shipping.receivers: book with the carrier (once the IMEIs are in; COD as such)
    CANCEL_SHIPMENT = "cancel_shipment"  # shipping.receivers: cancel a booked parcel that has not left
    REFUND_PAYMENTS = "refund_payments"  # payments.receivers: every collected payment goes back
    NOTIFY = "notify"  # notifications.receivers: the shopper's email and SMS for the new status (where it has one)
    ISSUE_INVOICE = "issue_invoice"  # invoicing.receivers: a new chance to issue the tax invoice
    COLLECT_CASH = "collect_cash"  # payments.receivers: a COD parcel delivered, its cash collected (a cod Payment)
    COUNT_REFUSAL = "count_refusal"  # payments.receivers: a COD parcel refused and returned (RTO) counts against


class Outcome(StrEnum):
    """What the lifecycle decides when a gateway reports money moving outside a move of its own."""

    MARK_PAID = "mark_paid"  # the capture pays the order: PENDING_PAYMENT → PAID
    REFUND = "refund"  # paid after the order was cancelled: the money goes back
    MARK_REFUNDED = "mark_refunded"  # the refund closes the order: → REFUNDED
    CANCEL = "cancel"  # refunded before the parcel left: cancel the order (shipment cancelled, stock back)
    OPEN_RETURN = "open_return"  # refunded after the parcel left: a return must be opened (today: review)
    REVIEW = "review"  # nothing automatic: flag the order for a person


@dataclass(frozen=True)
class Status:
    label: str
    paid: bool  # the shopper's money is with us (for an order paid up front; see order_holds_money for COD)
    final: bool  # no move leaves it


@dataclass(frozen=True)
class Move:
    actors: frozenset[Actor]
    effects: frozenset[Effect] = frozenset()


STATUSES: dict[str, Status] = {
    S.PENDING_PAYMENT: Status("Pending payment", paid=False, final=False),
    S.CONFIRMATION_PENDING: Status("Awaiting confirmation", paid=False, final=False),
    S.CONFIRMED: Status("Confirmed", paid=False, final=False),
    S.PAID: Status("Paid", paid=True, final=False),
    S.PACKED: Status("Packed", paid=True, final=False),
    S.SHIPPED: Status("Shipped", paid=True, final=False),
    S.DELIVERED: Status("Delivered", paid=True, final=False),
    S.CANCELLED: Status("Cancelled", paid=False, final=False),
    S.REFUNDED: Status("Refunded", paid=False, final=True),
}

A, E = Actor, Effect
# A placed order (paid, or COD confirmed) cancelled: the shopper is told (an unpaid one simply lapses, unannounced).
_CANCEL_PAID = frozenset({E.RELEASE_STOCK, E.RELEASE_UNITS, E.CANCEL_SHIPMENT, E.REFUND_PAYMENTS, E.NOTIFY})
_CANCEL_UNPAID = frozenset({E.RELEASE_STOCK, E.RELEASE_UNITS, E.CANCEL_SHIPMENT, E.NOTIFY})  # COD confirmed: no refund

MOVES: dict[tuple[str, str], Move] = {
    (S.PENDING_PAYMENT, S.PAID): Move(frozenset({A.GATEWAY}), frozenset({E.BOOK_SHIPMENT, E.NOTIFY, E.ISSUE_INVOICE})),
    (S.PENDING_PAYMENT, S.CANCELLED): Move(frozenset({A.SHOPPER, A.STAFF, A.SYSTEM}), frozenset({E.RELEASE_STOCK})),
    # Cash on delivery: placed unpaid, confirmed by the shopper's one-time code, then packed like a paid order.
    (S.CONFIRMATION_PENDING, S.CONFIRMED): Move(frozenset({A.SHOPPER}), frozenset({E.BOOK_SHIPMENT, E.NOTIFY})),
    (S.CONFIRMATION_PENDING, S.CANCELLED): Move(
        frozenset({A.SHOPPER, A.STAFF, A.SYSTEM}), frozenset({E.RELEASE_STOCK})
    ),
    (S.CONFIRMED, S.PACKED): Move(frozenset({A.STAFF, A.CARRIER})),  # invoiced when it ships (COD_INVOICE_FROM)
    (S.CONFIRMED, S.CANCELLED): Move(frozenset({A.SHOPPER, A.STAFF}), _CANCEL_UNPAID),
    (S.PAID, S.PACKED): Move(frozenset({A.STAFF, A.CARRIER}), frozenset({E.ISSUE_INVOICE})),
    (S.PAID, S.CANCELLED): Move(frozenset({A.SHOPPER, A.STAFF}), _CANCEL_PAID),
    (S.PACKED, S.SHIPPED): Move(frozenset({A.STAFF, A.CARRIER}), frozenset({E.NOTIFY, E.ISSUE_INVOICE})),
    (S.PACKED, S.CANCELLED): Move(frozenset({A.SHOPPER, A.STAFF, A.GATEWAY}), _CANCEL_PAID),
    (S.SHIPPED, S.DELIVERED): Move(
        frozenset({A.STAFF, A.CARRIER}), frozenset({E.NOTIFY, E.ISSUE_INVOICE, E.COLLECT_CASH})
    ),
    # The parcel came back to us (the carrier's RTO delivered): shipping cancels a COD order this way.
    (S.SHIPPED, S.CANCELLED): Move(
        frozenset({A.CARRIER}),
        frozenset({E.RELEASE_STOCK, E.RELEASE_UNITS, E.REFUND_PAYMENTS, E.COUNT_REFUSAL, E.NOTIFY}),
    ),
    (S.DELIVERED, S.REFUNDED): Move(frozenset({A.GATEWAY}), frozenset({E.NOTIFY})),  # a return, refunded
    # A paid order cancelled, then its money returned.
    (S.CANCELLED, S.REFUNDED): Move(frozenset({A.GATEWAY}), frozenset({E.NOTIFY})),
}

# The road an order takes when all goes well: the storefront's timeline and the carrier's catching up.
HAPPY_PATH: tuple[str, ...] = (S.PENDING_PAYMENT, S.PAID, S.PACKED, S.SHIPPED, S.DELIVERED)
# The road of a cash-on-delivery order: confirmed by a code instead of paid; the cash comes at DELIVERED.
COD_PATH: tuple[str, ...] = (S.CONFIRMATION_PENDING, S.CONFIRMED, S.PACKED, S.SHIPPED, S.DELIVERED)
ROADS: tuple[tuple[str, ...], ...] = (HAPPY_PATH, COD_PATH)

# Payment methods whose money is collected when the parcel is delivered, not before (orders.services.checkout
# places them in CONFIRMATION_PENDING). A COD order shares PACKED, SHIPPED and DELIVERED with a paid one, but holds
# no money until the cash is collected (DELIVERED), and is invoiced when it ships (COD_INVOICE_FROM), not before:
# an invoice is due at the goods' removal (CGST rule 46), and a COD order packed may still be cancelled unpaid.
PAY_ON_DELIVERY = "cod"
COD_INVOICE_FROM: tuple[str, ...] = (S.SHIPPED, S.DELIVERED)


# --- Questions


def label(status: str) -> str:
    return STATUSES[status].label


def is_legal(from_status: str, to_status: str) -> bool:
    """Some actor may make this move."""
    return (from_status, to_status) in MOVES


def allows(from_status: str, to_status: str, actor: Actor | str) -> bool:
    """`actor` may move an order from `from_status` to `to_status`."""
    move = MOVES.get((from_status, to_status))
    return move is not None and Actor(actor) in move.actors


def targets(from_status: str, actor: Actor | str | None = None) -> list[str]:
    """The statuses an order in `from_status` may move to (by `actor`, when given), in the table's order."""
    return [
        to for (frm, to), move in MOVES.items() if frm == from_status and (actor is None or Actor(actor) in move.actors)
    ]


def triggers(from_status: str, to_status: str, effect: Effect | str) -> bool:
    """The move sets off `effect` (False for a move not in the table)."""
    move = MOVES.get((from_status, to_status))
    return move is not None and Effect(effect) in move.effects


def on_happy_path(status: str) -> bool:
    """Not cancelled or refunded: the order is still on its road to the shopper (paid up front or COD)."""
    return any(status in road for road in ROADS)


def holds_money(status: str) -> bool:
    """The shopper's money is with us in this status, for an order paid up front (what is invoiced, what a
    cancellation refunds). Ask order_holds_money() for an order whose payment method is known."""
    return STATUSES[status].paid


def pays_on_delivery(payment_method: str) -> bool:
    """Cash on delivery: nothing is paid before the parcel arrives."""
    return payment_method == PAY_ON_DELIVERY


def order_holds_money(status: str, payment_method: str) -> bool:
    """The shopper's money is with us: as holds_money() for an order paid up front; a COD order's cash only once
    delivered (collected by the courier)."""
    if pays_on_delivery(payment_method):
        return status == S.DELIVERED
    return holds_money(status)


def invoiceable(status: str, payment_method: str) -> bool:
    """The order may be invoiced now (once its IMEIs are in): paid up front and the money held, or COD and the
    parcel has left (COD_INVOICE_FROM)."""
    if pays_on_delivery(payment_method):
        return status in COD_INVOICE_FROM
    return holds_money(status)


def is_final(status: str) -> bool:
    return STATUSES[status].final


def cancellable(status: str, actor: Actor | str = Actor.SHOPPER) -> bool:
    """`actor` (the shopper, unless named) may cancel an order in this status."""
    return allows(status, S.CANCELLED, actor)


def awaits_payment(status: str) -> bool:
    """A gateway's capture would pay the order now."""
    return allows(status, S.PAID, Actor.GATEWAY)


def awaits_booking(status: str) -> bool:
    """The order is paid and its parcel not yet booked: the move into it booked a shipment."""
    return any(triggers(frm, status, Effect.BOOK_SHIPMENT) for frm in STATUSES)


def path(from_status: str, to_status: str, actor: Actor | str | None = None) -> list[str]:
    """The statuses to pass through, one move each, to go from `from_status` forward along the happy path to
    `to_status` (`to_status` included, `from_status` not). Empty when there is nothing to do: already there or
    beyond, either status off the happy path, or a step that `actor` (when given) may not make."""
    road = next((r for r in ROADS if from_status in r and to_status in r), None)
    if road is None:
        return []
    start, end = road.index(from_status), road.index(to_status)
    steps = list(road[start + 1 : end + 1])
    previous = from_status
    for step in steps:
        if not (allows(previous, step, actor) if actor is not None else is_legal(previous, step)):
            return []
        previous = step
    return steps


def timeline(status: str, reached: Iterable[str] = (), *, payment_method: str = "") -> list[tuple[str, str]]:
    """The steps to draw for an order in `status` that has been through `reached` (its history's statuses), each
    as (status, "done" | "current" | "upcoming"): its road (COD_PATH for cash on delivery, else HAPPY_PATH) while
    the order is on it; once it left the road (cancelled, refunded), the road's steps it reached, then the off-road
    statuses it reached or is in."""
    seen = set(reached) | {status}
    road = COD_PATH if pays_on_delivery(payment_method) else HAPPY_PATH
    if status in road:
        steps: list[str] = list(road)
    else:
        off_road = [s for s in STATUSES if not on_happy_path(s)]
        steps = [s for s in road if s in seen] + [s for s in off_road if s in seen]
    here = steps.index(status)
    return [(s, "done" if i < here else "current" if i == here else "upcoming") for i, s in enumerate(steps)]


# --- What a gateway's report means for the order (payments acts on the answer)


def on_capture(status: str) -> Outcome:
    """A gateway captured money for an order in `status`."""
    if awaits_payment(status):
        return Outcome.MARK_PAID
    if status == S.CANCELLED:  # paid after the reservation expired or the shopper cancelled
        return Outcome.REFUND
    return Outcome.REVIEW


def on_refund(status: str) -> Outcome:
    """A gateway reports the order's money refunded in full while the order is in `status`."""
    if allows(status, S.REFUNDED, Actor.GATEWAY):
        return Outcome.MARK_REFUNDED
    if cancellable(status, Actor.GATEWAY):  # packed, the parcel has not left: stop it and put the stock back
        return Outcome.CANCEL
    if holds_money(status) and not cancellable(status, Actor.STAFF):  # the parcel has left: it must come back
        return Outcome.OPEN_RETURN
    return Outcome.REVIEW
