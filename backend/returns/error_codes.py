"""Returns' refusals on the wire (besides core.errors.CommonErrorCode's not_found and invalid)."""

from core.errors import ErrorCode


class ReturnsErrorCode(ErrorCode):
    RETURN_WINDOW_CLOSED = "return_window_closed", 400  # asked later than RETURN_WINDOW_DAYS after delivery
    NOT_RETURNABLE = "not_returnable", 400  # the order is not delivered, or a unit is not the order's / returned
    RETURN_ALREADY_OPEN = "return_already_open", 409  # a unit already has a return that is not rejected
    INVALID_PHOTO = "invalid_photo", 400  # not a JPEG, PNG or WebP image (checked from its bytes), too large, > 3
    RETURN_STEP_NOT_ALLOWED = "return_step_not_allowed", 409  # the return's status does not allow this step
