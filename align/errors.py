"""The exception tree of clausealign.

Every error the library raises on purpose derives from :class:`ClauseAlignError`.
The CLI maps each class to an exit code (``exit_code``) and prints its message on
one line; the library itself never calls ``sys.exit``.

    ClauseAlignError            exit 2  (base)
    ├── InputError              exit 2  missing, empty, binary or non-UTF-8 input; bad options
    ├── ModelError              exit 3  an encoder cannot be found, built or loaded
    └── FormatError             exit 2  a gold, report or baseline file cannot be parsed
"""
from __future__ import annotations


class ClauseAlignError(Exception):
    """Base class of every error clausealign raises on purpose."""

    exit_code: int = 2


class InputError(ClauseAlignError):
    """A document or option cannot be used (missing, empty, binary, not UTF-8...)."""


class ModelError(ClauseAlignError):
    """An encoder cannot be found, converted or loaded."""

    exit_code = 3


class FormatError(ClauseAlignError):
    """A gold alignment, report or baseline file is malformed."""
