"""The whole pipeline in one call: segment, embed, candidates, align, divergences, report.

The stages are imported when a function runs, so ``import align`` (and ``align --help``)
stays fast.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from .io import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from .aligner import AlignConfig, Bead
    from .bilingual import PairedDocuments
    from .divergence import DivergenceConfig, Finding
    from .document import Document
    from .encoders import Encoder, Progress
    from .moves import Move
    from .report import MultiReport, Report

# A progress factory: given a label and a total, a context manager yielding an update(n) callable.
ProgressFactory = Callable[[str, int], AbstractContextManager["Progress | None"]]


def _no_progress(label: str, total: int) -> AbstractContextManager[Progress | None]:
    return nullcontext(None)


def align_documents(source: Document, target: Document, encoder: Encoder,
                    config: AlignConfig | None = None,
                    progress: ProgressFactory | None = None) -> tuple[list[Bead], list[Move]]:
    """Embed both documents (runs of up to ``config.side`` segments), align them, and pair up
    the blocks the translator moved (:func:`align.moves.find_moves`)."""
    import numpy as np

    from .aligner import AlignConfig, align_runs
    from .encoders import embed_runs
    from .moves import find_moves

    config = config or AlignConfig()
    progress = progress or _no_progress
    runs = []
    for doc in (source, target):
        sizes = range(1, config.side + 1)
        total = sum(max(0, len(doc.segments) - s + 1) for s in sizes)
        with progress(f"encoding {doc.path}", total) as update:
            runs.append(embed_runs(doc.texts, encoder, config.side, update))
    lengths = [np.array([len(t) for t in doc.texts]) for doc in (source, target)]
    beads = align_runs(runs[0], runs[1], lengths[0], lengths[1], config)
    return beads, find_moves(beads, runs[0], runs[1])


def _evaluate(src: Document, tgt: Document, beads: list[Bead], encoder: Encoder, divergence: DivergenceConfig | None,
              progress: ProgressFactory | None, same_language: bool, moves: Sequence[Move] = ()) -> list[Finding]:
    from .divergence import DivergenceConfig, find_divergences

    with (progress or _no_progress)(f"checking {tgt.path}", len(beads)) as update:
        return find_divergences(src, tgt, beads, encoder, divergence or DivergenceConfig(), update,
                                same_language=same_language, moves=moves)


def _declared_same(src_lang: str | None, tgt_lang: str | None) -> bool:
    """Both languages given and the same: a target in the source's language is intended."""
    from .lang import normalise

    return bool(src_lang and tgt_lang and normalise(src_lang) == normalise(tgt_lang))


def _document(doc: str | Document, lang: str | None, presegmented: bool, max_bytes: int | None,
              input_format: str) -> Document:
    from .document import Document, load_document

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
    config: AlignConfig | None = None,
    divergence: DivergenceConfig | None = None,
    evaluate: bool = True,
    progress: ProgressFactory | None = None,
    max_input_bytes: int | None = MAX_INPUT_BYTES,
    allow_download: bool = False,
    same_language: bool | None = None,
    input_format: str = "auto",
) -> Report:
    """Align ``target`` with ``source`` and report the divergences.

    ``source`` and ``target`` are paths (``"-"`` for stdin) or loaded documents;
    ``encoder`` is reused when given, else ``model`` (a registry name or a
    sentence-transformers path; the default encoder when None) is loaded.
    Documents over ``max_input_bytes`` are refused (None: no limit); a hub model is
    fetched only with ``allow_download=True``. A target written in the source's language is a
    critical document-level finding unless ``same_language`` (default: both ``src_lang`` and
    ``tgt_lang`` given and equal). The input format (text, Markdown, HTML, DOCX,
    PDF) is found from content and extension unless ``input_format`` names it.

    Example::

        report = compare("corpus/clicksend/privacy.en.txt", "corpus/clicksend/privacy.no.txt")
        report.beads[0]          # Bead(source=(0,), target=(0,), score=0.95..., margin=1.1...)
        report.summary()["findings"]   # {'critical': 6, 'major': 2, 'minor': 1}
    """
    from .encoders import load_encoder
    from .report import Report

    src = _document(source, src_lang, presegmented, max_input_bytes, input_format)
    tgt = _document(target, tgt_lang, presegmented, max_input_bytes, input_format)
    encoder = encoder or load_encoder(model, allow_download=allow_download)
    beads, moves = align_documents(src, tgt, encoder, config, progress)
    same = _declared_same(src_lang, tgt_lang) if same_language is None else same_language
    findings = _evaluate(src, tgt, beads, encoder, divergence, progress, same, moves) if evaluate else []
    return Report(model=encoder.name, source=src, target=tgt, beads=beads, divergences=findings, moves=moves)


def compare_many(
    source: str | Document,
    targets: Sequence[str | Document],
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presegmented: bool = False,
    model: str | None = None,
    encoder: Encoder | None = None,
    config: AlignConfig | None = None,
    divergence: DivergenceConfig | None = None,
    evaluate: bool = True,
    progress: ProgressFactory | None = None,
    max_input_bytes: int | None = MAX_INPUT_BYTES,
    allow_download: bool = False,
    same_language: bool | None = None,
    input_format: str = "auto",
) -> MultiReport:
    """Align several translations of one source; the encoder is loaded once.

    Takes the options of :func:`compare`; ``tgt_lang`` applies to every target.
    """
    from .encoders import load_encoder
    from .report import MultiReport

    src = _document(source, src_lang, presegmented, max_input_bytes, input_format)
    # every input read before the model is loaded: bad input fails fast
    docs = [_document(t, tgt_lang, presegmented, max_input_bytes, input_format) for t in targets]
    encoder = encoder or load_encoder(model, allow_download=allow_download)
    return MultiReport([
        compare(src, t, encoder=encoder, config=config, divergence=divergence, evaluate=evaluate, progress=progress,
                same_language=_declared_same(src_lang, tgt_lang) if same_language is None else same_language)
        for t in docs
    ])


def check_pairs(
    pairs: str | PairedDocuments,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    model: str | None = None,
    encoder: Encoder | None = None,
    divergence: DivergenceConfig | None = None,
    progress: ProgressFactory | None = None,
    max_input_bytes: int | None = MAX_INPUT_BYTES,
    allow_download: bool = False,
    same_language: bool | None = None,
) -> Report:
    """Check pre-aligned pairs (a bilingual file, e.g. ``source<TAB>target`` lines) without aligning.

    Pair ``i`` of the report is source segment ``i`` and target segment ``i`` (line ``i + 1``
    of a TSV file); its score is the cosine of the two sides. Takes the options of :func:`compare`.

    Example::

        report = check_pairs("pairs.tsv", src_lang="de", tgt_lang="en")
        [(f.kind, f.source) for f in report.divergences]    # [('number', (3,)), ...]
    """
    import numpy as np

    from .aligner import Bead
    from .bilingual import PairedDocuments, read_pairs
    from .encoders import load_encoder
    from .report import Report

    paired = pairs if isinstance(pairs, PairedDocuments) else read_pairs(pairs, src_lang, tgt_lang, max_input_bytes)
    src, tgt = paired.source, paired.target
    encoder = encoder or load_encoder(model, allow_download=allow_download)
    progress = progress or _no_progress
    vectors = []
    for doc in (src, tgt):
        with progress(f"encoding {doc.path}", len(doc.segments)) as update:
            vectors.append(encoder.encode(doc.texts, update))
    scores = np.einsum("ij,ij->i", vectors[0], vectors[1])
    beads = [Bead((i,), (i,), float(score)) for i, score in enumerate(scores)]
    same = _declared_same(src_lang, tgt_lang) if same_language is None else same_language
    findings = _evaluate(src, tgt, beads, encoder, divergence, progress, same)
    return Report(model=encoder.name, source=src, target=tgt, beads=beads, divergences=findings)
