"""GET /api/auth/me/ says the account's role, which the storefront's staff console opens to (staff and admin)."""

import pytest

from accounts.tests.factories import UserFactory
from conftest import client_for, refusal
from staff.tests.factories import customer, shop_admin, staff_member

pytestmark = pytest.mark.django_db

ME = "/api/auth/me/"


def _without_groups(user):
    user.groups.clear()
    return user


@pytest.mark.parametrize(
    ("make", "role"),
    [
        (customer, "customer"),
        (staff_member, "staff"),
        (shop_admin, "admin"),
        (lambda: UserFactory(is_superuser=True, is_staff=True), "admin"),
        (lambda: _without_groups(UserFactory()), None),  # every new account is a customer; this one lost it
    ],
)
def test_me_says_the_role(make, role):
    assert client_for(make()).get(ME).json()["role"] == role


def test_the_role_cannot_be_changed_through_me():
    user = customer()
    error = refusal(client_for(user).patch(ME, {"role": "admin"}, format="json"), 400)
    assert error["fields"] == {"role": ["This field cannot be changed here."]}
    assert client_for(user).get(ME).json()["role"] == "customer"
