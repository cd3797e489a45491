"""Domain errors that every layer raises and the GUI and CLI turn into messages."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors a user can be shown as they are."""


class ValidationError(DomainError):
    """Input was refused; `errors` maps each field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class ConflictError(DomainError):
    """The record changed (or was removed) on another workstation since it was opened."""


class NotFoundError(DomainError):
    """The record asked for does not exist."""
