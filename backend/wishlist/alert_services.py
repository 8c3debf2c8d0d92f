"""Price and stock alerts: a signed-in shopper asks to be told when a variant is back in stock ("notify me",
only while it is out of stock) or costs less than the price they saw ("tell me if the price drops"). Nothing
listens to price or stock changes: a periodic batch (send_due_alerts, on the beat schedule and
`run_periodic`) finds the alerts that fired and tells each shopper in one message, never more than one
message about a variant to a shopper on one (Indian) day."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from catalog.models import ProductVariant
from catalog.services import sellable_variant
from core.errors import ApplicationError, CommonErrorCode
from wishlist import messages, selectors, unsubscribe
from wishlist.error_codes import WishlistErrorCode
from wishlist.models import Alert, AlertKind, AlertNotice
from wishlist.services import lock_shopper

logger = logging.getLogger(__name__)

# The log of messages sent is kept this long (the once-a-day rule needs only today's).
NOTICES_KEPT_DAYS = 90


def create_alert(user: User, *, variant_id: int, kind: str, seen_price: Decimal | None = None) -> tuple[Alert, bool]:
    """Start an alert (True), or renew the shopper's alert of that kind on that variant (False): a price
    drop's price to beat becomes the one seen now. The price seen is what the page showed (`seen_price`),
    never above the price now (a stale or forged higher one would fire at once), the price now if not
    given. Refused: an unknown variant (404) or one no longer sold (409), "notify me" on a variant in stock
    (409 variant_in_stock), a `seen_price` on a back-in-stock alert (400), the shopper's
    ALERTS_MAX_PER_SHOPPER reached (400 alert_limit)."""
    variant = sellable_variant(variant_id)
    if kind == AlertKind.BACK_IN_STOCK:
        if seen_price is not None:
            raise ApplicationError(
                CommonErrorCode.INVALID,
                "Some fields are not valid.",
                fields={"seen_price": ["Only a price-drop alert has a price."]},
            )
        if variant.stock > 0:
            raise ApplicationError(
                WishlistErrorCode.VARIANT_IN_STOCK, "This phone is in stock: you can buy it now.", fields={}
            )
        price = None
    else:
        price = variant.price if seen_price is None else min(seen_price, variant.price)
    with transaction.atomic():
        lock_shopper(user)
        alert = Alert.objects.filter(user=user, variant=variant, kind=kind).first()
        if alert is not None:
            if price is not None and alert.seen_price != price:
                alert.seen_price = price
                alert.save(update_fields=["seen_price"])
            return alert, False
        if Alert.objects.filter(user=user).count() >= settings.ALERTS_MAX_PER_SHOPPER:
            raise ApplicationError(
                WishlistErrorCode.ALERT_LIMIT,
                f"You have {settings.ALERTS_MAX_PER_SHOPPER} alerts, the most you can keep: stop one to add another.",
            )
        return Alert.objects.create(user=user, variant=variant, kind=kind, seen_price=price), True


def delete_alert(user: User, alert_id: int) -> None:
    deleted, _ = Alert.objects.filter(user=user, pk=alert_id).delete()
    if not deleted:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such alert.")


@dataclass(frozen=True)
class Stopped:
    scope: str  # "alert": the link's one alert; "all": every alert of the shopper
    stopped: int  # how many alerts were stopped now (0: already stopped)

    @property
    def message(self) -> str:
        if self.scope == "alert":
            if self.stopped:
                return "Done: you will not hear about this phone's price again."
            return "This alert was already stopped."
        if self.stopped:
            return "Done: all your price and stock alerts are stopped."
        return "You have no price or stock alerts left to stop."


def unsubscribe_by_token(token: str) -> Stopped:
    """An unsubscribe link followed, signed in or not: the alert it names (if it still exists and is the
    token's shopper's), or all of that shopper's alerts, stopped. Following it again stops nothing more."""
    target = unsubscribe.read_token(token)
    alerts = Alert.objects.filter(user_id=target.user_id)
    if target.alert_id is not None:
        alerts = alerts.filter(pk=target.alert_id)
    deleted, _ = alerts.delete()
    logger.info("Alerts of user %s stopped by an unsubscribe link: %d.", target.user_id, deleted)
    return Stopped(scope="all" if target.alert_id is None else "alert", stopped=deleted)


def send_due_alerts(*, now: datetime | None = None) -> int:
    """The batch (beat, every ALERTS_BATCH_SECONDS): each shopper with alerts to tell gets one message with
    all of them, at most ALERTS_BATCH_SHOPPERS shoppers a run (the rest on the next). Returns how many
    messages were sent. A shopper's failed message is logged and tried again next run; others go on."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    shoppers = list(
        selectors.due_alerts(today)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()[: settings.ALERTS_BATCH_SHOPPERS]
    )
    sent = 0
    for user_id in shoppers:
        try:
            sent += _tell(user_id, today, now)
        except IntegrityError:  # a parallel run told them first (AlertNotice's once-a-day row)
            continue
        except Exception:  # one shopper's failed message never holds back the others'
            logger.exception("Alert message to user %s failed; it is tried again on the next run.", user_id)
    AlertNotice.objects.filter(day__lt=today - timedelta(days=NOTICES_KEPT_DAYS)).delete()
    return sent


def _tell(user_id: int, today: date, now: datetime) -> int:
    """One shopper's due alerts in one message, under their rows' locks: the day's notices recorded, the
    message delivered, the alerts moved on (a back-in-stock alert ends, a price drop's price to beat becomes
    the price told), all or nothing: a failed delivery leaves it all for the next run."""
    with transaction.atomic():
        due = list(
            selectors.due_alerts(today)
            .filter(user_id=user_id)
            .select_related("user", "variant__product")
            .select_for_update(of=("self",))
            .order_by("variant_id", "kind")
        )
        if not due:
            return 0
        by_variant: dict[ProductVariant, list[Alert]] = defaultdict(list)
        for alert in due:
            by_variant[alert.variant].append(alert)
        AlertNotice.objects.bulk_create(
            AlertNotice(user_id=user_id, variant=variant, day=today, kinds=",".join(a.kind for a in alerts))
            for variant, alerts in by_variant.items()
        )
        digest = messages.AlertDigest(
            user=due[0].user,
            lines=[messages.DigestLine(variant, [_fired(a) for a in alerts]) for variant, alerts in by_variant.items()],
            unsubscribe_all_url=unsubscribe.link(user_id),
        )
        channels = messages.deliver(digest)
        if not channels:
            logger.info("User %s has alerts to tell and no channel to tell them by.", user_id)
        AlertNotice.objects.filter(user_id=user_id, day=today, variant__in=list(by_variant)).update(
            channels=",".join(channels)
        )
        for alert in due:
            if alert.kind == AlertKind.BACK_IN_STOCK:
                alert.delete()
            else:
                alert.seen_price, alert.notified_at = alert.variant.price, now
                alert.save(update_fields=["seen_price", "notified_at"])
    return 1 if channels else 0


def _fired(alert: Alert) -> messages.FiredAlert:
    if alert.kind == AlertKind.BACK_IN_STOCK:
        return messages.FiredAlert(alert.kind, "It is back in stock.", "")
    assert alert.seen_price is not None  # the model's check constraint
    return messages.FiredAlert(
        alert.kind,
        f"Now {messages.inr(alert.variant.price)}: down from {messages.inr(alert.seen_price)}.",
        unsubscribe.link(alert.user_id, alert.pk),
    )
