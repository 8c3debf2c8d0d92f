"""Settings for running as a fleet: S3 storage from the environment, `check --deploy`'s warnings about the parts
that live on one machine when REPLICAS > 1, the log format."""

import json

from core.tests.test_settings import _manage, _python

PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "test-only-secret-key-not-for-production-0123456789"}
ONE_MACHINE = ("core.W003", "core.W004", "core.W005")


def test_s3_bucket_in_the_environment_makes_both_storages_s3_and_nothing_else_does():
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"}
    show = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES))"
    disk = json.loads(_python(show, **env).stdout.strip().splitlines()[-1])
    assert disk["default"]["BACKEND"] == disk["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    s3 = json.loads(
        _python(
            show,
            **env,
            S3_BUCKET="shop-media",
            S3_PRIVATE_BUCKET="shop-documents",
            S3_ENDPOINT_URL="https://acc.r2.cloudflarestorage.com",
            S3_PUBLIC_URL_BASE="https://img.example.in",
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    public, private = s3["default"]["OPTIONS"], s3["private"]["OPTIONS"]
    assert (public["bucket_name"], public["custom_domain"], public["default_acl"]) == (
        "shop-media",
        "img.example.in",
        "public-read",
    )
    assert (private["bucket_name"], private["location"], private["default_acl"]) == ("shop-documents", "", "private")
    assert "custom_domain" not in private and private["querystring_auth"] is True


def test_a_private_bucket_without_the_public_one_is_refused():
    result = _manage("check", **PRODUCTION, S3_PRIVATE_BUCKET="docs")
    assert result.returncode != 0 and "S3_PRIVATE_BUCKET is set without S3_BUCKET" in result.stderr


def test_several_replicas_with_one_machine_parts_warn_at_check_deploy():
    alone = _manage("check", "--deploy", **PRODUCTION)
    assert not [code for code in ONE_MACHINE if code in alone.stderr + alone.stdout]

    fleet = _manage("check", "--deploy", **PRODUCTION, REPLICAS="3")
    out = fleet.stderr + fleet.stdout
    assert all(code in out for code in ONE_MACHINE), out

    shared = _manage(
        "check",
        "--deploy",
        **PRODUCTION,
        REPLICAS="3",
        S3_BUCKET="shop-media",
        MEILISEARCH_URL="http://search.internal:7700",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/5",
    )
    assert not [code for code in ONE_MACHINE if code in shared.stderr + shared.stdout]


def test_production_logs_are_json_lines_with_a_request_id_and_debug_logs_are_text():
    log = "import django, logging; django.setup(); logging.getLogger('demo').warning('hello %s', 'there')"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings"}
    [line] = [x for x in _python(log, **env, **PRODUCTION).stderr.splitlines() if '"demo"' in x]
    record = json.loads(line)
    assert record["level"] == "WARNING" and record["logger"] == "demo" and record["message"] == "hello there"
    assert record["request_id"] == "-" and record["time"][:2] == "20"
    text = _python(log, **env, DEBUG="1").stderr
    assert " WARNING demo [-] hello there" in text


def test_production_log_lines_and_tracebacks_lose_emails_and_mobile_numbers():
    log = (
        "import django, logging; django.setup(); logger = logging.getLogger('demo')\n"
        "try:\n    raise ValueError('no route to 9876543210')\n"
        "except ValueError:\n    logger.exception('mail to %s failed, call +91 98765 43210', 'asha@example.in')"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings"}
    out = _python(log, **env, **PRODUCTION).stderr
    [line] = [x for x in out.splitlines() if '"demo"' in x]
    record = json.loads(line)
    assert record["message"] == "mail to [Filtered] failed, call [Filtered]"
    assert "ValueError: no route to [Filtered]" in record["exc_info"]
    assert "9876543210" not in out and "asha@" not in out
