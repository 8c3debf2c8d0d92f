from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from coupons.models import Coupon


def make_coupon(code="SAVE10", **kwargs):
    kwargs.setdefault("kind", "percent")
    kwargs.setdefault("value", Decimal("10"))
    kwargs.setdefault("valid_from", timezone.now() - timedelta(days=1))
    return Coupon.objects.create(code=code, **kwargs)
