"""The terminology check: the glossary's terms in one aligned pair (the core check of Xbench and
Verifika). It needs a glossary, so :func:`~align.divergence.pair.examine_pair` runs it when one
is given rather than through the :data:`~align.divergence.checks.CHECKS` registry.

Matching rule (:func:`find_term`): texts and terms are split into words and compared word by
word, case-folded (do-not-translate terms keep their case). A glossary word of four or more
letters also matches a text word that begins with it and is at most four letters longer, a final
``-y`` also as ``-i`` (simple inflection: centre ~ centres, datasenter ~ datasenteret, policy ~
policies, ClickSend ~ ClickSends); shorter words match whole. Stem changes (datasenter /
datasentre) need both forms in the glossary, and a compound that does not start with the term
(hoveddatasenter) does not match. Terms in scripts written without spaces (Chinese, Japanese,
Thai) match as substrings.

    >>> find_term("data centre", "Two data centres in Sydney.")
    (4, 16)
    >>> find_term("datasenter", "i hoveddatasenteret") is None
    True
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ...glossary import Term
from ...vocab import Side
from .base import Difference

_WORD = re.compile(r"\w+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _word_matches(rule: str, word: str) -> bool:
    if word == rule:
        return True
    if len(rule) < 4 or len(word) > len(rule) + 4:
        return False
    return word.startswith(rule) or (rule.endswith("y") and word.startswith(rule[:-1] + "i"))


def find_term(term: str, text: str, *, case: bool = False) -> tuple[int, int] | None:
    """The span of the first occurrence of ``term`` in ``text`` by the module's rule, or None."""
    fold = (lambda s: s) if case else str.casefold
    if _UNSPACED.search(term):
        at = fold(text).find(fold(term))
        return None if at < 0 else (at, at + len(term))
    rule = [fold(w) for w in _WORD.findall(term)]
    words = list(_WORD.finditer(text))
    for i in range(len(words) - len(rule) + 1):
        if rule and all(_word_matches(r, fold(w.group())) for r, w in zip(rule, words[i:])):
            return words[i].start(), words[i + len(rule) - 1].end()
    return None


def _alternatives(terms: Sequence[str]) -> str:
    return " or ".join(f"'{t}'" for t in terms)


def _diff(side: Side, text: str, span: tuple[int, int], note: str) -> Difference:
    return Difference("terminology", side, text[span[0]:span[1]], span[0], span[1], None, note)


def check_term(term: Term, src: str, tgt: str) -> list[Difference]:
    """The differences one glossary rule finds in a pair (none when the rule is kept or does not apply)."""
    where = f" (glossary {term.where})" if term.where else ""
    if term.type == "forbidden":
        if term.source and find_term(term.source, src) is None:
            return []
        for target in term.targets:
            span = find_term(target, tgt)
            if span:
                what = f" for '{term.source}'" if term.source else ""
                return [_diff("target", tgt, span, f"forbidden term '{tgt[span[0]:span[1]]}'{what} in the "
                                                   f"target{where}")]
        return []
    case = term.type == "dnt"
    span = find_term(term.source, src, case=case)
    if span is None:
        return []
    if term.type == "required":
        if any(find_term(t, tgt) for t in term.targets):
            return []
        return [_diff("source", src, span, f"'{src[span[0]:span[1]]}' needs {_alternatives(term.targets)} in the "
                                           f"target{where}")]
    if find_term(term.source, tgt, case=True):
        return []
    changed = find_term(term.source, tgt)
    if changed:
        return [_diff("source", src, span, f"do-not-translate term '{term.source}' changed to "
                                           f"'{tgt[changed[0]:changed[1]]}' in the target{where}"),
                _diff("target", tgt, changed, "changed")]
    return [_diff("source", src, span, f"do-not-translate term '{term.source}' is missing from the target{where}")]
