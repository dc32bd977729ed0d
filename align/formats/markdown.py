"""Markdown (CommonMark plus tables and strikethrough), parsed by markdown-it-py.

Markup leaves the segment text: ``**bold**``, ``*em*``, ``[text](url)`` and code backticks are
gone, escapes and character references decoded. A link to an absolute URL or an e-mail address
keeps its target, ``text (https://...)``, unless the text already shows it, so the link check
sees it. Blocks: headings, list items (every paragraph inside one), table cells, other
paragraphs (also inside block quotes); a paragraph keeps its line breaks, so its lines are rows
as in plain text. Code blocks, raw HTML blocks, images and rules are left out.

Positions: markdown-it gives each block its lines; inside a block each piece of text is found in
the file after the previous one, which gives every character its line and column.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..io import decode_text
from .base import CELL, HEADING, ITEM, PARAGRAPH, DocumentFormat, LineMap, Source, TextBuilder, shown_target

_BREAK = re.compile(r"<br\s*/?>", re.I)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _after_destination(raw: str, pos: int) -> int:
    """The offset after a link's ``](destination "title")`` or ``][label]`` that starts at ``pos``."""
    if raw.startswith("](", pos):
        depth, i = 0, pos + 1
        while i < len(raw):
            if raw[i] == "\\":
                i += 1
            elif raw[i] == "(":
                depth += 1
            elif raw[i] == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return pos + 1
    if raw.startswith("][", pos):
        close = raw.find("]", pos + 2)
        return close + 1 if close >= 0 else pos + 1
    return pos + 1 if raw.startswith("]", pos) else pos


class _Writer:
    """Writes inline tokens into a :class:`TextBuilder`, finding each piece of text in the file."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.lines = LineMap(raw)
        self.out = TextBuilder()
        self.cursor = 0
        self.end = len(raw)

    def block(self, kind: str, token: Token) -> None:
        first, last = token.map or (0, 0)
        starts = self.lines.line_starts
        self.cursor = max(self.cursor, starts[min(first, len(starts) - 1)])
        self.end = starts[last] if last < len(starts) else len(self.raw)
        self.out.open(kind)
        links: list[tuple[str, int]] = []
        for child in token.children or ():
            kind_ = child.type
            if kind_ in ("text", "code_inline"):
                self.put(child.content)
            elif kind_ in ("softbreak", "hardbreak") or (kind_ == "html_inline" and _BREAK.fullmatch(child.content)):
                newline = self.raw.find("\n", self.cursor, self.end)
                self.out.add("\n", newline if newline >= 0 else self.cursor)
                self.cursor = newline + 1 if newline >= 0 else self.cursor
            elif kind_ == "link_open":
                links.append((str(child.attrs.get("href", "")), len(self.out.open_text)))
            elif kind_ == "link_close" and links:
                href, begin = links.pop()
                self.cursor = _after_destination(self.raw, self.cursor)
                target = shown_target(href, self.out.open_text[begin:])
                self.out.add(target, self.out.last_offset + 1)
            elif kind_ == "image":
                opening = self.raw.find("![", self.cursor, self.end)
                if opening >= 0:
                    self.cursor = _after_destination(self.raw, self.raw.find("]", opening))

    def put(self, text: str) -> None:
        """Add ``text``, found literally after the cursor, else character by character."""
        found = self.raw.find(text, self.cursor, self.end)
        if found >= 0:
            self.out.add(text, range(found, found + len(text)))
            self.cursor = found + len(text)
            return
        for char in text:
            found = self.raw.find(char, self.cursor, self.end)
            self.out.add(char, found if found >= 0 else self.cursor)
            self.cursor = found + 1 if found >= 0 else self.cursor


class MarkdownFormat(DocumentFormat):
    """CommonMark Markdown with GitHub tables."""

    name = "markdown"
    title = "Markdown"
    extensions = (".md", ".markdown", ".mdown", ".mkd")

    def read(self, data: bytes, name: str) -> Source:
        """Headings, list items, table cells and paragraphs, markup out, each character mapped to
        its line and column in the file."""
        raw = decode_text(name, data)
        writer = _Writer(raw)
        kinds: list[str] = []
        heading = False
        for token in _parser().parse(raw.removeprefix("\ufeff")):
            if token.type in ("list_item_open", "th_open", "td_open"):
                kinds.append(ITEM if token.type == "list_item_open" else CELL)
            elif token.type in ("list_item_close", "th_close", "td_close"):
                kinds.pop()
            elif token.type in ("heading_open", "heading_close"):
                heading = token.type == "heading_open"
            elif token.type == "inline":
                writer.block(HEADING if heading else kinds[-1] if kinds else PARAGRAPH, token)
        return writer.out.source(self.name, raw)
