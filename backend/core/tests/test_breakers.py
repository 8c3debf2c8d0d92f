"""core.breakers: a provider that fails N times in a row is not called for a while, then probed; the state is
shared through Redis when REDIS_URL is set, and kept in the process when Redis itself fails."""

import logging
import socket
import threading
import time

import pytest
import redis
import requests
from django.conf import settings as django_settings

from core import breakers, metrics
from core.breakers import CircuitOpen, breaker, guarded, is_outage


class Refused(Exception):
    """A provider's 4xx: it answered."""

    status_code = 422


class Down(Exception):
    status_code = 503


@pytest.fixture
def limits(settings):
    settings.BREAKER_FAIL_MAX = 3
    settings.BREAKER_RESET_SECONDS = 0.3
    settings.BREAKER_OVERRIDES = {}
    return settings


class Provider:
    """A stand-in provider call: raises what it is told to, counts the calls that reached it."""

    def __init__(self):
        self.calls = 0
        self.error: Exception | None = None

    def __call__(self):
        self.calls += 1
        if self.error is not None:
            raise self.error
        return "answer"


def trip(name: str, provider: Provider, times: int) -> None:
    provider.error = requests.Timeout("read timed out")
    for _ in range(times):
        with pytest.raises(requests.Timeout):  # the call that trips it fails with its own error
            breaker(name).attempt(provider)


def test_failures_open_it_fast_fail_then_a_probe_closes_it(limits, caplog):
    provider = Provider()
    opened = metrics.value("breaker_state_change", breaker="carrier", state="open")
    caplog.set_level(logging.INFO, logger="core.breakers")  # the whole test: the probe's closing is logged too
    trip("carrier", provider, 3)
    assert breaker("carrier").current_state == "open" and provider.calls == 3
    assert metrics.value("breaker_state_change", breaker="carrier", state="open") == opened + 1
    assert any("Circuit breaker carrier: closed -> open" in r.getMessage() for r in caplog.records)

    provider.error = None
    with pytest.raises(CircuitOpen) as refused:
        breaker("carrier").attempt(provider)
    assert provider.calls == 3  # not called
    assert refused.value.name == "carrier" and 0 < refused.value.retry_after <= 0.3
    assert "carrier failed 3 times in a row" in str(refused.value)

    time.sleep(0.35)
    assert breaker("carrier").attempt(provider) == "answer"  # the probe
    assert provider.calls == 4 and breaker("carrier").current_state == "closed"
    assert any("half-open -> closed" in r.getMessage() for r in caplog.records)


def test_a_failed_probe_opens_it_again(limits):
    provider = Provider()
    trip("stripe", provider, 3)
    time.sleep(0.35)
    with pytest.raises(requests.Timeout):
        breaker("stripe").attempt(provider)
    assert provider.calls == 4 and breaker("stripe").current_state == "open"
    with pytest.raises(CircuitOpen):
        breaker("stripe").attempt(provider)
    assert provider.calls == 4


@pytest.mark.parametrize(
    "error, counts",
    [
        (requests.Timeout(), True),
        (requests.ConnectionError(), True),
        (TimeoutError(), True),
        (ConnectionRefusedError(), True),
        (Down(), True),
        (Refused(), False),
        (ValueError("a bug of ours"), False),
    ],
)
def test_what_counts_as_the_provider_failing(limits, error, counts):
    assert is_outage(error) is counts
    provider = Provider()
    provider.error = error
    for _ in range(3):
        with pytest.raises(type(error)):
            breaker("razorpay").attempt(provider)
    assert breaker("razorpay").current_state == ("open" if counts else "closed")


def test_an_http_error_counts_by_its_status(limits):
    def http_error(status: int) -> requests.HTTPError:
        response = requests.Response()
        response.status_code = status
        return requests.HTTPError(response=response)

    assert is_outage(http_error(502)) and not is_outage(http_error(404))


def test_a_refusal_ends_the_run_of_failures(limits):
    provider = Provider()
    for error in (requests.Timeout(), requests.Timeout(), Refused(), requests.Timeout(), requests.Timeout()):
        provider.error = error
        with pytest.raises(type(error)):
            breaker("carrier").attempt(provider)
    assert breaker("carrier").current_state == "closed"


def test_each_provider_has_its_own_breaker_and_may_have_its_own_limits(limits):
    limits.BREAKER_OVERRIDES = {"sms": {"fail_max": 1, "reset_seconds": 60}}
    provider = Provider()
    trip("sms", provider, 1)
    assert breaker("sms").current_state == "open"
    assert breaker("carrier").current_state == "closed"
    assert breakers.states() == {
        "carrier": "closed",
        "razorpay": "closed",
        "stripe": "closed",
        "meilisearch": "closed",
        "sms": "open",
    }


def test_guarded_turns_an_open_breaker_into_the_callers_own_error(limits):
    class CarrierUnavailable(Exception):
        pass

    calls = []

    @guarded("carrier", failure=lambda exc: isinstance(exc, CarrierUnavailable), unavailable=CarrierUnavailable)
    def estimate(pincode: str) -> str:
        calls.append(pincode)
        raise CarrierUnavailable("Shiprocket answered 502")

    for _ in range(3):
        with pytest.raises(CarrierUnavailable, match="502"):
            estimate("560001")
    with pytest.raises(CarrierUnavailable, match="circuit breaker open") as fast:
        estimate("560001")
    assert isinstance(fast.value.__cause__, CircuitOpen) and len(calls) == 3


def test_calls_through_one_breaker_run_side_by_side(limits):
    """pybreaker itself holds a lock for the whole call: one slow call would queue all the others."""
    inside, both = threading.Semaphore(0), threading.Event()

    def slow():
        inside.release()
        return both.wait(2)

    results = []
    threads = [threading.Thread(target=lambda: results.append(breaker("carrier").attempt(slow))) for _ in range(2)]
    for thread in threads:
        thread.start()
    assert inside.acquire(timeout=2) and inside.acquire(timeout=2)  # both calls are in at once
    both.set()
    for thread in threads:
        thread.join()
    assert results == [True, True]


@pytest.fixture
def black_hole():
    """A TCP server that accepts connections and never answers (a hung carrier, a hung Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def serve():
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_carrier_that_never_answers_costs_its_timeout_only_until_the_breaker_opens(limits, black_hole):
    """The carrier's call site needs one line: the decorator below."""

    class ProviderUnavailable(Exception):
        pass

    @guarded("carrier", unavailable=lambda exc: ProviderUnavailable(str(exc)))
    def serviceability(pincode: str) -> dict:
        return requests.get(f"http://127.0.0.1:{black_hole}/courier/serviceability/", timeout=0.2).json()

    for _ in range(3):
        started = time.perf_counter()
        with pytest.raises(requests.Timeout):
            serviceability("560001")
        assert time.perf_counter() - started >= 0.2
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable):
        serviceability("560001")
    assert time.perf_counter() - started < 0.2  # refused without the network (a call would wait its timeout)


def test_the_shiprocket_client_is_behind_the_carrier_breaker(limits, black_hole):
    """ShiprocketClient.request is guarded: its ProviderUnavailable (timeout, no connection, 5xx, 429, not
    JSON; the login's included) counts, Shiprocket's refusals do not. A hung carrier costs the timeout
    BREAKER_FAIL_MAX times, then calls fail at once."""
    from shipping.providers.base import ProviderUnavailable
    from shipping.providers.shiprocket.client import ShiprocketClient

    client = ShiprocketClient(
        email="ops@example.in", password="x", base_url=f"http://127.0.0.1:{black_hole}", timeout=0.2
    )
    for _ in range(3):
        started = time.perf_counter()
        with pytest.raises(ProviderUnavailable, match="did not answer"):
            client.request("GET", "/v1/external/courier/serviceability/", what="an estimate")
        assert time.perf_counter() - started >= 0.2
    started = time.perf_counter()
    with pytest.raises(ProviderUnavailable, match="circuit breaker open"):
        client.request("GET", "/v1/external/courier/serviceability/", what="an estimate")
    assert time.perf_counter() - started < 0.2  # refused without the network (a call would wait its timeout)


@pytest.mark.django_db
def test_concurrent_estimates_against_a_hung_carrier_all_answer_the_mock_in_bounded_time(limits, black_hole):
    """32 shoppers asking for an estimate while Shiprocket accepts connections and never answers: every one
    gets the mock estimate (never an error), none waits much longer than one timeout, the breaker opens and
    the fallback is counted."""
    from catalog.models import ProductVariant
    from catalog.tests.factories import VariantFactory
    from shipping import services

    limits.SHIPROCKET_EMAIL, limits.SHIPROCKET_PASSWORD = "ops@example.in", "x"
    limits.SHIPROCKET_API_BASE = f"http://127.0.0.1:{black_hole}"
    limits.SHIPROCKET_TIMEOUT_SECONDS = 0.3
    variant = ProductVariant.objects.select_related("product").get(pk=VariantFactory().pk)
    fallbacks = metrics.value("shipping_estimate_fallback", provider="shiprocket")
    results: list[tuple[float, object]] = []

    def ask() -> None:
        started = time.perf_counter()
        estimate = services._estimate("110001", variant)  # the service past its database read
        results.append((time.perf_counter() - started, estimate))

    threads = [threading.Thread(target=ask) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 32 and all(estimate is not None for _, estimate in results)
    assert max(took for took, _ in results) < 0.3 * 2 + 0.5  # at most one login timeout, then the mock
    assert breaker("carrier").current_state == "open"
    assert metrics.value("shipping_estimate_fallback", provider="shiprocket") == fallbacks + 32
    started = time.perf_counter()
    services._estimate("110001", variant)
    assert time.perf_counter() - started < 0.05  # open: the mock at once


# ---- state in Redis ------------------------------------------------------------------------------
REDIS_URL = django_settings.REDIS_URL


@pytest.fixture
def shared(limits):
    """Breaker state in Redis (REDIS_URL; e.g. redis://127.0.0.1:6379/6), its keys deleted afterwards."""
    limits.REDIS_URL = REDIS_URL
    yield redis.Redis.from_url(REDIS_URL)
    breakers.reset()


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL) for the shared breaker state")
def test_the_state_is_shared_through_redis(shared):
    provider = Provider()
    trip("razorpay", provider, 3)
    assert shared.get(f"{breakers.REDIS_PREFIX}:razorpay:state") == b"open"

    breakers._breakers.clear()  # another process: a breaker of its own, the state in Redis
    with pytest.raises(CircuitOpen):
        breaker("razorpay").attempt(provider)
    assert provider.calls == 3  # refused without calling it

    time.sleep(0.35)
    provider.error = None
    assert breaker("razorpay").attempt(provider) == "answer"
    assert shared.get(f"{breakers.REDIS_PREFIX}:razorpay:state") == b"closed"

    trip("razorpay", provider, 3)
    breakers.reset()
    assert not shared.keys(f"{breakers.REDIS_PREFIX}:*")


def test_without_redis_the_process_keeps_its_own_state(limits, caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    limits.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"
    provider = Provider()
    with caplog.at_level(logging.WARNING, logger="core.breakers"):
        trip("meilisearch", provider, 3)
    assert any("Redis failed" in r.getMessage() for r in caplog.records)
    with pytest.raises(CircuitOpen):
        breaker("meilisearch").attempt(provider)
    assert provider.calls == 3


def test_a_hung_redis_costs_one_timeout_not_one_per_call(limits, black_hole):
    limits.REDIS_URL = f"redis://127.0.0.1:{black_hole}/0"
    limits.BREAKER_REDIS_TIMEOUT_MS = 50
    provider = Provider()
    started = time.perf_counter()
    for _ in range(20):
        assert breaker("stripe").attempt(provider) == "answer"
    assert time.perf_counter() - started < 0.5  # one 50 ms timeout, then the process's own state
    assert provider.calls == 20


def test_ready_names_the_providers_whose_breaker_is_open(limits, api_client, db):
    assert api_client.get("/api/ready/").json()["components"]["breakers"]["providers"] == {}
    trip("razorpay", Provider(), 3)
    response = api_client.get("/api/ready/")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    component = response.json()["components"]["breakers"]
    assert component["status"] == "degraded" and component["providers"] == {"razorpay": "open"}
