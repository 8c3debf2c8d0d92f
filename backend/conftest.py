"""Fixtures shared by every app's tests."""

from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from rest_framework.test import APIClient

if TYPE_CHECKING:
    from accounts.models import User

# Fixture modules shared across apps (pytest reads pytest_plugins only here, in the rootdir's conftest).
pytest_plugins = ["catalog.tests.fixtures", "orders.tests.fixtures", "invoicing.tests.fixtures", "sms.tests.fixtures"]


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path, monkeypatch):
    from django.apps import apps
    from django.db.models import FileField

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    # A FileField given a storage callable (invoicing's private storage) calls it once, when models load: point
    # it at this test's storage too, or its files land in the real PRIVATE_MEDIA_ROOT.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and getattr(field, "_storage_callable", None) is not None:
                monkeypatch.setattr(field, "storage", field._storage_callable())
    # Search indexes of a test live and die with it (never backend/var/search, never a real index).
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    settings.MEILISEARCH_INDEX_PREFIX = f"test_{tmp_path.name}_"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from core.cache import clear_local

    cache.clear()
    clear_local()
    yield
    cache.clear()
    clear_local()


@pytest.fixture(autouse=True)
def _closed_breakers():
    """Each test starts with every provider's circuit breaker closed (failures of one test never open
    another's provider)."""
    from core import breakers

    breakers.reset()
    yield
    breakers.reset()


@pytest.fixture(autouse=True)
def _broker_tried_again():
    """A test that met a broker outage does not leave the next one skipping the broker (core.tasks)."""
    from core.tasks import resume_broker

    resume_broker()


@pytest.fixture(autouse=True)
def _console_sms(settings):
    """No test sends a real SMS, whatever the environment says: the console sender, unless a test asks for the
    MSG91 stand-in (the `msg91` fixture, sms/tests/fixtures.py)."""
    settings.SMS_SENDER = "sms.providers.console.ConsoleSmsSender"
    settings.SMS_CONSOLE_SHOW_TEXT = True  # tests sign in with the code it logs, as in development
    settings.MSG91_AUTH_KEY = ""


@pytest.fixture(autouse=True)
def eager_tasks(settings):
    """Tasks run in-process after commit, as in the embedded mode, even when REDIS_URL is set; a test that
    means the broker (payments/tests/test_celery_redis.py, search/tests/test_worker.py) turns this off."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory()


class SignedInClient(APIClient):
    """An APIClient signed in as `user` with a real JWT access token; tests read the user back from it."""

    def __init__(self, user: "User") -> None:
        from rest_framework_simplejwt.tokens import RefreshToken

        super().__init__()
        self.user = user
        self.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")


@pytest.fixture
def auth_client(user):
    """Signed in as `user`."""
    return client_for(user)


def refusal(response, status: int) -> dict:
    """The error of a refused request, after checking its status and the one error shape:
    {"code", "message", "fields"}, so a test can compare the whole answer at once."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


def client_for(user: "User") -> SignedInClient:
    return SignedInClient(user)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only: speed over strength


@pytest.fixture(autouse=True)
def _cod_off(settings):
    """Cash on delivery (on by default) stays out of the gateways' own tests, which list exactly the gateways
    configured; the COD tests (payments/tests/test_cod_*.py, ...) turn it on."""
    settings.COD_ENABLED = False


@pytest.fixture
def staff_client(db):
    """Signed in as a member of the staff role."""
    from staff.tests.factories import staff_member

    return client_for(staff_member())


@pytest.fixture
def shop_admin_client(db):
    """Signed in as a member of the admin role (not a Django superuser)."""
    from staff.tests.factories import shop_admin

    return client_for(shop_admin())


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the block as if it were a transaction of its own, and its on-commit callbacks
    when it ends. (A test is one transaction that never commits; what fixtures changed before stays
    pending in it and is forgotten here.)"""
    from core import batching

    @contextmanager
    def run():
        batching.forget()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return run


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused at once


@pytest.fixture
def redis_down(settings):
    """The cache is Redis (as in production) and Redis is down: every cache call raises django-redis's
    ConnectionInterrupted within milliseconds. Counters of core.metrics start from zero."""
    from core import metrics

    previous = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.05,
                "SOCKET_TIMEOUT": 0.05,
            },
        }
    }
    metrics.reset()
    yield
    settings.CACHES = previous  # before the autouse cache clearing runs again
