from django.conf import settings
from django.core.checks import Tags, Warning, register


@register()
def shipping_settings(app_configs, **kwargs):
    found = []
    credentials = (settings.SHIPROCKET_EMAIL, settings.SHIPROCKET_PASSWORD)
    configured = all(credentials)
    if any(credentials) and not configured:
        found.append(
            Warning(
                "Only one of SHIPROCKET_EMAIL / SHIPROCKET_PASSWORD is set; the mock shipping provider is used.",
                hint="SHIPROCKET_API_KEY / SHIPROCKET_API_SECRET are accepted as the same pair.",
                id="shipping.W001",
            )
        )
    if configured and not settings.SHIPROCKET_WEBHOOK_TOKEN:
        found.append(
            Warning(
                "SHIPROCKET_WEBHOOK_TOKEN is not set; /api/shipping/webhook/ refuses every push (401).",
                hint="Set the same token in Shiprocket (Settings > API > Webhooks); tracking still "
                "arrives through the periodic sync.",
                id="shipping.W002",
            )
        )
    return found


@register(Tags.security)
def no_simulated_deliveries_in_production(app_configs, **kwargs):
    if settings.SHIPPING_MOCK_TRACKING and not settings.DEBUG:
        return [
            Warning(
                "SHIPPING_MOCK_TRACKING is on while DEBUG is off: mock shipments will report simulated "
                "deliveries and move real orders to DELIVERED.",
                hint="Unset SHIPPING_MOCK_TRACKING.",
                id="shipping.W004",
            )
        ]
    return []


@register(Tags.security)
def no_generated_imeis_in_production(app_configs, **kwargs):
    if settings.DEMO_AUTO_IMEI and not settings.DEBUG:
        return [
            Warning(
                "DEMO_AUTO_IMEI is on while DEBUG is off: paid phones will be packed with generated IMEIs "
                "instead of the ones staff record, and those go on tax invoices.",
                hint="Unset DEMO_AUTO_IMEI.",
                id="shipping.W005",
            )
        ]
    return []
