"""Document-level findings: a target in the source's language, documents that are not translations."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from align.aligner import Bead
from align.cli import main
from align.divergence import DivergenceConfig
from align.divergence.document import document_findings, in_source_language, unrelated_evidence
from align.document import document_from_text

from .conftest import CORPUS

EN = ("We collect your name and email address. We store the data in two data centres. "
      "You can ask us to delete your data at any time. Our staff are trained to protect it.")
NB = ("Vi samler inn navnet ditt og e-postadressen din. Vi lagrer dataene i to datasentre. "
      "Du kan be oss slette dataene dine når som helst. De ansatte er opplært til å beskytte dem.")


def _beads(margins: list[float]) -> list[Bead]:
    return [Bead((i,), (i,), 0.9, m) for i, m in enumerate(margins)]


def test_margins_of_a_translation_are_not_unrelated():
    assert unrelated_evidence(_beads([1.04, 1.03, 1.06, 1.02, 1.08, 1.0]), DivergenceConfig()) is None


def test_margins_no_better_than_neighbours_are_unrelated():
    margins = [0.97, 0.99, 1.0, 0.96, 0.98, 0.97, 0.95, 0.99, 0.98, 0.97, 1.06]
    median, clear = unrelated_evidence(_beads(margins), DivergenceConfig())
    assert median == pytest.approx(0.98) and clear == pytest.approx(1 / 11)
    assert unrelated_evidence(_beads(margins[:5] + [1.06]), DivergenceConfig()) is None  # 1 in 6 clear


def test_too_few_pairs_are_not_judged():
    assert unrelated_evidence(_beads([0.9, 0.9, 0.9]), DivergenceConfig()) is None


def test_unpaired_beads_do_not_count():
    beads = _beads([0.9] * 4) + [Bead((9,), (), 0.0, 0.0)] * 5
    assert unrelated_evidence(beads, DivergenceConfig()) is None


def test_target_in_the_source_language():
    src, tgt = document_from_text(EN, lang="en"), document_from_text(NB, lang="nb")
    assert not in_source_language(src, tgt)
    copy = document_from_text(EN, lang="nb")  # claimed Norwegian, written in English
    assert in_source_language(src, copy)
    found = document_findings(src, copy, [])
    assert [(f.kind, f.severity, f.source, f.target) for f in found] == [("untranslated", "critical", (), ())]
    assert "English" in found[0].message
    assert document_findings(src, copy, [], same_language=True) == []


@pytest.mark.model
def test_cli_untranslated_target_fails_check(tmp_path):
    copy = tmp_path / "privacy.nb.txt"
    copy.write_text((CORPUS / "clicksend/privacy.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(CORPUS / "clicksend/privacy.en.txt"), str(copy),
                                       "--tgt-lang", "nb"])
    assert result.exit_code == 1
    assert "the target is in English, like the source" in result.output
    assert "CRITICAL untranslated document" in result.output
    same = CliRunner().invoke(main, ["check", str(CORPUS / "clicksend/privacy.en.txt"), str(copy),
                                     "--src-lang", "en", "--tgt-lang", "en"])
    assert same.exit_code == 0, same.output


@pytest.mark.model
def test_cli_unrelated_documents_get_one_finding(tmp_path):
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["compare", str(CORPUS / "cleversender/privacy.en.txt"),
                                       str(CORPUS / "clicksend/privacy.no.txt"), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert "do not look like translations of each other" in result.output
    import json

    divergences = json.loads(out.read_text(encoding="utf-8"))["divergences"]
    assert [(d["kind"], d["source"], d["target"]) for d in divergences] == [("unrelated", [], [])]
