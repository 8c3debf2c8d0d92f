"""PhoneStore settings (DJANGO_SETTINGS_MODULE=config.settings), one module per concern, every value read
from the environment through config/env.py; the README's config table lists the variables.

- base: Django itself (apps, middleware, database, cache, files, DRF, JWT, API schema, logging, Celery)
- security: HTTPS, cookies, CORS origins, CSP, input limits, rate limits, lockout, OTP
- performance: cache timings
- commerce: cart and order rules
- payments: dev gateway, Razorpay, Stripe, exchange rates
- search: Meilisearch, the embedded index, the listing backend
- breakers: the circuit breakers around providers (failures in a row, time open)
- shipping: Shiprocket or the mock, email, the storefront's URLs
- sms: the SMS sender (MSG91 or the console), its templates, retries
- tax: GST invoicing: the seller's identity (GSTIN, state, address), invoice and credit-note prefixes
- wishlist: the wishlist's and the alerts' limits, the alert batch, unsubscribe links
- legal: the grievance officer, refund credit time, jurisdiction; personal data requests (privacy app)
- storage: files on an S3-compatible object store (public images, private documents) instead of the local disk
- observability: logs, request ids, Sentry, Prometheus metrics, OpenTelemetry traces, the number of replicas

A new setting goes in its concern's module. Settings that several concerns add to (periodic tasks, the
schema's enum names, CORS headers) are assembled below from each module's lowercase contributions.
"""

from corsheaders.defaults import default_headers

from config.settings import (
    base,
    commerce,
    legal,
    observability,
    payments,
    search,
    security,
    shipping,
    sms,
    tax,
    wishlist,
)
from config.settings.base import *
from config.settings.breakers import *
from config.settings.commerce import *
from config.settings.legal import *
from config.settings.observability import *
from config.settings.payments import *
from config.settings.performance import *
from config.settings.search import *
from config.settings.security import *
from config.settings.shipping import *
from config.settings.sms import *
from config.settings.storage import *
from config.settings.tax import *
from config.settings.wishlist import *

# Periodic tasks: Celery beat with a broker; `manage.py run_periodic` in the embedded mode.
CELERY_BEAT_SCHEDULE = {
    **commerce.beat_schedule,
    **legal.beat_schedule,
    **payments.beat_schedule,
    **search.beat_schedule,
    **security.beat_schedule,
    **shipping.beat_schedule,
    **sms.beat_schedule,
    **tax.beat_schedule,
    **wishlist.beat_schedule,
}

SPECTACULAR_SETTINGS = {
    **base.SPECTACULAR_SETTINGS,
    "ENUM_NAME_OVERRIDES": {
        **commerce.enum_name_overrides,
        **legal.enum_name_overrides,
        **payments.enum_name_overrides,
        **shipping.enum_name_overrides,
        **wishlist.enum_name_overrides,
    },
}

CORS_ALLOW_HEADERS = [*default_headers, *commerce.cors_allow_headers, *observability.cors_allow_headers]
CORS_EXPOSE_HEADERS = [*commerce.cors_expose_headers, *observability.cors_expose_headers]
