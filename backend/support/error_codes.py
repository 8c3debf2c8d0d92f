"""What the complaint endpoints refuse with."""

from core.errors import ErrorCode


class SupportErrorCode(ErrorCode):
    COMPLAINT_CLOSED = "complaint_closed", 409  # closing a complaint that is already closed
