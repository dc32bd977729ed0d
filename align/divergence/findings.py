"""What the divergence stage produces: :class:`Finding` records with :class:`Evidence` spans."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..vocab import Severity, Side, mqm


@dataclass(frozen=True)
class Evidence:
    """A span of one segment that supports a finding (offsets inside the segment's text)."""

    side: Side
    segment: int
    start: int
    end: int
    text: str
    what: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"side": self.side, "segment": self.segment, "start": self.start,
                "end": self.end, "text": self.text, "what": self.what}


@dataclass
class Finding:
    """One divergence between source and target."""

    kind: str
    severity: Severity
    source: tuple[int, ...]
    target: tuple[int, ...]
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    key: str = ""
    accepted: bool = False

    @property
    def mqm(self) -> str:
        """The MQM / ITS 2.0 issue type."""
        return mqm(self.kind)

    @property
    def id(self) -> str:
        """A content key (kind + the texts involved): stable when the documents change elsewhere."""
        return hashlib.sha1(f"{self.kind}\x00{self.key}".encode()).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see the README's schema)."""
        return {
            "id": self.id, "kind": self.kind, "severity": self.severity, "mqm": self.mqm,
            "source": list(self.source), "target": list(self.target),
            "message": self.message, "evidence": [e.to_dict() for e in self.evidence],
            "accepted": self.accepted,
        }
