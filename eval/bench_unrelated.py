"""Translations versus unrelated documents: the margins the `unrelated` document finding reads.

    python eval/bench_unrelated.py

Aligns true translation pairs (ClickSend en-nb, Text+Berg 001 de-fr) and unrelated pairs (other
policies of corpus/, other Text+Berg articles, across and within languages; true pairs: ClickSend
and the seven Text+Berg articles) and prints, per pair,
the median margin of the aligned beads, the share of clear beads (margin > 1.05), the mean
cosine, and whether the pipeline reports the pair as unrelated. Text+Berg pairs are skipped when
../shared/benchmarks/textberg is absent.
"""
from __future__ import annotations

import numpy as np
from common import BENCHMARKS, ROOT, emit_json

from align.divergence import DivergenceConfig
from align.divergence.document import unrelated_evidence
from align.document import load_document
from align.encoders import load_encoder
from align.pipeline import compare

TB = BENCHMARKS / "textberg"
CORPUS = str(ROOT / "corpus") + "/"


def _documents() -> dict:
    docs = {
        "clicksend.en": load_document(CORPUS + "clicksend/privacy.en.txt"),
        "clicksend.nb": load_document(CORPUS + "clicksend/privacy.no.txt"),
        "cleversender.en": load_document(CORPUS + "cleversender/privacy.en.txt"),
        "click2mail.en": load_document(CORPUS + "click2mail/privacy.en.md"),
    }
    if TB.is_dir():
        for num in sorted(p.name for p in (TB / "de").iterdir()):
            for lang in ("de", "fr"):
                docs[f"tb{num}.{lang}"] = load_document(str(TB / lang / num), lang, presegmented=True)
    return docs


PAIRS = [("clicksend.en", "clicksend.nb", True)] + [(f"tb00{n}.de", f"tb00{n}.fr", True) for n in range(1, 8)] + [
         ("clicksend.en", "cleversender.en", False), ("cleversender.en", "clicksend.nb", False),
         ("click2mail.en", "clicksend.nb", False), ("tb001.de", "tb002.fr", False),
         ("tb003.de", "tb001.fr", False), ("clicksend.en", "tb001.fr", False)]


def main() -> None:
    docs, encoder, config = _documents(), load_encoder(), DivergenceConfig()
    right = total = 0
    print(f"{'source':16} {'target':16} {'translation':>11} {'median':>7} {'clear':>6} {'cosine':>7}  reported")
    for a, b, related in PAIRS:
        if a not in docs or b not in docs:
            continue
        report = compare(docs[a], docs[b], encoder=encoder, evaluate=False, same_language=True)
        aligned = [x for x in report.beads if x.source and x.target]
        margins = np.array([x.margin for x in aligned])
        flagged = unrelated_evidence(report.beads, config) is not None
        right += flagged != related
        total += 1
        print(f"{a:16} {b:16} {related!s:>11} {np.median(margins):7.3f} {np.mean(margins > config.clear_margin):6.2f} "
              f"{np.mean([x.score for x in aligned]):7.3f}  {'unrelated' if flagged else 'translation'}")
    print(f"right: {right}/{total}  (python eval/bench_unrelated.py)")
    emit_json({"bench": "unrelated", "right": right, "pairs": total})


if __name__ == "__main__":
    main()
