"""HTML: the main content with its block structure; page furniture dropped.

Parsed by lxml (libxml2's lenient HTML parser). The content is ``<main>`` (or ``role="main"``),
else the only ``<article>``, else ``<body>``. Dropped: ``<head>``, scripts, styles, ``<nav>``,
``<aside>``, form controls, embedded media, hidden elements (``hidden``, ``aria-hidden="true"``,
``display: none``), navigation/banner/footer roles, cookie banners and skip links (by class or
id), and the page's ``<header>``/``<footer>`` (inside ``<main>``, ``<article>`` or ``<section>``
they are content). Blocks: ``h1``-``h6`` are headings, ``li`` list items, ``td``/``th`` table
cells, every other block element a paragraph; ``<br>`` breaks a line; whitespace collapses as in
a browser (line breaks stay inside ``<pre>``). A link to an absolute URL or an e-mail address
keeps its target in the text, ``text (https://...)``, unless the text already shows it, so the
link check sees it.

Positions: libxml2 gives lines but no columns, so every text node is found again, in document
order, in the file itself (tags, comments, scripts and styles skipped, character references
decoded), which maps each extracted character to its file offset.
"""
from __future__ import annotations

import html
import re
from array import array

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..io import decode_text
from .base import CELL, HEADING, ITEM, PARAGRAPH, DocumentFormat, Source, TextBuilder, shown_target

_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_BLOCKS = _HEADINGS | frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul"
})
_DROP = frozenset({
    "head", "script", "style", "noscript", "template", "nav", "aside", "button", "select", "option", "textarea",
    "input", "iframe", "object", "embed", "svg", "math", "canvas", "audio", "video", "picture", "img", "map", "dialog"
})
_CHROME = frozenset({"header", "footer"})
_SECTIONS = frozenset({"main", "article", "section"})
_DROP_ROLES = frozenset({
    "navigation", "banner", "contentinfo", "complementary", "search", "menubar", "toolbar", "dialog", "alertdialog"
})
_FURNITURE = re.compile(r"(?:cookie|consent|gdpr)[-_]?(?:banner|notice|bar|popup|modal|dialog|overlay)"
                        r"|skip[-_]?(?:link|nav|to)|breadcrumb", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_UNITS = re.compile(r"""(?P<skip><!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)
                          |<(?P<raw>script|style)\b.*?(?:</(?P=raw)\s*>|\Z)
                          |</?[A-Za-z](?:"[^"]*"|'[^']*'|[^'">])*>|<[!?][^>]*>)
                        |(?P<ref>&(?:\#[0-9]+|\#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?)""", re.S | re.X | re.I)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_SNIFF = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.S | re.I)
_WINDOW = 2000  # how far past the cursor a text node is looked for in the file


def _collapse(text: str) -> str:
    """Whitespace runs as one space, or one line break when the run has one (as the matcher sees text)."""
    return _SPACE.sub(lambda m: "\n" if "\n" in m.group() or "\r" in m.group() else " ", text)


def _units(raw: str) -> tuple[str, array]:
    """The file's text as the parser sees it (markup out, references decoded, whitespace collapsed)
    and the file offset of each of its characters."""
    chars: list[str] = []
    offsets = array("q")
    pos = 0

    def literal(start: int, end: int) -> None:
        for m in _SPACE.finditer(raw, start, end):
            chars.append(raw[start:m.start()])
            offsets.extend(range(start, m.start()))
            chars.append("\n" if "\n" in m.group() or "\r" in m.group() else " ")
            offsets.append(m.start())
            start = m.end()
        chars.append(raw[start:end])
        offsets.extend(range(start, end))

    for m in _UNITS.finditer(raw):
        literal(pos, m.start())
        if m.group("ref"):
            decoded = html.unescape(m.group("ref"))
            chars.append(decoded)
            offsets.extend([m.start()] * len(decoded))
        pos = m.end()
    literal(pos, len(raw))
    return "".join(chars), offsets


class _Walker:
    """Walks the whole tree in document order, finding each text node in the file and writing the
    kept ones, block by block, into a :class:`TextBuilder`."""

    def __init__(self, raw: str, content: etree._Element) -> None:
        self.units, self.unit_offsets = _units(raw)
        self.cursor = 0
        self.content = content
        self.out = TextBuilder()
        self.pending = -1  # file offset of a collapsed space not written yet

    def place(self, text: str) -> tuple[str, list[int]]:
        """``text`` collapsed and stripped, with the file offset of each character."""
        value = _collapse(text).strip(" \n")
        if not value:
            return "", []
        found = self.units.find(value, self.cursor, self.cursor + len(value) + _WINDOW)
        if found < 0:
            here = self.unit_offsets[min(self.cursor, len(self.unit_offsets) - 1)]
            return value, [here] * len(value)
        self.cursor = found + len(value)
        return value, list(self.unit_offsets[found:self.cursor])

    def text(self, text: str | None, keep: bool, pre: bool) -> None:
        if not text:
            return
        value, offsets = self.place(text)
        if not keep:
            return
        if text[:1].isspace() and self.pending < 0:
            self.pending = offsets[0] - 1 if offsets else self.out.last_offset
        begin = 0
        for m in re.finditer(r" " if pre else r"[ \n]", value):
            self.write(value[begin:m.start()], offsets[begin:m.start()])
            self.pending = offsets[m.start()] if self.pending < 0 else self.pending
            begin = m.end()
        self.write(value[begin:], offsets[begin:])
        if text[-1:].isspace() and offsets:
            self.pending = offsets[-1] + 1

    def write(self, text: str, offsets: list[int] | int) -> None:
        """Add ``text`` (a collapsed space pending before it is written first, unless at the start
        of a block or a line)."""
        if not text:
            return
        if self.pending >= 0 and self.out.last not in ("", "\n") and text[0] != "\n":
            self.out.add(" ", self.pending)
        self.pending = -1
        self.out.add(text, offsets)

    def open(self, kind: str) -> None:
        self.out.open(kind)
        self.pending = -1

    def walk(self, el: etree._Element, keep: bool, kind: str, pre: bool, sectioned: bool) -> None:
        """Place (and, when ``keep``, write) ``el``'s text and its children's; ``kind`` is the
        kind of the block ``el`` is in."""
        if not isinstance(el.tag, str):              # a comment or processing instruction
            return
        tag = el.tag.lower()
        if tag in ("script", "style"):               # their text is not in the file's units
            return
        keep = (keep or el is self.content) and not self._dropped(el, tag, sectioned)
        sectioned = sectioned or tag in _SECTIONS
        pre = pre or tag == "pre"
        inner = kind
        if tag in _BLOCKS:
            inner = HEADING if tag in _HEADINGS else ITEM if tag == "li" else CELL if tag in ("td", "th") else kind
            if keep:
                self.open(inner)
        self.text(el.text, keep, pre)
        for child in el:
            self.walk(child, keep, inner, pre, sectioned)
            self.text(child.tail, keep, pre)
        if keep and tag == "br":
            self.write("\n", self.out.last_offset)
        elif keep and tag == "a":
            self._link(el)
        if keep and tag in _BLOCKS:
            self.open(kind)

    def _dropped(self, el: etree._Element, tag: str, sectioned: bool) -> bool:
        furniture = f"{el.get('id', '')} {el.get('class', '')}"
        return (tag in _DROP or (tag in _CHROME and not sectioned)
                or el.get("role", "").strip().lower() in _DROP_ROLES
                or el.get("hidden") is not None or el.get("aria-hidden", "").strip().lower() == "true"
                or bool(_HIDDEN_STYLE.search(el.get("style", ""))) or bool(_FURNITURE.search(furniture)))

    def _link(self, el: etree._Element) -> None:
        target = shown_target(el.get("href", ""), " ".join(el.text_content().split()))
        if target:
            self.pending = self.out.last_offset + 1
            self.write(target.lstrip(), self.out.last_offset)


def _content(root: etree._Element) -> etree._Element:
    """``<main>``, else the only ``<article>``, else ``<body>`` (else the whole document)."""
    mains = root.xpath("//main | //*[@role='main']")
    if mains:
        return mains[0]
    articles = root.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


class HtmlFormat(DocumentFormat):
    """HTML and XHTML pages."""

    name = "html"
    title = "HTML"
    extensions = (".html", ".htm", ".xhtml")

    def sniff(self, data: bytes) -> bool:
        """A doctype, ``<html>``, ``<head>`` or ``<body>`` first (after an XML declaration and comments)."""
        head = data[:2048]
        for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            if head.startswith(bom):
                return bool(_SNIFF.match(head[2:].decode(codec, "ignore")))
        return bool(_SNIFF.match(head.decode("utf-8", "ignore").lstrip("\ufeff")))

    def read(self, data: bytes, name: str) -> Source:
        """The main content's blocks, each character mapped to its line and column in the file."""
        raw = decode_text(name, data)
        try:
            root = lxml_html.document_fromstring(raw.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
        except (etree.ParserError, ValueError):
            root = None
        if root is None:
            raise InputError(f"{name}: no body text in this HTML page")
        walker = _Walker(raw, _content(root))
        walker.walk(root, False, PARAGRAPH, False, False)
        source = walker.out.source(self.name, raw)
        if not source.blocks:
            raise InputError(f"{name}: no body text in this HTML page (navigation, header, footer, "
                             f"scripts and styles are left out)")
        return source
