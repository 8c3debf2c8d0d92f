"""PhoneStore settings: one module, every value from the environment.

With no environment at all the store runs embedded (SQLite, local-memory cache);
set DATABASE_URL / REDIS_URL and the same code runs on PostgreSQL and Redis.
The README's config table lists every variable.
"""

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        sys.exit(
            "PhoneStore refuses to start: DEBUG is off and SECRET_KEY is not set (export SECRET_KEY=<long random string>)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
# The local storefront by default only in development; production names its own (check --deploy: core.W002).
CORS_ALLOWED_ORIGINS = env_list(
    "CORS_ALLOWED_ORIGINS", ["http://127.0.0.1:3000", "http://localhost:3000"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "django_ratelimit",
    "axes",
    "core",
    "accounts",
    "catalog",
    "audit",
    "staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.middleware.RequestBodyLimitMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: a SQLite file by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'var' / 'phonestore.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if DATABASE_URL else 0),
        conn_health_checks=bool(DATABASE_URL),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets the API read while a writer (seed, task) works.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "phonestore"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "phonestore"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name", "phone")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-in"
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True
STORE_CURRENCY = "INR"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Absolute base for image URLs in API answers (the storefront runs on another origin).
PUBLIC_API_URL = env_str("PUBLIC_API_URL", "http://127.0.0.1:" + env_str("API_PORT", "8000")).rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StorePagination",
    "PAGE_SIZE": 24,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.errors.api_exception_handler",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # Tokens carry a hash of the password: a password change ends every other session at once.
    "CHECK_REVOKE_TOKEN": True,
    "REVOKE_TOKEN_CLAIM": "hash_password",
    "SIGNING_KEY": env_str("JWT_SIGNING_KEY") or SECRET_KEY,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "PhoneStore API",
    "DESCRIPTION": "Catalog, accounts, cart, checkout, payments and shipping for the PhoneStore mobile phone shop.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# --- Background tasks (Celery). Without REDIS_URL tasks run in-process after commit.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not (env_str("CELERY_BROKER_URL") or REDIS_URL))
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}  # each app adds its periodic tasks below

# === Commerce: cart, orders, payments, background tasks (owned by the commerce apps) ===
from corsheaders.defaults import default_headers  # noqa: E402

from config.env import env_decimal  # noqa: E402

INSTALLED_APPS += ["cart", "orders", "payments"]

# Cart and checkout rules
CART_MAX_QUANTITY_PER_ITEM = env_int("CART_MAX_QUANTITY_PER_ITEM", 5)
CART_GUEST_TTL_DAYS = env_int("CART_GUEST_TTL_DAYS", 30)
SHIPPING_FEE = env_decimal("SHIPPING_FEE", "99.00")
FREE_SHIPPING_THRESHOLD = env_decimal("FREE_SHIPPING_THRESHOLD", "499.00")
ORDER_RESERVATION_MINUTES = env_int("ORDER_RESERVATION_MINUTES", 15)
ORDER_EXPIRY_SWEEP_SECONDS = env_int("ORDER_EXPIRY_SWEEP_SECONDS", 60)

# Payments: a gateway is offered only when configured.
PAYMENTS_DEV_GATEWAY = env_bool("PAYMENTS_DEV_GATEWAY", DEBUG)
RAZORPAY_KEY_ID = env_str("RAZORPAY_KEY_ID")
RAZORPAY_KEY_SECRET = env_str("RAZORPAY_KEY_SECRET")
RAZORPAY_WEBHOOK_SECRET = env_str("RAZORPAY_WEBHOOK_SECRET")
RAZORPAY_API_BASE = env_str("RAZORPAY_API_BASE", "https://api.razorpay.com").rstrip("/")
RAZORPAY_TIMEOUT_SECONDS = env_int("RAZORPAY_TIMEOUT_SECONDS", 10)
STORE_NAME = env_str("STORE_NAME", "PhoneStore")

# Periodic tasks: Celery beat with a broker; `manage.py run_periodic` in the embedded mode.
CELERY_BEAT_SCHEDULE.update(
    {
        "expire-unpaid-orders": {"task": "orders.tasks.expire_unpaid_orders", "schedule": ORDER_EXPIRY_SWEEP_SECONDS},
        "purge-stale-guest-carts": {"task": "cart.tasks.purge_stale_guest_carts", "schedule": 6 * 60 * 60},
        "retry-pending-refunds": {"task": "payments.tasks.retry_pending_refunds", "schedule": 10 * 60},
    }
)
# The storefront (another origin) sends the guest cart token and checkout's Idempotency-Key.
CORS_ALLOW_HEADERS = [*globals().get("CORS_ALLOW_HEADERS", default_headers), "x-cart-token", "idempotency-key"]
CORS_EXPOSE_HEADERS = [*globals().get("CORS_EXPOSE_HEADERS", []), "X-Cart-Token"]
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {"OrderStatusEnum": "orders.models.OrderStatus", "PaymentStatusEnum": "payments.models.PaymentStatus"}
)
# === end commerce ===

# === Stripe and exchange rates (owned by payments' Stripe gateway and the currency app) ===
INSTALLED_APPS += ["currency"]

# Stripe is offered only when both keys are set; its webhooks need the endpoint's whsec_ secret.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_CURRENCIES = [code.upper() for code in env_list("STRIPE_CURRENCIES", ["INR", "USD", "EUR", "GBP", "AED", "SGD"])]
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com").rstrip("/")
STRIPE_TIMEOUT_SECONDS = env_int("STRIPE_TIMEOUT_SECONDS", 10)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 2)
STRIPE_MIN_CHARGE_USD = env_decimal("STRIPE_MIN_CHARGE_USD", "0.50")

# Exchange rates (units per 1 INR) are kept by staff; older ones are refused, never charged at.
EXCHANGE_RATE_MAX_AGE_HOURS = env_int("EXCHANGE_RATE_MAX_AGE_HOURS", 48)
EXCHANGE_RATE_MARKUP_PERCENT = env_decimal("EXCHANGE_RATE_MARKUP_PERCENT", "0")
# === end Stripe ===

# ======================================================================================================
# Search (search/ app). Meilisearch when MEILISEARCH_URL is set, else the embedded tantivy index; the
# embedded one also answers whenever Meilisearch fails. See search/backends/.
# ======================================================================================================
INSTALLED_APPS += ["search"]
MEILISEARCH_URL = env_str("MEILISEARCH_URL").rstrip("/")
MEILISEARCH_API_KEY = env_str("MEILISEARCH_API_KEY")
MEILISEARCH_INDEX_PREFIX = env_str("MEILISEARCH_INDEX_PREFIX", "phonestore_")  # index: <prefix>products
MEILISEARCH_TIMEOUT_MS = env_int("MEILISEARCH_TIMEOUT_MS", 2000)
SEARCH_INDEX_DIR = Path(env_str("SEARCH_INDEX_DIR") or BASE_DIR / "var" / "search")
SEARCH_FALLBACK_SECONDS = env_int("SEARCH_FALLBACK_SECONDS", 30)  # after a Meilisearch failure, skip it this long
SEARCH_TASK_QUEUE = env_str("SEARCH_TASK_QUEUE")  # Celery queue for indexing tasks; empty: the default queue
SHOP_LISTING_BACKEND = env_str("SHOP_LISTING_BACKEND", "database").lower()  # /api/products/: database | search
if SHOP_LISTING_BACKEND not in ("database", "search"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"SHOP_LISTING_BACKEND must be database or search, got {SHOP_LISTING_BACKEND!r}")

from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["search-nightly-reindex"] = {
    "task": "search.tasks.reindex_all",
    "schedule": crontab(hour=3, minute=0),  # CELERY_TIMEZONE: Asia/Kolkata
    "options": {"queue": SEARCH_TASK_QUEUE} if SEARCH_TASK_QUEUE else {},
}

# === Shipping and order emails (owned by the shipping app; README "Shipping" config rows) ===
INSTALLED_APPS += ["shipping", "notifications"]

# Shiprocket is used when an API user's email and password are set, the mock provider otherwise.
# The plan's SHIPROCKET_API_KEY / SHIPROCKET_API_SECRET are accepted as aliases for the same pair.
SHIPROCKET_EMAIL = env_str("SHIPROCKET_EMAIL") or env_str("SHIPROCKET_API_KEY")
SHIPROCKET_PASSWORD = env_str("SHIPROCKET_PASSWORD") or env_str("SHIPROCKET_API_SECRET")
SHIPROCKET_PICKUP_LOCATION = env_str("SHIPROCKET_PICKUP_LOCATION", "Primary")
SHIPROCKET_WEBHOOK_TOKEN = env_str("SHIPROCKET_WEBHOOK_TOKEN")
SHIPROCKET_API_BASE = env_str("SHIPROCKET_API_BASE", "https://apiv2.shiprocket.in").rstrip("/")
SHIPROCKET_TIMEOUT_SECONDS = env_int("SHIPROCKET_TIMEOUT_SECONDS", 5)
SHIPPING_ORIGIN_PINCODE = env_str("SHIPPING_ORIGIN_PINCODE", "560001")
SHIPPING_AUTO_CREATE = env_bool("SHIPPING_AUTO_CREATE", True)
SHIPPING_BOOKING_MAX_ATTEMPTS = env_int("SHIPPING_BOOKING_MAX_ATTEMPTS", 5)
# The mock's simulated tracking: picked up, in transit, out for delivery, delivered, one step apart.
SHIPPING_MOCK_TRACKING = env_bool("SHIPPING_MOCK_TRACKING", DEBUG)
SHIPPING_MOCK_STEP_SECONDS = env_int("SHIPPING_MOCK_STEP_SECONDS", 120)
SHIPPING_TRACKING_SYNC_SECONDS = env_int(
    "SHIPPING_TRACKING_SYNC_SECONDS", 1800 if SHIPROCKET_EMAIL and SHIPROCKET_PASSWORD else 30
)
SHIPPING_TRACKING_SYNC_BATCH = env_int("SHIPPING_TRACKING_SYNC_BATCH", 200)
SHIPPING_ESTIMATE_CACHE_SECONDS = env_int("SHIPPING_ESTIMATE_CACHE_SECONDS", 3600)
CELERY_BEAT_SCHEDULE["shipping-sync-tracking"] = {
    "task": "shipping.tasks.sync_tracking",
    "schedule": SHIPPING_TRACKING_SYNC_SECONDS,
}
CELERY_BEAT_SCHEDULE["shipping-book-pending"] = {"task": "shipping.tasks.book_pending_shipments", "schedule": 5 * 60}

# Order emails (confirmation, shipped, out for delivery, delivered) through Django's mail backend:
# the console unless EMAIL_HOST is set. Another block may already have set the mail settings.
STOREFRONT_URL = env_str("STOREFRONT_URL", "http://127.0.0.1:" + env_str("WEB_PORT", "3000")).rstrip("/")
# A catalog change expires the storefront's cached pages at once (catalog/storefront.py): one POST to its
# /api/revalidate per transaction, with the secret the storefront checks. Off without REVALIDATE_SECRET.
REVALIDATE_SECRET = env_str("REVALIDATE_SECRET")
STOREFRONT_REVALIDATE_URL = env_str("STOREFRONT_REVALIDATE_URL", STOREFRONT_URL + "/api/revalidate")
STOREFRONT_REVALIDATE_TIMEOUT = env_int("STOREFRONT_REVALIDATE_TIMEOUT", 3)
if "EMAIL_BACKEND" not in globals():
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_BACKEND = env_str(
        "EMAIL_BACKEND",
        "django.core.mail.backends.smtp.EmailBackend"
        if env_str("EMAIL_HOST")
        else "django.core.mail.backends.console.EmailBackend",
    )
if env_str("EMAIL_FILE_PATH"):  # for django.core.mail.backends.filebased.EmailBackend (the e2e run reads codes there)
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = globals().get("DEFAULT_FROM_EMAIL") or env_str(
    "DEFAULT_FROM_EMAIL", f"{STORE_NAME} <orders@phonestore.local>"
)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {"ShipmentStatusEnum": "shipping.models.ShipmentStatus"}
)
# === end shipping ===

# =====================================================================================================
# --- Security: roles, audit, rate limits and lockout, headers and cookies, OTP, input limits.
# Every value can be overridden from the environment; the README's config table lists them.
# =====================================================================================================
from csp.constants import NONE, SELF  # noqa: E402

from core.ratelimit import validate_rates  # noqa: E402

# HTTPS (on by default when DEBUG is off; SECURE_SSL_REDIRECT=0 for a local production run over http).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/health/$", r"^api/ready/$"]  # platform probes speak plain http inside
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Railway (and most platforms) end TLS at a proxy that says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG) else None
)
# How many reverse proxies append to X-Forwarded-For in front of the app (Railway: 1); 0 trusts none
# and uses the socket address. Client IPs for rate limits, lockout and the audit log come from here.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "usb",
            "xr-spatial-tracking",
        )
    ),
)

# Cookies (only the admin uses them: the API is JWT). Secure ones get the __Host- prefix.
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Strict"
if SECURE_COOKIES:
    SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "__Host-sessionid", "__Host-csrftoken"
SESSION_COOKIE_AGE = env_int("ADMIN_SESSION_HOURS", 8) * 3600
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CORS_ALLOW_CREDENTIALS = False  # bearer tokens, no cookies, cross-origin

# Content-Security-Policy (django-csp): nothing may load from a JSON answer; the admin and the Swagger
# UI (served from this origin by drf-spectacular-sidecar) get what they need, from 'self' only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {"default-src": [NONE], "frame-ancestors": [NONE], "base-uri": [NONE], "form-action": [NONE]}
}
CSP_HTML_PATH_PREFIXES = ["/admin/", "/api/docs/"]
CSP_HTML_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "frame-ancestors": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
SPECTACULAR_SETTINGS.update(
    {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR"}
)
# The schema documents every error answer in the one error shape (schemathesis holds the API to it).
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    *SPECTACULAR_SETTINGS.get("POSTPROCESSING_HOOKS", ["drf_spectacular.hooks.postprocess_schema_enums"]),
    "core.openapi.document_errors",
]

# Input limits: API bodies are small JSON documents, parsed strictly.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 256 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # the admin's product page with its variant and image inlines
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = ["core.parsers.StrictJSONParser"]

# Rate limits (django-ratelimit, counted in the default cache: Redis when REDIS_URL is set). A limited
# request is a 429 with Retry-After. Format: <count>/<period>, e.g. 5/m, 3/15m, 100/h; empty = no limit.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "core.views.rate_limited"
RATELIMIT_IP_META_KEY = "core.ratelimit.ratelimit_ip"
RATELIMIT_FAIL_OPEN = False  # cache down: core.ratelimit applies each scope's policy (the block at the end)
RATE_LIMITS = validate_rates(
    {
        "auth_token_ip": env_str("RATE_LIMIT_AUTH_TOKEN_IP", "30/m"),
        "auth_token_account": env_str("RATE_LIMIT_AUTH_TOKEN_ACCOUNT", "5/m"),
        "auth_refresh_ip": env_str("RATE_LIMIT_AUTH_REFRESH_IP", "60/m"),
        "auth_register_ip": env_str("RATE_LIMIT_AUTH_REGISTER_IP", "10/h"),
        "auth_password_change_user": env_str("RATE_LIMIT_AUTH_PASSWORD_CHANGE_USER", "5/15m"),
        "auth_otp_request_ip": env_str("RATE_LIMIT_AUTH_OTP_REQUEST_IP", "10/h"),
        "auth_otp_request_account": env_str("RATE_LIMIT_AUTH_OTP_REQUEST_ACCOUNT", "3/15m"),
        "auth_otp_verify_ip": env_str("RATE_LIMIT_AUTH_OTP_VERIFY_IP", "30/h"),
        "auth_otp_verify_account": env_str("RATE_LIMIT_AUTH_OTP_VERIFY_ACCOUNT", "10/15m"),
        "auth_password_reset_ip": env_str("RATE_LIMIT_AUTH_PASSWORD_RESET_IP", "10/h"),
        "auth_password_reset_account": env_str("RATE_LIMIT_AUTH_PASSWORD_RESET_ACCOUNT", "3/h"),
        "search_ip": env_str("RATE_LIMIT_SEARCH_IP", "120/m"),
        "checkout_user": env_str("RATE_LIMIT_CHECKOUT_USER", "10/m"),
        "payment_create_user": env_str("RATE_LIMIT_PAYMENT_CREATE_USER", "20/m"),
    }
)
SILENCED_SYSTEM_CHECKS = list(globals().get("SILENCED_SYSTEM_CHECKS", []))
if not REDIS_URL:
    # Embedded mode is one process: local-memory counters are correct there. Production sets REDIS_URL
    # (`check --deploy` says so: core.W001).
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Account lockout (django-axes): LOGIN_LOCKOUT_FAILURES failed sign-ins (password or OTP) for one account
# lock it for LOGIN_LOCKOUT_MINUTES, whether or not the account exists, so the answer tells an attacker
# nothing. Attempts live in the database, shared by every worker; per-IP limits are the rate limits above.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_LOCKOUT_FAILURES", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_credentials"
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lock ends LOGIN_LOCKOUT_MINUTES after it began
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not logged per request
AXES_VERBOSE = False
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
# axes.W006 asks for ip_address in the lockout parameters: locking IPs would lock whole mobile-carrier
# NATs; per-IP abuse is stopped by the rate limits instead.
SILENCED_SYSTEM_CHECKS += ["axes.W006"]

# OTP sign-in: a 6-digit code by email (Django's mail backend) or SMS (OTP_SMS_SENDER), stored hashed.
OTP_TTL_SECONDS = env_int("OTP_TTL_SECONDS", 300)
# A password reset link works once, for this long (Django's PasswordResetTokenGenerator).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
OTP_MAX_ATTEMPTS = env_int("OTP_MAX_ATTEMPTS", 5)
OTP_SMS_SENDER = env_str("OTP_SMS_SENDER", "accounts.otp_senders.ConsoleSmsSender")
# Email codes use the mail settings of the shipping block above (EMAIL_*, DEFAULT_FROM_EMAIL).

# ======================================================================================================
# Performance, caching and production serving (owned by perf; docs/performance.md, docs/operations.md).
# ======================================================================================================
# Cached catalog values (category tree, brands, home sections, facet counts per filter set, whole public
# API answers) are dropped at once by any catalog change (catalog.signals) and never served longer than
# this after they were computed; 0 turns the caches off. Stock taken by orders (a bulk UPDATE) shows within it.
CATALOG_CACHE_SECONDS = env_int("CATALOG_CACHE_SECONDS", 60)
# What anonymous catalog and search answers tell a CDN (Cache-Control: public, max-age=0, s-maxage,
# stale-while-revalidate; plus an ETag for conditional GETs). Personal answers are no-store (security's
# SecurityHeadersMiddleware).
HTTP_CACHE_S_MAXAGE = env_int("HTTP_CACHE_S_MAXAGE", 60)
HTTP_CACHE_STALE_WHILE_REVALIDATE = env_int("HTTP_CACHE_STALE_WHILE_REVALIDATE", 300)
# Each process re-reads the cache versions at most this often and keeps hot values this long in memory
# (core/cache.py): another process's catalog change shows within it. 0: every request asks Redis.
CACHE_LOCAL_SECONDS = float(env_decimal("CACHE_LOCAL_SECONDS", "1"))
CACHE_LOCAL_ENTRIES = env_int("CACHE_LOCAL_ENTRIES", 1000)
if REDIS_URL:
    # A slow or unreachable Redis must cost milliseconds, not a worker: the caches fall back to computing.
    CACHES["default"]["OPTIONS"].update(
        {
            "SOCKET_CONNECT_TIMEOUT": env_int("REDIS_CONNECT_TIMEOUT_MS", 500) / 1000,
            "SOCKET_TIMEOUT": env_int("REDIS_TIMEOUT_MS", 500) / 1000,
        }
    )
# Static files (admin, API docs) served by the API process itself through WhiteNoise, compressed, from
# STATIC_ROOT filled by `collectstatic` in the release step (make prod, Railway's build).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STATIC_ROOT = Path(env_str("STATIC_ROOT") or STATIC_ROOT)
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start when it is missing
except OSError:
    pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Old signing keys still accepted while a rotated SECRET_KEY takes over (docs/operations.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
# Celery's default queue (tasks without a queue of their own; a worker consumes it with --queues).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# === end performance ===

# ======================================================================================================
# Keep selling when a part fails (issue 14): Redis is a cache, not a gate; limits on writes; outages are
# 503s. docs/operations.md "When Redis is down", docs/security.md "When Redis is down".
# ======================================================================================================
# A request that meets an outage of Redis, the task broker or the database: 503 service_unavailable with
# this Retry-After (seconds), never a 500 (core.errors, core.outages).
SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS", 5)
# core.metrics logs a counter the first time and then every N-th count.
METRICS_LOG_EVERY = env_int("METRICS_LOG_EVERY", 100)
# Per-user limits on writes (guests by client IP), like checkout's.
RATE_LIMITS.update(
    validate_rates(
        {
            "cart_write_user": env_str("RATE_LIMIT_CART_WRITE_USER", "60/m"),
            "address_write_user": env_str("RATE_LIMIT_ADDRESS_WRITE_USER", "30/m"),
            "review_user": env_str("RATE_LIMIT_REVIEW_USER", "10/h"),
        }
    )
)
# Redis down: these per-account protections against guessing and mail bombing are counted in the
# database (core.models.RateLimitCounter); every other limit fails open with a metric and a log line.
RATE_LIMITS_DATABASE_FALLBACK = frozenset(
    {
        "auth_token_account",
        "auth_otp_request_account",
        "auth_otp_verify_account",
        "auth_password_reset_account",
        "auth_password_change_user",
    }
)
if RATE_LIMITS_DATABASE_FALLBACK - RATE_LIMITS.keys():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"RATE_LIMITS_DATABASE_FALLBACK names unknown scopes: {RATE_LIMITS_DATABASE_FALLBACK - RATE_LIMITS.keys()}"
    )
# After a failed send to the broker a process sends nothing there for this long (core.tasks): the work is
# caught up from the database, and an outage costs one slow request per process, not every request.
TASK_BROKER_PAUSE_SECONDS = env_int("TASK_BROKER_PAUSE_SECONDS", 10)
# An unreachable broker host must fail a send in about a second, not the operating system's connect timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **globals().get("CELERY_BROKER_TRANSPORT_OPTIONS", {}),
    "socket_connect_timeout": env_int("BROKER_CONNECT_TIMEOUT_MS", 1000) / 1000,
}
CELERY_BEAT_SCHEDULE["purge-rate-limit-counters"] = {
    "task": "core.tasks.purge_rate_limit_counters",
    "schedule": 60 * 60,
}
# After-commit work lost with the broker is caught up from the database (docs/operations.md): order emails
# owed for the last ORDER_EMAIL_CATCH_UP_HOURS (a failed one is tried up to ORDER_EMAIL_MAX_ATTEMPTS times)
# and carrier cancellations of cancelled orders; shipment bookings and refunds have their own sweeps above.
ORDER_EMAIL_CATCH_UP_HOURS = env_int("ORDER_EMAIL_CATCH_UP_HOURS", 24)
ORDER_EMAIL_MAX_ATTEMPTS = env_int("ORDER_EMAIL_MAX_ATTEMPTS", 5)
CELERY_BEAT_SCHEDULE["notifications-send-missed"] = {
    "task": "notifications.tasks.send_missed_order_emails",
    "schedule": 5 * 60,
}
CELERY_BEAT_SCHEDULE["shipping-cancel-pending"] = {
    "task": "shipping.tasks.cancel_pending_at_carrier",
    "schedule": 5 * 60,
}
# === end keep selling ===
