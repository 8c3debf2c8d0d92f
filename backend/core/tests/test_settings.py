import os
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BACKEND, env=clean, capture_output=True, text=True, timeout=60
    )


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
