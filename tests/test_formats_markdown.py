"""Markdown input: markup out of the segment text, link targets kept, line and column of every segment."""
from __future__ import annotations

import re

import pytest

from align.document import document_from_source, load_document
from align.formats import FORMATS

from .helpers import FORMATS_DATA, assert_segments_like_the_plain_text

MARKDOWN = FORMATS["markdown"]


def segments(text: str, lang: str = "en"):
    doc = document_from_source(MARKDOWN.read(text.encode("utf-8"), "doc.md"), "doc.md", lang)
    return doc, [(s.kind, s.text) for s in doc.segments]


def test_markup_leaves_the_text_and_links_keep_their_target():
    _, got = segments("# The *Title*\n\nWe **never** sell `data` to [partners](https://example.com/p \"t\"), "
                      "[see here](/relative) or <https://example.org>. Mail [us](mailto:x@y.no?subject=a).\n\n"
                      "- first _item_\n- second item with\n  a continuation\n\n1. numbered\n")
    assert got == [("heading", "The Title"),
                   ("sentence", "We never sell data to partners (https://example.com/p), see here or "
                                "https://example.org."),
                   ("sentence", "Mail us (x@y.no)."),
                   ("item", "first item"), ("item", "second item with\na continuation"), ("item", "numbered")]


def test_tables_quotes_and_code():
    _, got = segments("| Term | Meaning |\n|---|---|\n| **Data** | What you give us. |\n\n"
                      "> Quoted text.\n\n```\ncode = 1\n```\n\n    indented code\n\n<div>raw html</div>\n")
    assert got == [("heading", "Term"), ("heading", "Meaning"), ("heading", "Data"),
                   ("sentence", "What you give us."), ("sentence", "Quoted text.")]


def test_positions_point_into_the_file():
    text = "Intro line.\n\n## A *heading*\n\n> Quoted **bold** start.\n> Second &amp; line. Next [one](http://x.io).\n"
    doc, _ = segments(text)
    lines = text.splitlines()
    for segment, location in zip(doc.segments, doc.locations):
        word = re.sub(r"\W.*", "", segment.text)
        assert lines[location.line - 1][location.column - 1:].startswith(word), (segment, location)
    assert [(loc.line, loc.column) for loc in doc.locations] == [(1, 1), (3, 4), (5, 3), (6, 3), (6, 22)]
    assert (doc.locations[3].end_line, doc.locations[3].end_column) == (6, 21)   # just after 'line.'
    assert doc.segments[3].text == "Second & line."


def test_bom_and_crlf():
    doc, got = segments("\ufeff# Title\r\n\r\nBody text.\r\n")
    assert got == [("heading", "Title"), ("sentence", "Body text.")]
    assert [(loc.line, loc.column) for loc in doc.locations] == [(1, 3), (3, 1)]


@pytest.mark.parametrize("lang, code", [("en", "en"), ("no", "nb")])
def test_clicksend_markdown_segments_like_the_plain_text(lang, code):
    path = FORMATS_DATA / f"privacy.{lang}.md"
    doc = load_document(str(path), code)
    assert_segments_like_the_plain_text(doc, lang, code)
    assert not any("**" in s.text or "[" in s.text for s in doc.segments)
    assert [s.kind for s in doc.segments].count("item") == 4
    lines = path.read_text(encoding="utf-8").splitlines()
    for segment, location in zip(doc.segments, doc.locations):
        assert lines[location.line - 1][location.column - 1:].startswith(segment.text.split()[0][:9]), segment
