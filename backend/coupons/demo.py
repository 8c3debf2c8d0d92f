"""The demo shop's two sample coupons (named in the README), created by `manage.py seed_demo` once: a later
run leaves them as staff may have changed them."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from coupons.models import Coupon, CouponKind

SAMPLES = [
    {
        "code": "WELCOME10",
        "description": "10% off, up to ₹2,000, on carts of ₹10,000 or more",
        "kind": CouponKind.PERCENT,
        "value": Decimal("10"),
        "max_discount": Decimal("2000"),
        "min_subtotal": Decimal("10000"),
        "max_uses_per_user": 1,
    },
    {
        "code": "FLAT500",
        "description": "₹500 off carts of ₹15,000 or more",
        "kind": CouponKind.FLAT,
        "value": Decimal("500"),
        "min_subtotal": Decimal("15000"),
        "max_uses_per_user": None,
    },
]


def seed_demo_coupons() -> str:
    created = 0
    for sample in SAMPLES:
        defaults = {k: v for k, v in sample.items() if k != "code"}
        defaults["valid_from"] = datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Kolkata"))
        _, made = Coupon.objects.get_or_create(code=sample["code"], defaults=defaults)
        created += made
    return f"Coupons: {created} created ({', '.join(str(s['code']) for s in SAMPLES)})."
