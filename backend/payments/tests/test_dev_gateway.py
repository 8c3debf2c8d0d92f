import pytest
from django.core.checks import run_checks

from conftest import client_for
from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout
from payments.checks import dev_gateway_only_in_debug
from payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    return Order.objects.get(pk=checkout(auth_client).json()["id"])


def confirm(client, order_id):
    return client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")


def test_confirm_pays_once(auth_client, order):
    first = confirm(auth_client, order.pk)
    assert first.status_code == 200 and first.json()["gateway"] == "dev" and first.json()["status"] == "PAID"
    again = confirm(auth_client, order.pk)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Payment.objects.count() == 1
    assert order.transitions.filter(to_status="PAID").count() == 1
    charge = auth_client.get(f"/api/orders/{order.pk}/").json()["charge"]
    assert (charge["gateway"], charge["amount"], charge["currency"], charge["exchange_rate"]) == (
        "dev",
        str(order.total),
        "INR",
        None,
    )


def test_confirm_is_own_only(order, other_user):
    assert confirm(client_for(other_user), order.pk).status_code == 404
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and not Payment.objects.exists()


def test_confirm_refused_when_the_gateway_is_off(auth_client, order, settings):
    settings.PAYMENTS_DEV_GATEWAY = False
    response = confirm(auth_client, order.pk)
    assert response.status_code == 400 and response.json()["error"]["code"] == "payment_method_unavailable"
    assert auth_client.get("/api/checkout/options/").json()["payment_methods"] == []
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT"


def test_confirm_refuses_an_order_of_another_method(auth_client, order):
    Order.objects.filter(pk=order.pk).update(payment_method="razorpay")
    response = confirm(auth_client, order.pk)
    assert response.status_code == 400 and response.json()["error"]["code"] == "wrong_payment_method"


def test_confirm_refuses_a_cancelled_order(auth_client, order):
    auth_client.post(f"/api/orders/{order.pk}/cancel/")
    assert confirm(auth_client, order.pk).status_code == 409


def test_manage_check_fails_a_production_configuration_that_enables_it(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    backend = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 50, "PAYMENTS_DEV_GATEWAY": "1"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=backend, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "payments.E001" in result.stderr
    env.pop("PAYMENTS_DEV_GATEWAY")  # DEBUG off: the gateway is off by default and the check passes
    assert (
        subprocess.run(
            [sys.executable, "manage.py", "check"], cwd=backend, env=env, capture_output=True, timeout=120
        ).returncode
        == 0
    )


@pytest.mark.parametrize(
    "debug,enabled,errors", [(False, True, ["payments.E001"]), (True, True, []), (False, False, []), (True, False, [])]
)
def test_system_check_refuses_the_dev_gateway_in_production(settings, debug, enabled, errors):
    settings.DEBUG, settings.PAYMENTS_DEV_GATEWAY = debug, enabled
    assert [e.id for e in dev_gateway_only_in_debug(None)] == errors
    assert ("payments.E001" in [e.id for e in run_checks()]) == bool(errors)
