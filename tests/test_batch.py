"""Batch runs: pairing files by name or manifest, one encoder for every pair, summary and index."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from align.batch import Job, pair_folder, read_manifest, run_batch
from align.cli import main
from align.errors import InputError

from .conftest import CORPUS
from .helpers import DATA, browser, dump_dom


def _touch(folder, *names):
    for name in names:
        (folder / name).write_text("Some text.\n", encoding="utf-8")


def test_pairs_by_name_language_and_extension(tmp_path):
    _touch(tmp_path, "privacy.en.html", "privacy.de.html", "privacy.no.html", "privacy.fr.md",
           "terms.en.txt", "terms.de.txt", "notes.txt", "privacy.v2.html", "faq.de.txt")
    jobs = pair_folder(tmp_path, "en")
    assert [(j.name, j.tgt_lang) for j in jobs] == [("privacy", "de"), ("privacy", "nb"), ("terms", "de")]
    assert jobs[0].source.endswith("privacy.en.html") and jobs[0].stem == "privacy.en-de"


def test_a_folder_without_pairs_is_one_line(tmp_path):
    _touch(tmp_path, "a.en.txt")
    with pytest.raises(InputError, match="no document pairs"):
        pair_folder(tmp_path, "en")
    with pytest.raises(InputError, match="no such folder"):
        pair_folder(tmp_path / "missing", "en")


def test_manifest_rows_and_errors(tmp_path):
    _touch(tmp_path, "a.txt", "b.txt")
    good = tmp_path / "pairs.csv"
    good.write_text("source,target,src_lang,tgt_lang\na.txt,b.txt,en,NO\n", encoding="utf-8")
    assert read_manifest(good) == [Job("b.txt", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "en", "nb")]
    for text, message in (("source,target\na.txt,missing.txt\n", "row 2: .*missing.txt: no such file"),
                          ("src,tgt\na.txt,b.txt\n", "'source' and 'target' columns"),
                          ("source,target\na.txt,\n", "row 2: empty source or target")):
        bad = tmp_path / "bad.csv"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=message):
            read_manifest(bad)


@pytest.mark.model
def test_batch_checks_every_pair_and_records_bad_ones(tmp_path, encoder):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(CORPUS / "clicksend/privacy.en.txt", site / "privacy.en.txt")
    shutil.copy(CORPUS / "clicksend/privacy.no.txt", site / "privacy.no.txt")
    shutil.copy(DATA / "privacy.edited.no.txt", site / "privacy.nn.txt")
    (site / "privacy.de.txt").write_bytes(b"\xff\xfe\x00broken")
    out = tmp_path / "out"
    result = run_batch(pair_folder(site, "en"), out, encoder=encoder, fail_on="critical")
    by_lang = {r.job.tgt_lang: r for r in result.results}
    assert by_lang["de"].status == "error" and "privacy.de.txt" in by_lang["de"].error
    assert by_lang["nb"].status == "failed" and by_lang["nb"].findings["critical"] >= 5
    assert by_lang["nn"].findings["critical"] > by_lang["nb"].findings["critical"]  # the edited one
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["schema"] == "clausealign.batch/1" and summary["totals"] == {"ok": 0, "failed": 2, "error": 1}
    assert json.loads((out / "privacy.en-nb.json").read_text(encoding="utf-8"))["target"]["lang"] == "nb"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="privacy.en-nb.html"' in index and "✗ not checked" in index


@pytest.mark.model
def test_cli_batch_exit_codes(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(CORPUS / "clicksend/privacy.en.txt", site / "privacy.en.txt")
    shutil.copy(CORPUS / "clicksend/privacy.no.txt", site / "privacy.nb.txt")
    shutil.copy(DATA / "privacy.edited.no.txt", site / "privacy.nn.txt")
    args = ["batch", str(site), "-o", str(tmp_path / "out"), "-f", "json"]
    assert CliRunner().invoke(main, args + ["--fail-on", "never"]).exit_code == 0
    failing = CliRunner().invoke(main, args + ["--jobs", "2"])  # two worker processes, one model each
    assert failing.exit_code == 1 and "2 pairs: 2 failed --fail-on major" in failing.output
    one = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [p["tgt_lang"] for p in one["pairs"]] == ["nb", "nn"] and one["model"] == "e5-onnx"
    assert CliRunner().invoke(main, ["batch", "-o", str(tmp_path / "o2")]).exit_code == 2


@browser
def test_index_page_in_a_browser(tmp_path):
    from align.render.batch import render_batch_index

    pair = {"name": "privacy", "source": "p.en.txt", "target": "p.de.txt", "src_lang": "en", "reports": {},
            "error": "", "seconds": 1.0, "findings": {"critical": 0, "major": 0, "minor": 0}}
    summary = {"schema": "clausealign.batch/1", "created": "2026-11-29T00:00:00Z", "model": "e5-onnx",
               "totals": {"ok": 1, "failed": 1, "error": 1},
               "pairs": [dict(pair, tgt_lang="de", status="ok", worst=None, reports={"html": "p.en-de.html"}),
                         dict(pair, tgt_lang="fr", status="failed", worst="critical",
                              findings={"critical": 2, "major": 0, "minor": 0}),
                         dict(pair, name="<terms>", tgt_lang="de", status="error", worst=None,
                              error="p.de.txt: not valid UTF-8")]}
    dom = dump_dom(tmp_path, "index.html", render_batch_index(summary))
    rows = dom.xpath("//table[contains(@class, 'batch')]/tbody/tr")
    assert [r.get("data-document") for r in rows] == ["privacy", "<terms>"]
    cells = [[td.text_content().strip() for td in r.xpath("td")] for r in rows]
    assert cells == [["✓", "! critical"], ["✗ not checked", "–"]]
    assert rows[0].xpath("td/a")[0].get("href") == "p.en-de.html"
