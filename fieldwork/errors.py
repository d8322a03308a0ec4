"""Errors a user may see. Every message is one plain-English sentence that names what was refused
and, where it helps, what to do instead. Never put a case reference's surrounding text, a child's
details or any free text from a record into a message beyond what the user typed as an argument."""


class FieldworkError(Exception):
    """Something the user asked for was refused; `str(err)` is the line shown to them."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(FieldworkError):
    """Input that does not make a valid record (bad date, unknown criterion, missing field...)."""


class NotFound(FieldworkError):
    """A record, case reference or file the user named does not exist."""


class AccessDenied(FieldworkError):
    """Wrong passphrase, or an action only the lead may take."""

    exit_code = 3


class NoInspection(FieldworkError):
    """The home folder holds no inspection yet."""

    exit_code = 4
