"""clausealign: align a document with its translations clause by clause and flag divergences.

    >>> import align
    >>> report = align.compare("corpus/clicksend/privacy.en.txt", "corpus/clicksend/privacy.no.txt")
    >>> print(report.render("text"))
"""
from __future__ import annotations

from .errors import ClauseAlignError, FormatError, InputError, ModelError

__version__ = "0.1.0"

__all__ = ["compare", "compare_many", "ClauseAlignError", "InputError", "ModelError", "FormatError",
           "__version__"]


def __getattr__(name: str):
    """Import the pipeline lazily, so ``import align`` (and the CLI's --help) stays fast."""
    if name in ("compare", "compare_many"):
        from . import compare as module

        return getattr(module, name)
    raise AttributeError(f"module 'align' has no attribute {name!r}")
