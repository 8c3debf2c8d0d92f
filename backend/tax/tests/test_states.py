import pytest

from tax.states import (
    LEGACY_GSTIN_STATE_CODES,
    STATE_CHOICES,
    STATES,
    code_for_name,
    is_state_code,
    state_name,
    state_tax_name,
)


def test_the_offered_list_is_the_official_one_ordered_by_code() -> None:
    assert list(STATES) == sorted(STATES)
    assert all(len(code) == 2 and code.isdigit() for code in STATES)
    assert len(STATES) == 37
    assert STATES["26"] == "Dadra and Nagar Haveli and Daman and Diu"
    assert STATES["37"] == "Andhra Pradesh" and STATES["36"] == "Telangana" and STATES["38"] == "Ladakh"
    assert STATES["97"] == "Other Territory"
    assert STATE_CHOICES[0] == ("01", "Jammu and Kashmir")
    assert [code for code, _ in STATE_CHOICES] == list(STATES)


def test_merged_and_split_codes_are_for_old_gstins_only() -> None:
    for code in ("25", "28"):
        assert code in LEGACY_GSTIN_STATE_CODES
        assert code not in STATES and not is_state_code(code)
        with pytest.raises(ValueError, match="not a GST state code"):
            state_name(code)


@pytest.mark.parametrize("code", ["29", "07", "97"])
def test_state_name_of_an_offered_code(code: str) -> None:
    assert is_state_code(code)
    assert state_name(code) == STATES[code]


@pytest.mark.parametrize("code", ["7", "007", "00", "39", "96", "99", "", "Karnataka"])
def test_anything_else_is_a_value_error_not_a_key_error(code: str) -> None:
    assert not is_state_code(code)
    with pytest.raises(ValueError, match="not a GST state code"):
        state_name(code)


@pytest.mark.parametrize(("code", "name"), list(STATES.items()))
def test_every_official_name_finds_its_code_in_any_case_and_spacing(code: str, name: str) -> None:
    assert code_for_name(name) == code
    assert code_for_name(f"  {name.upper()} ") == code
    assert code_for_name(name.lower().replace(" ", "  ")) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Orissa", "21"),
        ("Pondicherry", "34"),
        ("NCT of Delhi", "07"),
        ("New Delhi", "07"),
        ("new  delhi", "07"),
        ("J&K", "01"),
        ("J & K", "01"),
        ("Jammu & Kashmir", "01"),
        ("Andaman & Nicobar", "35"),
        ("Andaman and Nicobar", "35"),
        ("Andaman & Nicobar Islands", "35"),
        ("Dadra & Nagar Haveli", "26"),
        ("Daman and Diu", "26"),
        ("Daman & Diu", "26"),
        ("Dadra & Nagar Haveli & Daman & Diu", "26"),
        ("Uttaranchal", "05"),
        ("Chattisgarh", "22"),
        ("TamilNadu", "33"),
        ("west bengal", "19"),
    ],
)
def test_common_spellings(name: str, code: str) -> None:
    assert code_for_name(name) == code


@pytest.mark.parametrize("name", ["", "  ", "Atlantis", "Bengaluru", "29", "Delhi NCR", "Andhra"])
def test_unknown_names_are_none(name: str) -> None:
    assert code_for_name(name) is None


@pytest.mark.parametrize(
    ("code", "name"),
    [*[(code, "UTGST") for code in ("04", "26", "31", "35", "38")], *[(c, "SGST") for c in ("07", "34", "01", "29")]],
)
def test_union_territories_without_a_legislature_levy_utgst(code: str, name: str) -> None:
    assert state_tax_name(code) == name
