import pytest
from django.db import transaction

from orders.models import Order, OrderStatus
from orders.services import transition
from orders.signals import order_status_changed
from shipping.checks import no_generated_imeis_in_production, no_simulated_deliveries_in_production, shipping_settings

pytestmark = pytest.mark.django_db


def ids(found):
    return [w.id for w in found]


def test_checks(settings):
    settings.DEBUG = True
    settings.SHIPROCKET_WEBHOOK_TOKEN = ""
    assert ids(shipping_settings(None)) == []  # the demo: mock provider, no webhook
    settings.SHIPROCKET_EMAIL = "api@example.in"
    assert ids(shipping_settings(None)) == ["shipping.W001"]
    settings.SHIPROCKET_PASSWORD = "secret"
    assert ids(shipping_settings(None)) == ["shipping.W002"]
    settings.SHIPROCKET_WEBHOOK_TOKEN = "token"
    assert ids(shipping_settings(None)) == []
    settings.DEBUG = False
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPROCKET_WEBHOOK_TOKEN = ""
    assert ids(shipping_settings(None)) == []  # production on the mock: a warning in the log, not a check
    settings.SHIPPING_MOCK_TRACKING = True
    assert ids(no_simulated_deliveries_in_production(None)) == ["shipping.W004"]
    settings.SHIPPING_MOCK_TRACKING = False
    assert ids(no_simulated_deliveries_in_production(None)) == []


def test_api_key_aliases():
    """The plan's SHIPROCKET_API_KEY / SHIPROCKET_API_SECRET name the same email / password pair."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    def read(**env):
        clean = {k: v for k, v in os.environ.items() if not k.startswith("SHIPROCKET_")}
        code = "from config import settings as s; print(s.SHIPROCKET_EMAIL, s.SHIPROCKET_PASSWORD)"
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=Path(__file__).resolve().parents[2],
            env={**clean, **env},
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()

    assert read(SHIPROCKET_API_KEY="alias@example.in", SHIPROCKET_API_SECRET="s1") == ["alias@example.in", "s1"]
    assert read(
        SHIPROCKET_API_KEY="alias@example.in",
        SHIPROCKET_API_SECRET="s1",
        SHIPROCKET_EMAIL="api@example.in",
        SHIPROCKET_PASSWORD="s2",
    ) == ["api@example.in", "s2"]


def test_generated_imeis_only_in_the_demo(settings):
    settings.DEBUG, settings.DEMO_AUTO_IMEI = True, True
    assert ids(no_generated_imeis_in_production(None)) == []
    settings.DEBUG = False
    assert ids(no_generated_imeis_in_production(None)) == ["shipping.W005"]
    settings.DEMO_AUTO_IMEI = False
    assert ids(no_generated_imeis_in_production(None)) == []


def test_demo_auto_imei_defaults_to_the_demo():
    """On with DEBUG and the mock carrier (`make run`), off with Shiprocket or without DEBUG; the variable wins."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    def read(**env):
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SHIPROCKET_", "DEMO_", "DEBUG"))}
        return subprocess.run(
            [sys.executable, "-c", "from config import settings as s; print(s.DEMO_AUTO_IMEI)"],
            cwd=Path(__file__).resolve().parents[2],
            env={**clean, "SECRET_KEY": "x", **env},
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()[-1:]

    assert read(DEBUG="1") == ["True"]
    assert read(DEBUG="0") == ["False"]
    assert read(DEBUG="1", SHIPROCKET_EMAIL="api@example.in", SHIPROCKET_PASSWORD="s") == ["False"]
    assert read(DEBUG="1", DEMO_AUTO_IMEI="0") == ["False"]


def test_transition_announces_each_change(paid_order):
    seen = []

    def listen(sender, order, from_status, to_status, source, **kwargs):
        seen.append((order.pk, from_status, to_status, source))

    order_status_changed.connect(listen, sender=Order)
    try:
        with transaction.atomic():
            transition(
                Order.objects.select_for_update().get(pk=paid_order.pk),
                OrderStatus.SHIPPED,
                actor_kind="carrier",
                source="test",
            )
    finally:
        order_status_changed.disconnect(listen, sender=Order)
    assert seen == [(paid_order.pk, "PACKED", "SHIPPED", "test")]
