"""The whole pipeline in one call: segment, embed, candidates, align, evaluate, report."""
from __future__ import annotations

from contextlib import nullcontext
from typing import Callable, ContextManager, Sequence

import numpy as np

from .aligner import AlignConfig, Bead, align_runs
from .document import Document, load_document
from .embed import Encoder, Progress, embed_runs, load_encoder
from .report import MultiReport, Report

# A progress factory: given a label and a total, a context manager yielding an update(n) callable.
ProgressFactory = Callable[[str, int], ContextManager[Progress]]


def _no_progress(label: str, total: int) -> ContextManager[Progress | None]:
    return nullcontext(None)


def align_documents(source: Document, target: Document, encoder: Encoder,
                    config: AlignConfig = AlignConfig(),
                    progress: ProgressFactory | None = None) -> list[Bead]:
    """Embed both documents (runs of up to ``config.max_side`` segments) and align them."""
    progress = progress or _no_progress
    runs = []
    for doc in (source, target):
        sizes = range(1, config.max_side + 1)
        total = sum(max(0, len(doc.segments) - s + 1) for s in sizes)
        with progress(f"encoding {doc.path}", total) as update:
            runs.append(embed_runs(doc.texts, encoder, config.max_side, update))
    lengths = [np.array([len(t) for t in doc.texts]) for doc in (source, target)]
    return align_runs(runs[0], runs[1], lengths[0], lengths[1], config)


def compare(
    source: str | Document,
    target: str | Document,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presegmented: bool = False,
    model: str | None = None,
    encoder: Encoder | None = None,
    config: AlignConfig = AlignConfig(),
    evaluate: bool = True,
    progress: ProgressFactory | None = None,
) -> Report:
    """Align ``target`` with ``source`` and report the divergences.

    ``source`` and ``target`` are paths (``"-"`` for stdin) or loaded documents.

        >>> report = compare("privacy.en.txt", "privacy.no.txt", tgt_lang="nb")
        >>> [(b.source, b.target) for b in report.beads][:3]
        [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    """
    src = source if isinstance(source, Document) else load_document(source, src_lang, presegmented=presegmented)
    tgt = target if isinstance(target, Document) else load_document(target, tgt_lang, presegmented=presegmented)
    encoder = encoder or load_encoder(model)
    beads = align_documents(src, tgt, encoder, config, progress)
    findings = []
    if evaluate:
        from .evaluate import find_divergences

        findings = find_divergences(src, tgt, beads, encoder)
    return Report(model=encoder.name, source=src, target=tgt, beads=beads, divergences=findings)


def compare_many(source: str | Document, targets: Sequence[str | Document], **options) -> MultiReport:
    """Align several translations of one source (the encoder is loaded once)."""
    src_lang = options.pop("src_lang", None)
    presegmented = options.get("presegmented", False)
    src = source if isinstance(source, Document) else load_document(source, src_lang, presegmented=presegmented)
    model = options.pop("model", None)
    if options.get("encoder") is None:  # load once for every target, and only when not given
        options["encoder"] = load_encoder(model)
    return MultiReport([compare(src, t, **options) for t in targets])
