"""The generated report fixtures still have the shape the pipeline emits.

The renderer tests read ``tests/data/clicksend-report.json`` and ``clicksend-multi.json``, which
``scripts/make_fixtures.py`` generates from the real pipeline. When ``Report.to_dict()`` gains,
loses or renames a key, these tests fail until the fixtures are regenerated.
"""
from __future__ import annotations

from align.report import MultiReport

from .helpers import MULTI_JSON, REPORT_JSON, load_json

REGENERATE = "tests/data is stale: run .venv/bin/python scripts/make_fixtures.py"


def shape(report: dict) -> dict[str, frozenset[str]]:
    """The key sets of every level of a ``clausealign.report/1`` dict (unions over list items)."""

    def union(items) -> frozenset[str]:
        return frozenset(key for item in items for key in item)

    divergences = report["divergences"]
    return {
        "top": frozenset(report),
        "tool": frozenset(report["tool"]),
        "document": frozenset(report["source"]) | frozenset(report["target"]),
        "segment": union(report["source"]["segments"] + report["target"]["segments"]),
        "pair": union(report["pairs"]),
        "divergence": union(divergences),
        "evidence": union(ev for d in divergences for ev in d["evidence"]),
        "summary": frozenset(report["summary"]),
        "summary.findings": frozenset(report["summary"]["findings"]),
    }


def test_report_fixture_has_the_pipeline_shape(clicksend_raw_report):
    emitted, fixture = clicksend_raw_report.to_dict(), load_json(REPORT_JSON)
    expected = shape(emitted)
    assert all(expected.values()), "the real report should exercise every level (findings with evidence)"
    assert shape(fixture) == expected, REGENERATE
    for key in ("schema", "tool", "model"):
        assert fixture[key] == emitted[key], f"{key}: {REGENERATE}"
    # and the segmentation is the same as the pipeline's
    for side in ("source", "target"):
        texts = [s.text for s in getattr(clicksend_raw_report, side).segments]
        assert [s["text"] for s in fixture[side]["segments"]] == texts, REGENERATE


def test_multi_fixture_has_the_pipeline_shape(clicksend_raw_report):
    emitted = MultiReport([clicksend_raw_report]).to_dict()
    fixture = load_json(MULTI_JSON)
    assert frozenset(fixture) == frozenset(emitted), REGENERATE
    assert fixture["schema"] == emitted["schema"], REGENERATE
    assert frozenset(fixture["source"]) == frozenset(emitted["source"]), REGENERATE
    assert len(fixture["reports"]) == 2
    expected = shape(emitted["reports"][0])
    for report in fixture["reports"]:
        assert shape(report) == expected, REGENERATE
        assert report["source"] == fixture["source"]
    assert [r["target"]["path"] for r in fixture["reports"]] == ["corpus/clicksend/privacy.no.txt",
                                                                 "tests/data/privacy.edited.no.txt"]
