import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from tax.states import STATES

ENDPOINTS = {
    "/api/auth/register/": {"post"},
    "/api/auth/token/": {"post"},
    "/api/auth/token/refresh/": {"post"},
    "/api/auth/logout/": {"post"},
    "/api/auth/me/": {"get", "patch"},
    "/api/auth/password/change/": {"post"},
    "/api/addresses/": {"get", "post"},
    "/api/addresses/{id}/": {"get", "put", "patch", "delete"},
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_accounts_endpoint_is_documented(schema):
    for path, methods in ENDPOINTS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), (path, set(schema["paths"][path]))


def _request_schema(schema, path):
    ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_logout_documents_its_request_and_empty_answer(schema):
    operation = schema["paths"]["/api/auth/logout/"]["post"]
    assert _request_schema(schema, "/api/auth/logout/")["required"] == ["refresh"]
    assert "204" in operation["responses"]
    assert "content" not in operation["responses"]["204"]


def test_token_endpoints_document_the_pair_they_answer(schema):
    assert set(_request_schema(schema, "/api/auth/token/")["properties"]) == {"email", "password"}
    for path in ("/api/auth/token/", "/api/auth/token/refresh/", "/api/auth/password/change/"):
        ref = schema["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert set(schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]) == {"access", "refresh"}


def test_register_answers_user_and_tokens(schema):
    ref = schema["paths"]["/api/auth/register/"]["post"]["responses"]["201"]["content"]["application/json"]["schema"][
        "$ref"
    ]
    assert set(schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]) == {"user", "access", "refresh"}


def test_every_accounts_string_input_has_a_max_length(schema):
    names = [
        "RegisterRequest",
        "SignInRequest",
        "RefreshRequest",
        "LogoutRequest",
        "PasswordChangeRequest",
        "PatchedUserRequest",
        "AddressRequest",
    ]
    for name in names:
        for prop, spec in schema["components"]["schemas"][name]["properties"].items():
            if spec.get("type") == "string" and not spec.get("readOnly"):
                assert "maxLength" in spec, (name, prop)


def test_an_address_schema_says_state_code_or_state_and_lists_the_codes(schema):
    schemas = schema["components"]["schemas"]
    for name in ("AddressRequest", "AddressInputRequest"):
        assert schemas[name]["allOf"] == [{"anyOf": [{"required": ["state_code"]}, {"required": ["state"]}]}], name
        pattern = schemas[name]["properties"]["state_code"]["pattern"]
        assert all(re.fullmatch(pattern, code) for code in STATES)
        assert not any(re.fullmatch(pattern, code) for code in ("00", "25", "28", "39", "98", "8", "29 "))
    assert "allOf" not in schemas["PatchedAddressRequest"]  # a PATCH may leave the state alone
    # The checkout's inline address is the component itself, its constraints inside it.
    address = schemas["CheckoutRequest"]["properties"]["address"]
    assert address["allOf"] == [{"$ref": "#/components/schemas/AddressInputRequest"}]
    assert {"code", "name"} == set(schemas["State"]["properties"])
