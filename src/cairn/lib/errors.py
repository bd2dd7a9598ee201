"""Errors that services raise for input the rules refuse."""


class ServiceError(ValueError):
    """A request the rules refuse; `field` names the input at fault (empty for the whole)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
