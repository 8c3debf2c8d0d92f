"""Traffic for the scenarios: Python threads with `requests` (one session per simulated customer), every
answer recorded in a Tally. Customers: browsers (catalog pages), shoppers (add to cart, check out with an
Idempotency-Key, pay with the dev gateway, retrying the same key while the shop is down, as the
storefront does) and sign-ins (password). Every loop ends at a deadline."""

import random
import statistics
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import requests

ADDRESS = {
    "full_name": "Fault Suite",
    "phone": "9876543210",
    "line1": "1 MG Road",
    "city": "Bengaluru",
    "state": "Karnataka",
    "pincode": "560001",
}
NO_ANSWER = 0  # the status of a request that got no HTTP answer (refused, reset, timed out)
MAX_PER_THREAD = 20_000  # requests (or purchases) of one traffic thread, whatever its stop says


def customer_ip(rng: random.Random) -> str:
    """A customer's address, as our proxy would put it in X-Forwarded-For (TRUSTED_PROXY_COUNT=1)."""
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def percentile(values: Iterable[float], q: float) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


@dataclass
class Answer:
    label: str
    status: int  # NO_ANSWER when the request got none
    started: float  # time.monotonic() when it was sent
    seconds: float
    body: Any = None  # the JSON body, or None
    is_json: bool = False
    retry_after: str | None = None
    detail: str = ""  # the exception, or the start of a body that is not JSON

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error_code(self) -> str | None:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return self.body["error"].get("code")
        return None


class Tally:
    """Every answer of a scenario (thread-safe) and the figures drawn from them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.answers: list[Answer] = []

    def add(self, answer: Answer) -> None:
        with self._lock:
            self.answers.append(answer)

    def select(self, label: str | None = None, since: float | None = None, until: float | None = None) -> list[Answer]:
        with self._lock:
            picked = list(self.answers)
        return [
            a
            for a in picked
            if (label is None or a.label == label)
            and (since is None or a.started >= since)
            and (until is None or a.started < until)
        ]

    def statuses(self, label: str | None = None) -> Counter:
        return Counter(a.status for a in self.select(label))

    def table(self) -> str:
        """Requests by label and status code, with the median and p95 time of each label."""
        by_label: dict[str, list[Answer]] = defaultdict(list)
        for answer in self.select():
            by_label[answer.label].append(answer)
        codes = sorted({a.status for a in self.select()})
        header = ["requests", *[str(c) if c else "no answer" for c in codes], "p50", "p95"]
        rows = []
        for label in sorted(by_label):
            answers = by_label[label]
            counts = Counter(a.status for a in answers)
            times = [a.seconds for a in answers]
            rows.append(
                [
                    label,
                    str(len(answers)),
                    *[str(counts.get(c, 0)) for c in codes],
                    ms(statistics.median(times)),
                    ms(percentile(times, 95)),
                ]
            )
        return format_table(header, rows)

    def problems(self, *, allow_503: bool) -> list[str]:
        """What no scenario accepts: a 500, no answer, a 5xx that is not the JSON error shape, a 503 without
        Retry-After; and, where the scenario breaks nothing the API depends on, any 503 at all."""
        found = []
        answers = self.select()
        five_hundreds = [a for a in answers if a.status == 500]
        if five_hundreds:
            found.append(f"{len(five_hundreds)} answers 500 ({_examples(five_hundreds)})")
        silent = [a for a in answers if a.status == NO_ANSWER]
        if silent:
            found.append(f"{len(silent)} requests got no answer ({_examples(silent)})")
        not_json = [a for a in answers if a.status >= 500 and not (a.is_json and a.error_code)]
        if not_json:
            found.append(f"{len(not_json)} 5xx answers not in the JSON error shape ({_examples(not_json)})")
        unavailable = [a for a in answers if a.status == 503]
        if unavailable and not allow_503:
            found.append(f"{len(unavailable)} answers 503 ({_examples(unavailable)})")
        no_wait = [a for a in unavailable if not a.retry_after]
        if no_wait:
            found.append(f"{len(no_wait)} answers 503 without Retry-After ({_examples(no_wait)})")
        other = [a for a in answers if a.status > 503 or a.status in (501, 502)]
        if other:
            found.append(f"{len(other)} other 5xx answers ({_examples(other)})")
        return found


def _examples(answers: list[Answer], limit: int = 3) -> str:
    seen: list[str] = []
    for answer in answers:
        text = f"{answer.label}: {answer.error_code or answer.detail or answer.status}"
        if text not in seen:
            seen.append(text)
        if len(seen) == limit:
            break
    return "; ".join(seen)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(["", *header], *rows, strict=True)]
    lines = []
    for row in [["", *header], *rows]:
        lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Client:
    """One customer's HTTP session (keep-alive), recording every answer in the tally."""

    def __init__(self, base: str, tally: Tally, ip: str | None = None):
        self.base, self.tally, self.ip = base, tally, ip
        self.session = requests.Session()

    def call(
        self,
        method: str,
        path: str,
        label: str,
        *,
        body: Any = None,
        token: str | None = None,
        headers: dict | None = None,
        ip: str | None = None,
        timeout: float = 15,
    ) -> Answer:
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if ip or self.ip:
            sent["X-Forwarded-For"] = ip or self.ip
        started = time.monotonic()
        try:
            response = self.session.request(method, self.base + path, json=body, headers=sent, timeout=(3, timeout))
        except requests.RequestException as exc:
            answer = Answer(label, NO_ANSWER, started, time.monotonic() - started, detail=type(exc).__name__)
            self.session.close()  # a fresh connection next time
            self.session = requests.Session()
        else:
            is_json = response.headers.get("Content-Type", "").startswith("application/json")
            parsed, detail = None, ""
            if is_json:
                try:
                    parsed = response.json()
                except ValueError:
                    is_json, detail = False, response.text[:80]
            else:
                detail = f"{response.headers.get('Content-Type', 'no content type')}: {response.text[:60]!r}"
            answer = Answer(
                label,
                response.status_code,
                started,
                time.monotonic() - started,
                body=parsed,
                is_json=is_json,
                retry_after=response.headers.get("Retry-After"),
                detail=detail,
            )
        self.tally.add(answer)
        return answer

    # --- a purchase's three requests, as the storefront sends them (the dev gateway pays)
    def add_to_cart(self, token: str, variant: int, quantity: int = 1) -> Answer:
        body = {"variant": variant, "quantity": quantity}
        return self.call("POST", "/api/cart/items/", "cart add", body=body, token=token)

    def check_out(self, token: str, key: str) -> Answer:
        body = {"payment_method": "dev", "address": ADDRESS}
        return self.call("POST", "/api/checkout/", "checkout", body=body, token=token, headers={"Idempotency-Key": key})

    def pay(self, token: str, order_id: int) -> Answer:
        return self.call("POST", "/api/payments/dev/confirm/", "pay", body={"order_id": order_id}, token=token)


@dataclass
class Purchases:
    """What the shoppers were told (thread-safe): orders by Idempotency-Key, with when the successful
    checkout request was sent and answered and what the order held, and which orders were paid, when."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    orders: dict[str, dict] = field(default_factory=dict)  # key -> {"id", "units": {variant: qty}, "sent", "at"}
    paid: dict[int, tuple[float, float]] = field(default_factory=dict)  # order id -> (sent, answered 200)
    unresolved_checkouts: list[str] = field(default_factory=list)  # keys never answered 2xx before the end
    unresolved_payments: list[int] = field(default_factory=list)

    def ordered(self, key: str, checkout: Answer) -> None:
        units: Counter = Counter()
        for item in checkout.body.get("items", []):
            units[int(item["variant"])] += int(item["quantity"])
        with self.lock:
            self.orders[key] = {
                "id": int(checkout.body["id"]),
                "units": dict(units),
                "sent": checkout.started,
                "at": checkout.started + checkout.seconds,
            }

    def was_paid(self, order_id: int, payment: Answer) -> None:
        with self.lock:
            self.paid[order_id] = (payment.started, payment.started + payment.seconds)

    def checkouts_between(self, start: float, end: float) -> int:
        """Successful checkouts sent at `start` or later and answered before `end`."""
        with self.lock:
            return sum(1 for o in self.orders.values() if start <= o["sent"] and o["at"] < end)

    def payments_between(self, start: float, end: float) -> int:
        with self.lock:
            return sum(1 for sent, at in self.paid.values() if start <= sent and at < end)

    def units(self) -> Counter:
        total: Counter = Counter()
        with self.lock:
            for order in self.orders.values():
                total.update(order["units"])
        return total


class Account:
    """A shopper account and when it last checked out: checkout_user allows 10 a minute, the shoppers
    keep under 8 so that a 429 is never of the suite's own making."""

    PER_MINUTE = 8

    def __init__(self, email: str, token: str):
        self.email, self.token = email, token
        self.checkouts: list[float] = []

    def available(self, now: float) -> bool:
        self.checkouts = [t for t in self.checkouts if now - t < 60]
        return len(self.checkouts) < self.PER_MINUTE


class Shopper:
    """Looks at a phone, adds it to the cart, checks out and pays; one purchase at a time, turn by turn
    over its accounts. A checkout or payment that fails with 5xx, 429 or no answer is retried with the
    same Idempotency-Key (payment: the same order) with backoff, until it succeeds or `finish_by`."""

    def __init__(
        self,
        client: Client,
        accounts: list[Account],
        variants: list[int],
        browse_paths: list[str],
        purchases: Purchases,
        rng: random.Random,
        think: float = 0.2,
    ):
        self.client, self.accounts, self.variants = client, accounts, variants
        self.browse_paths, self.purchases, self.rng, self.think = browse_paths, purchases, rng, think
        self.turn = 0

    def _next_account(self, stop: threading.Event) -> Account | None:
        while not stop.is_set():
            for _ in range(len(self.accounts)):
                account = self.accounts[self.turn % len(self.accounts)]
                self.turn += 1
                if account.available(time.monotonic()):
                    return account
            stop.wait(1)
        return None

    def run(self, stop: threading.Event, finish_by: Callable[[], float]) -> None:
        """Purchases until `stop`; the one under way is finished (retried) until finish_by()."""
        for _ in range(MAX_PER_THREAD):
            if stop.is_set():
                return
            account = self._next_account(stop)
            if account is None:
                return
            self.purchase(account, finish_by)
            stop.wait(self.think * self.rng.uniform(0.5, 1.5))

    def purchase(self, account: Account, finish_by: Callable[[], float]) -> None:
        self.client.call("GET", self.rng.choice(self.browse_paths), "browse")
        variant = self.rng.choice(self.variants)
        added = self.client.add_to_cart(account.token, variant)
        if not added.ok:
            return  # nothing promised yet; the line may or may not be in the cart, the next checkout tells
        key = f"faults-{uuid.uuid4().hex}"
        account.checkouts.append(time.monotonic())
        checkout = self._until_done(
            lambda: self.client.check_out(account.token, key),
            finish_by,
        )
        if checkout is None:
            with self.purchases.lock:
                self.purchases.unresolved_checkouts.append(key)
            return
        if not checkout.ok:
            return  # refused (4xx): no order; counted in the tally
        self.purchases.ordered(key, checkout)
        order_id = int(checkout.body["id"])
        paid = self._until_done(
            lambda: self.client.pay(account.token, order_id),
            finish_by,
        )
        if paid is None:
            with self.purchases.lock:
                self.purchases.unresolved_payments.append(order_id)
        elif paid.ok:
            self.purchases.was_paid(order_id, paid)

    @staticmethod
    def _until_done(send: Callable[[], Answer], finish_by: Callable[[], float]) -> Answer | None:
        """The first answer that is not worth repeating (2xx, or a 4xx other than 429), or None when the
        shop still failed at finish_by()."""
        wait = 0.5
        while True:
            answer = send()
            if answer.ok or (400 <= answer.status < 500 and answer.status != 429):
                return answer
            told = float(answer.retry_after) if answer.retry_after and answer.retry_after.isdigit() else wait
            pause = min(max(told, 0.5), 4.0)
            if time.monotonic() + pause > finish_by():
                return None
            time.sleep(pause)
            wait = min(wait * 2, 4.0)


def browse(client: Client, paths: list[str], rng: random.Random, stop: threading.Event, pause: float = 0.0) -> None:
    """Catalog pages, each from a new customer address (a crowd), until `stop`."""
    for _ in range(MAX_PER_THREAD):
        if stop.is_set():
            return
        client.call("GET", rng.choice(paths), "catalog", ip=customer_ip(rng))
        if pause:
            stop.wait(pause * rng.uniform(0.5, 1.5))


def sign_ins(
    client: Client, emails: list[str], password: str, rng: random.Random, stop: threading.Event, every: float = 2.0
) -> None:
    """A password sign-in every `every` seconds, accounts in turn (under auth_token_account's 5/m)."""
    for turn in range(MAX_PER_THREAD):
        if stop.is_set():
            return
        email = emails[turn % len(emails)]
        client.call(
            "POST", "/api/auth/token/", "sign-in", body={"email": email, "password": password}, ip=customer_ip(rng)
        )
        stop.wait(every)


class Deadline:
    """A moment that can be moved (a scenario sets when retrying shoppers must give up once the fault is
    repaired); callable, for the shoppers' loops."""

    def __init__(self, seconds_from_now: float):
        self.at = time.monotonic() + seconds_from_now

    def move(self, seconds_from_now: float) -> None:
        self.at = time.monotonic() + seconds_from_now

    def __call__(self) -> float:
        return self.at


class Crowd:
    """Threads of traffic started together and stopped together."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=(*args,), daemon=True)
        thread.start()
        self.threads.append(thread)

    def finish(self, timeout: float) -> int:
        """Ask every thread to stop; wait at most `timeout` seconds in all. Returns how many are still running."""
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return sum(thread.is_alive() for thread in self.threads)


def shoppers(
    crowd: Crowd,
    count: int,
    base: str,
    tally: Tally,
    accounts: list[Account],
    shop: dict,
    purchases: Purchases,
    finish_by: Callable[[], float],
    seed: int,
    think: float = 0.2,
) -> None:
    """Start `count` shopper threads sharing out `accounts` (each account in one thread only: its cart is
    its own)."""
    rng = random.Random(seed)
    share = len(accounts) // count
    if share < 1:
        raise ValueError(f"{count} shoppers need at least as many accounts, got {len(accounts)}")
    browse_paths = [p for p in shop["catalog_paths"] if p.startswith("/api/products/")]
    for n in range(count):
        shopper = Shopper(
            Client(base, tally, customer_ip(rng)),
            accounts[n * share : (n + 1) * share],
            shop["variants"],
            browse_paths,
            purchases,
            random.Random(rng.random()),
            think,
        )
        crowd.start(shopper.run, crowd.stop, finish_by)
