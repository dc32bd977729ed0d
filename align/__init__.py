"""clausealign: align a document with its translations clause by clause and flag divergences.

Example::

    import align
    report = align.compare("corpus/clicksend/privacy.en.txt", "corpus/clicksend/privacy.no.txt")
    print(report.render("text"))
"""
from __future__ import annotations

from ._version import __version__
from .errors import ClauseAlignError, FormatError, InputError, ModelError
from .pipeline import compare, compare_many

__all__ = ["ClauseAlignError", "FormatError", "InputError", "ModelError", "__version__", "compare", "compare_many"]
