"""Prometheus' multiprocess mode (PROMETHEUS_MULTIPROC_DIR), as under gunicorn: counts made in separate processes
are added up by whichever process answers /metrics."""

from prometheus_client.parser import text_string_to_metric_families

from core.tests.test_settings import _python

SETUP = "import django; django.setup(); "
COUNT = SETUP + "from core import metrics; [metrics.count('checkout', outcome='created') for _ in range({n})]"
SHOW = (
    "import django; django.setup(); from core.observability.prometheus import exposition; print(exposition().decode())"
)


def test_counts_of_several_processes_add_up(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for n in (2, 3):  # two gunicorn workers
        assert _python(COUNT.format(n=n), **env).returncode == 0
    shown = _python(SHOW, **env)
    assert shown.returncode == 0, shown.stderr
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(shown.stdout)
        for s in family.samples
    }
    assert samples[("phonestore_checkout_total", (("outcome", "created"),))] == 5
