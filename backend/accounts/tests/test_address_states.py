"""An address's state: a GST state code (the place of supply of what is delivered there), given as state_code
or as a name the server recognises; the name is always the code's. Old addresses whose name matched no state
keep an empty code until the state is chosen."""

import importlib

import pytest
from django.apps import apps

from accounts import services
from accounts.models import Address
from accounts.tests.factories import AddressFactory, UserFactory
from accounts.tests.helpers import error_fields
from tax.states import STATES

pytestmark = pytest.mark.django_db

URL = "/api/addresses/"
BASE = {"full_name": "Asha Rao", "phone": "9876543210", "line1": "12 MG Road", "city": "Bengaluru", "pincode": "560001"}


def legacy(user, name="Atlantis"):
    """An address saved before codes, with a state name that matches none."""
    address = AddressFactory(user=user)
    Address.objects.filter(pk=address.pk).update(state_code="", state=name)
    address.refresh_from_db()
    return address


# --- Given as a code, a name, or both


def test_a_state_code_is_answered_with_its_name(auth_client):
    response = auth_client.post(URL, {**BASE, "state_code": "29"}, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["state_code"], response.json()["state"]) == ("29", "Karnataka")
    saved = Address.objects.get(pk=response.json()["id"])
    assert (saved.state_code, saved.state) == ("29", "Karnataka")


@pytest.mark.parametrize(
    ("name", "code", "official"),
    [
        ("Karnataka", "29", "Karnataka"),
        ("  tamil nadu ", "33", "Tamil Nadu"),
        ("Orissa", "21", "Odisha"),
        ("J&K", "01", "Jammu and Kashmir"),
        ("NCT of Delhi", "07", "Delhi"),
    ],
)
def test_a_state_name_the_server_recognises_still_works(auth_client, name, code, official):
    response = auth_client.post(URL, {**BASE, "state": name}, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["state_code"], response.json()["state"]) == (code, official)


def test_code_and_name_that_agree_are_taken(auth_client):
    response = auth_client.post(URL, {**BASE, "state_code": "21", "state": "orissa"}, format="json")
    assert response.status_code == 201
    assert (response.json()["state_code"], response.json()["state"]) == ("21", "Odisha")


def test_code_and_name_that_disagree_are_refused(auth_client, user):
    response = auth_client.post(URL, {**BASE, "state_code": "29", "state": "Maharashtra"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert error_fields(response) == {"state": ["state_code 29 is Karnataka, not Maharashtra. Send state_code alone."]}
    assert not Address.objects.filter(user=user).exists()


def test_neither_is_refused_naming_state_code_and_where_the_list_is(auth_client, user):
    response = auth_client.post(URL, BASE, format="json")

    assert response.status_code == 400
    fields = error_fields(response)
    assert set(fields) == {"state_code"}
    assert "GET /api/states/" in fields["state_code"][0]
    assert not Address.objects.filter(user=user).exists()


def test_an_unknown_name_is_refused_naming_state_code(auth_client, user):
    response = auth_client.post(URL, {**BASE, "state": "Atlantis"}, format="json")

    assert response.status_code == 400
    fields = error_fields(response)
    assert "GET /api/states/" in fields["state_code"][0]
    assert fields["state"] == ["Atlantis is not a state or union territory of India."]
    assert not Address.objects.filter(user=user).exists()


@pytest.mark.parametrize("code", ["99", "25", "28", "2", "290", "", "Karnataka", 29, None])
def test_an_unknown_or_malformed_code_is_refused(auth_client, user, code):
    """25 and 28 are valid only inside old GSTINs: no address is in them any more."""
    response = auth_client.post(URL, {**BASE, "state_code": code}, format="json")

    assert response.status_code == 400
    assert "state_code" in error_fields(response)
    assert not Address.objects.filter(user=user).exists()


def test_every_field_missing_is_reported_at_once_state_code_among_them(auth_client):
    response = auth_client.post(URL, {"full_name": "Asha Rao"}, format="json")
    assert set(error_fields(response)) == {"phone", "line1", "city", "state_code", "pincode"}


# --- Changing an address


def test_patching_the_code_changes_the_name(auth_client, user):
    address = services.create_address(user, **BASE, state_code="29")

    response = auth_client.patch(f"{URL}{address.pk}/", {"state_code": "27"}, format="json")

    assert response.status_code == 200
    assert (response.json()["state_code"], response.json()["state"]) == ("27", "Maharashtra")
    address.refresh_from_db()
    assert (address.state_code, address.state) == ("27", "Maharashtra")


def test_patching_the_name_alone_changes_the_code(auth_client, user):
    address = services.create_address(user, **BASE, state_code="29")
    response = auth_client.patch(f"{URL}{address.pk}/", {"state": "Kerala"}, format="json")
    assert (response.json()["state_code"], response.json()["state"]) == ("32", "Kerala")


def test_a_put_without_a_state_is_refused(auth_client, user):
    address = services.create_address(user, **BASE, state_code="29")
    response = auth_client.put(f"{URL}{address.pk}/", BASE, format="json")
    assert response.status_code == 400
    assert set(error_fields(response)) == {"state_code"}


# --- Old addresses without a code


def test_a_legacy_address_is_answered_with_its_name_and_no_code(auth_client, user):
    address = legacy(user)
    body = auth_client.get(f"{URL}{address.pk}/").json()
    assert (body["state_code"], body["state"]) == ("", "Atlantis")


def test_a_legacy_address_can_still_change_other_fields_and_gets_a_code_when_the_state_is_chosen(auth_client, user):
    address = legacy(user)

    response = auth_client.patch(f"{URL}{address.pk}/", {"is_default": True, "city": "Mysuru"}, format="json")
    assert response.status_code == 200
    assert (response.json()["state_code"], response.json()["state"]) == ("", "Atlantis")

    response = auth_client.patch(f"{URL}{address.pk}/", {"state_code": "29"}, format="json")
    assert (response.json()["state_code"], response.json()["state"]) == ("29", "Karnataka")


def test_the_model_derives_the_name_from_the_code_on_every_save(user):
    address = AddressFactory(user=user, state="karnataka")
    assert (address.state_code, address.state) == ("29", "Karnataka")

    address.state_code = "32"
    address.save(update_fields=["state_code"])  # the name is saved with the code
    address.refresh_from_db()
    assert (address.state_code, address.state) == ("32", "Kerala")

    unknown = AddressFactory(user=user, state="Atlantis")
    assert (unknown.state_code, unknown.state) == ("", "Atlantis")


def test_the_migration_fills_codes_from_names_it_recognises():
    migration = importlib.import_module("accounts.migrations.0003_address_state_code")
    user = UserFactory()
    rows = {name: AddressFactory(user=user) for name in ("Karnataka", "orissa", "Tamil Nadu ", "Atlantis", "")}
    for name, address in rows.items():
        Address.objects.filter(pk=address.pk).update(state_code="", state=name)
    before = {a.pk: a.updated_at for a in Address.objects.all()}

    migration.fill_state_codes(apps, None)

    found = {a.pk: (a.state_code, a.state) for a in Address.objects.all()}
    assert found == {
        rows["Karnataka"].pk: ("29", "Karnataka"),
        rows["orissa"].pk: ("21", "Odisha"),
        rows["Tamil Nadu "].pk: ("33", "Tamil Nadu"),
        rows["Atlantis"].pk: ("", "Atlantis"),
        rows[""].pk: ("", ""),
    }
    assert {a.pk: a.updated_at for a in Address.objects.all()} == before


# --- The list


def test_the_list_of_states_is_public_cacheable_and_in_code_order(api_client):
    response = api_client.get("/api/states/")

    assert response.status_code == 200
    body = response.json()
    assert body == [{"code": code, "name": name} for code, name in STATES.items()]
    assert body[0] == {"code": "01", "name": "Jammu and Kashmir"} and {"code": "29", "name": "Karnataka"} in body
    assert not {"25", "28"} & {row["code"] for row in body}
    assert response["Cache-Control"].startswith("public")
    assert api_client.get("/api/states/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_admin_offers_the_states_as_a_select(client):
    staff = UserFactory(email="admin@example.in", is_staff=True, is_superuser=True)
    client.force_login(staff)
    shopper = UserFactory()
    legacy(shopper)

    page = client.get(f"/admin/accounts/user/{shopper.pk}/change/").content.decode()

    assert '<select name="addresses-0-state_code"' in page
    assert '<option value="29">Karnataka</option>' in page
    assert "Atlantis" in page  # the old name stays visible until a state is chosen
