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


class StorageError(DomainError):
    """The database (or the disk) could not do what was asked, and nothing was changed.

    The message says what is wrong and what to do, in words a clinic user understands; it never names a
    patient. Callers add what happens to the user's work ("your consult is kept").
    """


class DatabaseBusyError(StorageError):
    """Another workstation or program held the database's write lock for longer than we wait."""


class DatabaseReadOnlyError(StorageError):
    """The database file or its folder cannot be written."""


class DiskFullError(StorageError):
    """The disk that holds the database, or a file being written, is full."""


class DatabaseDamagedError(StorageError):
    """The file is not an FBSS Desktop database, or it is damaged."""


class DatabaseUnavailableError(StorageError):
    """The database cannot be reached: a server down or unreachable, a login refused, a file not opened."""


class ConnectionLostError(DatabaseUnavailableError):
    """The connection to the database server broke; the next action reconnects."""


class StoredRecordError(DomainError):
    """A stored consult or plan could not be read completely (a value the reader refuses today). Nothing is
    dropped: the work that needed it stops and says where the problem is, so it can be corrected."""

    def __init__(self, what: str, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        path, message = next(iter(self.problems.items()))
        more = f" and {len(self.problems) - 1} more" if len(self.problems) > 1 else ""
        super().__init__(
            f"The stored {what} could not be read completely: {path}: {message}{more}. "
            "Open the consult, correct it and save it, then try again."
        )


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow this; the message says who may."""


class SignInError(DomainError):
    """A sign-in was refused (a wrong name or password, an inactive user, too many attempts); the message
    never says which of name or password was wrong."""
