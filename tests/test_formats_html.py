"""HTML input: main content only, block structure kept, every character located in the file."""
from __future__ import annotations

import pytest

from align.document import load_document
from align.errors import InputError
from align.formats import FORMATS

from .helpers import FORMATS_DATA, assert_segments_like_the_plain_text

HTML = FORMATS["html"]


def read(html: str, name: str = "page.html"):
    return HTML.read(html.encode("utf-8"), name)


def blocks(html: str) -> list[tuple[str, str]]:
    source = read(html)
    return [(b.kind, source.text[b.start:b.end]) for b in source.blocks]


def at(raw: str, location) -> str:
    """The file text from a location's line and column on."""
    return raw.splitlines()[location.line - 1][location.column - 1:]


def test_boilerplate_is_dropped_and_blocks_kept():
    page = """<!DOCTYPE html><html><head><title>Title text</title><style>p { color: red }</style>
<script>if (a < b) { document.write("<p>scripted</p>") }</script></head>
<body><header><a href="/">Logo</a><nav><ul><li>Home</li><li>About</li></ul></nav></header>
<div class="cookie-banner">We use cookies. <button>OK</button></div>
<h1>Privacy</h1><p>First sentence.   Second
   sentence.</p>
<ul><li>One item</li><li>Another <b>item</b><ul><li>Nested</li></ul>after nested</li></ul>
<table><tr><th>Name</th><td>Value <i>here</i></td></tr></table>
<aside>Related links</aside><p hidden>Hidden text</p><div style="display: none">Also hidden</div>
<footer>&copy; 2020 Company</footer><noscript>Enable JS</noscript></body></html>"""
    assert blocks(page) == [("heading", "Privacy"), ("paragraph", "First sentence. Second sentence."),
                            ("item", "One item"), ("item", "Another item"), ("item", "Nested"),
                            ("item", "after nested"), ("cell", "Name"), ("cell", "Value here")]


def test_main_then_single_article_then_body():
    assert blocks("<body><p>Outside</p><main><header><h1>Kept header</h1></header><p>In main</p></main></body>") \
        == [("heading", "Kept header"), ("paragraph", "In main")]
    assert blocks("<body><p>Outside</p><article><footer>Kept footer</footer></article></body>") \
        == [("paragraph", "Kept footer")]
    assert blocks("<body><article><p>One</p></article><article><p>Two</p></article></body>") \
        == [("paragraph", "One"), ("paragraph", "Two")]


def test_line_breaks_pre_and_links():
    page = ('<body><p>Line one<br>Line two</p><pre>  keep\n  lines</pre>'
            '<p>See <a href="https://example.com/x">our page</a>, <a href="/relative">here</a>, '
            '<a href="https://example.com">example.com</a> or <a href="mailto:a@b.no">write</a>.</p></body>')
    assert blocks(page) == [
        ("paragraph", "Line one\nLine two"), ("paragraph", "keep\nlines"),
        ("paragraph", "See our page (https://example.com/x), here, example.com or write (a@b.no).")]


def test_entities_and_positions():
    raw = ("<html><body>\n<h1>Caf&eacute; &amp; bar</h1>\n<p>\n  Tom&rsquo;s <strong>best</strong>\n"
           "  offer. Second &#8220;one&#8221;.</p></body></html>")
    doc = load_document_text(raw, "en")
    assert [s.text for s in doc.segments] == ["Café & bar", "Tom’s best offer.", "Second “one”."]
    first, second, third = doc.locations
    assert (first.line, first.column, first.end_line, first.end_column) == (2, 5, 2, 26)
    assert (second.line, second.column) == (4, 3) and (second.end_line, second.end_column) == (5, 9)
    assert at(raw, third).startswith("Second &#8220;one&#8221;.")


def load_document_text(raw: str, lang: str, tmp_name: str = "page.html"):
    from align.document import document_from_source

    return document_from_source(read(raw, tmp_name), tmp_name, lang)


def test_short_paragraph_is_a_heading_as_in_plain_text():
    doc = load_document_text("<body><p><em>Last updated: September 2015</em></p><p>Text here.</p></body>", "en")
    assert [(s.kind, s.text) for s in doc.segments] == [("heading", "Last updated: September 2015"),
                                                        ("sentence", "Text here.")]


@pytest.mark.parametrize("page", ["<html><head><title>Only a title</title></head><body></body></html>",
                                  "<body><nav>Home</nav><script>var x = 1;</script><footer>(c)</footer></body>",
                                  "   "])
def test_no_body_text_is_one_line_error(page):
    with pytest.raises(InputError, match=r"no body text|empty document") as info:
        read(page)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("lang, code", [("en", "en"), ("no", "nb")])
def test_clicksend_page_segments_like_the_plain_text(lang, code):
    page = load_document(str(FORMATS_DATA / f"privacy.{lang}.html"), code)
    assert_segments_like_the_plain_text(page, lang, code)
    assert "ClickSend" not in page.text[:10] and "Pricing" not in page.text and "8015" not in page.text
    assert sum("(https://www.clicksend.com/" in s.text for s in page.segments) == 1


@pytest.mark.parametrize("lang, code", [("en", "en"), ("no", "nb")])
def test_clicksend_page_locations_point_at_each_segment(lang, code):
    path = FORMATS_DATA / f"privacy.{lang}.html"
    raw = path.read_text(encoding="utf-8")
    doc = load_document(str(path), code)
    for segment, location in zip(doc.segments, doc.locations):
        first = segment.text.split()[0][:9]            # 'ClickSend</strong>&rsquo;s': the tag is inside
        assert at(raw, location).startswith(first), (segment.text, location)
    servers = next(i for i, s in enumerate(doc.segments) if "servers are" in s.text or "servere er" in s.text)
    line = raw.splitlines()[doc.locations[servers].line - 1]
    assert "servers are located" in line or "servere er lokalisert" in line


def test_parsing_is_fast_enough():
    import time

    data = (FORMATS_DATA / "privacy.en.html").read_bytes()
    start = time.perf_counter()
    for _ in range(10):
        HTML.read(data, "privacy.en.html")
    assert (time.perf_counter() - start) / 10 < 0.5
