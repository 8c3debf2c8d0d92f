"""What a process loads when it starts the API (gunicorn's master imports config.wsgi; every worker forks from it):
libraries only some shops or some requests need stay out of it, as each costs every process its memory (~10 MB for
the Meilisearch client and pydantic, ~5 MB for Pillow), unless configured, when the master loads them for all."""

import json
import os
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2]
WATCHED = ("meilisearch", "pydantic", "PIL", "catalog.demo.seed", "search.backends.meili")


def _loaded(**env: str) -> list[str]:
    return _loaded_of(WATCHED, **env)


def _loaded_of(modules: tuple[str, ...], **env: str) -> list[str]:
    """Which of these modules a process has loaded once it has imported config.wsgi."""
    clean = {k: v for k, v in os.environ.items() if k != "MEILISEARCH_URL"}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    probe = f"import json, sys, config.wsgi; print(json.dumps([m for m in {modules!r} if m in sys.modules]))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=BACKEND, env=clean, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_api_starts_without_the_libraries_it_does_not_use():
    assert _loaded() == []


def test_a_configured_meilisearch_client_is_loaded_at_start_for_every_worker_to_share():
    loaded = _loaded(MEILISEARCH_URL="http://127.0.0.1:7700")
    assert "meilisearch" in loaded and "search.backends.meili" in loaded
    assert "PIL" not in loaded and "catalog.demo.seed" not in loaded


def test_the_api_loads_its_views_at_start_not_at_each_workers_first_request():
    # (in gunicorn's master, shared by its workers: config/wsgi.py)
    views = ("config.urls", "catalog.api.views", "orders.api.views", "staff.api.views")
    assert _loaded_of(views) == list(views)
