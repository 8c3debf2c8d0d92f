import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from core.wsgi import ChunkedApiBodies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = ChunkedApiBodies(get_wsgi_application())  # chunked API bodies read with their length
# The URLconf, and with it every view and serializer module, loaded here: in gunicorn's master (preload_app), shared
# by the workers it forks, rather than by each worker's first request (~100 ms: the bench's first uncached searches
# after a start took 197 and 90 ms, against ~12 after).
get_resolver().url_patterns  # noqa: B018
