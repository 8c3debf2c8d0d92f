"""Delivery zones from an Indian pincode's leading digits (the mock provider's ETA, and the fallback
whenever the carrier cannot answer).

A pincode's first two digits name the postal circle (roughly a state), its first three the sorting
district. Relative to the warehouse (SHIPPING_ORIGIN_PINCODE): the same district is "local", a metro
city's district is "metro", the rest of the warehouse's circle is "state", far-flung and hard-to-reach
districts are "remote", everything else "national".
"""

import re
from dataclasses import dataclass

PINCODE_RE = re.compile(r"^[1-9][0-9]{5}$")

# First two digits → postal circle. Prefixes not listed (54, 55, 65, 66, 86–89) are not in use.
_CIRCLES = {
    "11": "Delhi",
    "12": "Haryana",
    "13": "Haryana",
    "14": "Punjab",
    "15": "Punjab",
    "16": "Punjab",
    "17": "Himachal Pradesh",
    "18": "Jammu & Kashmir",
    "19": "Jammu & Kashmir",
    **{str(p): "Uttar Pradesh" for p in range(20, 29)},
    **{str(p): "Rajasthan" for p in range(30, 35)},
    **{str(p): "Gujarat" for p in range(36, 40)},
    **{str(p): "Maharashtra" for p in range(40, 45)},
    **{str(p): "Madhya Pradesh" for p in range(45, 49)},
    "49": "Chhattisgarh",
    "50": "Telangana",
    "51": "Andhra Pradesh",
    "52": "Andhra Pradesh",
    "53": "Andhra Pradesh",
    **{str(p): "Karnataka" for p in range(56, 60)},
    **{str(p): "Tamil Nadu" for p in range(60, 65)},
    "67": "Kerala",
    "68": "Kerala",
    "69": "Kerala",
    **{str(p): "West Bengal" for p in range(70, 75)},
    "75": "Odisha",
    "76": "Odisha",
    "77": "Odisha",
    "78": "Assam",
    "79": "North East",
    **{str(p): "Bihar & Jharkhand" for p in range(80, 86)},
    **{str(p): "Army Postal Service" for p in range(90, 100)},
}

# Sorting districts of the metro cities: Delhi, Mumbai, Kolkata, Chennai, Bengaluru, Hyderabad, Pune, Ahmedabad.
METRO_DISTRICTS = frozenset({"110", "400", "700", "600", "560", "500", "411", "380"})

# Hard to reach: Jammu & Kashmir and Ladakh, the North East beyond Assam, Sikkim, the Andaman and Nicobar
# Islands, Lakshadweep.
_REMOTE_PREFIXES = ("18", "19", "79", "737", "744", "68255")


@dataclass(frozen=True)
class Zone:
    name: str
    min_days: int
    max_days: int


LOCAL = Zone("local", 1, 2)
METRO = Zone("metro", 2, 3)
STATE = Zone("state", 3, 5)
NATIONAL = Zone("national", 4, 7)
REMOTE = Zone("remote", 7, 10)
ZONES = (LOCAL, METRO, STATE, NATIONAL, REMOTE)
# Where the mock carrier's couriers collect cash on delivery: not the far-flung, hard-to-reach districts.
COD_ZONES = frozenset({LOCAL, METRO, STATE, NATIONAL})


class UnknownPincode(ValueError):
    pass


class NotServiceable(ValueError):
    pass


def is_valid_pincode(value) -> bool:
    return isinstance(value, str) and bool(PINCODE_RE.match(value))


def circle_of(pincode: str) -> str:
    if not is_valid_pincode(pincode):
        raise UnknownPincode(f"{pincode!r} is not a 6-digit Indian pincode.")
    circle = _CIRCLES.get(pincode[:2])
    if circle is None:
        raise UnknownPincode(f"No Indian pincode starts with {pincode[:2]}.")
    return circle


def zone_for(pincode: str, origin: str) -> Zone:
    """The delivery zone of `pincode` shipped from `origin`. Raises UnknownPincode for a pincode that
    cannot exist and NotServiceable for one couriers do not deliver to (Army Postal Service)."""
    circle = circle_of(pincode)
    if circle == "Army Postal Service":
        raise NotServiceable("Army Postal Service pincodes are delivered by the APS, not by courier.")
    if pincode[:3] == origin[:3]:
        return LOCAL
    if pincode.startswith(_REMOTE_PREFIXES):
        return REMOTE
    if pincode[:3] in METRO_DISTRICTS:
        return METRO
    if circle == circle_of(origin):
        return STATE
    return NATIONAL
