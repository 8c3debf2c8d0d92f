"""Exchange rates: conversion and rounding per currency in Decimal, freshness, the staff tools."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.errors import ApplicationError
from currency import units
from currency.error_codes import CurrencyErrorCode
from currency.models import ExchangeRate
from currency.services import convert, fresh_rates, rate_for, set_rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("currency", "exponent", "step", "quantum"),
    [
        ("INR", 2, 1, "0.01"),
        ("USD", 2, 1, "0.01"),
        ("JPY", 0, 1, "1"),
        ("KRW", 0, 1, "1"),
        ("XOF", 0, 1, "1"),
        ("KWD", 3, 10, "0.010"),
        ("BHD", 3, 10, "0.010"),
        ("ISK", 2, 100, "1.00"),
        ("usd", 2, 1, "0.01"),
    ],
)
def test_minor_units_follow_stripe(currency, exponent, step, quantum):
    assert units.exponent(currency) == exponent and units.step(currency) == step
    assert units.quantum(currency) == Decimal(quantum)


@pytest.mark.parametrize(
    ("amount", "currency", "rounded", "minor"),
    [
        ("475.9762", "USD", "475.98", 47598),
        ("0.005", "USD", "0.01", 1),  # half up, never to even
        ("0.0049", "USD", "0.00", 0),
        ("71196.44", "JPY", "71196", 71196),
        ("71196.5", "JPY", "71197", 71197),
        ("147.9926", "KWD", "147.990", 147990),  # three decimals, last digit 0
        ("147.995", "KWD", "148.000", 148000),
        ("6543.49", "ISK", "6543.00", 654300),  # whole krónur only, two decimals in the API
        ("6543.50", "ISK", "6544.00", 654400),
    ],
)
def test_rounding_and_minor_units(amount, currency, rounded, minor):
    value = units.round_amount(Decimal(amount), currency)
    assert value == Decimal(rounded) and str(value) == rounded
    assert units.to_minor(value, currency) == minor
    assert units.from_minor(minor, currency) == value


def test_money_is_never_float_and_never_rounded_silently():
    with pytest.raises(TypeError):
        units.round_amount(1.5, "USD")
    with pytest.raises(ValueError):
        units.to_minor(Decimal("1.005"), "USD")


def test_convert_uses_the_stored_rate_and_the_markup(settings):
    set_rate("USD", "0.0119", source="RBI reference")
    conversion = convert(Decimal("39998.00"), "usd")
    assert (conversion.currency, conversion.amount, conversion.amount_minor) == ("USD", Decimal("475.98"), 47598)
    assert conversion.rate.source == "RBI reference" and conversion.base_currency == "INR"
    settings.EXCHANGE_RATE_MARKUP_PERCENT = Decimal("3")
    marked = convert(Decimal("39998.00"), "USD")
    assert marked.amount == Decimal("490.26")  # 39998 × 0.0119 × 1.03 = 490.255486
    assert marked.rate.rate == Decimal("0.012257") and marked.rate.market_rate == Decimal("0.0119")
    assert marked.as_metadata()["markup_percent"] == "3"


def test_convert_zero_decimal_currency():
    set_rate("JPY", "1.78")
    conversion = convert(Decimal("39998.00"), "JPY")
    assert conversion.amount == Decimal("71196") and conversion.amount_minor == 71196


def test_store_currency_is_always_rate_one(settings):
    settings.EXCHANGE_RATE_MARKUP_PERCENT = Decimal("5")  # no markup on the store's own currency
    conversion = convert(Decimal("1234.50"), "INR")
    assert conversion.amount == Decimal("1234.50") and conversion.amount_minor == 123450
    assert conversion.rate.rate == 1


def test_stale_rate_is_refused_with_a_clear_error(settings):
    set_rate("USD", "0.0119")
    ExchangeRate.objects.update(updated_at=timezone.now() - timedelta(hours=47, minutes=59))
    assert convert(Decimal("100.00"), "USD").amount == Decimal("1.19")
    ExchangeRate.objects.update(updated_at=timezone.now() - timedelta(hours=48, minutes=1))
    with pytest.raises(ApplicationError) as stale:
        convert(Decimal("100.00"), "USD")
    assert stale.value.http_status == 409 and stale.value.code == "exchange_rate_stale"
    assert "48 hours" in stale.value.message
    settings.EXCHANGE_RATE_MAX_AGE_HOURS = 72
    assert rate_for("USD").rate == Decimal("0.0119")


def test_missing_rate_is_refused():
    with pytest.raises(ApplicationError) as missing:
        rate_for("GBP")
    assert missing.value.http_status == 409 and missing.value.code == "exchange_rate_unavailable"


def test_fresh_rates_in_the_order_given():
    set_rate("USD", "0.0119")
    set_rate("EUR", "0.011")
    ExchangeRate.objects.filter(currency="EUR").update(updated_at=timezone.now() - timedelta(days=3))
    assert list(fresh_rates(["usd", "INR", "EUR", "GBP"])) == ["USD", "INR"]


@pytest.mark.parametrize(
    ("currency", "rate", "code"),
    [
        ("USD", "0", "invalid_rate"),
        ("USD", "-1", "invalid_rate"),
        ("USD", "abc", "invalid_rate"),
        ("USD", "NaN", "invalid_rate"),
        ("USD", "0.00000000001", "invalid_rate"),
        ("INR", "1", "invalid_currency"),
        ("US", "1", "currency_not_supported"),
        ("U$D", "1", "currency_not_supported"),
    ],
)
def test_bad_rates_are_refused(currency, rate, code):
    with pytest.raises(ApplicationError) as refused:
        set_rate(currency, rate)
    assert refused.value.http_status == 400 and refused.value.code == code
    assert not ExchangeRate.objects.exists()


def test_set_rate_updates_in_place():
    first = set_rate("usd", "0.0119", source="manual")
    ExchangeRate.objects.update(updated_at=timezone.now() - timedelta(days=5))
    second = set_rate("USD", "0.0121", source="feed")
    assert second.pk == first.pk and ExchangeRate.objects.count() == 1
    second.refresh_from_db()
    assert second.rate == Decimal("0.0121") and second.source == "feed"
    assert timezone.now() - second.updated_at < timedelta(minutes=1)


def test_management_command():
    out = StringIO()
    call_command("set_exchange_rate", "USD", "0.0119", "--source", "manual", stdout=out)
    assert "1 INR = 0.0119 USD" in out.getvalue()
    assert ExchangeRate.objects.get(currency="USD").source == "manual"
    with pytest.raises(CommandError, match="positive"):
        call_command("set_exchange_rate", "EUR", "-2")


def test_audit_hook_writes_through_audit_services_once_installed(monkeypatch):
    import sys
    import types

    from django.apps import apps

    from currency import audit_hook

    recorded = []
    fake_audit = types.ModuleType("audit")
    fake_audit.services = types.SimpleNamespace(record=lambda action, **kw: recorded.append((action, kw)))
    monkeypatch.setitem(sys.modules, "audit", fake_audit)
    monkeypatch.setattr(apps, "is_installed", lambda name: False)
    set_rate("USD", "0.0119")
    assert recorded == []  # not installed: the hook does nothing
    monkeypatch.setattr(apps, "is_installed", lambda name: name == "audit")
    row = set_rate("USD", "0.0120", source="feed", actor="system:test")
    [(action, kwargs)] = recorded
    assert action == audit_hook.ACTION == "exchange_rate_change" and kwargs["obj"] == row
    assert kwargs["old"]["rate"] == Decimal("0.0119") and kwargs["new"]["rate"] == Decimal("0.0120")
    assert kwargs["actor"] == "system:test" and kwargs["source"] == "command"


def test_every_rate_change_goes_through_the_audit_hook(monkeypatch, admin_client):
    """The hook (currency.audit_hook.record_rate_change) is what writes the AuditLog; here we check who
    calls it and with what."""
    calls = []

    def record(rate, **kwargs):
        from django.db import transaction

        assert transaction.get_connection().in_atomic_block  # inside the change's transaction
        calls.append((rate.currency, kwargs["old"], kwargs["new"], kwargs["source"]))

    monkeypatch.setattr("currency.services.record_rate_change", record)
    monkeypatch.setattr("currency.admin.record_rate_change", record)
    set_rate("USD", "0.0119", source="manual")
    assert calls[-1][0] == "USD" and calls[-1][1] == {} and calls[-1][2]["rate"] == Decimal("0.0119")

    response = admin_client.post(
        "/admin/currency/exchangerate/add/", {"currency": "EUR", "rate": "0.011", "source": "ECB"}
    )
    assert response.status_code == 302, response.content
    eur = ExchangeRate.objects.get(currency="EUR")
    assert eur.updated_by is not None and calls[-1][:2] == ("EUR", {}) and calls[-1][3] == "admin"

    ExchangeRate.objects.filter(pk=eur.pk).update(updated_at=timezone.now() - timedelta(days=4))
    response = admin_client.post(f"/admin/currency/exchangerate/{eur.pk}/change/", {"rate": "0.0112", "source": "ECB"})
    assert response.status_code == 302
    eur.refresh_from_db()
    assert eur.rate == Decimal("0.0112") and timezone.now() - eur.updated_at < timedelta(minutes=1)
    assert calls[-1][1]["rate"] == Decimal("0.011") and calls[-1][2]["rate"] == Decimal("0.0112")

    admin_client.post(f"/admin/currency/exchangerate/{eur.pk}/delete/", {"post": "yes"})
    assert not ExchangeRate.objects.filter(currency="EUR").exists() and calls[-1][2] == {}
    assert len(calls) == 4


def test_admin_refuses_the_store_currency_and_renders(admin_client):
    response = admin_client.post("/admin/currency/exchangerate/add/", {"currency": "INR", "rate": "1", "source": "x"})
    assert response.status_code == 200 and not ExchangeRate.objects.exists()
    set_rate("USD", "0.0119")
    assert admin_client.get("/admin/currency/exchangerate/").status_code == 200
    row = ExchangeRate.objects.get()
    assert admin_client.get(f"/admin/currency/exchangerate/{row.pk}/change/").status_code == 200


def test_vocabulary_is_the_contract():
    assert {code.value: code.http_status for code in CurrencyErrorCode} == {
        "currency_not_supported": 400,
        "invalid_currency": 400,
        "invalid_rate": 400,
        "exchange_rate_unavailable": 409,
        "exchange_rate_stale": 409,
    }
