from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def dev_gateway_only_in_debug(app_configs, **kwargs):
    """The dev gateway pays orders with no money moving: a production configuration must not have it."""
    if settings.PAYMENTS_DEV_GATEWAY and not settings.DEBUG:
        return [Error("The dev payment gateway is enabled while DEBUG is off.",
                      hint="Unset PAYMENTS_DEV_GATEWAY (it marks orders paid with no money moving).",
                      id="payments.E001")]
    return []


@register()
def razorpay_settings_complete(app_configs, **kwargs):
    keys = (settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET)
    if any(keys) and not all(keys):
        return [Warning("Only one of RAZORPAY_KEY_ID / RAZORPAY_KEY_SECRET is set; Razorpay is not offered.",
                        id="payments.W001")]
    if all(keys) and not settings.RAZORPAY_WEBHOOK_SECRET:
        return [Warning("RAZORPAY_WEBHOOK_SECRET is not set; Razorpay webhooks will be refused (503).",
                        hint="Payments still complete through the browser's verify call.", id="payments.W002")]
    return []
