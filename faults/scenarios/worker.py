"""3. A Celery worker killed (kill -9 of its process group) half-way through a run of payments.

N orders (FAULTS_WORKER_ORDERS) are checked out, then paid four at a time; each payment enqueues the
booking of its shipment. When half are paid the worker is killed: a booking it was running, and the
one it had reserved, are lost with it (acknowledged late, they would come back only after the broker's
visibility timeout, an hour); the payments after that queue up in Redis. A new worker is started and
drains the queue; then the catch-up sweep (shipping.services.book_pending_shipments, beat's task every
5 min) is run once by the suite through `manage.py shell -c`, its clock 3 minutes on so that the orders
just paid are due. Every paid order must end with exactly one shipment, booked once, within the wait."""

import re
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from faults.checks import booked
from faults.scenarios import Context, Outcome, setting
from faults.stack import wait_for
from faults.traffic import Client, Purchases, Tally

NAME = "worker"
TITLE = "A Celery worker killed after payments"
TASK_EVENT = re.compile(r"create_shipment\[([0-9a-f-]+)\] (received|succeeded|raised|failed|retry)")
IN_FLIGHT_WAIT = 3  # seconds to wait, once half are paid, for the worker to be in the middle of a booking


def in_flight(log: str) -> int:
    """Bookings the worker has received and not finished, from its log (INFO shows both events)."""
    open_tasks: set[str] = set()
    for task_id, event in TASK_EVENT.findall(log):
        if event == "received":
            open_tasks.add(task_id)
        else:
            open_tasks.discard(task_id)
    return len(open_tasks)


def run(ctx: Context, out: Outcome) -> None:
    count = int(setting("FAULTS_WORKER_ORDERS", 16))
    tally, purchases = Tally(), Purchases()
    before = ctx.snapshot()
    accounts = [a for a in ctx.accounts if a.available(time.monotonic())][:count]
    if len(accounts) < count:
        out.problems.append(f"only {len(accounts)} accounts free to check out {count} orders")
        return
    orders: list[tuple[int, str]] = []  # (order id, token)
    for n, account in enumerate(accounts):
        client = Client(ctx.base, tally, f"10.3.0.{n + 1}")
        variant = ctx.data["variants"][n % len(ctx.data["variants"])]
        if not client.add_to_cart(account.token, variant).ok:
            continue
        key = f"faults-worker-{n}-{int(time.time())}"
        account.checkouts.append(time.monotonic())
        checkout = client.check_out(account.token, key)
        if checkout.ok:
            purchases.ordered(key, checkout)
            orders.append((int(checkout.body["id"]), account.token))
    out.require(len(orders) == count, f"only {len(orders)} of {count} checkouts succeeded")

    def pay(order_id: int, token: str) -> tuple[int, bool]:
        answer = Client(ctx.base, tally).pay(token, order_id)
        if answer.ok:
            purchases.was_paid(order_id, answer)
        return order_id, answer.ok

    assert ctx.stack.worker is not None
    old_worker = ctx.stack.worker
    booked_at_kill = busy = 0
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(pay, order_id, token) for order_id, token in orders]
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            if done == len(orders) // 2:
                # Kill it in the middle of a booking when possible: the case only the sweep repairs.
                wait_for(lambda: in_flight(old_worker.log_text()) > 0, IN_FLIGHT_WAIT, 0.01)
                busy = in_flight(old_worker.log_text())
                old_worker.kill()
                booked_at_kill = booked(ctx.shop, before[0])[1]
                ctx.say(
                    f"  worker killed (kill -9) after {done} payments, {busy} booking(s) under way, "
                    f"{booked_at_kill} shipments booked by then"
                )
    time.sleep(1)
    started = time.monotonic()
    ctx.stack.worker = ctx.stack.start_worker("worker")
    ctx.say(f"  new worker ready in {time.monotonic() - started:.1f} s")

    out.tables.append(tally.table())
    out.problems.extend(tally.problems(allow_503=False))
    out.figure("orders paid", len(purchases.paid), key=True)
    out.figure("booked when the worker was killed", booked_at_kill)
    out.figure("bookings under way at the kill", busy, key=True)
    ctx.check_shop(out, purchases, before, always_sweep=True, key=("shipments per paid order", "booked by the sweep"))
