import contextlib
from importlib import import_module
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        import_module("core.checks")  # registers the deployment checks
        make_local_directories()
        from core.observability import setup

        setup()  # logs' request ids in tasks, Sentry, metrics, traces: before any middleware loads


def make_local_directories() -> None:
    """At start-up, not at settings import: on a fresh clone SQLite cannot create its file's directory,
    and WhiteNoise warns at every start when STATIC_ROOT is missing."""
    for database in settings.DATABASES.values():
        name = str(database.get("NAME") or "")
        # ":memory:" and "file:" URIs name no directory.
        if database["ENGINE"] == "django.db.backends.sqlite3" and name and not name.startswith((":memory:", "file:")):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a read-only disk: the warning, but the API still starts
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
