"""accounts 0005 on existing rows: nothing about an account changes (shared phones stay shared and sign nobody
in), and codes already sent by SMS get the number they went to."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE, AFTER = ("accounts", "0004_user_sms_updates"), ("accounts", "0005_mobile_sign_in")


@pytest.mark.django_db(transaction=True)
def test_existing_accounts_and_codes_come_through_unchanged():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    User, OtpChallenge = old.get_model("accounts", "User"), old.get_model("accounts", "OtpChallenge")
    family = [
        User.objects.create(email=f"{who}@example.in", phone="9876543210", password="x", otp_channel=channel)
        for who, channel in (("mother", "sms"), ("son", "email"))
    ]
    User.objects.create(email="nophone@example.in", password="x")
    now = timezone.now()
    sms, mail = (
        OtpChallenge.objects.create(user=family[i], channel=c, salt="s", code_hash="h", expires_at=now)
        for i, c in ((0, "sms"), (1, "email"))
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    User, OtpChallenge = new.get_model("accounts", "User"), new.get_model("accounts", "OtpChallenge")
    rows = list(User.objects.order_by("email").values_list("email", "phone", "mobile"))
    assert rows == [
        ("mother@example.in", "9876543210", None),
        ("nophone@example.in", "", None),
        ("son@example.in", "9876543210", None),
    ]  # the shared phone is still everyone's contact number and nobody's sign-in
    assert OtpChallenge.objects.get(pk=sms.pk).mobile == "9876543210"
    assert OtpChallenge.objects.get(pk=mail.pk).mobile == ""
