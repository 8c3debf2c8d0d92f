"""Security: HTTPS, headers, cookies, CORS origins, CSP, input limits, rate limits, account lockout, OTP.
Every value can be overridden from the environment; the README's config table lists them."""

from datetime import timedelta

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import DEBUG, REDIS_URL
from core.ratelimit import validate_proxies, validate_rates

# HTTPS (on by default when DEBUG is off; SECURE_SSL_REDIRECT=0 for a local production run over http).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Platform probes and the Prometheus scraper speak plain http inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^api/health/$", r"^api/ready/$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Railway (and most platforms) end TLS at a proxy that says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG) else None
)
# Client IPs for rate limits, lockout and the audit log (core.ratelimit.client_ip). Either the addresses of our
# own proxies (TRUSTED_PROXIES: IPs or CIDR ranges, e.g. the load balancer and the storefront's servers), whose
# X-Forwarded-For is believed only when the request came from one of them; or, where the proxies' addresses are
# not known (Railway), how many proxies append to X-Forwarded-For (TRUSTED_PROXY_COUNT: 1). Neither: the socket.
TRUSTED_PROXIES = validate_proxies(env_list("TRUSTED_PROXIES"))
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXIES and TRUSTED_PROXY_COUNT:
    raise ImproperlyConfigured("Set TRUSTED_PROXIES or TRUSTED_PROXY_COUNT, not both")
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
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"
SESSION_COOKIE_AGE = env_int("ADMIN_SESSION_HOURS", 8) * 3600
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# CORS: the local storefront by default only in development; production names its own (check --deploy:
# core.W002). Bearer tokens, no cookies, cross-origin. The allowed headers: config/settings/__init__.py.
CORS_ALLOWED_ORIGINS = env_list(
    "CORS_ALLOWED_ORIGINS", ["http://127.0.0.1:3000", "http://localhost:3000"] if DEBUG else []
)
CORS_ALLOW_CREDENTIALS = False

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

# Input limits: API bodies are small JSON documents (parsed strictly: base's REST_FRAMEWORK).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 256 * 1024)
# The few routes that take files, each with its own larger limit, on purpose: a return's photos (3 x 5 MB,
# multipart, plus its fields). Every other API body stays under API_MAX_BODY_BYTES.
API_LARGE_BODY_ROUTES: list[tuple[str, int]] = [
    (r"^/api/orders/\d+/returns/$", 16 * 1024 * 1024),
    (r"^/api/staff/catalog/import/$", 4 * 1024 * 1024 + 64 * 1024),  # a catalog CSV (staff.catalog_csv), + multipart
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # the admin's product page with its variant and image inlines

# Rate limits (django-ratelimit, counted in the default cache: Redis when REDIS_URL is set). A limited
# request is a 429 with Retry-After. Format: <count>/<period>, e.g. 5/m, 3/15m, 100/h; empty = no limit.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "core.views.rate_limited"
RATELIMIT_IP_META_KEY = "core.ratelimit.ratelimit_ip"
RATELIMIT_FAIL_OPEN = False  # cache down: core.ratelimit applies each scope's policy (below)
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
        # Writes a script could repeat without end, per user (guests by client IP).
        "cart_write_user": env_str("RATE_LIMIT_CART_WRITE_USER", "60/m"),
        "address_write_user": env_str("RATE_LIMIT_ADDRESS_WRITE_USER", "30/m"),
        "review_user": env_str("RATE_LIMIT_REVIEW_USER", "10/h"),
        # Guessing coupon codes: tries to apply one, per shopper (guests by IP) and per IP.
        "coupon_apply_user": env_str("RATE_LIMIT_COUPON_APPLY_USER", "10/15m"),
        "coupon_apply_ip": env_str("RATE_LIMIT_COUPON_APPLY_IP", "30/h"),
        # Cash on delivery's confirmation code: guesses and new codes (each also capped per order).
        "cod_confirm_user": env_str("RATE_LIMIT_COD_CONFIRM_USER", "30/h"),
        "cod_resend_user": env_str("RATE_LIMIT_COD_RESEND_USER", "3/15m"),
        # The wishlist's and the alerts' writes per shopper; unsubscribe links per IP (they need no sign-in).
        "wishlist_write_user": env_str("RATE_LIMIT_WISHLIST_WRITE_USER", "60/m"),
        "alerts_write_user": env_str("RATE_LIMIT_ALERTS_WRITE_USER", "30/m"),
        "alerts_unsubscribe_ip": env_str("RATE_LIMIT_ALERTS_UNSUBSCRIBE_IP", "30/m"),
        # Personal data (privacy app): copies of one's data, codes to delete the account and tries at confirming.
        "privacy_export_user": env_str("RATE_LIMIT_PRIVACY_EXPORT_USER", "5/h"),
        "privacy_erasure_code_user": env_str("RATE_LIMIT_PRIVACY_ERASURE_CODE_USER", "3/15m"),
        "privacy_erasure_user": env_str("RATE_LIMIT_PRIVACY_ERASURE_USER", "10/h"),
        "privacy_consent_user": env_str("RATE_LIMIT_PRIVACY_CONSENT_USER", "30/h"),
        # Complaints to the grievance officer, per client IP (signed in or not): each one emails two people.
        "support_complaint_ip": env_str("RATE_LIMIT_SUPPORT_COMPLAINT_IP", "5/h"),
    }
)
# Redis down (docs/security.md, "When Redis is down"): these per-account protections against guessing and
# mail bombing are counted in the database (core.models.RateLimitCounter); every other limit fails open,
# counted in core.metrics and logged.
RATE_LIMITS_DATABASE_FALLBACK = frozenset(
    {
        "auth_token_account",
        "auth_otp_request_account",
        "auth_otp_verify_account",
        "auth_password_reset_account",
        "auth_password_change_user",
        "privacy_erasure_code_user",
        "privacy_erasure_user",
    }
)
if RATE_LIMITS_DATABASE_FALLBACK - RATE_LIMITS.keys():
    raise ImproperlyConfigured(
        f"RATE_LIMITS_DATABASE_FALLBACK names unknown scopes: {RATE_LIMITS_DATABASE_FALLBACK - RATE_LIMITS.keys()}"
    )
SILENCED_SYSTEM_CHECKS = [
    # Embedded mode is one process: local-memory counters are correct there. Production sets REDIS_URL
    # (`check --deploy` says so: core.W001).
    *([] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]),
    # axes.W006 asks for ip_address in the lockout parameters: locking IPs would lock whole mobile-carrier
    # NATs; per-IP abuse is stopped by the rate limits instead.
    "axes.W006",
]

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

# OTP sign-in: a 6-digit code by email (Django's mail backend) or SMS (the sms app, config/settings/sms.py),
# stored hashed.
# Email codes use the mail settings in shipping.py (EMAIL_*, DEFAULT_FROM_EMAIL).
OTP_TTL_SECONDS = env_int("OTP_TTL_SECONDS", 300)
OTP_MAX_ATTEMPTS = env_int("OTP_MAX_ATTEMPTS", 5)
# A password reset link works once, for this long (Django's PasswordResetTokenGenerator).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    # The database rate-limit counters of ended windows (core.ratelimit).
    "purge-rate-limit-counters": {"task": "core.tasks.purge_rate_limit_counters", "schedule": 60 * 60},
    # Sign-in codes long ended (accounts.tasks): asking codes for numbers nobody signs in with leaves rows.
    "purge-otp-challenges": {"task": "accounts.tasks.purge_otp_challenges", "schedule": 60 * 60},
}
