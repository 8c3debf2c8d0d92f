"""`manage.py check --deploy` is clean with a production environment, and each HTTPS setting matters."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p9Zr!x2Qm#7LwVt4^bN8sKd1&Hf6YcJ3uGe5RaT0iOq-Pz_Wv+Lk3Xy",
    "ALLOWED_HOSTS": "api.example.in",
    "CORS_ALLOWED_ORIGINS": "https://www.example.in",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # The store's own registration (made up, checksum-valid), not the demo GSTIN check --deploy warns about.
    "SELLER_GSTIN": "29AAFCP4321E1ZM",
    "SELLER_STATE_CODE": "29",
    # Texts reach shoppers through MSG91, every kind of message with its DLT template (made-up ids).
    "MSG91_AUTH_KEY": "412345AbCdEfGh6789ijKL01",
    **{
        f"SMS_TEMPLATE_{kind}": f"6650a1b2c3d4e5f6000000{n:02d}"
        for n, kind in enumerate(
            (
                "SIGN_IN_CODE",
                "COD_CODE",
                "ORDER_PLACED",
                "SHIPPED",
                "OUT_FOR_DELIVERY",
                "DELIVERED",
                "CANCELLED",
                "REFUNDED",
                "ALERT",
                "ERASURE_CODE",
                "DATA_REQUEST",
            )
        )
    },
    # The legal pages' contacts (legal.W001, legal.W002): the store's own, not the demo's.
    "SELLER_PHONE": "+91 80 4000 1234",
    "GRIEVANCE_OFFICER_NAME": "Meera Iyer",
    "GRIEVANCE_OFFICER_EMAIL": "grievance@example.in",
    "GRIEVANCE_OFFICER_PHONE": "+91 80 4000 1235",
}
STRIP = (
    "SMS_SENDER",
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_COOKIES",
    "ALLOWED_HOSTS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "INVOICING_ENABLED",
)


def deploy_check(**overrides):
    env = {k: v for k, v in os.environ.items() if k not in STRIP and not k.startswith("PYTEST")}
    env.update(PRODUCTION)
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_a_production_environment():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "warning"),
    [
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_COOKIES": "0"}, "security.W012"),
        ({"SECRET_KEY": "short"}, "security.W009"),
    ],
)
def test_check_deploy_fails_without_each_rule(override, warning):
    result = deploy_check(**override)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_production_without_redis_is_flagged():
    """Rate-limit counters in local memory are per process: production must share them in Redis."""
    result = deploy_check(REDIS_URL="")
    assert result.returncode != 0
    assert "core.W001" in result.stdout + result.stderr


def test_production_without_a_storefront_origin_is_flagged():
    result = deploy_check(CORS_ALLOWED_ORIGINS="")
    assert result.returncode != 0
    assert "core.W002" in result.stdout + result.stderr


def test_production_on_the_demo_gstin_is_flagged():
    """Every invoice would carry a GSTIN that is no one's."""
    from tax.seller import DEMO_SELLER_GSTIN

    result = deploy_check(SELLER_GSTIN=DEMO_SELLER_GSTIN)
    assert result.returncode != 0
    assert "tax.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "warning"),
    [
        ({"MSG91_AUTH_KEY": ""}, "sms.W003"),  # texts would only be logged
        ({"SMS_TEMPLATE_SHIPPED": ""}, "sms.W002"),  # shipped texts would not be sent
    ],
)
def test_production_whose_texts_reach_no_shopper_is_flagged(override, warning):
    result = deploy_check(**override)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr
