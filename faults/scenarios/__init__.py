"""The scenarios, in the order they run. Each module has NAME, TITLE and run(ctx, out): it breaks one
part under traffic, repairs it, records its figures in `out` and every broken rule as a problem."""

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from faults.checks import Shop, check_orders, check_payments, check_stock, settle_shipments
from faults.stack import Stack
from faults.traffic import MAX_PER_THREAD, Account, Client, Purchases


def setting(name: str, default: float) -> float:
    """A duration or count from the environment (FAULTS_*), for shorter or longer runs."""
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


@dataclass
class Outcome:
    """A scenario's figures (in the order recorded), the few shown in the summary, and its problems."""

    figures: dict[str, Any] = field(default_factory=dict)
    key: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)

    def figure(self, name: str, value: Any, key: bool = False) -> None:
        self.figures[name] = value
        if key:
            self.key.append(name)

    def require(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)

    def add(self, checked: tuple[dict, list[str]], key: tuple[str, ...] = ()) -> None:
        figures, problems = checked
        for name, value in figures.items():
            self.figure(name, value, key=name in key)
        self.problems.extend(problems)


@dataclass
class Context:
    stack: Stack
    shop: Shop
    data: dict  # faults/prepare.py's output
    accounts: list[Account]  # kept across scenarios: each remembers its checkouts of the last minute
    say: Callable[[str], None]

    @property
    def base(self) -> str:
        return self.stack.api_url()

    def snapshot(self) -> tuple[int, dict[int, int]]:
        """The last order id and the shop's stock, before a scenario's traffic."""
        return self.shop.last_order_id(), self.shop.stock(self.data["variants"])

    def check_shop(
        self,
        out: Outcome,
        purchases: Purchases,
        before: tuple[int, dict[int, int]],
        *,
        always_sweep: bool = False,
        key: tuple[str, ...] = ("orders", "paid orders"),
    ) -> None:
        """Every SQL check of the purchases made since `before`, shipments settled first."""
        after_id, stock = before
        out.add(check_orders(self.shop, purchases, after_id), key)
        out.add(check_payments(self.shop, purchases, after_id), key)
        out.add(check_stock(self.shop, self.data, purchases, stock), key)
        out.add(settle_shipments(self.stack, self.shop, after_id, always_sweep=always_sweep), key)


class Poller:
    """Asks one URL every `every` seconds in a thread of its own, recording into its own tally (a probe
    is not traffic: its answers are judged by the scenario, not by the traffic's rules)."""

    def __init__(self, client: Client, path: str, label: str, every: float, token: str | None = None):
        self.client, self.path, self.label, self.every, self.token = client, path, label, every, token
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for _ in range(MAX_PER_THREAD):
            if self.stop.is_set():
                return
            self.client.call("GET", self.path, self.label, token=self.token, timeout=5)
            self.stop.wait(self.every)

    def __enter__(self) -> "Poller":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(10)

    def first_after(self, moment: float, accept: Callable[[Any], bool]) -> float | None:
        """Seconds from `moment` to the first answer sent after it that `accept`s, or None."""
        for answer in sorted(self.client.tally.select(self.label, since=moment), key=lambda a: a.started):
            if accept(answer):
                return answer.started + answer.seconds - moment
        return None


def component(answer: Any, name: str) -> str | None:
    """A component's status in a /api/ready/ answer ("ok", "degraded", "down"), None when not reported."""
    body = answer.body if isinstance(answer.body, dict) else {}
    report = (body.get("components") or {}).get(name)
    return report.get("status") if isinstance(report, dict) else None


def pause(seconds: float) -> None:
    time.sleep(max(0.0, seconds))


from faults.scenarios import (  # noqa: E402  (the modules use the helpers above)
    carrier,
    estimates,
    overload,
    postgres,
    redis_outage,
    search_index,
    worker,
)

SCENARIOS = {m.NAME: m for m in (redis_outage, postgres, worker, search_index, carrier, estimates, overload)}
