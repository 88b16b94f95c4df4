"""Domain errors raised by services and shown to users by views."""

from __future__ import annotations


class ServiceError(Exception):
    """A rule was broken. ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyExists(ServiceError):
    pass


class InvalidCredentials(ServiceError):
    pass


class InvalidToken(ServiceError):
    pass


class WeakPassword(ServiceError):
    pass
