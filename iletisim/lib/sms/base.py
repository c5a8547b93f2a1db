"""What every SMS provider shares."""

from __future__ import annotations


class SMSError(Exception):
    """Sending failed. `permanent`: retrying will not help (bad number, bad account)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
