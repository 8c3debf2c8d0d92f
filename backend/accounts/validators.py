from django.core.validators import RegexValidator

# India Post pincodes: six digits, the first (the postal region) 1-9.
pincode_validator = RegexValidator(
    r"^[1-9][0-9]{5}$", "Enter a 6-digit Indian pincode that does not start with 0.", "invalid_pincode"
)
# Indian mobile numbers: ten digits starting 6-9 (no +91 or leading 0).
mobile_validator = RegexValidator(
    r"^[6-9][0-9]{9}$", "Enter a 10-digit mobile number starting with 6, 7, 8 or 9.", "invalid_phone"
)
