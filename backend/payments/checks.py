from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def dev_gateway_only_in_debug(app_configs, **kwargs):
    """The dev gateway pays orders with no money moving: a production configuration must not have it."""
    if settings.PAYMENTS_DEV_GATEWAY and not settings.DEBUG:
        return [
            Error(
                "The dev payment gateway is enabled while DEBUG is off.",
                hint="Unset PAYMENTS_DEV_GATEWAY (it marks orders paid with no money moving).",
                id="payments.E001",
            )
        ]
    return []


@register()
def razorpay_settings_complete(app_configs, **kwargs):
    keys = (settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET)
    if any(keys) and not all(keys):
        return [
            Warning(
                "Only one of RAZORPAY_KEY_ID / RAZORPAY_KEY_SECRET is set; Razorpay is not offered.", id="payments.W001"
            )
        ]
    if all(keys) and not settings.RAZORPAY_WEBHOOK_SECRET:
        return [
            Warning(
                "RAZORPAY_WEBHOOK_SECRET is not set; Razorpay webhooks will be refused (503).",
                hint="Payments still complete through the browser's verify call.",
                id="payments.W002",
            )
        ]
    return []


@register()
def stripe_settings_complete(app_configs, **kwargs):
    problems = []
    secret, publishable = settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY
    if bool(secret) != bool(publishable):
        problems.append(
            Warning(
                "Only one of STRIPE_SECRET_KEY / STRIPE_PUBLISHABLE_KEY is set; Stripe is not offered.",
                id="payments.W003",
            )
        )
    if secret.startswith("pk_") or publishable.startswith(("sk_", "rk_")):
        problems.append(
            Error(
                "STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY look swapped.",
                hint="The secret key (sk_/rk_) stays on the server; the publishable key (pk_) goes to the browser.",
                id="payments.E002",
            )
        )
    if secret and publishable and not settings.STRIPE_WEBHOOK_SECRET:
        problems.append(
            Warning(
                "STRIPE_WEBHOOK_SECRET is not set; Stripe webhooks will be refused (503).",
                hint="Stripe payments complete through the webhook: set the endpoint's whsec_ secret.",
                id="payments.W004",
            )
        )
    bad = [code for code in settings.STRIPE_CURRENCIES if len(code) != 3 or not code.isalpha() or not code.isascii()]
    if bad:
        problems.append(
            Error(f"STRIPE_CURRENCIES has codes that are not ISO 4217: {', '.join(bad)}.", id="payments.E003")
        )
    if not 0 <= settings.EXCHANGE_RATE_MARKUP_PERCENT < 100:
        problems.append(Error("EXCHANGE_RATE_MARKUP_PERCENT must be at least 0 and below 100.", id="payments.E004"))
    if settings.EXCHANGE_RATE_MAX_AGE_HOURS < 1:
        problems.append(Error("EXCHANGE_RATE_MAX_AGE_HOURS must be at least 1.", id="payments.E005"))
    return problems
