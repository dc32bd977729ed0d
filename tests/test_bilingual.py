"""Pre-aligned pairs: the TSV reader, its errors with line numbers, and the pairs mode end to end."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from align.bilingual import read_pairs
from align.cli import main
from align.errors import InputError


def _write(tmp_path, data: bytes, name: str = "pairs.tsv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_pair_i_is_line_i(tmp_path):
    path = _write(tmp_path, b"Hallo Welt.\tHello world.\r\n# Kapitel 2\t# Chapter 2\nA\tB\tC\n")
    pairs = read_pairs(path, "de", "en")
    assert pairs.units == ("line 1", "line 2", "line 3")
    assert [s.text for s in pairs.source.segments] == ["Hallo Welt.", "# Kapitel 2", "A"]
    assert [s.text for s in pairs.target.segments] == ["Hello world.", "# Chapter 2", "B\tC"]
    assert pairs.source.segments[1].kind == "heading"
    for doc in (pairs.source, pairs.target):
        assert all(doc.text[s.start:s.end] == s.text for s in doc.segments)
    assert (pairs.source.lang, pairs.target.lang) == ("de", "en")


@pytest.mark.parametrize(("data", "message"), [
    (b"a\tb\nno tab\n", "line 2: no tab between source and target"),
    (b"a\tb\n\nc\td\n", "line 2: no tab between source and target (blank line)"),
    (b"a\t  \n", "line 1: empty target"),
    (b"\tb\n", "line 1: empty source"),
    (b"a\tb\n\xff\tc\n", "line 2: not valid UTF-8"),
    (b"\n", "empty document"),
])
def test_bad_pairs_files_name_the_line(tmp_path, data, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_pairs(_write(tmp_path, data), "de", "en")


def test_cli_pairs_errors_are_one_line_exit_2(tmp_path):
    bad = _write(tmp_path, b"a\tb\nno tab\n")
    out = tmp_path / "out.json"
    for args in (["check", bad, "--pairs", "-o", str(out)], ["check", bad, bad, "--pairs"], ["check", bad]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.model
def test_check_pairs_reports_each_line_as_its_pair(tmp_path):
    rows = [("Der Vertrag gilt zwei Jahre.", "The contract is valid for three years."),
            ("Wir speichern Ihre Daten in Berlin.", "We store your data in Berlin."),
            ("Sie können der Verarbeitung jederzeit widersprechen.", "You can object to the processing at any time.")]
    path = _write(tmp_path, "".join(f"{s}\t{t}\n" for s, t in rows).encode())
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["check", path, "--pairs", "--src-lang", "de", "--tgt-lang", "en",
                                       "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(p["source"], p["target"]) for p in report["pairs"]] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert all(p["score"] > 0.8 for p in report["pairs"])
    found = [(d["kind"], d["source"], d["target"]) for d in report["divergences"]
             if d["severity"] in ("critical", "major")]
    assert found == [("number", [0], [0])]
