from decimal import Decimal

import pytest

from core.money import from_minor_units, quantize, to_minor_units


def test_health_and_ready(api_client, db):
    assert api_client.get("/api/health/").json() == {"status": "ok"}
    body = api_client.get("/api/ready/").json()
    assert body["status"] == "ok"
    assert body["components"]["database"]["status"] == "ok" and body["components"]["cache"]["status"] == "ok"


def test_ready_reports_a_down_component(api_client, db, monkeypatch):
    from core import views

    def broken():
        raise ConnectionError("refused")

    monkeypatch.setitem(views.READINESS_PROBES, "cache", broken)
    response = api_client.get("/api/ready/")
    assert response.status_code == 503
    assert response.json()["components"]["cache"] == {"status": "down", "error": "ConnectionError"}


def test_unknown_api_url_is_json_404(api_client, db):
    response = api_client.get("/api/does-not-exist/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


def test_wrong_method_is_json_405(api_client, db):
    response = api_client.delete("/api/products/")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_malformed_json_is_400(api_client, user):
    from conftest import client_for

    response = client_for(user).post("/api/products/x/reviews/", data="{bad json", content_type="application/json")
    assert response.status_code in (400, 404)
    assert "error" in response.json()


def test_schema_documents_every_api_path(api_client, db):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    for path in [
        "/api/products/",
        "/api/products/{slug}/",
        "/api/products/{slug}/reviews/",
        "/api/categories/",
        "/api/brands/",
        "/api/health/",
        "/api/ready/",
    ]:
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/products/"]["get"]["parameters"]}
    assert {
        "brand",
        "category",
        "price_min",
        "price_max",
        "ram",
        "storage",
        "color",
        "is_5g",
        "available",
        "rating_min",
        "sort",
        "page",
        "page_size",
    } <= params


@pytest.mark.parametrize(
    "amount, currency, minor",
    [
        (Decimal("19999.00"), "INR", 1999900),
        (Decimal("10.005"), "USD", 1001),
        (Decimal("1500"), "JPY", 1500),
        (Decimal("1.2345"), "KWD", 1235),
    ],
)
def test_minor_units(amount, currency, minor):
    assert to_minor_units(amount, currency) == minor
    assert from_minor_units(minor, currency) == quantize(amount, currency)


def test_minor_units_refuse_float():
    with pytest.raises(TypeError):
        to_minor_units(19.99, "INR")


def test_openapi_schema_is_valid_and_free_of_warnings(db, tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").stat().st_size > 1000
