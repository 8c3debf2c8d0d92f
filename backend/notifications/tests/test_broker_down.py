"""After-commit work survives a broker outage: the order, the payment and the cancellation commit, sending
their tasks fails (kombu's OperationalError, what Celery raises with Redis down), and each periodic catch-up
does the lost work once when the broker is back."""

from datetime import timedelta
from unittest import mock

import pytest
from celery.app.task import Task
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from kombu.exceptions import OperationalError

from core import metrics
from core.tasks import resume_broker
from notifications import services
from notifications.models import OrderEmail
from orders.models import Order, OrderTransition
from payments.models import Payment, PaymentStatus
from payments.services import retry_pending_refunds
from shipping import services as shipping_services
from shipping.models import Shipment
from sms import services as sms
from sms.models import SmsMessage

pytestmark = pytest.mark.django_db


class Broker:
    """Tasks go to a broker, as in production; `down()` makes it refuse every message, `back()` ends the
    outage (the worker then runs what beat sends: here, in-process)."""

    def __init__(self, settings):
        self.settings = settings
        self.attempts: list[str] = []

        def refuse(task, args=None, kwargs=None, **options):
            self.attempts.append(task.name)
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        self.outage = mock.patch.object(Task, "apply_async", refuse)

    def down(self) -> None:
        self.settings.CELERY_TASK_ALWAYS_EAGER = False
        self.outage.start()
        resume_broker()  # the first send of this outage tries the broker
        metrics.reset()

    def back(self) -> None:
        self.outage.stop()
        self.settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def broker(settings):
    broker = Broker(settings)
    yield broker
    mock.patch.stopall()


def minutes_pass(minutes: int) -> None:
    """Move the recorded times back, as if they had happened `minutes` earlier."""
    delta = timedelta(minutes=minutes)
    Order.objects.update(paid_at=F("paid_at") - delta, cancelled_at=F("cancelled_at") - delta)
    OrderTransition.objects.update(created_at=F("created_at") - delta)
    Payment.objects.update(updated_at=F("updated_at") - delta)


def not_sent() -> int:
    return sum(count for (name, _), count in metrics.snapshot().items() if name == "task_not_sent")


def test_a_payment_with_the_broker_down_is_booked_and_confirmed_once_later(
    broker, place, pay, django_capture_on_commit_callbacks
):
    broker.down()
    order = pay(place().pk)  # 200: the payment committed although its tasks could not be sent
    assert order.status == "PAID" and not Shipment.objects.exists() and not mail.outbox
    assert broker.attempts == ["shipping.tasks.create_shipment"]  # then the process stops trying for a while
    assert not_sent() == 4  # the booking, the confirmation email and SMS, the invoice (if it can be issued), counted
    assert SmsMessage.objects.get().status == "queued"  # recorded with the payment: the catch-up knows it is owed

    broker.back()
    assert shipping_services.book_pending_shipments() == 0  # too early: the lost task might still run
    assert services.send_missed_order_emails() == 0
    minutes_pass(3)
    with django_capture_on_commit_callbacks(execute=True):
        assert shipping_services.book_pending_shipments() == 1
    assert services.send_missed_order_emails() == 1
    assert sms.send_due() == 1
    assert shipping_services.book_pending_shipments() == 0 and services.send_missed_order_emails() == 0
    assert sms.send_due() == 0 and SmsMessage.objects.get().status == "sent"
    assert Order.objects.get().status == "PACKED" and Shipment.objects.get().awb
    [confirmation] = mail.outbox
    assert order.number in confirmation.subject
    assert OrderEmail.objects.get().sent_at is not None


def test_a_cancellation_with_the_broker_down_is_refunded_and_cancelled_at_the_carrier_once_later(
    broker, paid_order, auth_client, django_capture_on_commit_callbacks
):
    assert Order.objects.get().status == "PACKED"
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"/api/orders/{paid_order.pk}/cancel/").status_code == 200
    assert not_sent() == 3  # the refund, the carrier's cancellation, the cancellation's SMS
    assert Payment.objects.get().status == PaymentStatus.REFUND_PENDING  # the refund task was lost
    assert Shipment.objects.get().status == "AWB_ASSIGNED"  # so was the carrier's cancellation

    broker.back()
    minutes_pass(6)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_pending_refunds() == 1
        assert shipping_services.cancel_pending_at_carrier() == 1
    assert retry_pending_refunds() == 0 and shipping_services.cancel_pending_at_carrier() == 0
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.REFUNDED and payment.gateway_refund_id.startswith("dev_rfnd_")
    assert Order.objects.get().status == "REFUNDED"
    assert Shipment.objects.get().status == "CANCELLED"


def test_the_catch_ups_run_in_the_embedded_mode_too(broker, place, pay, settings):
    for name in ("notifications-send-missed", "shipping-book-pending", "shipping-cancel-pending", "sms-send-due"):
        assert name in settings.CELERY_BEAT_SCHEDULE
    broker.down()
    pay(place().pk)
    broker.back()
    minutes_pass(3)
    call_command("run_periodic", "--once")
    assert Order.objects.get().status == "PACKED" and len(mail.outbox) == 1
    assert SmsMessage.objects.get().status == "sent"
    call_command("run_periodic", "--once")
    assert len(mail.outbox) == 1


def test_a_failed_email_is_tried_again_up_to_the_limit(paid_order, settings, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    settings.ORDER_EMAIL_MAX_ATTEMPTS = 2
    mail.outbox.clear()
    OrderEmail.objects.all().delete()
    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, messages: 1 / 0)
    minutes_pass(3)
    assert services.send_missed_order_emails() == 0
    assert services.send_missed_order_emails() == 0
    assert OrderEmail.objects.get().attempts == 2
    monkeypatch.undo()
    assert services.send_missed_order_emails() == 0  # given up: staff see last_error in the admin
    assert not mail.outbox


def test_old_events_are_not_caught_up(paid_order, settings):
    OrderEmail.objects.all().delete()
    mail.outbox.clear()
    minutes_pass(settings.ORDER_EMAIL_CATCH_UP_HOURS * 60 + 1)
    assert services.send_missed_order_emails() == 0 and not mail.outbox
