import os

from django.core.wsgi import get_wsgi_application

from core.wsgi import ChunkedApiBodies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = ChunkedApiBodies(get_wsgi_application())  # chunked API bodies read with their length
