"""Findings about a document pair as a whole, which no single pair shows.

* ``untranslated``: the target is written in the source's language (left untranslated or the
  wrong file), unless the caller said both sides share a language;
* ``unrelated``: the two documents are not translations of each other: the aligned pairs score
  no better than their neighbours (the margin of a real pair is above 1).

Both are critical and have no segment ids (``source == target == ()``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..aligner import Bead
from ..document import Document
from ..lang import base, detect_language
from .checks.untranslated import is_untranslated, shared_share
from .config import DivergenceConfig
from .findings import Finding


def _content_segments(doc: Document) -> list[str]:
    return [s.text for s in doc.segments if len(re.findall(r"\w+", s.text)) >= 3]


def in_source_language(source: Document, target: Document, share: float = 0.8) -> bool:
    """Most of the target's content segments are in the source's language (a target of fewer than
    three is judged as one pair by :func:`~align.divergence.checks.untranslated.is_untranslated`).

    Language identification (a model load of about 0.75 s) runs only when the two documents
    share at least a fifth of the target's words: translations share 4-10% (names, numbers,
    cognates), documents in one language 38% or more (ClickSend, Text+Berg, corpus/).
    """
    if shared_share({w.lower() for w in re.findall(r"[^\W\d_]{2,}", target.text)}, source.text) < 0.2:
        return False
    lang = base(source.lang)
    texts = _content_segments(target)
    if len(texts) < 3:  # too little text for a share: judged as one pair (names do not count)
        return is_untranslated(source.text, source.lang, target.text, target.lang) is not None
    same = sum(base(detect_language(t)) == lang for t in texts)
    return same >= share * len(texts)


def unrelated_evidence(beads: Sequence[Bead], config: DivergenceConfig) -> tuple[float, float] | None:
    """(median margin, share of clear pairs) when the aligned pairs look unrelated, else None.

    A clear pair has a margin above ``config.clear_margin``; the documents look unrelated when
    the median margin of the aligned pairs is below ``config.unrelated_margin`` and under
    ``config.clear_share`` of them are clear. Too few pairs (under 5) are not judged.
    """
    margins = np.array([b.margin for b in beads if b.source and b.target and b.margin > 0])
    if len(margins) < 5:
        return None
    median, clear = float(np.median(margins)), float(np.mean(margins > config.clear_margin))
    if median < config.unrelated_margin and clear < config.clear_share:
        return median, clear
    return None


def document_findings(source: Document, target: Document, beads: Sequence[Bead],
                      config: DivergenceConfig = DivergenceConfig(), *,
                      same_language: bool = False) -> list[Finding]:
    """The document-level findings of a pair (see the module docstring).

    ``same_language``: the caller declared source and target to share a language, so a
    target in the source's language is expected.
    """
    found = []
    if not same_language and in_source_language(source, target):
        from ..lang import language_name

        name = language_name(source.lang)
        found.append(Finding("untranslated", "critical", (), (),
                             f"the target is in {name}, like the source: it is not a translation",
                             key=f"document\x00{target.text[:2000]}"))
    unrelated = unrelated_evidence(beads, config)
    if unrelated is not None:
        median, clear = unrelated
        found.append(Finding("unrelated", "critical", (), (),
                             f"the documents do not look like translations of each other: aligned pairs "
                             f"score no better than their neighbours (median margin {median:.3f}, "
                             f"{100 * clear:.0f}% clear matches)", key="document\x00unrelated"))
    return found
