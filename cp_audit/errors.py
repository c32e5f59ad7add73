"""The exceptions a user may see: each says what is wrong and where, in words a user can act on."""


class AuditError(Exception):
    """Base of every error meant for the user; `detail` carries optional technical detail."""

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail


class CalculationError(AuditError):
    """A figure cannot be computed: a missing coefficient, an empty balance, mixed units ..."""


class UnitError(CalculationError):
    """A unit is unknown, or two units cannot be converted into each other."""
