"""The index page of a batch run (``clausealign.batch/1`` summary): documents x languages."""
from __future__ import annotations

from .html import template_env


def render_batch_index(summary: dict) -> str:
    """One self-contained page: a row per document, a column per target language, the worst open
    finding per cell (or ✓, or ✗ when the pair could not be checked), linked to the pair's report."""
    pairs = summary["pairs"]
    documents = list(dict.fromkeys(p["name"] for p in pairs))
    languages = sorted({p["tgt_lang"] or "auto" for p in pairs})
    cells = {(p["name"], p["tgt_lang"] or "auto"): p for p in pairs}

    def counts(pair: dict) -> str:
        return ", ".join(f"{n} {s}" for s, n in pair["findings"].items() if n) or "no findings"

    return template_env().get_template("batch.html.j2").render(
        summary=summary, documents=documents, languages=languages, cells=cells, counts=counts)
