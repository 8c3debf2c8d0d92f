import pytest
from django.test import Client

from accounts import services
from accounts.models import Address, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = {
    "full_name": "Asha Rao",
    "phone": "9876543210",
    "line1": "12 MG Road",
    "city": "Bengaluru",
    "state": "Karnataka",
    "pincode": "560001",
}


@pytest.fixture
def admin_client():
    staff = UserFactory(email="admin@example.in", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    return client


def test_user_changelist_searches_and_filters(admin_client):
    UserFactory(email="meera@example.in", full_name="Meera Iyer")
    UserFactory(email="ravi@example.in", full_name="Ravi Kumar")

    found = admin_client.get("/admin/accounts/user/", {"q": "iyer"})
    assert found.status_code == 200
    assert b"meera@example.in" in found.content
    assert b"ravi@example.in" not in found.content

    staff_only = admin_client.get("/admin/accounts/user/", {"is_staff__exact": "1"})
    assert staff_only.status_code == 200
    assert b"admin@example.in" in staff_only.content
    assert b"meera@example.in" not in staff_only.content


def test_admin_adds_a_user_with_a_lowercased_email(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Person@Example.IN",
            "full_name": "New Person",
            "phone": "",
            "usable_password": "true",
            "password1": "Monsoon-Chai-Kettle-42",
            "password2": "Monsoon-Chai-Kettle-42",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(email="new.person@example.in")
    assert created.check_password("Monsoon-Chai-Kettle-42")


def test_admin_refuses_an_email_that_differs_only_in_case(admin_client):
    UserFactory(email="taken@example.in")
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "TAKEN@example.in",
            "full_name": "",
            "phone": "",
            "usable_password": "true",
            "password1": "Monsoon-Chai-Kettle-42",
            "password2": "Monsoon-Chai-Kettle-42",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert b"A user with that email already exists." in response.content
    assert User.objects.filter(email__iexact="taken@example.in").count() == 1


def test_admin_applies_the_password_policy(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "weak@example.in",
            "full_name": "",
            "phone": "",
            "usable_password": "true",
            "password1": "1234567890",
            "password2": "1234567890",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="weak@example.in").exists()


def test_user_change_page_shows_the_address_inline(admin_client):
    shopper = UserFactory()
    services.create_address(shopper, **HOME)
    response = admin_client.get(f"/admin/accounts/user/{shopper.pk}/change/")
    assert response.status_code == 200
    assert b"12 MG Road" in response.content
    assert b"addresses-TOTAL_FORMS" in response.content


def test_deleting_the_default_address_in_the_inline_promotes_another(admin_client):
    shopper = UserFactory(email="shopper@example.in", full_name="Shopper")
    first = services.create_address(shopper, **HOME)
    second = services.create_address(shopper, **{**HOME, "line1": "7 Residency Road"})
    page = admin_client.get(f"/admin/accounts/user/{shopper.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: form[name].value() for name in ("email", "full_name", "phone", "is_active", "is_staff", "is_superuser")
    }
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "addresses-TOTAL_FORMS": "2",
            "addresses-INITIAL_FORMS": "2",
            "addresses-MIN_NUM_FORMS": "0",
            "addresses-MAX_NUM_FORMS": "1000",
        }
    )
    for index, address in enumerate(Address.objects.filter(user=shopper).order_by("-is_default", "-id")):
        prefix = f"addresses-{index}-"
        data.update(
            {
                prefix + "id": address.pk,
                prefix + "user": shopper.pk,
                **{
                    prefix + k: getattr(address, k)
                    for k in ("full_name", "phone", "line1", "line2", "landmark", "city", "state_code", "pincode")
                },
            }
        )
        if address.pk == first.pk:
            data[prefix + "DELETE"] = "on"

    response = admin_client.post(f"/admin/accounts/user/{shopper.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Address.objects.filter(user=shopper).values_list("pk", "is_default")) == [(second.pk, True)]


def _change_form_data(admin_client, user, **changes) -> dict:
    form = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in ("email", "full_name", "phone", "is_active", "is_staff")}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "addresses-TOTAL_FORMS": "0",
            "addresses-INITIAL_FORMS": "0",
            "addresses-MIN_NUM_FORMS": "0",
            "addresses-MAX_NUM_FORMS": "1000",
            **changes,
        }
    )
    return data


def test_an_account_made_by_mobile_is_listed_found_and_edited_without_an_email(admin_client):
    from accounts.tests.factories import MobileUserFactory

    shopper = MobileUserFactory(mobile="9876543210", full_name="Asha Rao")
    found = admin_client.get("/admin/accounts/user/", {"q": "9876543210"})
    assert found.status_code == 200 and b"Asha Rao" in found.content
    page = admin_client.get(f"/admin/accounts/user/{shopper.pk}/change/")
    assert page.status_code == 200 and b"9876543210" in page.content
    assert "mobile" not in page.context["adminform"].form.fields  # shown, not editable: codes set it

    saved = admin_client.post(
        f"/admin/accounts/user/{shopper.pk}/change/", _change_form_data(admin_client, shopper, full_name="Asha R")
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    shopper.refresh_from_db()
    assert (shopper.full_name, shopper.email, shopper.mobile) == ("Asha R", None, "9876543210")


def test_an_email_account_keeps_its_email_in_the_admin(admin_client):
    shopper = UserFactory(email="keep@example.in")
    response = admin_client.post(
        f"/admin/accounts/user/{shopper.pk}/change/", _change_form_data(admin_client, shopper, email="")
    )
    assert response.status_code == 200
    assert b"An account without a sign-in mobile needs an email." in response.content
    shopper.refresh_from_db()
    assert shopper.email == "keep@example.in"
    added = admin_client.post(
        "/admin/accounts/user/add/",
        {"email": "", "full_name": "", "phone": "", "usable_password": "false"},
    )
    assert added.status_code == 200 and User.objects.count() == 2  # the admin and this shopper: nobody added
