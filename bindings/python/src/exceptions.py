# The exception hierarchy of `kompetence`, run once when the native module `kompetence._native`
# is initialised (see `errors.rs`). It is Python source because two of the classes need two
# bases (e.g. `NotFoundError` is also a `KeyError`), a constructor and pickling support, which
# are one line each here and awkward through the C API. `__name__` is "kompetence" while this
# runs, so pickles refer to the public package, not to the private module.


class KompetenceError(Exception):
    """Root of every error raised by kompetence.

    Attributes:
        kind: the stable snake_case category (``parse``, ``validation``, ...).
        problems: every problem found, each with ``document``, ``path``, ``value``, ``message``.
        path: the field path of the first problem ("" when none).
        document: the document of the first problem, when known.
    """

    kind = "error"

    def __init__(self, message="", problems=None):
        super().__init__(message)
        self.problems = list(problems) if problems is not None else []
        first = self.problems[0] if self.problems else None
        self.path = first.path if first is not None else ""
        self.document = first.document if first is not None else None

    def __str__(self):
        # KeyError quotes its message; the message here is already meant for people.
        return str(self.args[0]) if self.args else ""

    def __reduce__(self):
        return (type(self), (str(self), self.problems))


class ParseError(KompetenceError, ValueError):
    """The text is not JSON, or JSON of the wrong shape (type, missing or unknown field)."""

    kind = "parse"


class ValidationError(KompetenceError, ValueError):
    """The documents parsed but break one or more rules; ``problems`` lists all of them."""

    kind = "validation"


class UnsupportedVersionError(KompetenceError, ValueError):
    """The document's ``schema_version`` is not one this library reads."""

    kind = "unsupported_version"


class NotFoundError(KompetenceError, KeyError):
    """A query named an employee, unit or goal that does not exist."""

    kind = "not_found"


class LimitExceededError(KompetenceError, ValueError):
    """The input is larger than the documented limits allow."""

    kind = "limit_exceeded"


class InvalidArgumentError(KompetenceError, ValueError):
    """An argument to a query is invalid (e.g. an unknown document kind)."""

    kind = "invalid_argument"
