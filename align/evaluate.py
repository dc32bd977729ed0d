"""The evaluation stage: findings (divergences) for an aligned document pair.

Each bead is examined by

* its shape: a source segment with no counterpart is an ``omission``, a target
  segment with none an ``addition``;
* the lexical checks of :mod:`align.checks` (numbers and dates by value,
  entities, negation, links, untranslated text);
* the leave-one-chunk-out probe of :mod:`align.probe`, which finds source
  clauses whose removal makes the source match the target better.

Severity rules (legal text):

* ``critical``: a meaning flip; a changed or dropped number, date, entity or
  link; a dropped segment that carries digits or a name, or a dropped content
  segment that states an obligation or a fact (modal verbs, negation,
  quantifiers such as "all"/"only");
* ``major``: any other dropped or added content segment, a partial omission of
  a plain clause, an untranslated segment, an added entity or number, an added
  heading with a number or date;
* ``minor``: a dropped or added heading or boilerplate line (three words or
  fewer) with no number, date or name.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Sequence

from .aligner import Bead
from .document import Document

SEVERITIES = ("critical", "major", "minor")
MQM = {"omission": "omission", "partial": "omission", "addition": "addition",
       "untranslated": "untranslated"}

OBLIGATION = {
    "en": r"\b(will|shall|must|may|can|cannot|never|not|no|only|all|always|required|ensures?|guarantees?)\b",
    "nb": r"\b(vil|skal|må|kan|aldri|ikke|ingen|kun|bare|alle|alltid|påkrevd|sikrer|garanterer)\b",
    "da": r"\b(vil|skal|må|kan|aldrig|ikke|ingen|kun|alle|altid)\b",
    "sv": r"\b(kommer|ska|skall|måste|får|kan|aldrig|inte|ingen|endast|bara|alla|alltid)\b",
    "de": r"\b(wird|werden|muss|müssen|darf|dürfen|kann|können|nie|niemals|nicht|kein\w*|nur|alle|immer)\b",
    "fr": r"\b(doit|doivent|peut|peuvent|jamais|ne|pas|aucun\w*|seulement|uniquement|tous|toutes|toujours)\b",
}
_FACTS = re.compile(r"\d|https?://|\S@\S|\b[A-Z][a-z]+[A-Z]\w*")


@dataclass(frozen=True)
class Evidence:
    """A span of one segment that supports a finding (offsets inside the segment's text)."""

    side: str
    segment: int
    start: int
    end: int
    text: str
    what: str

    def to_dict(self) -> dict:
        """JSON form."""
        return {"side": self.side, "segment": self.segment, "start": self.start,
                "end": self.end, "text": self.text, "what": self.what}


@dataclass
class Finding:
    """One divergence between source and target."""

    kind: str
    severity: str
    source: tuple[int, ...]
    target: tuple[int, ...]
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    key: str = ""
    accepted: bool = False

    @property
    def mqm(self) -> str:
        """The MQM / ITS 2.0 issue type."""
        return MQM.get(self.kind, "mistranslation")

    @property
    def id(self) -> str:
        """A content key (kind + the texts involved): stable when the documents change elsewhere."""
        return hashlib.sha1(f"{self.kind}\x00{self.key}".encode("utf-8")).hexdigest()[:12]

    def to_dict(self) -> dict:
        """JSON form (see the README's schema)."""
        return {
            "id": self.id, "kind": self.kind, "severity": self.severity, "mqm": self.mqm,
            "source": list(self.source), "target": list(self.target),
            "message": self.message, "evidence": [e.to_dict() for e in self.evidence],
            "accepted": self.accepted,
        }


def states_obligation_or_fact(text: str, lang: str) -> bool:
    """True when a segment carries an obligation, a negation, a quantity or a name."""
    pattern = OBLIGATION.get(lang.split("-")[0])
    return bool(_FACTS.search(text) or (pattern and re.search(pattern, text, re.IGNORECASE)))


def is_boilerplate(text: str, kind: str) -> bool:
    """Headings and very short lines ("Questions?", "Contact") rank below content."""
    return kind == "heading" or len(re.findall(r"\w+", text)) <= 3


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _unpaired(doc: Document, ids: tuple[int, ...], side: str) -> Finding:
    """An omission (source side) or an addition (target side)."""
    kind = "omission" if side == "source" else "addition"
    segs = [doc.segments[i] for i in ids]
    text = " ".join(s.text for s in segs)
    boilerplate = all(is_boilerplate(s.text, s.kind) for s in segs)
    facts = bool(_FACTS.search(text))
    if side == "source" and (facts or (not boilerplate and states_obligation_or_fact(text, doc.lang))):
        severity = "critical"
    elif boilerplate and not facts:
        severity = "minor"
    else:
        severity = "major"
    what = "heading" if boilerplate else "segment"
    verb = "has no translation" if side == "source" else "has no counterpart in the source"
    evidence = [Evidence(side, s.id, 0, len(s.text), s.text, what) for s in segs]
    return Finding(kind, severity, ids if side == "source" else (), ids if side == "target" else (),
                   f"{what} {verb}: '{_short(text)}'", evidence, key=f"{side}\x00{text}")


def find_divergences(source: Document, target: Document, beads: Sequence[Bead],
                     encoder=None) -> list[Finding]:
    """All findings for an aligned pair of documents: most severe first, then in document order.

    ``encoder`` enables the leave-one-chunk-out probe for partial omissions;
    without it only the lexical checks run on aligned pairs.
    """
    from .pairs import PairExaminer

    examiner = PairExaminer(source, target, encoder)
    findings: list[Finding] = []
    for bead in beads:
        if bead.source and not bead.target:
            findings.append(_unpaired(source, bead.source, "source"))
        elif bead.target and not bead.source:
            findings.append(_unpaired(target, bead.target, "target"))
        else:
            findings.extend(examiner.examine(bead))
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))
