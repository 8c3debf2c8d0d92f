import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BACKEND = Path(__file__).resolve().parents[2]


def _run(command: list[str], **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL")}
    clean.update(env)
    return subprocess.run(command, cwd=BACKEND, env=clean, capture_output=True, text=True, timeout=60)


def _manage(*args, **env):
    return _run([sys.executable, "manage.py", *args], **env)


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "PhoneStore refuses to start: DEBUG is off and SECRET_KEY is not set (export SECRET_KEY=<long random string>)."
    ]


def test_starts_in_debug_without_secret_key():
    assert _manage("check", DEBUG="1").returncode == 0


def test_a_bad_boolean_is_a_clear_error():
    result = _manage("check", DEBUG="perhaps")
    assert result.returncode != 0 and "DEBUG must be a boolean" in result.stderr


def _python(code: str, **env):
    return _run([sys.executable, "-c", code], **env)


def _fresh_checkout(tmp_path) -> dict[str, str]:
    """A clone's first run: the SQLite file and STATIC_ROOT live in a var/ directory that does not exist yet.
    DEBUG off: in DEBUG WhiteNoise looks for files per request and never warns."""
    var = tmp_path / "var"
    return {
        "DEBUG": "0",
        "SECRET_KEY": "test-only-secret-key-not-for-production-0123456789",
        "DATABASE_URL": f"sqlite:///{var / 'phonestore.sqlite3'}",
        "STATIC_ROOT": str(var / "static"),
    }


def test_reading_the_settings_creates_nothing(tmp_path):
    result = _python("import config.settings", **_fresh_checkout(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "var").exists()


def test_a_fresh_checkout_migrates_and_serves_static_files_without_warnings(tmp_path):
    env = _fresh_checkout(tmp_path)
    migrate = _manage("migrate", "--noinput", "-v0", **env)
    assert migrate.returncode == 0, migrate.stderr
    assert (tmp_path / "var" / "phonestore.sqlite3").is_file()

    (tmp_path / "var" / "static").rmdir()  # as after a deploy whose build step did not collect static files
    wsgi = _python("from config.wsgi import application", **env)
    assert wsgi.returncode == 0, wsgi.stderr
    assert "No directory at" not in wsgi.stderr  # WhiteNoise's warning at every start
    assert (tmp_path / "var" / "static").is_dir()


def test_whitenoise_serves_static_files_before_any_other_middleware_runs():
    # Right after SecurityMiddleware (HTTPS redirect, HSTS), as WhiteNoise's documentation asks.
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
