import pytest
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts import services
from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import bearer, error_fields

pytestmark = pytest.mark.django_db

URL = "/api/auth/register/"
GOOD = {"email": "Asha.Rao@Example.IN", "password": DEFAULT_PASSWORD, "full_name": "Asha Rao", "phone": "9876543210"}


def register(client, **overrides):
    return client.post(URL, {**GOOD, **overrides}, format="json")


def test_register_creates_the_user_and_signs_them_in(api_client):
    response = register(api_client)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["email"] == "asha.rao@example.in"  # stored lowercased
    assert body["user"]["full_name"] == "Asha Rao"
    assert body["user"]["phone"] == "9876543210"
    assert "password" not in body["user"]
    user = User.objects.get()
    assert user.email == "asha.rao@example.in"
    assert user.check_password(DEFAULT_PASSWORD)
    assert not user.is_staff and not user.is_superuser
    # The refresh token is tracked (so it can be revoked) and the access token works at once.
    assert OutstandingToken.objects.filter(user=user).count() == 1
    me = bearer(api_client, body["access"]).get("/api/auth/me/")
    assert me.status_code == 200
    assert me.json()["email"] == "asha.rao@example.in"


def test_register_ignores_a_stale_authorization_header(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert register(api_client).status_code == 201


def test_phone_is_optional(api_client):
    response = register(api_client, phone="")
    assert response.status_code == 201
    assert response.json()["user"]["phone"] == ""


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt-pw", "This password is too short. It must contain at least 10 characters."),
        ("password1234", "This password is too common."),
        ("qwertyuiop", "This password is too common."),
        ("4817209356", "This password is entirely numeric."),
        ("asharao-example", "The password is too similar to the email."),
        ("Priyanka@Sharma1", "The password is too similar to the email."),
    ],
)
def test_weak_passwords_are_refused_with_a_message_on_the_password_field(api_client, password, message):
    response = register(
        api_client,
        email="priyanka.sharma@example.in" if "Priyanka" in password else GOOD["email"],
        password=password,
        phone="",
    )

    assert response.status_code == 400
    fields = error_fields(response)
    assert message in fields["password"]
    assert set(fields) == {"password"}
    assert not User.objects.exists()


def test_password_similar_to_the_phone_is_refused(api_client):
    response = register(api_client, password="9876543210x")
    assert response.status_code == 400
    assert "The password is too similar to the phone." in error_fields(response)["password"]


def test_every_failed_rule_is_reported(api_client):
    response = register(api_client, password="12345")
    messages = error_fields(response)["password"]
    assert "This password is too short. It must contain at least 10 characters." in messages
    assert "This password is too common." in messages
    assert "This password is entirely numeric." in messages


def test_duplicate_email_in_any_case_is_refused_without_saying_it_exists(api_client):
    existing = UserFactory(email="asha.rao@example.in")

    response = register(api_client, email="ASHA.RAO@example.in", password="A-brand-new-passphrase-7")

    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "registration_refused"
    assert body["fields"] == {"email": [services.REGISTRATION_REFUSED]}
    text = (body["message"] + " ".join(body["fields"]["email"])).lower()
    for leak in ("exist", "taken", "registered", "in use"):
        assert leak not in text
    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.check_password(DEFAULT_PASSWORD)


def test_a_registration_race_lost_at_the_database_gets_the_same_refusal(api_client, monkeypatch):
    UserFactory(email="asha.rao@example.in")
    # Pretend the other request committed between our look-up and our insert.
    monkeypatch.setattr("django.db.models.query.QuerySet.exists", lambda self: False)

    response = register(api_client, password="A-brand-new-passphrase-7")

    assert response.status_code == 400
    assert error_fields(response) == {"email": [services.REGISTRATION_REFUSED]}
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": 12345}, "email"),
        ({"email": "a" * 250 + "@x.in"}, "email"),
        ({"password": ["Correct-Horse-Battery-9"]}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"full_name": "A" * 151}, "full_name"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": None}, "full_name"),
        ({"phone": "98765"}, "phone"),
        ({"phone": 9876543210}, "phone"),
        ({"is_staff": True}, "is_staff"),
        ({"is_superuser": True}, "is_superuser"),
    ],
)
def test_bad_input_is_a_400_on_the_field(api_client, payload, field):
    response = register(api_client, **payload)

    assert response.status_code == 400
    assert field in error_fields(response)
    assert not User.objects.exists()


def test_missing_fields_are_each_reported(api_client):
    response = api_client.post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(error_fields(response)) == {"email", "password", "full_name"}


def test_a_body_that_is_not_an_object_is_a_400(api_client):
    response = api_client.post(URL, ["a", "b"], format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert not User.objects.exists()
