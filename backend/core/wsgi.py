"""WSGI-level helpers, wrapped around Django's application in config/wsgi.py (nothing here may need Django
to be set up when imported)."""

import io


class ChunkedApiBodies:
    """Django reads CONTENT_LENGTH bytes of a body, and nothing when it is missing, so an API request sent
    chunked (Transfer-Encoding, no Content-Length) would be answered as if it had no body ("payment_method:
    This field is required"). When the server has de-chunked the body and marks its end
    (wsgi.input_terminated: gunicorn does), the body is read here, at most API_MAX_BODY_BYTES + 1 bytes,
    and handed on with its length (over the limit: core.middleware.RequestBodyLimitMiddleware's 413). A
    server that does not mark it (runserver) leaves the request to that middleware's 411."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if (
            environ.get("PATH_INFO", "").startswith("/api/")
            and not environ.get("CONTENT_LENGTH")
            and "HTTP_TRANSFER_ENCODING" in environ
            and environ.get("wsgi.input_terminated")
        ):
            from django.conf import settings

            body = environ["wsgi.input"].read(settings.API_MAX_BODY_BYTES + 1)
            environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return self.app(environ, start_response)
