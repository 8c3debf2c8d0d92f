"""With REDIS_URL set, enqueued work goes through the real Redis broker to a Celery worker
(here an in-process worker thread) after commit, instead of running in the request."""

import pytest
from django.conf import settings as django_settings

from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout
from payments.models import Payment

pytestmark = pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis (REDIS_URL) as the Celery broker")


@pytest.mark.django_db(transaction=True)
def test_refund_task_goes_through_the_broker_to_a_worker(settings, auth_client, variant):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    settings.PAYMENTS_DEV_GATEWAY = True
    add_to_cart(auth_client, variant, 1)
    order_id = checkout(auth_client).json()["id"]
    auth_client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.loader.import_default_modules()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    assert auth_client.post(f"/api/orders/{order_id}/cancel/").status_code == 200
    # the request answered before any refund: the task is waiting in Redis
    assert Order.objects.get(pk=order_id).status == "CANCELLED"
    assert Payment.objects.get().status == "REFUND_PENDING"

    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        import time

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and Payment.objects.get().status != "REFUNDED":
            time.sleep(0.2)
    assert Payment.objects.get().status == "REFUNDED"
    assert Order.objects.get(pk=order_id).status == "REFUNDED"
