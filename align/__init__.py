"""clausealign: align a document with its translations clause by clause and flag divergences.

Example::

    import align
    report = align.compare("corpus/clicksend/privacy.en.txt", "corpus/clicksend/privacy.no.txt")
    print(report.render("text"))
"""
from __future__ import annotations

__version__ = "0.2.0"

from .errors import ClauseAlignError, FormatError, InputError, ModelError  # noqa: E402
from .pipeline import compare, compare_many  # noqa: E402

__all__ = ["compare", "compare_many", "ClauseAlignError", "InputError", "ModelError", "FormatError",
           "__version__"]
