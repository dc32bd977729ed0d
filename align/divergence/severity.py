"""The severity policy for legal text, in one place (the README's table is :data:`TABLE`).

    >>> unpaired_severity("source", boilerplate=False, facts=False, obligation=True)
    'critical'
    >>> pair_severity("number", source_side=False)
    'major'
"""
from __future__ import annotations

from ..vocab import Severity, Side

# (severity, kind, when): the rules below, as the README states them (a test keeps them equal).
TABLE: tuple[tuple[Severity, str, str], ...] = (
    ("critical", "unrelated", "document level: the two documents are not translations of each other "
                              "(the aligned pairs score no better than their neighbours); replaces all "
                              "other findings"),
    ("critical", "untranslated", "document level: the target is in the source's language (unless both "
                                 "languages were given and are the same)"),
    ("critical", "omission", "a dropped segment that carries digits, a link or a name, or a dropped "
                             "content segment that states an obligation or a fact (modal verbs, negation, "
                             "quantifiers such as \"all\"/\"only\")"),
    ("critical", "meaning", "a meaning flip (negation, negative affix)"),
    ("critical", "number", "a number, date or amount of the source changed or missing in the target"),
    ("critical", "entity", "a name of the source replaced by another in the target"),
    ("critical", "partial", "a clause left out that carries a name or a number"),
    ("major", "partial", "a plain clause left out"),
    ("major", "omission", "any other dropped content segment"),
    ("major", "addition", "an added content segment, or an added heading that carries a number or date"),
    ("major", "number", "a number or date only the target has"),
    ("major", "entity", "a name only the target has"),
    ("major", "url / email", "a link or address that differs or is missing"),
    ("major", "untranslated", "a segment left in the source language"),
    ("major", "terminology", "a glossary term broken: a source term whose required target term is missing, a "
                             "forbidden term in the target, or a do-not-translate term (a brand name) changed or "
                             "missing in the target"),
    ("minor", "moved", "a block of segments the translation moves elsewhere (both places named; the "
                       "moved text is also checked as a pair)"),
    ("minor", "omission / addition", "a dropped or added heading or boilerplate line (three words or "
                                     "fewer) with no number, date or name"),
)


def unpaired_severity(side: Side, *, boilerplate: bool, facts: bool, obligation: bool) -> Severity:
    """Severity of a segment with no counterpart: dropped (``source``) or added (``target``)."""
    if side == "source" and (facts or (obligation and not boilerplate)):
        return "critical"
    if boilerplate and not facts:
        return "minor"
    return "major"


def pair_severity(kind: str, *, source_side: bool = True, carries_facts: bool = False) -> Severity:
    """Severity of a finding inside an aligned pair.

    ``source_side``: the item stands in the source (dropped or changed), not only in the target.
    ``carries_facts``: for ``partial``, the left-out part holds a name or a number.
    """
    if kind in ("meaning",):
        return "critical"
    if kind in ("number", "entity"):
        return "critical" if source_side else "major"
    if kind == "partial":
        return "critical" if carries_facts else "major"
    return "major"


def markdown_table() -> str:
    """:data:`TABLE` as the Markdown table the README shows."""
    lines = ["| severity | kind | when |", "| --- | --- | --- |"]
    lines += [f"| {severity} | {kind} | {when} |" for severity, kind, when in TABLE]
    return "\n".join(lines) + "\n"
