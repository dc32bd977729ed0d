"""Plain text, as it always was: the segmenter finds headings, lists and paragraphs itself."""
from __future__ import annotations

from ..io import decode_text
from .base import DocumentFormat, LineMap, Source


class TextFormat(DocumentFormat):
    """UTF-8 (or UTF-16/32 with a BOM) text; offsets into the extracted text are file offsets."""

    name = "text"
    title = "plain text"
    extensions = (".txt", ".text")

    def read(self, data: bytes, name: str) -> Source:
        """The decoded file, unchanged."""
        return self.source(decode_text(name, data))

    def source(self, text: str) -> Source:
        """Text already in memory as a :class:`Source`."""
        return Source(self.name, text, None, LineMap(text))
