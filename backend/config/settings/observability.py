"""Seeing inside a fleet of replicas (core/observability/; docs/operations.md, "Logs, errors, metrics, traces"):
JSON logs with a request id, Sentry, Prometheus metrics, OpenTelemetry traces; and REPLICAS, the number of API
replicas the deployment runs, which `check --deploy` holds the per-machine parts against."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_decimal, env_int, env_str
from config.settings.base import DEBUG

# API replicas (separate machines or containers) behind the load balancer. Above 1, `check --deploy` warns about
# what lives on one machine: files on the local disk, the embedded search index, the in-process periodic runner.
REPLICAS = env_int("REPLICAS", 1)

# --- Logs: one JSON object a line in production (time, level, logger, message, request_id), text when DEBUG.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json").lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# Emails, mobile numbers and bearer tokens replaced in every line (on unless DEBUG: the console SMS sender's
# lines, which development and the end-to-end tests read, carry a number and a code).
LOG_SCRUB_PERSONAL_DATA = env_bool("LOG_SCRUB_PERSONAL_DATA", not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.observability.context.RequestIdLogFilter"}},
    "formatters": {
        "text": {
            "()": "core.observability.context.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            "scrub": LOG_SCRUB_PERSONAL_DATA,
        },
        "json": {
            "()": "core.observability.context.JsonFormatter",
            "scrub": LOG_SCRUB_PERSONAL_DATA,
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
# The worker's and beat's lines go through LOGGING too (JSON, request ids), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Errors: Sentry when SENTRY_DSN is set (Django and Celery integrations; personal data scrubbed before sending).
SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_RELEASE = env_str("SENTRY_RELEASE")
# Share of requests traced into Sentry's performance view (0: errors only; OpenTelemetry does traces).
SENTRY_TRACES_SAMPLE_RATE = float(env_decimal("SENTRY_TRACES_SAMPLE_RATE", "0"))

# --- Metrics: Prometheus text at /metrics for a bearer METRICS_TOKEN (unset: 404). Under gunicorn set
# PROMETHEUS_MULTIPROC_DIR (read by prometheus_client itself) to an empty directory per replica.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# --- Traces: OpenTelemetry over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the SDK reads the other
# OTEL_* variables itself: headers, sampler); off otherwise.
OTEL_EXPORTER_OTLP_ENDPOINT = env_str("OTEL_EXPORTER_OTLP_ENDPOINT")
OTEL_SERVICE_NAME = env_str("OTEL_SERVICE_NAME", "phonestore")

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
# The storefront may pass its own request id and read the API's.
cors_allow_headers = ["x-request-id"]
cors_expose_headers = ["X-Request-ID"]
