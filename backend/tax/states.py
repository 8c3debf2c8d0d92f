"""GST state and union-territory codes: the two digits that open every GSTIN and name a place of supply.

The offered list is what an address or a seller may use today. Codes 25 (Daman and Diu, merged into 26 in
2020) and 28 (Andhra Pradesh before Telangana split off; now 37) are no longer offered, but GSTINs issued
under them still exist, so GSTIN validation accepts them (`LEGACY_GSTIN_STATE_CODES`).
"""

import re

STATES: dict[str, str] = {
    "01": "Jammu and Kashmir",
    "02": "Himachal Pradesh",
    "03": "Punjab",
    "04": "Chandigarh",
    "05": "Uttarakhand",
    "06": "Haryana",
    "07": "Delhi",
    "08": "Rajasthan",
    "09": "Uttar Pradesh",
    "10": "Bihar",
    "11": "Sikkim",
    "12": "Arunachal Pradesh",
    "13": "Nagaland",
    "14": "Manipur",
    "15": "Mizoram",
    "16": "Tripura",
    "17": "Meghalaya",
    "18": "Assam",
    "19": "West Bengal",
    "20": "Jharkhand",
    "21": "Odisha",
    "22": "Chhattisgarh",
    "23": "Madhya Pradesh",
    "24": "Gujarat",
    "26": "Dadra and Nagar Haveli and Daman and Diu",
    "27": "Maharashtra",
    "29": "Karnataka",
    "30": "Goa",
    "31": "Lakshadweep",
    "32": "Kerala",
    "33": "Tamil Nadu",
    "34": "Puducherry",
    "35": "Andaman and Nicobar Islands",
    "36": "Telangana",
    "37": "Andhra Pradesh",
    "38": "Ladakh",
    "97": "Other Territory",
}

# Not offered any more, still found in GSTINs issued before the merger / the bifurcation.
LEGACY_GSTIN_STATE_CODES: frozenset[str] = frozenset({"25", "28"})

STATE_CHOICES: list[tuple[str, str]] = list(STATES.items())


def _key(name: str) -> str:
    """Compare names on letters and digits only, '&' read as 'and': "J & K", "j&k" and "J&K" are one key."""
    return re.sub(r"[^0-9a-z]", "", name.casefold().replace("&", "and"))


# Spellings people (and older address books) use for a state, beside its official name.
_ALIASES: dict[str, str] = {
    "J&K": "01",
    "Jammu & Kashmir": "01",
    "Uttaranchal": "05",
    "NCT of Delhi": "07",
    "National Capital Territory of Delhi": "07",
    "New Delhi": "07",
    "Orissa": "21",
    "Chattisgarh": "22",
    "Dadra and Nagar Haveli": "26",
    "Daman and Diu": "26",
    "Pondicherry": "34",
    "Andaman and Nicobar": "35",
}
_BY_KEY: dict[str, str] = {_key(name): code for code, name in STATES.items()} | {
    _key(alias): code for alias, code in _ALIASES.items()
}


def is_state_code(code: str) -> bool:
    """Whether `code` is an offered state/UT code (legacy GSTIN-only codes are not)."""
    return code in STATES


def state_name(code: str) -> str:
    """The official name of an offered code; a ValueError (not a KeyError) for anything else."""
    try:
        return STATES[code]
    except KeyError:
        raise ValueError(f"{code!r} is not a GST state code") from None


def code_for_name(name: str) -> str | None:
    """The code of a state written the way people write it (any case, spacing, '&' or 'and', old names)."""
    return _BY_KEY.get(_key(name))


# Union territories without a legislature: within one of them the state's share of GST is UTGST (Union
# Territory GST Act 2017), not SGST. Delhi (07), Puducherry (34) and Jammu and Kashmir (01) have legislatures.
UNION_TERRITORIES_WITHOUT_LEGISLATURE: frozenset[str] = frozenset({"04", "26", "31", "35", "38"})


def state_tax_name(code: str) -> str:
    """What the state's half of an intra-state supply is called where `code` is the place of supply."""
    return "UTGST" if code in UNION_TERRITORIES_WITHOUT_LEGISLATURE else "SGST"
