"""The alert batch: what fired goes out in one message per shopper, never more than one message about a
variant to a shopper on one (Indian) day; a price must fall below the price seen; stock back ends its alert."""

from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from catalog.models import ProductVariant
from wishlist import alert_services, messages
from wishlist.models import Alert, AlertNotice

pytestmark = pytest.mark.django_db

IST = ZoneInfo("Asia/Kolkata")
MORNING = datetime(2026, 12, 4, 9, 0, tzinfo=IST)


@pytest.fixture
def black(catalog):
    """samsung-a 8/128 Black: ₹20,000, 5 in stock."""
    return ProductVariant.objects.get(product=catalog["a"], color="Black")


@pytest.fixture
def blue(catalog):
    """samsung-a 12/256 Blue: ₹30,000, out of stock."""
    return ProductVariant.objects.get(product=catalog["a"], color="Blue")


def price_drop(user, variant, seen):
    return Alert.objects.create(user=user, variant=variant, kind="price_drop", seen_price=Decimal(seen))


def back_in_stock(user, variant):
    return Alert.objects.create(user=user, variant=variant, kind="back_in_stock")


def set_variant(variant, **values):
    ProductVariant.objects.filter(pk=variant.pk).update(**values)


def run(at):
    mail.outbox.clear()
    return alert_services.send_due_alerts(now=at)


def test_two_price_drops_in_a_day_make_one_message_and_the_next_day_another(user, black):
    alert = price_drop(user, black, "20000.00")
    assert run(MORNING) == 0 and mail.outbox == []  # nothing fell yet

    set_variant(black, price=Decimal("19000.00"))
    assert run(MORNING + timedelta(minutes=15)) == 1
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Price drop: Samsung A (8 GB RAM / 128 GB, Black)"
    assert "Now ₹19,000.00: down from ₹20,000.00." in message.body
    alert.refresh_from_db()
    assert alert.seen_price == Decimal("19000.00") and alert.notified_at == MORNING + timedelta(minutes=15)

    set_variant(black, price=Decimal("18000.00"))  # a second drop the same day waits for tomorrow
    assert run(MORNING + timedelta(hours=6)) == 0 and mail.outbox == []
    assert run(MORNING.replace(hour=23, minute=59)) == 0

    assert run(MORNING + timedelta(days=1)) == 1  # after midnight in India: a new day
    [message] = mail.outbox
    assert "Now ₹18,000.00: down from ₹19,000.00." in message.body
    assert AlertNotice.objects.filter(user=user, variant=black).count() == 2


def test_the_price_must_fall_below_the_price_seen(user, black):
    price_drop(user, black, "20000.00")
    assert run(MORNING) == 0  # the same price
    set_variant(black, price=Decimal("21000.00"))
    assert run(MORNING + timedelta(hours=1)) == 0  # dearer
    set_variant(black, price=Decimal("19999.99"))
    assert run(MORNING + timedelta(hours=2)) == 1  # a paisa less is less
    assert not AlertNotice.objects.filter(channels="").exists()


def test_stock_back_tells_once_and_ends_the_alert(user, blue):
    back_in_stock(user, blue)
    assert run(MORNING) == 0
    set_variant(blue, stock=3)
    assert run(MORNING + timedelta(minutes=15)) == 1
    [message] = mail.outbox
    assert message.subject == "Back in stock: Samsung A (12 GB RAM / 256 GB, Blue)"
    assert "It is back in stock." in message.body and "out of stock at the moment" not in message.body
    assert not Alert.objects.exists()
    set_variant(blue, stock=0)
    set_variant(blue, stock=2)
    assert run(MORNING + timedelta(days=1)) == 0


def test_a_shoppers_alerts_go_out_together(user, other_user, catalog, black, blue):
    green = ProductVariant.objects.get(product=catalog["b"], color="Green")
    price_drop(user, black, "20000.00")
    back_in_stock(user, blue)
    price_drop(user, blue, "30000.00")
    price_drop(user, green, "14000.00")  # its price does not move: not in the message
    price_drop(other_user, black, "20000.00")
    set_variant(black, price=Decimal("18500.00"))
    set_variant(blue, stock=1, price=Decimal("29000.00"))

    assert run(MORNING) == 2
    mine = next(m for m in mail.outbox if m.to == [user.email])
    theirs = next(m for m in mail.outbox if m.to == [other_user.email])
    assert mine.subject == "2 phones you are watching: prices and stock at PhoneStore"
    # One line per variant; the blue one carries both of its alerts.
    assert mine.body.count("Samsung A (") == 2
    assert "Now ₹18,500.00: down from ₹20,000.00." in mine.body
    assert "It is back in stock." in mine.body and "Now ₹29,000.00: down from ₹30,000.00." in mine.body
    assert "Samsung B" not in mine.body
    assert theirs.subject == "Price drop: Samsung A (8 GB RAM / 128 GB, Black)"
    assert sorted(AlertNotice.objects.filter(user=user).values_list("kinds", flat=True)) == [
        "back_in_stock,price_drop",
        "price_drop",
    ]


def test_a_variant_told_about_today_waits_for_tomorrow_whatever_the_alert(user, blue):
    price_drop(user, blue, "30000.00")
    set_variant(blue, price=Decimal("28000.00"))
    assert run(MORNING) == 1
    back_in_stock(user, blue)  # asked after the morning's message
    set_variant(blue, stock=4)
    assert run(MORNING + timedelta(hours=3)) == 0
    assert run(MORNING + timedelta(days=1)) == 1
    assert "It is back in stock." in mail.outbox[0].body


def test_nothing_about_phones_no_longer_sold_or_for_inactive_shoppers(user, other_user, black, catalog):
    price_drop(user, black, "20000.00")
    price_drop(other_user, ProductVariant.objects.get(product=catalog["b"], color="Black"), "12000.00")
    set_variant(black, price=Decimal("15000.00"), is_active=False)
    ProductVariant.objects.filter(product=catalog["b"]).update(price=Decimal("11000.00"))
    type(other_user).objects.filter(pk=other_user.pk).update(is_active=False)
    assert run(MORNING) == 0


def test_a_failed_message_changes_nothing_and_is_tried_again(user, other_user, black, caplog):
    alert = price_drop(user, black, "20000.00")
    price_drop(other_user, black, "20000.00")
    set_variant(black, price=Decimal("19000.00"))
    real = messages.send_email

    def refuse_for_user(digest, to):
        if digest.user == user:
            raise ConnectionRefusedError("SMTP server down")
        real(digest, to)

    with mock.patch.object(messages, "send_email", refuse_for_user):
        assert run(MORNING) == 1  # the other shopper's went
    assert f"Alert message to user {user.pk} failed" in caplog.text
    alert.refresh_from_db()
    assert alert.seen_price == Decimal("20000.00") and alert.notified_at is None
    assert not AlertNotice.objects.filter(user=user).exists()
    assert run(MORNING + timedelta(minutes=15)) == 1 and mail.outbox[0].to == [user.email]


def test_a_parallel_run_that_told_first_is_not_repeated(user, black):
    price_drop(user, black, "20000.00")
    set_variant(black, price=Decimal("19000.00"))
    # The other run recorded today's message between this run's search and its lock.
    AlertNotice.objects.create(user=user, variant=black, day=MORNING.date(), kinds="price_drop", channels="email")
    with mock.patch.object(alert_services.selectors, "due_alerts", side_effect=lambda today: Alert.objects.all()):
        assert run(MORNING) == 0
    assert mail.outbox == []


def test_the_message_links_to_the_phone_and_to_unsubscribing(user, black, blue, settings):
    settings.STOREFRONT_URL = "https://shop.example.in"
    price_drop(user, black, "20000.00")
    back_in_stock(user, blue)
    set_variant(black, price=Decimal("19000.00"))
    set_variant(blue, stock=1)
    run(MORNING)
    [message] = mail.outbox
    [(html, _)] = message.alternatives
    for body in (message.body, html):
        assert f"https://shop.example.in/product/samsung-a?variant={black.sku}" in body
        assert "https://shop.example.in/alerts/unsubscribe?token=" in body
        assert "https://shop.example.in/account/wishlist" in body
    # One link per price alert (a back-in-stock alert ends once told) and one for all alerts, also in the header.
    assert message.body.count("/alerts/unsubscribe?token=") == 2
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://shop.example.in/alerts/unsubscribe?token=")


def test_old_message_records_are_let_go(user, black):
    AlertNotice.objects.create(user=user, variant=black, day=MORNING.date() - timedelta(days=91), kinds="price_drop")
    AlertNotice.objects.create(user=user, variant=black, day=MORNING.date() - timedelta(days=30), kinds="price_drop")
    run(MORNING)
    assert list(AlertNotice.objects.values_list("day", flat=True)) == [MORNING.date() - timedelta(days=30)]


def test_the_batch_is_on_the_beat_schedule_and_run_periodic(user, black, settings):
    assert settings.CELERY_BEAT_SCHEDULE["wishlist-send-alerts"] == {
        "task": "wishlist.tasks.send_due_alerts",
        "schedule": settings.ALERTS_BATCH_SECONDS,
    }
    price_drop(user, black, "20000.00")
    set_variant(black, price=Decimal("19000.00"))
    mail.outbox.clear()
    call_command("run_periodic", "--once")
    assert [m.subject for m in mail.outbox if m.to == [user.email]] == [
        "Price drop: Samsung A (8 GB RAM / 128 GB, Black)"
    ]


def test_a_shopper_with_sms_updates_on_also_gets_a_text(user, other_user, black, settings):
    from sms.models import SmsMessage

    settings.SMS_SENDER = "sms.providers.console.ConsoleSmsSender"
    user.phone, user.sms_updates = "9876543210", True
    user.save()
    other_user.phone, other_user.sms_updates = "9123456780", False  # chose no texts: email only
    other_user.save()
    price_drop(user, black, "20000.00")
    price_drop(other_user, black, "20000.00")
    set_variant(black, price=Decimal("19000.00"))

    assert run(MORNING) == 2 and len(mail.outbox) == 2
    [text] = SmsMessage.objects.all()
    assert (text.kind, text.phone_masked) == ("alert", "98XXXXXX10")
    assert text.variables["news"] == "Price drop: Samsung A (8 GB RAM / 128 GB, Black)"
    assert text.variables["link"].endswith("/product/samsung-a?variant=" + black.sku)
