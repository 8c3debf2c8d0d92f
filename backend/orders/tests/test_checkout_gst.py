"""Checkout and GST: the place of supply is the delivery address's state code; an optional buyer GSTIN (a
business buyer claiming input tax credit) must be valid and registered in the billing state, which is the
delivery address's (one address per order)."""

import pytest

from accounts.models import Address
from accounts.tests.factories import AddressFactory
from cart.models import CartItem
from core.errors import ApplicationError
from orders import services
from orders.models import Order
from orders.tests.fixtures import INLINE_ADDRESS, add_to_cart

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dev_gateway")]

# Made-up registrations with a correct check character (tax.gstin.gstin_check_character).
KARNATAKA_GSTIN = "29ABCDE1234F1ZW"
MAHARASHTRA_GSTIN = "27ABCDE1234F1Z0"
OLD_ANDHRA_GSTIN = "28ABCDE1234F1ZY"  # code 28: Andhra Pradesh before 2014, still in old registrations
KARNATAKA = {**{k: v for k, v in INLINE_ADDRESS.items() if k != "state"}, "city": "Bengaluru", "pincode": "560001"}


def place(client, variant, **kwargs):
    add_to_cart(client, variant, 1)
    return checkout_with(client, **kwargs)


def checkout_with(client, *, buyer_gstin=None, address=None, address_id=None, key=None):
    body = {"payment_method": "dev"}
    if address_id is not None:
        body["address_id"] = address_id
    else:
        body["address"] = address or {**KARNATAKA, "state_code": "29"}
    if buyer_gstin is not None:
        body["buyer_gstin"] = buyer_gstin
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/checkout/", body, format="json", **headers)


def refusal(response, status=400):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    return error["code"], error["fields"]


# --- The place of supply


@pytest.mark.parametrize(
    ("address", "code", "name"),
    [
        ({**KARNATAKA, "state_code": "29"}, "29", "Karnataka"),  # the seller's state: CGST + SGST
        ({**KARNATAKA, "state_code": "27"}, "27", "Maharashtra"),  # another state: IGST
        (INLINE_ADDRESS, "19", "West Bengal"),  # a name, as clients sent before codes
        ({**KARNATAKA, "state": "orissa"}, "21", "Odisha"),
    ],
)
def test_the_place_of_supply_is_the_inline_address_state(auth_client, variant, address, code, name):
    response = place(auth_client, variant, address=address)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["place_of_supply"] == code and body["buyer_gstin"] == ""
    assert (body["shipping_address"]["state_code"], body["shipping_address"]["state"]) == (code, name)
    order = Order.objects.get()
    assert order.place_of_supply == code and order.shipping_address["state_code"] == code


def test_the_place_of_supply_is_the_saved_address_state(auth_client, user, variant):
    saved = AddressFactory(user=user, state_code="33")

    response = place(auth_client, variant, address_id=saved.pk)

    assert response.status_code == 201, response.content
    assert response.json()["place_of_supply"] == "33"
    assert response.json()["shipping_address"]["state"] == "Tamil Nadu"


def test_a_saved_address_without_a_state_code_must_get_its_state_first(auth_client, user, variant):
    saved = AddressFactory(user=user)
    Address.objects.filter(pk=saved.pk).update(state_code="", state="Atlantis")  # saved before codes

    code, fields = refusal(place(auth_client, variant, address_id=saved.pk))

    assert code == "invalid_address"
    assert set(fields) == {"address_id"} and "Add the state to this address" in fields["address_id"][0]
    assert not Order.objects.exists() and CartItem.objects.count() == 1

    auth_client.patch(f"/api/addresses/{saved.pk}/", {"state_code": "29"}, format="json")
    assert checkout_with(auth_client, address_id=saved.pk).json()["place_of_supply"] == "29"


def test_an_inline_address_state_is_checked_like_a_saved_one(auth_client, variant):
    add_to_cart(auth_client, variant, 1)

    code, fields = refusal(checkout_with(auth_client, address={**KARNATAKA, "state": "Atlantis"}))
    assert code == "invalid" and "GET /api/states/" in fields["address.state_code"][0]
    code, fields = refusal(checkout_with(auth_client, address={**KARNATAKA, "state_code": "29", "state": "Goa"}))
    assert code == "invalid" and set(fields) == {"address.state"}
    code, fields = refusal(checkout_with(auth_client, address=KARNATAKA))
    assert code == "invalid" and set(fields) == {"address.state_code"}
    assert not Order.objects.exists()


def test_the_service_refuses_an_inline_address_without_a_state(user, variant):
    """Callers other than the API (which resolves the state first) are held to the same rule."""
    from cart.models import Cart

    CartItem.objects.create(cart=Cart.objects.create(user=user), variant=variant, quantity=1)
    with pytest.raises(ApplicationError) as refused:
        services.checkout(user=user, payment_method="dev", address={**KARNATAKA, "state": "Atlantis"})
    assert refused.value.fields.keys() == {"address.state_code"}
    order, _ = services.checkout(user=user, payment_method="dev", address={**KARNATAKA, "state": "kerala"})
    assert order.place_of_supply == "32" and order.shipping_address["state"] == "Kerala"


def test_an_order_placed_before_codes_answers_a_blank_state_code(auth_client, variant):
    order_id = place(auth_client, variant).json()["id"]
    order = Order.objects.get(pk=order_id)
    old = {k: v for k, v in order.shipping_address.items() if k != "state_code"}
    Order.objects.filter(pk=order_id).update(shipping_address=old, place_of_supply="")

    body = auth_client.get(f"/api/orders/{order_id}/").json()

    assert body["shipping_address"]["state_code"] == "" and body["shipping_address"]["state"] == "Karnataka"
    assert body["place_of_supply"] == ""


# --- The buyer's GSTIN


def test_a_valid_gstin_of_the_billing_state_is_kept(auth_client, variant):
    response = place(auth_client, variant, buyer_gstin=KARNATAKA_GSTIN)

    assert response.status_code == 201, response.content
    assert response.json()["buyer_gstin"] == KARNATAKA_GSTIN
    assert Order.objects.get().buyer_gstin == KARNATAKA_GSTIN


def test_a_gstin_is_stored_uppercased_and_trimmed(auth_client, variant):
    response = place(auth_client, variant, buyer_gstin=f"  {KARNATAKA_GSTIN.lower()} ")
    assert response.status_code == 201, response.content
    assert Order.objects.get().buyer_gstin == KARNATAKA_GSTIN


def test_a_blank_gstin_is_no_gstin(auth_client, variant):
    assert place(auth_client, variant, buyer_gstin="").json()["buyer_gstin"] == ""


@pytest.mark.parametrize(
    ("gstin", "message"),
    [
        ("29ABCDE1234F1ZX", "The last character of this GSTIN should be W, not X"),  # one character off
        ("29ABCDE1234F1Z", "A GSTIN has 15 characters; this one has 14."),
        ("99ABCDE1234F1ZW", "99 is not one"),
        ("29ABCDE1234F0ZW", "never 0"),
    ],
)
def test_a_wrong_gstin_is_refused_with_the_rule_it_breaks(auth_client, variant, gstin, message):
    code, fields = refusal(place(auth_client, variant, buyer_gstin=gstin))

    assert code == "invalid"
    assert set(fields) == {"buyer_gstin"} and message in fields["buyer_gstin"][0]
    assert not Order.objects.exists() and CartItem.objects.count() == 1


def test_a_gstin_of_another_state_than_the_billing_address_is_refused(auth_client, variant):
    code, fields = refusal(place(auth_client, variant, buyer_gstin=MAHARASHTRA_GSTIN))

    assert code == "invalid"
    assert fields["buyer_gstin"][0].startswith(
        "This GSTIN is registered in Maharashtra, the billing address is in Karnataka."
    )
    assert not Order.objects.exists()
    # The same GSTIN with an address in its state is fine.
    response = checkout_with(auth_client, buyer_gstin=MAHARASHTRA_GSTIN, address={**KARNATAKA, "state_code": "27"})
    assert response.status_code == 201 and response.json()["buyer_gstin"] == MAHARASHTRA_GSTIN


def test_an_old_andhra_pradesh_gstin_does_not_match_todays_andhra_pradesh(auth_client, variant):
    """28 is a valid GSTIN prefix (registrations before 2014) but no address is in 28 any more: the buyer
    needs their registration under 37."""
    andhra = {**KARNATAKA, "state_code": "37"}
    code, fields = refusal(place(auth_client, variant, buyer_gstin=OLD_ANDHRA_GSTIN, address=andhra))
    assert code == "invalid"
    assert "registered in state code 28, the billing address is in Andhra Pradesh" in fields["buyer_gstin"][0]


def test_a_gstin_must_be_a_string(auth_client, variant):
    code, fields = refusal(place(auth_client, variant, buyer_gstin=29))
    assert code == "invalid" and set(fields) == {"buyer_gstin"}


# --- Repeating a checkout (Idempotency-Key)


def test_a_repeat_with_the_same_gstin_in_another_case_is_the_same_order(auth_client, variant):
    first = place(auth_client, variant, buyer_gstin=KARNATAKA_GSTIN, key="k-1")
    again = checkout_with(auth_client, buyer_gstin=KARNATAKA_GSTIN.lower(), key="k-1")

    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.parametrize("other", ["", MAHARASHTRA_GSTIN, "29AAFCP1234D1ZQ"])
def test_a_repeat_with_another_gstin_is_refused(auth_client, variant, other):
    first = place(auth_client, variant, buyer_gstin=KARNATAKA_GSTIN, key="k-2")
    assert first.status_code == 201

    code, _ = refusal(checkout_with(auth_client, buyer_gstin=other, key="k-2"), 422)

    assert code == "idempotency_key_reused"
    assert Order.objects.get().buyer_gstin == KARNATAKA_GSTIN


def test_a_repeat_without_a_gstin_after_one_without_is_the_same_order(auth_client, variant):
    first = place(auth_client, variant, key="k-3")
    assert checkout_with(auth_client, buyer_gstin="", key="k-3").json()["id"] == first.json()["id"]


def test_a_repeat_after_the_saved_address_moved_to_another_state_is_refused(auth_client, user, variant):
    saved = AddressFactory(user=user, state_code="29")
    first = place(auth_client, variant, address_id=saved.pk, key="k-4")
    assert checkout_with(auth_client, address_id=saved.pk, key="k-4").json()["id"] == first.json()["id"]

    auth_client.patch(f"/api/addresses/{saved.pk}/", {"state_code": "27"}, format="json")

    code, _ = refusal(checkout_with(auth_client, address_id=saved.pk, key="k-4"), 422)
    assert code == "idempotency_key_reused"
