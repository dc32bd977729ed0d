"""The whole pipeline in one call: segment, embed, candidates, align, divergences, report."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext

from .aligner import AlignConfig, Bead, align_runs
from .divergence import DivergenceConfig, find_divergences
from .document import Document, load_document
from .encoders import Encoder, Progress, embed_runs, load_encoder
from .io import MAX_INPUT_BYTES
from .report import MultiReport, Report

# A progress factory: given a label and a total, a context manager yielding an update(n) callable.
ProgressFactory = Callable[[str, int], AbstractContextManager["Progress | None"]]


def _no_progress(label: str, total: int) -> AbstractContextManager[Progress | None]:
    return nullcontext(None)


def align_documents(source: Document, target: Document, encoder: Encoder,
                    config: AlignConfig = AlignConfig(),
                    progress: ProgressFactory | None = None) -> list[Bead]:
    """Embed both documents (runs of up to ``config.side`` segments) and align them."""
    import numpy as np

    progress = progress or _no_progress
    runs = []
    for doc in (source, target):
        sizes = range(1, config.side + 1)
        total = sum(max(0, len(doc.segments) - s + 1) for s in sizes)
        with progress(f"encoding {doc.path}", total) as update:
            runs.append(embed_runs(doc.texts, encoder, config.side, update))
    lengths = [np.array([len(t) for t in doc.texts]) for doc in (source, target)]
    return align_runs(runs[0], runs[1], lengths[0], lengths[1], config)


def _document(doc: str | Document, lang: str | None, presegmented: bool, max_bytes: int | None,
              input_format: str) -> Document:
    if isinstance(doc, Document):
        return doc
    return load_document(doc, lang, presegmented=presegmented, max_bytes=max_bytes, input_format=input_format)


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
    divergence: DivergenceConfig = DivergenceConfig(),
    evaluate: bool = True,
    progress: ProgressFactory | None = None,
    max_input_bytes: int | None = MAX_INPUT_BYTES,
    allow_download: bool = False,
    input_format: str = "auto",
) -> Report:
    """Align ``target`` with ``source`` and report the divergences.

    ``source`` and ``target`` are paths (``"-"`` for stdin) or loaded documents;
    ``encoder`` is reused when given, else ``model`` (a registry name or a
    sentence-transformers path; the default encoder when None) is loaded.
    Documents over ``max_input_bytes`` are refused (None: no limit); a hub model is
    fetched only with ``allow_download=True``. The input format (text, Markdown, HTML, DOCX,
    PDF) is found from content and extension unless ``input_format`` names it.

    Example::

        report = compare("corpus/clicksend/privacy.en.txt", "corpus/clicksend/privacy.no.txt")
        report.beads[0]          # Bead(source=(0,), target=(0,), score=0.95..., margin=1.1...)
        report.summary()["findings"]   # {'critical': 6, 'major': 2, 'minor': 1}
    """
    src = _document(source, src_lang, presegmented, max_input_bytes, input_format)
    tgt = _document(target, tgt_lang, presegmented, max_input_bytes, input_format)
    encoder = encoder or load_encoder(model, allow_download=allow_download)
    beads = align_documents(src, tgt, encoder, config, progress)
    findings = find_divergences(src, tgt, beads, encoder, divergence) if evaluate else []
    return Report(model=encoder.name, source=src, target=tgt, beads=beads, divergences=findings)


def compare_many(
    source: str | Document,
    targets: Sequence[str | Document],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presegmented: bool = False,
    model: str | None = None,
    encoder: Encoder | None = None,
    config: AlignConfig = AlignConfig(),
    divergence: DivergenceConfig = DivergenceConfig(),
    evaluate: bool = True,
    progress: ProgressFactory | None = None,
    max_input_bytes: int | None = MAX_INPUT_BYTES,
    allow_download: bool = False,
    input_format: str = "auto",
) -> MultiReport:
    """Align several translations of one source; the encoder is loaded once.

    Takes the options of :func:`compare`; ``tgt_lang`` applies to every target.
    """
    src = _document(source, src_lang, presegmented, max_input_bytes, input_format)
    # every input read before the model is loaded: bad input fails fast
    docs = [_document(t, tgt_lang, presegmented, max_input_bytes, input_format) for t in targets]
    encoder = encoder or load_encoder(model, allow_download=allow_download)
    return MultiReport([
        compare(src, t, encoder=encoder, config=config, divergence=divergence, evaluate=evaluate, progress=progress)
        for t in docs
    ])
