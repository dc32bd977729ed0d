"""The shared vocabulary: severities, finding kinds, sides, output formats and schema ids.

Every module that names one of these imports it from here, so one list is the truth.

    >>> bead_label((45, 46), (45, 46)), bead_label((2,), ())
    ('[45,46]:[45,46]', '[2]:[]')
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Severity = Literal["critical", "major", "minor"]
Side = Literal["source", "target"]

SEVERITIES: tuple[Severity, ...] = ("critical", "major", "minor")
SIDES: tuple[Side, ...] = ("source", "target")
# Finding kinds in display order; MQM maps each to the MQM / ITS 2.0 issue type.
KINDS = ("unrelated", "omission", "addition", "partial", "meaning", "number", "entity", "url", "email",
         "untranslated", "terminology", "moved")
MQM = {"omission": "omission", "partial": "omission", "addition": "addition", "untranslated": "untranslated",
       "unrelated": "other", "moved": "other", "terminology": "terminology"}

FORMATS = ("text", "json", "alignment", "tsv", "csv", "html", "tmx", "xliff", "sarif", "junit", "github")
MULTI_FORMATS = ("text", "json", "html", "tmx", "sarif", "junit", "github")
# Several targets in these formats: one file per target, named by an -o path with {lang} or {name}.
PER_TARGET_FORMATS = ("xliff",)
SHOWS = ("all", "findings")

REPORT_SCHEMA = "clausealign.report/1"
MULTI_SCHEMA = "clausealign.multi/1"
BASELINE_SCHEMA = "clausealign.baseline/1"
BATCH_SCHEMA = "clausealign.batch/1"


def mqm(kind: str) -> str:
    """The MQM / ITS 2.0 issue type of a finding kind (``mistranslation`` unless mapped)."""
    return MQM.get(kind, "mistranslation")


def severity_rank(severity: str) -> int:
    """Sort key of a severity: critical 0, major 1, minor 2, anything else last."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def ids_label(ids: Sequence[int]) -> str:
    """Segment ids as one side of a bead: ``[45,46]``, ``[]``."""
    return "[" + ",".join(str(i) for i in ids) + "]"


def bead_label(source: Sequence[int], target: Sequence[int]) -> str:
    """A bead in the Bertalign/Vecalign gold notation: ``[45,46]:[45]``."""
    return ids_label(source) + ":" + ids_label(target)


def kind_order(kinds: set[str]) -> list[str]:
    """Kinds in the canonical order, unknown kinds after them alphabetically."""
    return [k for k in KINDS if k in kinds] + sorted(kinds - set(KINDS))
