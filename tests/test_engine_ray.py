"""``align batch --engine ray``: the same reports as the local engine, a findings table, a bad file recorded.

The Ray run needs the ``ray`` extra (``pip install 'clausealign[ray]'``) and is skipped without it.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from align.batch import pair_folder, run_batch
from align.cli import main

from .conftest import CORPUS, ROOT
from .helpers import DATA


def _site(folder):
    """Four pairs: the ClickSend policy in Norwegian and its edited copy, a short German text, a broken file."""
    folder.mkdir()
    shutil.copy(CORPUS / "clicksend/privacy.en.txt", folder / "privacy.en.txt")
    shutil.copy(CORPUS / "clicksend/privacy.no.txt", folder / "privacy.nb.txt")
    shutil.copy(DATA / "privacy.edited.no.txt", folder / "privacy.nn.txt")
    (folder / "privacy.de.txt").write_bytes(b"\xff\xfe\x00broken")
    (folder / "terms.en.txt").write_text("Terms of service\n\nWe store your data in Sydney, Australia. "
                                         "We never sell it. Payment is due within 30 days.\n", encoding="utf-8")
    (folder / "terms.de.txt").write_text("Nutzungsbedingungen\n\nWir speichern Ihre Daten in Sydney. "
                                         "Wir verkaufen sie immer. Die Zahlung ist innerhalb von 14 Tagen fällig.\n",
                                         encoding="utf-8")
    return folder


def _without_times(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("created", None)
    for pair in data.get("pairs", []) if data.get("schema") == "clausealign.batch/1" else ():
        pair.pop("seconds")
    return data


@pytest.mark.model
def test_ray_engine_gives_the_local_reports(tmp_path, encoder):
    pytest.importorskip("ray.data")
    pq = pytest.importorskip("pyarrow.parquet")
    site = _site(tmp_path / "site")
    local = run_batch(pair_folder(site, "en"), tmp_path / "local", encoder=encoder, formats=("json", "html"))
    result = CliRunner().invoke(main, ["batch", str(site), "-o", str(tmp_path / "ray"), "-f", "json", "-f", "html",
                                       "--engine", "ray", "-j", "2"])
    assert result.exit_code == 2, result.output  # the broken file; the other pairs are checked
    lines = result.output.splitlines()
    assert sorted(line.split("] ")[1].split(":")[0] for line in lines[:4]) == [
        "privacy.en-de", "privacy.en-nb", "privacy.en-nn", "terms.en-de"]
    assert "4 pairs: 3 failed --fail-on major, 1 not checked" in lines[-1] and "findings.parquet" in lines[-1]
    ray_out = tmp_path / "ray"
    for path in sorted((tmp_path / "local").glob("*.json")):
        assert _without_times(path) == _without_times(ray_out / path.name), path.name
    assert {p.name for p in (tmp_path / "local").iterdir()} | {"findings.jsonl", "findings.parquet"} == {
        p.name for p in ray_out.iterdir()}
    errors = [r for r in local.results if r.status == "error"]
    summary = json.loads((ray_out / "summary.json").read_text(encoding="utf-8"))
    assert [p["error"] for p in summary["pairs"] if p["status"] == "error"] == [errors[0].error]
    assert "privacy.de.txt" in errors[0].error
    rows = [json.loads(line) for line in (ray_out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    reports = [(r.job.stem, json.loads((tmp_path / "local" / r.reports["json"]).read_text(encoding="utf-8")))
               for r in local.results if r.status != "error"]
    expected = [(stem, f["id"], f["kind"], f["severity"], f["source"], f["target"], f["message"])
                for stem, report in reports for f in report["divergences"]]
    assert [(r["pair"], r["id"], r["kind"], r["severity"], r["source"], r["target"], r["message"]) for r in rows] \
        == expected
    assert {(r["src_lang"], r["tgt_lang"]) for r in rows} >= {("en", "nb"), ("en", "nn"), ("en", "de")}
    assert pq.read_table(ray_out / "findings.parquet").to_pylist() == rows


def test_ray_options_need_the_ray_engine(tmp_path):
    site = _site(tmp_path / "site")
    for extra in (["--address", "auto"], ["--num-gpus", "1"]):
        result = CliRunner().invoke(main, ["batch", str(site), "-o", str(tmp_path / "out")] + extra)
        assert result.exit_code == 2 and "need --engine ray" in result.output


def test_an_unreachable_cluster_is_one_line(tmp_path):
    pytest.importorskip("ray.data")
    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = CliRunner().invoke(main, ["batch", str(_site(tmp_path / "site")), "-o", str(tmp_path / "out"),
                                       "--engine", "ray", "--address", f"127.0.0.1:{port}"])
    assert result.exit_code == 2 and f"cannot reach Ray at 127.0.0.1:{port}" in result.output


def test_without_ray_the_ray_engine_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed
    result = CliRunner().invoke(main, ["batch", str(_site(tmp_path / "site")), "-o", str(tmp_path / "out"),
                                       "--engine", "ray"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith("align: error: --engine ray needs Ray")
    assert "pip install 'clausealign[ray]'" in result.output


def test_nothing_but_the_ray_engine_imports_ray():
    code = ("import pkgutil, importlib, sys, align\n"
            "for m in pkgutil.walk_packages(align.__path__, 'align.'):\n"
            "    if m.name != 'align.engines.ray':\n"
            "        importlib.import_module(m.name)\n"
            "print(sorted(n for n in sys.modules if n == 'ray' or n.startswith('ray.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
