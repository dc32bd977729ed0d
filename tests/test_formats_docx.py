"""DOCX input: paragraphs, headings by style, list items, tables cell by cell, located by paragraph."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from align.document import document_from_source, load_document
from align.errors import InputError
from align.formats import FORMATS

from .helpers import FORMATS_DATA, assert_segments_like_the_plain_text

DOCX = FORMATS["docx"]


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def wrapped_run(paragraph, tag: str, text: str) -> None:
    """A run inside ``<w:ins>`` or ``<w:del>`` (tracked changes)."""
    wrapper, run, text_element = OxmlElement(f"w:{tag}"), OxmlElement("w:r"), OxmlElement("w:delText" if tag == "del"
                                                                                        else "w:t")
    wrapper.set(qn("w:id"), "1")
    wrapper.set(qn("w:author"), "a")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    wrapper.append(run)
    paragraph._p.append(wrapper)


def sample() -> bytes:
    document = docx.Document()
    document.add_paragraph("Privacy Policy", style="Title")
    document.add_paragraph("")                                       # an empty paragraph still counts
    document.add_paragraph("What we collect", style="Heading 1")
    paragraph = document.add_paragraph("We keep data for 7 years.")
    wrapped_run(paragraph, "ins", " Then it is deleted.")
    wrapped_run(paragraph, "del", " Removed words.")
    document.add_paragraph("Your name", style="List Bullet")
    document.add_paragraph("Your e-mail address", style="List Number")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Purpose"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Retention period"
    table.cell(1, 0).text = "Billing"
    table.cell(1, 1).text = "7 years."
    table.cell(1, 2).add_paragraph("Second paragraph in the cell.")
    document.add_paragraph("Line one\tafter a tab").add_run().add_break()
    document.paragraphs[-1].add_run("line two.")
    return saved(document)


def test_blocks_kinds_and_locations():
    doc = document_from_source(DOCX.read(sample(), "sample.docx"), "sample.docx", "en")
    got = [(s.kind, s.text, loc.to_dict()) for s, loc in zip(doc.segments, doc.locations)]
    assert got == [
        ("heading", "Privacy Policy", {"paragraph": 1}),
        ("heading", "What we collect", {"paragraph": 3}),
        ("sentence", "We keep data for 7 years.", {"paragraph": 4}),
        ("sentence", "Then it is deleted.", {"paragraph": 4}),
        ("item", "Your name", {"paragraph": 5}),
        ("item", "Your e-mail address", {"paragraph": 6}),
        ("heading", "Purpose", {"table": 1, "row": 1, "cell": 1, "paragraph": 1}),
        ("heading", "Retention period", {"table": 1, "row": 1, "cell": 2, "paragraph": 1}),
        ("heading", "Billing", {"table": 1, "row": 2, "cell": 1, "paragraph": 1}),
        ("sentence", "7 years.", {"table": 1, "row": 2, "cell": 2, "paragraph": 1}),
        ("sentence", "Second paragraph in the cell.", {"table": 1, "row": 2, "cell": 3, "paragraph": 2}),
        ("sentence", "Line one\tafter a tab\nline two.", {"paragraph": 7}),
    ]


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 but not really a zip", "not a valid DOCX file"),
    (b"Just some text", "not a valid DOCX file"),
])
def test_corrupt_docx_is_one_line(data, message):
    with pytest.raises(InputError, match=message) as info:
        DOCX.read(data, "broken.docx")
    assert "\n" not in str(info.value)


def test_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError, match="not a readable DOCX file") as info:
        DOCX.read(buffer.getvalue(), "other.docx")
    assert "\n" not in str(info.value)


def test_an_empty_body():
    with pytest.raises(InputError, match="no text in the DOCX body"):
        DOCX.read(saved(docx.Document()), "empty.docx")


@pytest.mark.parametrize("lang, code", [("en", "en"), ("no", "nb")])
def test_clicksend_docx_segments_like_the_plain_text_and_points_at_paragraphs(lang, code):
    path = FORMATS_DATA / f"privacy.{lang}.docx"
    doc = load_document(str(path), code)
    assert_segments_like_the_plain_text(doc, lang, code)
    paragraphs = docx.Document(str(path)).paragraphs
    for segment, location in zip(doc.segments, doc.locations):
        assert segment.text.split(" (https://")[0][:40] in paragraphs[location.paragraph - 1].text
    assert doc.locations[0].paragraph == 1 and doc.segments[0].kind == "heading"
    assert sum(s.kind == "item" for s in doc.segments) == 4
