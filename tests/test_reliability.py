"""Reliability and security: each case of the hardening issue, reproduced with generated inputs."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import align.encoders
from align.cli import main
from align.io import read_text, write_atomic

from .conftest import CORPUS, GOLD, ROOT

EN = str(CORPUS / "clicksend/privacy.en.txt")
NO = str(CORPUS / "clicksend/privacy.no.txt")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("align: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# -------------------------------------------------------------------------- data loss

def test_output_onto_an_input_is_refused(tmp_path, no_model):
    target = tmp_path / "t.no.txt"
    target.write_text(Path(NO).read_text(encoding="utf-8"), encoding="utf-8")
    before = target.read_bytes()
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    hard = tmp_path / "hard.txt"
    os.link(target, hard)
    for out in (target, link, hard):
        assert "is one of the inputs" in one_line_error(run("compare", EN, str(target), "-o", str(out)))
    assert target.read_bytes() == before and link.is_symlink()


def test_output_onto_a_symlink_writes_through(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.html"
        write_atomic(fresh, "x")
        assert fresh.stat().st_mode & 0o777 == 0o644
        private = tmp_path / "private.json"
        private.write_text("old")
        private.chmod(0o600)
        write_atomic(private, "new")
        assert private.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_stale_temporaries_of_a_killed_writer_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".report.json.{dead.stdout.strip()}.k1ll3d.tmp"
    live = tmp_path / f".report.json.{os.getpid()}.busy.tmp"
    other = tmp_path / ".notes.txt.1.x.tmp"
    for path in (stale, live, other):
        path.write_text("half")
    write_atomic(tmp_path / "report.json", "{}")
    assert not stale.exists() and live.exists() and other.exists()


# -------------------------------------------------------------------------- crashes

def test_internal_error_is_exit_4_with_one_line(monkeypatch):
    def boom(*_args, **_kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr(align.encoders, "load_encoder", boom)
    line = one_line_error(run("check", EN, NO), code=4)
    assert "internal error: RuntimeError: something broke" in line and "--debug" in line
    result = run("--debug", "check", EN, NO)
    assert isinstance(result.exception, RuntimeError)


def test_usage_errors_are_one_line():
    line = one_line_error(run("compare", EN, NO, "--format", "pdf"))
    assert "'pdf' is not one of" in line and "--help" in line
    one_line_error(run("compare"))
    one_line_error(run("nonsense"))


# -------------------------------------------------------------------------- bad input before any work

@pytest.mark.parametrize("args, message", [
    (["--src-lang", "xx-invalid"], "unknown language code 'xx-invalid'"),
    (["--tgt-lang", "../../etc"], "unknown language code '../../etc'"),
    (["-o", "/nonexistent-folder/r.json"], "does not exist"),
    (["-o", "/proc/version"], "cannot write"),
    (["--baseline", "MISSING.json"], "no such baseline file"),
])
def test_bad_options_fail_before_the_model(tmp_path, no_model, args, message):
    args = [str(tmp_path / a) if a == "MISSING.json" else a for a in args]
    line = one_line_error(run("check", EN, NO, *args))
    assert message in line


def test_several_targets_in_a_one_target_format(no_model):
    assert "does not support several targets" in one_line_error(run("compare", EN, NO, NO, "-f", "csv"))


def test_stdin_can_be_only_one_side(no_model):
    assert "only one of the inputs" in one_line_error(run("compare", "-", "-"))


@pytest.mark.parametrize("content", [
    '{"schema": "clausealign.baseline/1", "accepted": 5}',
    '{"schema": "clausealign.baseline/1", "accepted": [{"id": ["a"]}]}',
    '{"schema": "clausealign.report/1"}',
    "not json",
])
def test_malformed_baselines(tmp_path, no_model, content):
    base = tmp_path / "base.json"
    base.write_text(content, encoding="utf-8")
    line = one_line_error(run("check", EN, NO, "--baseline", str(base)))
    assert str(base) in line


@pytest.fixture(scope="module")
def report_json(tmp_path_factory):
    """A small real report: the first lines of ClickSend, aligned and evaluated."""
    folder = tmp_path_factory.mktemp("report")
    out = folder / "r.json"
    result = run("compare", str(GOLD / "en.lines"), str(GOLD / "no.lines"), "--presegmented",
                 "--src-lang", "en", "--tgt-lang", "nb", "-f", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


GOLD_VARIANTS = [
    [{"kind": "partial"}],                                   # no key
    [{"key": "x"}],                                          # no kind
    ["a string"],                                            # not objects
    {"divergences": "oops"},
    [],
    {"divergences": [{"key": "x", "kind": "partial", "side": 7}]},
    {"about": "nothing"},
]
REPORT_VARIANTS = [
    {"schema": "clausealign.report/1", "source": {"path": "a", "lang": "en", "segments": []}},
    {"schema": "clausealign.report/1", "source": 7, "target": 7, "pairs": [], "divergences": []},
]


@pytest.mark.model
@pytest.mark.parametrize("gold", GOLD_VARIANTS)
def test_eval_divergences_malformed_gold(tmp_path, report_json, gold):
    (tmp_path / "g.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(report_json), encoding="utf-8")
    line = one_line_error(run("eval", "divergences", "--gold", str(tmp_path / "g.json"), str(tmp_path / "r.json")))
    assert "g.json" in line


@pytest.mark.parametrize("report", REPORT_VARIANTS)
def test_eval_divergences_malformed_report(tmp_path, report):
    (tmp_path / "r.json").write_text(json.dumps(report), encoding="utf-8")
    line = one_line_error(run("eval", "divergences", "--gold", str(GOLD / "divergences.json"),
                              str(tmp_path / "r.json")))
    assert "r.json" in line


@pytest.mark.parametrize("gold, message", [
    ("", "empty document"),
    ("[0]:[0]\n[0]:[1]\n", "repeats or reorders source segment 0"),
    ("[0]:[0]\n[1]:[500]\n", "names target segment 500"),
])
def test_eval_alignment_malformed_gold(tmp_path, gold, message):
    (tmp_path / "gold.txt").write_text(gold, encoding="utf-8")
    (tmp_path / "pred.txt").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    assert message in one_line_error(run("eval", "alignment", "--gold", str(tmp_path / "gold.txt"),
                                         str(tmp_path / "pred.txt")))


# -------------------------------------------------------------------------- encodings and sizes

@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-be"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, codec):
    path = tmp_path / "doc.txt"
    text = "Vi verdsetter personvern. Data lagres i Norge."
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    assert read_text(path).lstrip("\ufeff") == text


def test_offsets_count_the_file_with_its_bom(tmp_path):
    from align.document import load_document

    path = tmp_path / "doc.txt"
    path.write_bytes("\ufeffHeading\n\nFirst sentence here. Second one.".encode())
    doc = load_document(str(path), "en")
    text = path.read_bytes().decode("utf-8")
    assert [text[s.start:s.end] for s in doc.segments] == [s.text for s in doc.segments]
    assert doc.segments[0].text == "Heading"


def test_too_large_input_is_refused_with_an_override(tmp_path, no_model):
    big = tmp_path / "big.txt"
    big.write_text("A sentence of policy text. " * 80_000, encoding="utf-8")  # 2.2 MB
    line = one_line_error(run("check", EN, str(big)))
    assert "larger than 2 MB" in line and "--max-input-mb" in line
    result = run("check", EN, str(big), "--max-input-mb", "3")
    assert "larger than" not in result.stderr


# -------------------------------------------------------------------------- security

def test_csv_cells_cannot_run_as_formulas(tmp_path, report_json):
    from align.render import render

    report = json.loads(json.dumps(report_json))
    report["source"]["segments"][0]["text"] = '=HYPERLINK("http://evil","x")'
    report["target"]["segments"][0]["text"] = "+cmd|' /C calc'!A0"
    for fmt in ("csv", "tsv"):
        out = render(report, fmt)
        assert "'=HYPERLINK" in out and "'+cmd|" in out
        assert not re.search(r"(^|[,\t])[=+@]", out, re.MULTILINE)


def test_html_csp_pins_the_inline_script_and_style_by_hash(report_json):
    import base64
    import hashlib
    import html

    from align.render import render

    page = render(report_json, "html")
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1])
    assert "unsafe-inline" not in csp
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL)[1]
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


def test_no_network_without_allow_download(tmp_path):
    """A hub-style --model with HF_HUB_OFFLINE=0 in the environment: no DNS query, one clear error."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import socket, sys\n"
        "calls = []\n"
        "def refuse(*a, **k):\n"
        "    calls.append(a)\n"
        "    raise OSError('network used')\n"
        "socket.getaddrinfo = refuse\n"
        "socket.create_connection = refuse\n"
        "from align.errors import ModelError\n"
        "from align.encoders import load_encoder\n"
        "try:\n"
        "    load_encoder('someone/not-a-local-model', cache=False)\n"
        "except ModelError as exc:\n"
        "    print('ModelError', exc)\n"
        "print('calls', len(calls))\n", encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0", "HF_HOME": str(tmp_path / "hf")}
    out = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert "ModelError" in out.stdout and "--allow-download" in out.stdout, out.stdout + out.stderr
    assert "calls 0" in out.stdout, out.stdout


# -------------------------------------------------------------------------- size and time limits

def test_long_unpunctuated_text_is_cut_into_bounded_segments():
    from align.segment import MAX_SEGMENT_CHARS, segment_lines, segment_text

    text = "word, " * 3 + "lorem ipsum " * 90_000  # 1 MB without a sentence end
    for segments in (segment_text(text, "en"), segment_lines(text)):
        assert all(len(s.text) <= MAX_SEGMENT_CHARS for s in segments)
        assert all(text[s.start:s.end] == s.text for s in segments)
        assert "".join(text[s.start:s.end] for s in segments).replace(" ", "") == text.replace(" ", "")

