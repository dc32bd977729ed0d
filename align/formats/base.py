"""What every input format hands the segmenter: the plain text, its blocks, and where each part
came from in the original file.

A format (one module each, on :class:`DocumentFormat`) turns a file's bytes into a :class:`Source`.
Text formats (plain text, Markdown, HTML) map every character of the extracted text to its offset
in the decoded file (:class:`LineMap`), which gives line and column; DOCX gives each block its
paragraph (or table cell) instead.
"""
from __future__ import annotations

import bisect
import re
from abc import ABC, abstractmethod
from array import array
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import ClassVar

HEADING, ITEM, PARAGRAPH, CELL = "heading", "item", "paragraph", "cell"   # the kinds of Block
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Location:
    """Where a segment is in the original file.

    Text formats: ``line``/``column`` of its first character and ``end_line``/``end_column`` just
    after its last (1-based, columns in characters); PDF: the same inside the ``page``'s extracted
    text. DOCX: ``paragraph``, the 1-based index of a body paragraph, or ``table``/``row``/``cell``
    and ``paragraph`` inside that cell.
    """

    page: int | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    paragraph: int | None = None

    def to_dict(self) -> dict[str, int]:
        """The fields that are set, e.g. ``{"line": 3, "column": 1, "end_line": 3, "end_column": 18}``."""
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True)
class Block:
    """A span of the extracted text that the parser found: a heading, list item, paragraph or table
    cell; ``location`` is the whole block's place when the format has no line map (DOCX)."""

    start: int
    end: int
    kind: str
    location: Location | None = None


class LineMap:
    """Line and column in the decoded file of each character of the extracted text."""

    def __init__(self, raw: str, offsets: array | None = None) -> None:
        """``offsets[i]`` is the file offset of extracted character ``i``; None when the text is the file."""
        self.offsets = offsets
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(raw)]
        self.bom = raw.startswith("\ufeff")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a file offset; a byte-order mark is not a column."""
        line = bisect.bisect_right(self.line_starts, offset)
        column = offset - self.line_starts[line - 1] + 1
        return line, column - (self.bom and line == 1 and offset > 0)

    def locate(self, start: int, end: int) -> Location:
        """The location of extracted text ``[start, end)``, ``end > start``."""
        first, last = (start, end - 1) if self.offsets is None else (self.offsets[start], self.offsets[end - 1])
        line, column = self.position(first)
        end_line, end_column = self.position(max(first, last) + 1)
        return Location(line=line, column=column, end_line=end_line, end_column=end_column)


@dataclass(frozen=True)
class Source:
    """A parsed document: ``text`` is what the segmenter sees; ``blocks`` the structure the parser
    found (None: plain text, whose structure the segmenter finds itself)."""

    format: str
    text: str
    blocks: tuple[Block, ...] | None
    lines: LineMap | None

    def locate(self, start: int, end: int) -> Location:
        """Where the extracted text ``[start, end)`` is in the original file."""
        if self.lines is not None:
            return self.lines.locate(start, end)
        assert self.blocks, "a source without a line map locates by its blocks"
        index = bisect.bisect_right(self._block_starts, start) - 1
        return self.blocks[max(0, index)].location or Location()

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks or ()]


class TextBuilder:
    """Builds a :class:`Source` block by block, remembering a file offset (or a block location)
    for every character; blocks are trimmed, empty ones dropped, and joined by a blank line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets = array("q")
        self.blocks: list[Block] = []
        self.size = 0
        self._chars: list[str] = []
        self._offsets: list[int] = []
        self._kind = PARAGRAPH
        self._location: Location | None = None

    def open(self, kind: str, location: Location | None = None) -> None:
        """End the current block and start one of ``kind``."""
        self.close()
        self._kind, self._location = kind, location

    def add(self, text: str, offsets: Iterable[int] | int) -> None:
        """Append ``text``; ``offsets`` gives each character's file offset, or one offset for all
        (text the parser made, such as a link target or a line break)."""
        self._chars.extend(text)
        self._offsets.extend([offsets] * len(text) if isinstance(offsets, int) else offsets)

    @property
    def last(self) -> str:
        """The last character of the open block, or ''."""
        return self._chars[-1] if self._chars else ""

    @property
    def open_text(self) -> str:
        """The text of the open block so far."""
        return "".join(self._chars)

    @property
    def last_offset(self) -> int:
        """The file offset of the last character added to the open block, or -1."""
        return self._offsets[-1] if self._offsets else -1

    def close(self) -> None:
        """End the current block: trimmed, kept when anything is left."""
        chars, offsets = self._chars, self._offsets
        self._chars, self._offsets = [], []
        start, end = 0, len(chars)
        while start < end and chars[start].isspace():
            start += 1
        while end > start and chars[end - 1].isspace():
            end -= 1
        if start == end:
            return
        if self.blocks:
            self._append("\n\n", [offsets[start]] * 2)
        begin = self.size
        self._append("".join(chars[start:end]), offsets[start:end])
        self.blocks.append(Block(begin, self.size, self._kind, self._location))

    def _append(self, text: str, offsets: list[int]) -> None:
        self.parts.append(text)
        self.offsets.extend(offsets)
        self.size += len(text)

    def source(self, fmt: str, raw: str | None) -> Source:
        """The finished :class:`Source`; ``raw`` is the decoded file for a line map (None: DOCX)."""
        self.close()
        return Source(fmt, "".join(self.parts), tuple(self.blocks),
                      LineMap(raw, self.offsets) if raw is not None else None)


def link_target(href: str) -> str | None:
    """The absolute URL or e-mail address a link points to, or None (relative, fragment, script)."""
    href = href.strip()
    if re.match(r"(?:https?|ftp)://", href, re.I):
        return href
    if href.lower().startswith("mailto:"):
        return href[7:].split("?", 1)[0] or None
    return None


def shown_target(href: str, shown: str) -> str:
    """`` (target)`` to write after a link's text so the link check sees where it points, or ''
    when the link is relative or its text already shows the target."""
    target = link_target(href)

    def bare(url: str) -> str:
        return re.sub(r"^(?:[a-z]+:(?://)?)?(?:www\.)?", "", url.lower().rstrip("/"))

    return f" ({target})" if target and shown.strip() and bare(target) not in bare(shown) else ""


class DocumentFormat(ABC):
    """One input format: a name, the file extensions it owns, content sniffing and a reader."""

    name: ClassVar[str]
    title: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def sniff(self, data: bytes) -> bool:
        """True when a file's bytes show it is in this format, whatever its name (by default: never)."""
        return False

    @abstractmethod
    def read(self, data: bytes, name: str) -> Source:
        """Parse a file's bytes; one-line :class:`align.errors.InputError` when they cannot be used."""
