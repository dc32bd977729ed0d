"""Lexical checks that compare one aligned pair (source text vs target text).

Every check is a pure function of ``(src, src_lang, tgt, tgt_lang)`` that returns
:class:`Difference` records: an item that stands on one side only (a number, a
name, a link...), or a meaning flip. :data:`CHECKS` is the registry, in the order
:func:`check_pair` runs them. The terminology check (:mod:`.terminology`) needs a glossary, so
:func:`~align.divergence.pair.examine_pair` runs it outside the registry.
"""
from __future__ import annotations

from collections.abc import Callable

from .base import Difference
from .entities import check_entities
from .links import check_links
from .numbers import check_numbers
from .polarity import check_polarity
from .untranslated import check_untranslated

Check = Callable[[str, str, str, str], list[Difference]]

# name -> check, in the order the findings are reported.
CHECKS: dict[str, Check] = {
    "untranslated": check_untranslated,
    "polarity": check_polarity,
    "numbers": check_numbers,
    "entities": check_entities,
    "links": check_links,
}


def check_pair(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[Difference]:
    """Run every registered check on one aligned pair, in registry order.

    Within a check, source-side differences come first, by position.
    """
    return [d for check in CHECKS.values() for d in check(src, src_lang, tgt, tgt_lang)]


__all__ = ["CHECKS", "Check", "Difference", "check_pair"]
