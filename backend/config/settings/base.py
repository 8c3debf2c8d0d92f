"""Django itself: apps, middleware, database, cache, auth, i18n, files, DRF, JWT, the API schema, logging
and Celery's core. With no environment the store runs embedded (SQLite, local-memory cache, eager tasks);
DATABASE_URL / REDIS_URL switch to PostgreSQL and Redis."""

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        sys.exit(
            "PhoneStore refuses to start: DEBUG is off and SECRET_KEY is not set"
            " (export SECRET_KEY=<long random string>)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-used-when-debug-is-off"
# Old signing keys still accepted while a rotated SECRET_KEY takes over (docs/operations.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

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
    "cart",
    "orders",
    "payments",
    "currency",
    "search",
    "shipping",
    "notifications",
    "sms",
    "invoicing",
    "coupons",
    "returns",
    "tax",
    "wishlist",
    "legal",
    "privacy",
    "support",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (admin, API docs) served by the API process itself, compressed, from STATIC_ROOT.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request id on every log line and task, the request's metrics (core/observability/).
    "core.observability.middleware.ObservabilityMiddleware",
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

# --- Database: a SQLite file by default (its directory is made at start-up by core's AppConfig),
# PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'var' / 'phonestore.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if DATABASE_URL else 0),
        conn_health_checks=bool(DATABASE_URL),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        # WAL lets the API read while a writer (seed, task) works.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "phonestore"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A slow or unreachable Redis must cost milliseconds, not a worker: the caches fall back
                # to computing.
                "SOCKET_CONNECT_TIMEOUT": env_int("REDIS_CONNECT_TIMEOUT_MS", 500) / 1000,
                "SOCKET_TIMEOUT": env_int("REDIS_TIMEOUT_MS", 500) / 1000,
            },
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
STORE_NAME = env_str("STORE_NAME", "PhoneStore")

# --- Files. Static files are filled by `collectstatic` in the release step (make prod, Railway's build);
# STATIC_ROOT is made at start-up by core's AppConfig, since WhiteNoise warns at every start without it.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "static")
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Private files (tax invoices, credit notes) are never served by URL: the API streams them after its owner check.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Absolute base for image URLs in API answers (the storefront runs on another origin).
PUBLIC_API_URL = env_str("PUBLIC_API_URL", "http://127.0.0.1:" + env_str("API_PORT", "8000")).rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    # API bodies are small JSON documents, parsed strictly (sizes: security's API_MAX_BODY_BYTES).
    "DEFAULT_PARSER_CLASSES": ["core.parsers.StrictJSONParser"],
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
    "ENUM_NAME_OVERRIDES": {},  # each app names its enums; config/settings/__init__.py gathers them
    # The Swagger UI and ReDoc come from this origin (drf-spectacular-sidecar): the CSP allows 'self' only.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema documents every error answer in the one error shape (schemathesis holds the API to it).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.openapi.document_errors"],
}

# Logging: config/settings/observability.py.

# --- Background tasks (Celery). Without a broker tasks run in-process after commit; periodic tasks run
# under Celery beat, or `manage.py run_periodic` in the embedded mode (CELERY_BEAT_SCHEDULE: each concern's
# entries, gathered in config/settings/__init__.py).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not (env_str("CELERY_BROKER_URL") or REDIS_URL))
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Message priority on the Redis broker: 0 is taken first (kombu keeps a list per priority step, 0 3 6 9, and a worker
# reads them in that order). Every task goes at this default; a message a person is waiting for (a sign-in code, a
# reset link: core.tasks.deliver_on_commit) goes at 0, so it does not queue behind a burst of invoices and e-mails.
CELERY_TASK_DEFAULT_PRIORITY = 3
# Celery's Django fixup closes the database connection around every task unless this is set: a new PostgreSQL
# connection per task, which cost a worker 40% of its throughput. It now closes one every this many tasks; between
# tasks Django's own rule holds, as for a request (config/celery.py: CONN_MAX_AGE and the health check).
CELERY_DB_REUSE_MAX = 1000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# The default queue (tasks without a queue of their own; a worker consumes it with --queues).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# An unreachable broker host must fail a send in about a second, not the operating system's connect timeout.
# Tasks are acknowledged when done (acks late): the task of a worker that died (kill -9, a lost machine) goes
# back to the queue once it has been out this many seconds, for another worker. Longer than the slowest task,
# or a task still running is handed out a second time. Each worker looks for such tasks every 10 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": env_int("BROKER_CONNECT_TIMEOUT_MS", 1000) / 1000,
    "visibility_timeout": env_int("BROKER_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_throttle": 1,  # kombu's default looks only every 10th time (every 100 s)
}
# After a failed send to the broker a process sends nothing there for this long (core.tasks): the work is
# caught up from the database, and an outage costs one slow request per process, not every request.
TASK_BROKER_PAUSE_SECONDS = env_int("TASK_BROKER_PAUSE_SECONDS", 10)

# --- Outages of the parts we run (docs/operations.md, "When Redis is down").
# A request that meets an outage of Redis, the task broker or the database: 503 service_unavailable with
# this Retry-After (seconds), never a 500 (core.errors, core.outages).
SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS", 5)
# core.metrics logs a counter the first time and then every N-th count.
METRICS_LOG_EVERY = env_int("METRICS_LOG_EVERY", 100)
