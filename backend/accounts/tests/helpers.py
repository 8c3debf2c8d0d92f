"""Small helpers for the accounts tests."""

from accounts.tests.factories import DEFAULT_PASSWORD


def error_fields(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]["fields"]


def sign_in(client, email, password=DEFAULT_PASSWORD):
    return client.post("/api/auth/token/", {"email": email, "password": password}, format="json")


def bearer(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client
