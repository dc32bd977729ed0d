"""Choosing the input format: content first, then extension, then HTML sniffing; unsupported
formats and broken files are one line, exit 2, nothing written."""
from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from align.cli import main
from align.errors import InputError
from align.formats import FORMATS, INPUT_FORMATS, detect_format, read_document_source

from .conftest import CORPUS
from .helpers import DATA

EN = str(CORPUS / "clicksend/privacy.en.txt")
FORMATS_DATA = DATA / "formats"


def zipped(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, expected", [
    ("privacy.en.txt", b"Plain text.", "text"),
    ("notes", b"# Heading\n\nText.", "text"),               # Markdown only by extension or --input-format
    ("README.md", b"# Heading\n\nText.", "markdown"),
    ("page.htm", b"<p>x</p>", "html"),
    ("-", b"\xef\xbb\xbf  <!-- c -->\n<!DOCTYPE html><p>x</p>", "html"),
    ("page.txt", b"<html><body>x</body></html>", "text"),   # the extension wins over the content
    ("renamed.html", (FORMATS_DATA / "privacy.en.docx").read_bytes(), "docx"),
    ("report", b"%PDF-1.7\n...", "pdf"),
    ("broken.docx", b"not a zip", "docx"),                  # the DOCX reader says what is wrong
    ("utf16.txt", "\ufeffTekst på norsk.".encode("utf-16"), "text"),
])
def test_detection(name, data, expected):
    assert detect_format(name, data).name == expected


@pytest.mark.parametrize("name, data, what", [
    ("sheet.xlsx", zipped("xl/workbook.xml"), ".xlsx"),
    ("letter.odt", zipped("content.xml"), ".odt"),
    ("archive.txt", zipped("a.txt"), "a zip archive that is not a DOCX"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"),
    ("image.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ("binary.txt", b"\x00\x01\x02binary", "binary data"),
    ("letter.rtf", b"{\\rtf1\\ansi Hello}", ".rtf"),
])
def test_unsupported_formats_name_the_supported_ones(name, data, what):
    with pytest.raises(InputError) as info:
        detect_format(name, data)
    message = str(info.value)
    assert message.startswith(f"{name}: unsupported format ({what}); supported: plain text, Markdown (.md")
    assert "HTML (.html" in message and "DOCX (.docx)" in message and "PDF (.pdf" in message
    assert "\n" not in message


def test_input_format_overrides_detection(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("# Title\n\nSome **bold** text.\n", encoding="utf-8")
    assert read_document_source(str(path)).text.startswith("# Title")
    source = read_document_source(str(path), input_format="markdown")
    assert source.format == "markdown" and source.text == "Title\n\nSome bold text."
    assert ("auto", *FORMATS) == INPUT_FORMATS
    with pytest.raises(InputError, match="unknown input format"):
        read_document_source(str(path), input_format="odt")


def test_plain_text_is_unchanged_and_located(tmp_path):
    source = read_document_source(EN)
    assert source.format == "text" and source.blocks is None
    assert source.text == (CORPUS / "clicksend/privacy.en.txt").read_text(encoding="utf-8")
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffFirst line.\r\nSecond line here.".encode())
    source = read_document_source(str(path))
    assert source.locate(1, 12).to_dict() == {"line": 1, "column": 1, "end_line": 1, "end_column": 12}
    assert source.locate(14, 31).to_dict() == {"line": 2, "column": 1, "end_line": 2, "end_column": 18}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("name, content, message", [
    ("sheet.xlsx", zipped("xl/workbook.xml"), "unsupported format (.xlsx); supported:"),
    ("corrupt.docx", b"PK\x03\x04garbage", "not a valid DOCX file"),
    ("empty.html", b"<html><head><title>T</title></head><body><nav>Menu</nav><script>x()</script></body></html>",
     "no body text in this HTML page"),
    ("blob.dat", b"\x00\x00\x01\x02", "unsupported format (binary data)"),
])
def test_cli_bad_documents_exit_2_and_write_nothing(runner, tmp_path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    out = tmp_path / "report.json"
    result = runner.invoke(main, ["compare", EN, str(bad), "-f", "json", "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("align: error: ") and message in lines[0], result.stderr
    assert not out.exists()


def test_cli_segment_reads_each_format(runner):
    for suffix in ("html", "md", "docx"):
        result = runner.invoke(main, ["segment", str(FORMATS_DATA / f"privacy.no.{suffix}"), "--lang", "nb"])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[:2] == ["Juridisk informasjon", "ClickSends retningslinjer for personvern"]
    result = runner.invoke(main, ["segment", "-", "--input-format", "markdown", "--lang", "en", "-f", "json"],
                           input="# Title\n\n**Bold** start.\n")
    assert result.exit_code == 0, result.output
    assert '"text": "Bold start."' in result.output
    assert '"line": 3,\n        "column": 3,' in result.output          # 'B' after the '**'

