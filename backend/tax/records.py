"""What GST law makes a seller keep about a sale, and for how long: the floor under what an erased account's orders
keep (privacy.services) and what the privacy notice says (legal.facts).

- CGST Rules, rule 46: a tax invoice names the recipient with their address and the delivery address (with the
  state's name and code) when the recipient is registered (46(e): their GSTIN too) or, unregistered, when the taxable
  value of the supply is ₹50,000 or more (46(f)). Below that, a consumer's invoice needs no name or address: only
  the place of supply, the state's name and code (46(n); GSTR-1 reports such sales by place of supply, B2CS/B2CL).
- CGST Act, section 36: accounts and records are kept for 72 months from the due date of the year's annual return.
"""

from decimal import Decimal

# Rule 46(f): from this taxable value an unregistered recipient's name and address are printed.
UNREGISTERED_NAME_AND_ADDRESS_FROM = Decimal("50000")
# Section 36: months the records are kept after the due date of the year's annual return.
RECORDS_RETENTION_MONTHS = 72


def names_recipient(*, taxable_value: Decimal, registered: bool) -> bool:
    """Must the invoice of this supply carry the recipient's name and address (rule 46(e), 46(f))? Otherwise only the
    place of supply is required of the buyer's identity."""
    return registered or taxable_value >= UNREGISTERED_NAME_AND_ADDRESS_FROM
