"""What `make fleet-test` proves of the fleet (fleet/stack.py), one scenario each, in this order:

files       an invoice the worker wrote, and a return photo uploaded through api1, are served byte for byte
            through api2 (to their owner only); a product image is served from the object store.
revalidate  a price changed through the staff API reaches both storefront replicas' pages.
limits      a brute force spread over both replicas meets the sign-in rate limit and the lockout at the same
            count as on one.
race        24 buyers spread over both replicas race for 5 units: exactly 5 orders.
kill        api2 killed (SIGKILL) under shoppers' load: the balancer routes around it, no checkout is lost or
            doubled; the clients' errors are counted.
worker      a worker killed in the middle of a task: the task goes back to the queue and the other worker
            applies it once.
traces      a purchase's trace reaches an OTLP collector (server, database, Redis spans; the booking in the
            worker joined to the payment's trace); its /metrics lines on the replicas.

Scenarios use faults.traffic's customers and faults.checks' SQL checks of what they were told."""

import hashlib
import io
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import psycopg
import redis
import requests
from faults.checks import booked, check_orders, check_payments, check_stock, shipments_figures
from faults.scenarios import Context, Outcome
from faults.stack import wait_for
from faults.traffic import Client, Crowd, Deadline, Purchases, Tally, browse, ms, percentile, shoppers
from kombu.transport.redis import PRIORITY_STEPS, Channel
from PIL import Image

from fleet.otlp import tree
from fleet.stack import API_PORTS, DATABASE_URL, WEB_PORTS, WORKERS, Fleet, api_url, web_url

__all__ = ["SCENARIOS", "Context", "restore"]


def replica(name: str) -> str:
    return api_url(API_PORTS[name])


def buy(client: Client, token: str, variant: int, key: str) -> int | None:
    """Add one unit, check out with the dev gateway and pay: the order's id, or None when refused."""
    if not client.add_to_cart(token, variant).ok:
        return None
    checkout = client.check_out(token, key)
    if not checkout.ok:
        return None
    order_id = int(checkout.body["id"])
    return order_id if client.pay(token, order_id).ok else None


def staff_token(fleet: Fleet) -> str:
    """The demo staff member (staff.demo, in its role), with an access token made on the fleet's database."""
    code = (
        "from staff.demo import ensure_accounts; ensure_accounts()\n"
        "from accounts.models import User; from rest_framework_simplejwt.tokens import RefreshToken\n"
        "print(RefreshToken.for_user(User.objects.get(email='staff@phonestore.example')).access_token)"
    )
    return fleet.shell(code).strip().splitlines()[-1]


# --- files
def files(ctx: Context, fleet: Fleet, out: Outcome) -> None:
    tally = Tally()
    owner, other = ctx.accounts[0], ctx.accounts[1]
    via1, via2 = Client(replica("api1"), tally, "10.5.0.1"), Client(replica("api2"), tally, "10.5.0.1")
    order_id = buy(via1, owner.token, ctx.data["variants"][0], f"fleet-files-{time.time()}")
    out.require(order_id is not None, "the purchase through api1 failed")
    if order_id is None:
        return
    # The worker books the parcel; the invoice is issued once the order is packed (a worker writes it).
    invoice_path = f"/api/orders/{order_id}/invoice/"
    ready = wait_for(lambda: via2.call("GET", invoice_path, "invoice", token=owner.token).status == 200, 60, 1)
    out.require(ready is not None, "no invoice within 60 s of the payment")
    pdfs = [requests.get(f"{replica(n)}{invoice_path}", headers=_auth(owner.token), timeout=10) for n in API_PORTS]
    digests = {hashlib.sha256(r.content).hexdigest()[:12] for r in pdfs}
    out.require(all(r.status_code == 200 and r.content.startswith(b"%PDF") for r in pdfs), "an invoice was not served")
    out.require(len(digests) == 1, f"the replicas served different invoices: {digests}")
    out.figure("invoice through api1 / api2", f"{[r.status_code for r in pdfs]}, sha256 {digests}", key=True)
    refused = requests.get(f"{replica('api2')}{invoice_path}", headers=_auth(other.token), timeout=10)
    out.require(refused.status_code == 404, f"another shopper got the invoice: {refused.status_code}")

    # A return photo uploaded through api1 is streamed by api2 (the order delivered by staff, as in the shop).
    fleet.shell(DELIVER % {"order": order_id})
    returns = via1.call("GET", f"/api/orders/{order_id}/returns/", "returns", token=owner.token).body or {}
    units = [row["unit"] for row in returns.get("returnable", []) if row.get("unit")]
    photo = _jpeg()
    asked = requests.post(
        f"{replica('api1')}/api/orders/{order_id}/returns/",
        headers={**_auth(owner.token), "X-Forwarded-For": "10.5.0.1"},
        data={"units": units[:1], "reason": "dead_on_arrival", "outcome": "refund"},
        files={"photos": ("doa.jpg", photo, "image/jpeg")},
        timeout=30,
    )
    out.require(
        asked.status_code == 201, f"the return with a photo was refused: {asked.status_code} {asked.text[:200]}"
    )
    if asked.status_code == 201:
        url = asked.json()["photos"][0]
        path = url[url.index("/api/") :] if "/api/" in url else url
        streamed = requests.get(f"{replica('api2')}{path}", headers=_auth(owner.token), timeout=10)
        out.require(
            streamed.status_code == 200 and streamed.headers.get("Content-Type") == "image/jpeg",
            f"api2 did not stream the photo uploaded through api1: {streamed.status_code}",
        )
        out.figure(
            "return photo: uploaded via api1, read via api2",
            f"{streamed.status_code}, {len(streamed.content)} bytes",
            key=True,
        )
        stranger = requests.get(f"{replica('api2')}{path}", headers=_auth(other.token), timeout=10)
        out.require(stranger.status_code == 404, f"another shopper got the photo: {stranger.status_code}")

    # Product images: public objects, read through the balancer's /media/ (the CDN's place).
    slug = ctx.data["catalog_paths"][4].split("/")[3]
    images = [
        requests.get(f"{replica(n)}/api/products/{slug}/", timeout=10).json().get("images", []) for n in API_PORTS
    ]
    image_url = images[0][0]["url"] if images[0] else ""
    out.require(bool(image_url) and images[0] == images[1], "the replicas describe the product's images differently")
    if image_url:
        served = requests.get(image_url, timeout=10)
        out.require(
            served.status_code == 200 and served.headers.get("Content-Type", "").startswith("image/"),
            f"{image_url} answered {served.status_code}",
        )
        out.figure("product image", f"{image_url} -> {served.status_code} {served.headers.get('Content-Type')}")


DELIVER = """
from django.db import transaction
from orders.models import OrderStatus
from orders.services import lock_order, transition
with transaction.atomic():
    order = lock_order(%(order)d)
    for to in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        transition(order, to, actor_kind="staff", source="fleet-test")
print(order.status)
"""


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _jpeg() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(data, format="JPEG")
    return data.getvalue()


# --- revalidate
def revalidate(ctx: Context, fleet: Fleet, out: Outcome) -> None:
    token = staff_token(fleet)
    variant_id = ctx.data["variants"][1]
    staff = requests.Session()
    staff.headers.update({**_auth(token), "X-Forwarded-For": "10.6.0.1"})
    variant = staff.get(f"{api_url()}/api/staff/variants/{variant_id}/", timeout=10).json()
    slug = variant.get("product_slug") or variant["product"]["slug"]
    pages = {name: f"{web_url(port)}/product/{slug}" for name, port in WEB_PORTS.items()}
    # A shopper's earlier visits: each replica serves the page from the cache (a render still writing its copy
    # when the revalidation lands could put the old page back for the 5-minute window: the handler's limit).
    for name, url in pages.items():
        out.require(requests.get(url, timeout=30).status_code == 200, f"{name} did not render {url}")
    for name, url in pages.items():
        cached = wait_for(lambda url=url: requests.get(url, timeout=30).headers.get("x-nextjs-cache") == "HIT", 10, 0.5)
        out.require(cached is not None, f"{name} does not serve {url} from the cache")
    html = {url: _page(url) for url in pages.values()}
    # Below the product's lowest price, so that the page's "from" price (its header and description) is the new one.
    lowest = Decimal(requests.get(f"{api_url()}/api/products/{slug}/", timeout=10).json()["price"])
    new_price = lowest - Decimal(111)
    shown = _rupees(new_price)
    out.require(all(shown not in page for page in html.values()), f"{shown} is on the page already")
    changed_at = time.monotonic()
    answer = staff.patch(
        f"{api_url()}/api/staff/variants/{variant_id}/",
        json={"price": str(new_price), "version": variant["version"]},
        timeout=10,
    )
    out.require(answer.status_code == 200, f"the price change was refused: {answer.status_code} {answer.text[:200]}")
    for name, url in pages.items():
        seconds = wait_for(lambda url=url: shown in _page(url), 30, 0.5)
        out.require(seconds is not None, f"{name} still shows the old price 30 s after the change")
        out.figure(
            f"{name} shows {shown} after",
            "-" if seconds is None else f"{time.monotonic() - changed_at:.1f} s",
            key=True,
        )


def _page(url: str) -> str:
    return requests.get(url, timeout=30).content.decode()  # UTF-8 (requests would guess Latin-1 for text/html)


def _rupees(amount: Decimal) -> str:
    """₹ and Indian digit grouping, as the storefront prints a whole-rupee price (lib/money.ts)."""
    whole = str(int(amount))
    head, tail = whole[:-3], whole[-3:]
    groups = []
    while len(head) > 2:
        head, groups = head[:-2], [head[-2:], *groups]
    return "₹" + ",".join([g for g in [head, *groups] if g] + [tail])


# --- limits
def limits(ctx: Context, fleet: Fleet, out: Outcome) -> None:
    tally = Tally()
    clients = [Client(replica(n), tally) for n in API_PORTS]

    def sign_in(n: int, email: str, ip: str) -> tuple[int, str | None]:
        answer = clients[n % 2].call(
            "POST", "/api/auth/token/", "sign in", body={"email": email, "password": "Wrong-pass-123"}, ip=ip
        )
        return answer.status, answer.error_code

    # The per-IP limit (30/h in the test): one address, a new unknown email each time, alternating replicas.
    ip_statuses = [sign_in(n, f"nobody-{n}-{time.time()}@example.com", "10.7.0.1") for n in range(31)]
    first = next((n + 1 for n, (status, _) in enumerate(ip_statuses) if status == 429), None)
    out.require(first == 31 and ip_statuses[-1][1] == "throttled", f"the IP limit answered 429 first at {first}")
    out.figure("IP limit 30/h: first 429 at attempt", f"{first} (attempts alternated api1/api2)", key=True)

    # The lockout (4 failures in the test): one account, a new address each time, alternating replicas.
    email = ctx.data["sign_in"][0]
    lock_statuses = [sign_in(n, email, f"10.7.1.{n + 1}") for n in range(5)]
    first_lock = next((n + 1 for n, (status, _) in enumerate(lock_statuses) if status == 429), None)
    out.require(
        [s for s, _ in lock_statuses[:3]] == [401] * 3 and lock_statuses[3] == (429, "locked_out"),
        f"the lockout did not hold across replicas: {lock_statuses}",
    )
    right = [
        c.call(
            "POST",
            "/api/auth/token/",
            "sign in",
            body={"email": email, "password": ctx.data["password"]},
            ip="10.7.2.1",
        )
        for c in clients
    ]
    out.require(all(a.status == 429 for a in right), "the right password got in during the lockout on a replica")
    out.figure(
        "lockout after 4 failures: first locked_out at attempt",
        f"{first_lock}; right password on both: {[a.status for a in right]}",
        key=True,
    )


# --- race
RACE_BUYERS, RACE_UNITS = 24, 5


def race(ctx: Context, fleet: Fleet, out: Outcome) -> None:
    tally = Tally()
    variant = ctx.data["variants"][2]
    buyers = ctx.accounts[2 : 2 + RACE_BUYERS]
    after = ctx.shop.last_order_id()
    with psycopg.connect(DATABASE_URL, autocommit=True) as db:
        db.execute("UPDATE catalog_productvariant SET stock = %s WHERE id = %s", [RACE_UNITS, variant])
    clients = [Client(replica(list(API_PORTS)[n % 2]), tally, f"10.8.0.{n + 1}") for n in range(RACE_BUYERS)]
    for client, buyer in zip(clients, buyers, strict=True):
        client.call("DELETE", "/api/cart/", "cart clear", token=buyer.token)
        added = client.add_to_cart(buyer.token, variant)
        out.require(added.ok, f"adding to a cart failed: {added.status} {added.error_code}")
    start = threading.Barrier(RACE_BUYERS)

    def check_out(n: int):
        start.wait()
        return clients[n].check_out(buyers[n].token, f"fleet-race-{n}-{time.time()}")

    with ThreadPoolExecutor(RACE_BUYERS) as pool:
        answers = list(pool.map(check_out, range(RACE_BUYERS)))
    won = [a for a in answers if a.status == 201]
    refused = sorted({(a.status, a.error_code) for a in answers if a.status != 201})
    orders = ctx.shop.rows(
        "SELECT count(DISTINCT o.id), coalesce(sum(i.quantity), 0) FROM orders_order o JOIN orders_orderitem i "
        "ON i.order_id = o.id WHERE o.id > %s AND i.variant_id = %s",
        [after, variant],
    )[0]
    stock = ctx.shop.stock([variant])[variant]
    out.figure("checkouts", f"{len(won)} x 201, refused {refused}", key=True)
    out.figure("orders in the database / units / stock left", f"{orders[0]} / {orders[1]} / {stock}", key=True)
    out.require(len(won) == RACE_UNITS and orders == (RACE_UNITS, RACE_UNITS) and stock == 0, "not exactly 5 orders")
    out.require(all(a.status == 409 for a in answers if a.status != 201), f"refusals other than 409: {refused}")
    # The other scenarios buy it again: its stock back to the run's starting stock less the race's reserved units
    # (the invariant faults.checks.check_stock holds the whole run to).
    with psycopg.connect(DATABASE_URL, autocommit=True) as db:
        db.execute(
            "UPDATE catalog_productvariant SET stock = %s WHERE id = %s", [ctx.data["stock"] - orders[1], variant]
        )


# --- kill
KILL_SECONDS = 45  # of load: api2 is killed after 12 s and started again 15 s later


def kill(ctx: Context, fleet: Fleet, out: Outcome) -> None:
    tally, purchases = Tally(), Purchases()
    after, stock = ctx.snapshot()
    finish = Deadline(KILL_SECONDS + 60)
    crowd = Crowd()
    rng = random.Random(20)
    for _ in range(8):
        crowd.start(
            browse, Client(api_url(), tally), ctx.data["catalog_paths"], random.Random(rng.random()), crowd.stop, 0.05
        )
    shoppers(crowd, 4, api_url(), tally, ctx.accounts[28:96], ctx.data, purchases, finish, seed=20)
    started = time.monotonic()
    time.sleep(12)
    victim = fleet.services["api2"]
    killed_at = time.monotonic()
    victim.kill()
    down = fleet.balancer_sees("api2", "DOWN", 15)
    ctx.say(f"  api2 killed (SIGKILL) at {killed_at - started:.0f} s; the balancer marked it DOWN after {_s(down)}")
    time.sleep(15)
    fleet.start_api("api2", API_PORTS["api2"])
    back = fleet.balancer_sees("api2", "UP", 20)
    ctx.say(f"  api2 started again; UP in the balancer after {_s(back)}")
    time.sleep(max(0.0, KILL_SECONDS - (time.monotonic() - started)))
    finish.move(30)
    left = crowd.finish(60)

    answers = tally.select()
    failed = [a for a in answers if not a.ok and a.status not in (401, 404, 409)]
    window = [a for a in failed if killed_at - 1 <= a.started <= killed_at + (down or 15) + 1]
    out.tables.append(tally.table())
    out.figure("requests", f"{len(answers)} in {time.monotonic() - started:.0f} s", key=True)
    out.figure("errors seen by clients", f"{len(failed)} ({len(window)} within the kill until DOWN)", key=True)
    out.figure("balancer: DOWN after / UP after restart", f"{_s(down)} / {_s(back)}", key=True)
    out.figure("catalog p95", ms(percentile([a.seconds for a in tally.select("browse")], 95)))
    out.require(down is not None and back is not None, "the balancer did not mark api2 DOWN and UP again")
    out.require(left == 0, f"{left} traffic threads did not stop")
    outside = [a for a in failed if a not in window]
    out.require(
        not outside,
        f"{len(outside)} errors outside the kill window: {sorted({(a.label, a.status) for a in outside})[:5]}",
    )
    out.add(check_orders(ctx.shop, purchases, after), ("orders",))
    out.add(check_payments(ctx.shop, purchases, after), ("paid orders",))
    out.add(check_stock(ctx.shop, ctx.data, purchases, stock))


def _s(seconds: float | None) -> str:
    return "never" if seconds is None else f"{seconds:.1f} s"


# --- worker
def worker(ctx: Context, fleet: Fleet, out: Outcome) -> None:
    tally = Tally()
    account = ctx.accounts[26]
    client = Client(api_url(), tally, "10.9.0.1")
    after = ctx.shop.last_order_id()
    client.call("DELETE", "/api/cart/", "cart clear", token=account.token)
    client.add_to_cart(account.token, ctx.data["variants"][3])
    checkout = client.check_out(account.token, f"fleet-worker-{time.time()}")
    out.require(checkout.ok, f"checkout failed: {checkout.status} {checkout.error_code}")
    if not checkout.ok:
        return
    order_id = int(checkout.body["id"])
    # Earlier scenarios' bookings are done first, so that the one task in flight is this order's.
    queue = redis.Redis.from_url(fleet.env()["REDIS_URL"])
    lists = ["celery"] + [f"celery{Channel.sep}{step}" for step in PRIORITY_STEPS if step]  # core.tasks.broker_lists
    waiting = lambda: sum(queue.llen(name) for name in lists)  # noqa: E731
    wait_for(lambda: waiting() == 0 and booked(ctx.shop, 0)[0] == booked(ctx.shop, 0)[1], 120, 0.5)
    # Hold the shipments table (EXCLUSIVE: reads go on, row locks wait): the booking task (create_shipment)
    # takes a shipment row lock after the order's, so it waits in the middle of its run (as a worker busy on a
    # slow carrier call would), and there it is killed. The payment itself takes no shipment lock.
    holder = psycopg.connect(DATABASE_URL)
    holder.execute("LOCK TABLE shipping_shipment IN EXCLUSIVE MODE")
    marks = {name: len(fleet.services[name].log_text()) for name in WORKERS}
    paid = client.pay(account.token, order_id)
    out.require(paid.ok, f"payment failed: {paid.status}")
    this_task = re.compile(
        r"Task shipping\.tasks\.create_shipment\[[0-9a-f-]+\] received.*\"args\": \"\(" + str(order_id) + r",\)\""
    )

    def taker() -> str | None:
        """The worker whose log shows it received this order's booking since the payment."""
        for name in WORKERS:
            if this_task.search(fleet.services[name].log_text()[marks[name] :]):
                return name
        return None

    wait_for(lambda: taker() is not None, 20, 0.2)
    victim = taker()
    out.require(victim is not None, "no worker took the booking task")
    if victim is None:
        holder.close()
        return
    survivor = next(n for n in WORKERS if n != victim)
    survivor_mark = len(fleet.services[survivor].log_text())
    time.sleep(1)
    fleet.services[victim].kill()
    killed_at = time.monotonic()
    ctx.say(f"  {victim} killed (SIGKILL) while its booking of order {order_id} waited on a shipment lock")
    holder.close()  # the lock is free; the task is still out with the dead worker until the visibility timeout

    def booked_once() -> bool:
        return booked(ctx.shop, after) == (1, 1)

    seconds = wait_for(booked_once, 90, 0.5)
    redelivered = bool(this_task.search(fleet.services[survivor].log_text()[survivor_mark:]))
    out.figure("booking task", f"taken by {victim}, killed; redelivered to {survivor}: {redelivered}", key=True)
    out.figure("booked after the kill", "-" if seconds is None else f"{time.monotonic() - killed_at:.0f} s", key=True)
    out.require(seconds is not None, "the order was not booked within 90 s of the kill")
    out.require(redelivered, f"{survivor} did not run the redelivered task")
    out.add(shipments_figures(ctx.shop, after, booked(ctx.shop, after)[1], 0, time.monotonic() - killed_at))
    fleet.start_worker(victim)


# --- traces and metrics
METRIC_LINES = re.compile(
    r'^phonestore_(checkout_total|stock_out_total|http_request_duration_seconds_count\{[^}]*route="(checkout|cart-items|dev-confirm)")',
    re.M,
)


def traces(ctx: Context, fleet: Fleet, out: Outcome) -> None:
    """One purchase through the balancer: its checkout's trace as the collector received it over OTLP, the
    booking's spans in the worker joined to the payment's trace, and the replicas' /metrics lines for it."""
    collector = fleet.collector
    if collector is None:
        out.problems.append("the fleet runs without a trace collector")
        return
    account = ctx.accounts[27]
    client = Client(api_url(), Tally(), "10.10.0.1")
    client.call("DELETE", "/api/cart/", "cart clear", token=account.token)
    order_id = buy(client, account.token, ctx.data["variants"][4], f"fleet-traces-{time.time()}")
    out.require(order_id is not None, "the purchase failed")
    if order_id is None:
        return

    def span_of(name_part: str):
        with collector.lock:
            return next(
                (
                    s
                    for s in collector.spans
                    if name_part in s.name and s.attributes.get("phonestore.order_id") == order_id
                ),
                None,
            )

    wait_for(lambda: span_of("checkout") is not None, 15, 0.5)
    checkout = span_of("checkout")
    out.require(checkout is not None, f"no checkout span with phonestore.order_id={order_id} reached the collector")
    if checkout is not None:
        time.sleep(2)  # the trace's other spans are exported in the same or the next batch
        spans = collector.trace(checkout.trace_id)
        out.tables.append("The checkout's trace (span, process, duration):\n" + "\n".join(tree(spans)))
        database = [s for s in spans if s.attributes.get("db.system") or s.attributes.get("db.system.name")]
        out.figure(
            "checkout trace",
            f"{len(spans)} spans, {len(database)} database, server span {checkout.ms:.1f} ms",
            key=True,
        )
        out.require(len(database) >= 5, f"only {len(database)} database spans under the checkout")

    # The payment's trace goes on in the worker that books the parcel (Celery carries the context): the latest
    # payment is this purchase's (the other scenarios' traffic has ended).
    def booking_spans() -> list:
        with collector.lock:
            paying = [
                s
                for s in collector.spans
                if "payments/dev/confirm" in s.name and s.service.startswith("phonestore-api")
            ]
        if not paying:
            return []
        latest = max(paying, key=lambda s: s.start_ns)
        return [s for s in collector.trace(latest.trace_id) if s.service.startswith("phonestore-worker")]

    wait_for(lambda: any(s.name == "run/shipping.tasks.create_shipment" for s in booking_spans()), 20, 0.5)
    worker_spans = booking_spans()
    booking = [s for s in worker_spans if s.name == "run/shipping.tasks.create_shipment"]
    out.require(bool(booking), "the booking's span in the worker did not join the payment's trace")
    if booking:
        out.figure(
            "payment trace, in the worker",
            f"{booking[0].name} [{booking[0].service}] {booking[0].ms:.1f} ms, {len(worker_spans)} worker spans",
            key=True,
        )

    lines = []
    for name, port in API_PORTS.items():
        answer = requests.get(f"{api_url(port)}/metrics", headers=_auth(fleet.metrics_token), timeout=10)
        out.require(answer.status_code == 200, f"{name}'s /metrics answered {answer.status_code}")
        lines += [
            f"{name}: {m.group(0)}{answer.text[m.end() :].split(chr(10), 1)[0]}"
            for m in METRIC_LINES.finditer(answer.text)
        ]
    out.tables.append("/metrics lines of the purchase (both replicas):\n" + "\n".join(lines))
    out.require(
        any("checkout_total" in line and 'outcome="created"' in line for line in lines),
        "no checkout counted in /metrics",
    )
    refused = requests.get(f"{replica('api1')}/metrics", timeout=10)
    out.require(refused.status_code == 401, f"/metrics without its token answered {refused.status_code}")


def restore(fleet: Fleet, say) -> None:
    """Whatever a scenario left stopped, started again, so that the next one starts on a whole fleet."""
    for name, port in API_PORTS.items():
        if not fleet.services[name].alive():
            fleet.start_api(name, port)
            say(f"  ({name} restarted)")
    for name in WORKERS:
        if not fleet.services[name].alive():
            fleet.start_worker(name)
            say(f"  ({name} restarted)")


class _Scenario:
    def __init__(self, name: str, title: str, run) -> None:
        self.NAME, self.TITLE, self.run = name, title, run


SCENARIOS = {
    s.NAME: s
    for s in (
        _Scenario("files", "Files written by one replica or worker, served by the other", files),
        _Scenario("revalidate", "A price change reaches both storefront replicas", revalidate),
        _Scenario("limits", "Rate limit and lockout across replicas", limits),
        _Scenario("race", "24 buyers on two replicas race for 5 units", race),
        _Scenario("kill", "An API replica killed under load", kill),
        _Scenario("worker", "A worker killed in the middle of a task", worker),
        _Scenario("traces", "A purchase's trace over OTLP and its /metrics lines", traces),
    )
}
