import pytest
from django.forms.models import model_to_dict

from accounts import services
from accounts.models import Address
from accounts.tests.factories import AddressFactory, UserFactory
from accounts.tests.helpers import error_fields
from conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/addresses/"
HOME = {
    "full_name": "Asha Rao",
    "phone": "9876543210",
    "line1": "12 MG Road",
    "line2": "Flat 4B",
    "landmark": "Near the metro",
    "city": "Bengaluru",
    "state": "Karnataka",
    "pincode": "560001",
}
OFFICE = {**HOME, "line1": "7 Residency Road", "line2": "", "landmark": "", "pincode": "560025"}


def detail(pk):
    return f"{URL}{pk}/"


def defaults_of(user):
    return list(Address.objects.filter(user=user, is_default=True).values_list("pk", flat=True))


def add_addresses(user, n):
    """n addresses through the service, so the one-default rule holds."""
    return [services.create_address(user, **{**HOME, "line1": f"{i} MG Road"}) for i in range(n)]


# --- Create and list


def test_addresses_need_authentication(api_client):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, HOME, format="json").status_code == 401


def test_first_address_becomes_the_default(auth_client, user):
    response = auth_client.post(URL, HOME, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_default"] is True
    assert body["country"] == "IN"
    assert {k: body[k] for k in HOME} == HOME
    assert defaults_of(user) == [body["id"]]


def test_a_second_address_is_not_the_default_unless_asked(auth_client, user):
    first = auth_client.post(URL, HOME, format="json").json()
    second = auth_client.post(URL, OFFICE, format="json").json()
    assert second["is_default"] is False
    assert defaults_of(user) == [first["id"]]

    third = auth_client.post(URL, {**OFFICE, "line1": "1 Church Street", "is_default": True}, format="json")
    assert third.status_code == 201
    assert defaults_of(user) == [third.json()["id"]]


def test_optional_fields_may_be_left_out(auth_client):
    required_only = {k: HOME[k] for k in ("full_name", "phone", "line1", "city", "state", "pincode")}
    response = auth_client.post(URL, required_only, format="json")
    assert response.status_code == 201
    assert response.json()["line2"] == "" and response.json()["landmark"] == ""


def test_list_shows_only_my_addresses_default_first(auth_client, user, other_user):
    mine = add_addresses(user, 3)
    add_addresses(other_user, 2)
    services.set_default_address(mine[1])

    response = auth_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    ids = [row["id"] for row in body["results"]]
    assert sorted(ids) == sorted(a.pk for a in mine)
    assert ids[0] == mine[1].pk
    assert [row["is_default"] for row in body["results"]] == [True, False, False]


def test_the_limit_is_twenty_addresses(auth_client, user):
    add_addresses(user, services.MAX_ADDRESSES_PER_USER)

    response = auth_client.post(URL, OFFICE, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "address_limit"
    assert Address.objects.filter(user=user).count() == 20
    # Deleting one makes room again.
    assert auth_client.delete(detail(Address.objects.filter(user=user).last().pk)).status_code == 204
    assert auth_client.post(URL, OFFICE, format="json").status_code == 201


def test_the_limit_is_per_user(auth_client, user, other_user):
    add_addresses(other_user, services.MAX_ADDRESSES_PER_USER)
    assert auth_client.post(URL, HOME, format="json").status_code == 201


# --- Validation


@pytest.mark.parametrize("pincode", ["56000", "060001", "56000A", "ABCDEF", "5600011", "56 001", "", 560001])
def test_pincode_must_be_six_digits_not_starting_with_zero(auth_client, user, pincode):
    response = auth_client.post(URL, {**HOME, "pincode": pincode}, format="json")

    assert response.status_code == 400
    assert "pincode" in error_fields(response)
    assert not Address.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "phone", ["98765432101", "987654321", "5876543210", "98765abcde", "+919876543210", "09876543210", "", 9876543210]
)
def test_phone_must_be_a_ten_digit_mobile_number(auth_client, user, phone):
    response = auth_client.post(URL, {**HOME, "phone": phone}, format="json")

    assert response.status_code == 400
    assert "phone" in error_fields(response)
    assert not Address.objects.filter(user=user).exists()


def test_a_valid_pincode_and_phone_pass(auth_client):
    response = auth_client.post(URL, {**HOME, "pincode": "110001", "phone": "6000000000"}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"line1": "x" * 201}, "line1"),
        ({"line2": "x" * 201}, "line2"),
        ({"landmark": "x" * 121}, "landmark"),
        ({"city": "x" * 101}, "city"),
        ({"state": "x" * 101}, "state"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"full_name": ""}, "full_name"),
        ({"city": None}, "city"),
        ({"line1": ["12 MG Road"]}, "line1"),
        ({"is_default": "maybe"}, "is_default"),
        ({"country": "US"}, "country"),
        ({"user": 1}, "user"),
        ({"id": 5}, "id"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_fields_are_a_400_in_the_error_shape(auth_client, user, payload, field):
    response = auth_client.post(URL, {**HOME, **payload}, format="json")

    assert response.status_code == 400
    assert field in error_fields(response)
    assert response.json()["error"]["code"] == "invalid"
    assert not Address.objects.filter(user=user).exists()


def test_missing_required_fields_are_each_reported(auth_client):
    response = auth_client.post(URL, {}, format="json")
    assert response.status_code == 400
    assert set(error_fields(response)) == {"full_name", "phone", "line1", "city", "state_code", "pincode"}


# --- Retrieve, update, delete my own


def test_retrieve_my_address(auth_client, user):
    address = AddressFactory(user=user, is_default=True)
    response = auth_client.get(detail(address.pk))
    assert response.status_code == 200
    assert response.json()["id"] == address.pk
    assert response.json()["pincode"] == address.pincode


def test_put_replaces_and_patch_changes_one_field(auth_client, user):
    address = services.create_address(user, **HOME)

    put = auth_client.put(detail(address.pk), OFFICE, format="json")
    assert put.status_code == 200, put.content
    address.refresh_from_db()
    assert (address.line1, address.line2, address.pincode) == ("7 Residency Road", "", "560025")
    assert address.is_default  # PUT without is_default leaves the default alone

    patch = auth_client.patch(detail(address.pk), {"city": "Mysuru", "pincode": "570001"}, format="json")
    assert patch.status_code == 200
    assert patch.json()["city"] == "Mysuru"
    address.refresh_from_db()
    assert (address.city, address.pincode, address.line1) == ("Mysuru", "570001", "7 Residency Road")


def test_patch_validates_like_create(auth_client, user):
    address = services.create_address(user, **HOME)
    response = auth_client.patch(detail(address.pk), {"pincode": "012345"}, format="json")
    assert response.status_code == 400
    assert "pincode" in error_fields(response)
    address.refresh_from_db()
    assert address.pincode == "560001"


def test_making_another_address_the_default_unsets_the_old_one(auth_client, user):
    home, office = add_addresses(user, 2)
    assert defaults_of(user) == [home.pk]

    response = auth_client.patch(detail(office.pk), {"is_default": True}, format="json")

    assert response.status_code == 200
    assert response.json()["is_default"] is True
    assert defaults_of(user) == [office.pk]
    assert auth_client.get(detail(home.pk)).json()["is_default"] is False


def test_the_default_cannot_simply_be_unset(auth_client, user):
    home, _ = add_addresses(user, 2)

    response = auth_client.patch(detail(home.pk), {"is_default": False}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "default_required"
    assert "is_default" in error_fields(response)
    assert defaults_of(user) == [home.pk]


def test_unsetting_default_on_a_non_default_address_is_harmless(auth_client, user):
    home, office = add_addresses(user, 2)
    assert auth_client.patch(detail(office.pk), {"is_default": False}, format="json").status_code == 200
    assert defaults_of(user) == [home.pk]


def test_deleting_the_default_promotes_the_newest_remaining(auth_client, user):
    first, second, third = add_addresses(user, 3)
    assert defaults_of(user) == [first.pk]

    assert auth_client.delete(detail(first.pk)).status_code == 204

    assert not Address.objects.filter(pk=first.pk).exists()
    assert defaults_of(user) == [third.pk]
    assert auth_client.delete(detail(second.pk)).status_code == 204
    assert defaults_of(user) == [third.pk]
    assert auth_client.delete(detail(third.pk)).status_code == 204
    assert not Address.objects.filter(user=user).exists()
    # After deleting everything, the next address is the default again.
    assert auth_client.post(URL, HOME, format="json").json()["is_default"] is True


# --- Another user's address


def test_another_users_address_is_a_404_and_never_changes(auth_client, other_user):
    theirs = services.create_address(other_user, **HOME)
    before = model_to_dict(Address.objects.get(pk=theirs.pk))

    assert auth_client.get(detail(theirs.pk)).status_code == 404
    patch = auth_client.patch(detail(theirs.pk), {"city": "Hacked", "is_default": False}, format="json")
    assert patch.status_code == 404
    assert patch.json()["error"]["code"] == "not_found"
    assert auth_client.put(detail(theirs.pk), OFFICE, format="json").status_code == 404
    assert auth_client.delete(detail(theirs.pk)).status_code == 404

    assert model_to_dict(Address.objects.get(pk=theirs.pk)) == before


def test_invalid_data_for_another_users_address_is_still_a_404(auth_client, other_user):
    theirs = services.create_address(other_user, **HOME)
    assert auth_client.patch(detail(theirs.pk), {"pincode": "0"}, format="json").status_code == 404


def test_setting_my_default_does_not_touch_another_users_default(auth_client, user, other_user):
    theirs = services.create_address(other_user, **HOME)
    _, office = add_addresses(user, 2)
    assert auth_client.patch(detail(office.pk), {"is_default": True}, format="json").status_code == 200
    assert defaults_of(other_user) == [theirs.pk]


@pytest.mark.parametrize("pk", ["999999", "abc", "99999999999999999999"])
def test_unknown_ids_are_a_json_404(auth_client, pk):
    response = auth_client.get(f"{URL}{pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


# --- Services directly


def test_service_keeps_exactly_one_default():
    user = UserFactory()
    a = services.create_address(user, **HOME)
    b = services.create_address(user, **OFFICE, is_default=True)
    c = services.create_address(user, **OFFICE)
    assert defaults_of(user) == [b.pk]
    services.set_default_address(c)
    assert defaults_of(user) == [c.pk]
    services.delete_address(Address.objects.get(pk=c.pk))
    assert defaults_of(user) == [b.pk]
    services.delete_address(Address.objects.get(pk=b.pk))
    assert defaults_of(user) == [a.pk]


def test_ensure_default_repairs_a_user_without_one():
    user = UserFactory()
    older = AddressFactory(user=user)
    newer = AddressFactory(user=user)
    assert defaults_of(user) == []
    services.ensure_default_address(user.pk)
    assert defaults_of(user) == [newer.pk]
    assert services.ensure_default_address(user.pk) is None
    assert defaults_of(user) == [newer.pk] and older.pk != newer.pk


def test_client_for_helper_sees_only_its_own(user, other_user):
    services.create_address(other_user, **HOME)
    assert client_for(user).get(URL).json()["count"] == 0
    assert client_for(other_user).get(URL).json()["count"] == 1
