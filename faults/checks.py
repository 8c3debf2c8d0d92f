"""What must hold after a fault, read with SQL from the stack's database: every order the shoppers were
told about exists once with the lines they were told, and no other exists; nothing half-written (an
order without lines or with a total that is not its lines plus shipping, a payment state that does not
match the order's); each order paid at most once; stock moved by exactly the units reserved; each paid
order with exactly one shipment booked once.

Tables (Django's names): orders_order (idempotency_key, status, stock_reserved, subtotal, shipping_fee,
total), orders_orderitem (variant_id, quantity, line_total), payments_payment (order_id, status, amount),
shipping_shipment (order_id one-to-one, awb, status), shipping_trackingevent (the booking's "AWB ASSIGNED"
report, once per booking), catalog_productvariant (stock)."""

import re
import time
from collections import Counter

import psycopg

from faults.stack import Stack
from faults.traffic import Purchases

PAID_LIKE = ("PAID", "FLAGGED", "REFUND_PENDING", "REFUNDED")  # payments.models: a payment that took the money
PAID_ORDER = ("PAID", "PACKED", "SHIPPED", "DELIVERED")
# The beat's catch-up sweep (shipping.tasks.book_pending_shipments, every 5 min) leaves orders paid in the
# last 2 minutes to their own booking task. The suite runs the sweep's service once with its clock 3
# minutes on, so that what the run just paid is due, instead of waiting for beat.
SWEEP = (
    "from datetime import timedelta; from django.utils import timezone; "
    "from shipping.services import book_pending_shipments; "
    "print('booked', book_pending_shipments(now=timezone.now() + timedelta(minutes=3), limit=500))"
)


class Shop:
    """SQL over the stack's database (autocommit: every query sees what is committed now)."""

    def __init__(self, url: str):
        self.url = url

    def rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()

    def last_order_id(self) -> int:
        return self.rows("SELECT coalesce(max(id), 0) FROM orders_order")[0][0]

    def stock(self, variant_ids: list[int]) -> dict[int, int]:
        return dict(self.rows("SELECT id, stock FROM catalog_productvariant WHERE id = ANY(%s)", [variant_ids]))


def check_orders(shop: Shop, purchases: Purchases, after_id: int) -> tuple[dict, list[str]]:
    """The orders made since `after_id` against what the shoppers were told. Figures and problems."""
    problems = []
    answered = dict(purchases.orders)
    in_db = {
        key or f"(no key) {order_id}": (order_id, status)
        for order_id, key, status in shop.rows(
            "SELECT id, idempotency_key, status FROM orders_order WHERE id > %s", [after_id]
        )
    }
    lost = sorted(set(answered) - set(in_db))
    untold = sorted(set(in_db) - set(answered))
    if lost:
        problems.append(f"{len(lost)} orders confirmed to a shopper are not in the database")
    if untold:
        problems.append(f"{len(untold)} orders in the database were never confirmed to a shopper (lost answers)")
    wrong_id = [k for k in set(answered) & set(in_db) if answered[k]["id"] != in_db[k][0]]
    if wrong_id:
        problems.append(f"{len(wrong_id)} checkout answers name another order than the database has for their key")
    if purchases.unresolved_checkouts:
        problems.append(f"{len(purchases.unresolved_checkouts)} checkouts still failing when the scenario ended")

    no_lines = shop.rows(
        "SELECT o.id FROM orders_order o WHERE o.id > %s "
        "AND NOT EXISTS (SELECT 1 FROM orders_orderitem i WHERE i.order_id = o.id)",
        [after_id],
    )
    if no_lines:
        problems.append(f"{len(no_lines)} orders without lines: {[r[0] for r in no_lines[:5]]}")
    bad_totals = shop.rows(
        "SELECT o.id FROM orders_order o JOIN orders_orderitem i ON i.order_id = o.id WHERE o.id > %s "
        "GROUP BY o.id HAVING o.subtotal <> sum(i.line_total) OR o.total <> o.subtotal + o.shipping_fee",
        [after_id],
    )
    if bad_totals:
        problems.append(f"{len(bad_totals)} orders whose total is not their lines plus shipping: {bad_totals[:5]}")
    db_units: dict[int, Counter] = {}
    for order_id, variant_id, quantity in shop.rows(
        "SELECT order_id, variant_id, quantity FROM orders_orderitem WHERE order_id > %s", [after_id]
    ):
        db_units.setdefault(order_id, Counter())[variant_id] += quantity
    differing = [o["id"] for o in answered.values() if o["id"] in db_units and db_units[o["id"]] != Counter(o["units"])]
    if differing:
        problems.append(f"{len(differing)} orders whose lines differ from the checkout answer: {differing[:5]}")
    figures = {"orders": len(in_db), "checkout answers": len(answered)}
    return figures, problems


def check_payments(shop: Shop, purchases: Purchases, after_id: int) -> tuple[dict, list[str]]:
    """Each order paid at most once; every order the shoppers were told is paid is, with its total; no
    payment state at odds with its order's."""
    problems = []
    rows = shop.rows(
        "SELECT o.id, o.status, o.total, "
        "count(p.id) FILTER (WHERE p.status = ANY(%s)), "
        "coalesce(sum(p.amount) FILTER (WHERE p.status = ANY(%s)), 0) "
        "FROM orders_order o LEFT JOIN payments_payment p ON p.order_id = o.id WHERE o.id > %s GROUP BY o.id",
        [list(PAID_LIKE), list(PAID_LIKE), after_id],
    )
    by_id = {r[0]: r for r in rows}
    twice = [r[0] for r in rows if r[3] > 1]
    if twice:
        problems.append(f"{len(twice)} orders paid more than once: {twice[:5]}")
    unpaid_but_charged = [r[0] for r in rows if r[3] and r[1] not in PAID_ORDER]
    if unpaid_but_charged:
        problems.append(f"{len(unpaid_but_charged)} orders with a payment taken but status not paid")
    paid_without_payment = [r[0] for r in rows if r[1] in PAID_ORDER and r[3] == 0]
    if paid_without_payment:
        problems.append(f"{len(paid_without_payment)} orders marked paid without a payment")
    wrong_amount = [r[0] for r in rows if r[3] == 1 and r[4] != r[2]]
    if wrong_amount:
        problems.append(f"{len(wrong_amount)} payments whose amount is not the order's total: {wrong_amount[:5]}")
    told_paid = set(purchases.paid)
    not_paid = [i for i in told_paid if i not in by_id or by_id[i][1] not in PAID_ORDER or by_id[i][3] != 1]
    if not_paid:
        problems.append(f"{len(not_paid)} orders confirmed paid are not paid exactly once: {not_paid[:5]}")
    if purchases.unresolved_payments:
        problems.append(f"{len(purchases.unresolved_payments)} payments still failing when the scenario ended")
    stray = shop.rows(
        "SELECT count(*) FROM payments_payment p JOIN orders_order o ON o.id = p.order_id "
        "WHERE p.order_id > %s AND o.status = 'PENDING_PAYMENT' AND p.status = ANY(%s)",
        [after_id, list(PAID_LIKE)],
    )[0][0]
    if stray:
        problems.append(f"{stray} payments taken for orders still pending")
    paid = sum(1 for r in rows if r[1] in PAID_ORDER)
    return {"paid orders": paid, "payment answers": len(told_paid)}, problems


def check_stock(shop: Shop, shop_data: dict, purchases: Purchases, before: dict[int, int]) -> tuple[dict, list[str]]:
    """Stock moved in this scenario by exactly the units of the orders confirmed in it, and, over the
    whole run, every variant's stock is its starting stock less the units its reserving orders hold."""
    problems = []
    variants = shop_data["variants"]
    after = shop.stock(variants)
    moved = Counter({v: before[v] - after[v] for v in variants if before[v] != after[v]})
    ordered = purchases.units()
    if moved != ordered:
        differing = sorted(v for v in set(moved) | set(ordered) if moved[v] != ordered[v])
        problems.append(
            f"stock moved {sum(moved.values())} units, orders hold {sum(ordered.values())} "
            f"(variants differing: {differing[:5]})"
        )
    reserved = dict(
        shop.rows(
            "SELECT i.variant_id, sum(i.quantity) FROM orders_orderitem i JOIN orders_order o ON o.id = i.order_id "
            "WHERE o.stock_reserved AND i.variant_id = ANY(%s) GROUP BY i.variant_id",
            [variants],
        )
    )
    off = [v for v in variants if shop_data["stock"] - after[v] != reserved.get(v, 0)]
    if off:
        problems.append(f"{len(off)} variants whose stock does not match the reservations of the run: {off[:5]}")
    return {"units ordered": sum(ordered.values()), "stock moved": sum(moved.values())}, problems


def booked(shop: Shop, after_id: int) -> tuple[int, int]:
    """(paid orders since after_id, those with a booked shipment)."""
    return shop.rows(
        "SELECT count(*), count(s.id) FILTER (WHERE s.awb <> '') FROM orders_order o "
        "LEFT JOIN shipping_shipment s ON s.order_id = o.id WHERE o.id > %s AND o.paid_at IS NOT NULL "
        "AND o.status <> 'CANCELLED'",
        [after_id],
    )[0]


def settle_shipments(
    stack: Stack, shop: Shop, after_id: int, wait: float = 30, quiet: float = 5, always_sweep: bool = False
) -> tuple[dict, list[str]]:
    """Wait for the worker to book every order paid since `after_id`: until all are, or nothing more was
    booked for `quiet` seconds, or `wait` seconds. If some are still not booked (a task lost with Redis,
    or with a killed worker), or `always_sweep`, run the catch-up sweep once and wait again. Then check
    that each paid order has exactly one shipment, booked once."""
    started = time.monotonic()

    def wait_for_bookings() -> bool:
        deadline = time.monotonic() + wait
        last, last_change = -1, time.monotonic()
        while time.monotonic() < deadline:
            paid, done = booked(shop, after_id)
            if paid == done:
                return True
            if done != last:
                last, last_change = done, time.monotonic()
            elif time.monotonic() - last_change >= quiet:
                return False
            time.sleep(0.5)
        return False

    complete = wait_for_bookings()
    before_sweep = booked(shop, after_id)[1]
    swept = 0
    if not complete or always_sweep:
        found = re.search(r"booked (\d+)", stack.shell(SWEEP))
        swept = int(found.group(1)) if found else 0
        wait_for_bookings()
    return shipments_figures(shop, after_id, before_sweep, swept, time.monotonic() - started)


def shipments_figures(
    shop: Shop, after_id: int, before_sweep: int, swept: int, seconds: float
) -> tuple[dict, list[str]]:
    problems = []
    rows = shop.rows(
        "SELECT o.id, o.status, o.paid_at IS NOT NULL, "
        "(SELECT count(*) FROM shipping_shipment s WHERE s.order_id = o.id), "
        "(SELECT count(*) FROM shipping_shipment s WHERE s.order_id = o.id AND s.awb <> ''), "
        "(SELECT count(*) FROM shipping_trackingevent e JOIN shipping_shipment s ON s.id = e.shipment_id "
        " WHERE s.order_id = o.id AND e.label = 'AWB ASSIGNED') "
        "FROM orders_order o WHERE o.id > %s",
        [after_id],
    )
    paid = [r for r in rows if r[2] and r[1] != "CANCELLED"]
    per_order = Counter(r[3] for r in paid)
    missing = [r[0] for r in paid if r[4] == 0]
    if missing:
        problems.append(f"{len(missing)} paid orders without a booked shipment: {missing[:5]}")
    twice = [r[0] for r in paid if r[3] > 1 or r[5] > 1]
    if twice:
        problems.append(f"{len(twice)} paid orders booked more than once: {twice[:5]}")
    not_packed = [r[0] for r in paid if r[4] and r[1] != "PACKED"]
    if not_packed:
        problems.append(f"{len(not_packed)} booked orders not PACKED: {not_packed[:5]}")
    unpaid_shipped = [r[0] for r in rows if not r[2] and r[3]]
    if unpaid_shipped:
        problems.append(f"{len(unpaid_shipped)} unpaid orders with a shipment: {unpaid_shipped[:5]}")
    figures = {
        "shipments per paid order": ", ".join(f"{n}: {c} orders" for n, c in sorted(per_order.items())) or "-",
        "booked before the sweep": before_sweep,
        "booked by the sweep": swept,
        "booked by the worker": sum(1 for r in paid if r[4]) - swept,
        "all booked after": f"{seconds:.1f} s",
    }
    return figures, problems
