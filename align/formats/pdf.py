"""PDF, with the optional ``pdf`` extra (``pip install 'clausealign[pdf]'``, pypdf).

The text layer of each page as pypdf extracts it in layout mode (vertical gaps become blank
lines), pages joined by a blank line; the segmenter then finds headings and paragraphs as in
plain text. A PDF has no structure: everything printed on the page is kept (a web page's
navigation too), and a sentence that runs over a page break is cut there. A scanned page
without a text layer gives nothing. Locations: ``page``, and ``line``/``column`` inside that
page's extracted text (columns follow the layout's spacing).
"""
from __future__ import annotations

import bisect
import io

from ..errors import InputError
from .base import DocumentFormat, LineMap, Location, Source


class _PageMap(LineMap):
    """Line and column inside each page of the extracted text."""

    def __init__(self, text: str, page_starts: list[int]) -> None:
        super().__init__(text)
        self.page_starts = page_starts

    def locate(self, start: int, end: int) -> Location:
        page = bisect.bisect_right(self.page_starts, start)
        first_line = self.position(self.page_starts[page - 1])[0] - 1
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Location(page=page, line=line - first_line, column=column,
                        end_line=end_line - first_line, end_column=end_column)


class PdfFormat(DocumentFormat):
    """PDF documents with a text layer."""

    name = "pdf"
    title = "PDF"
    extensions = (".pdf",)

    def sniff(self, data: bytes) -> bool:
        """``%PDF-`` first."""
        return data.startswith(b"%PDF-")

    def read(self, data: bytes, name: str) -> Source:
        """Each page's text layer; pages located by number."""
        try:
            from pypdf import PdfReader
            from pypdf.errors import PyPdfError
        except ImportError:
            raise InputError(f"{name}: reading PDF needs the pdf extra: pip install 'clausealign[pdf]'") from None
        if not self.sniff(data):
            raise InputError(f"{name}: not a PDF file (no %PDF- header)")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise InputError(f"{name}: the PDF is encrypted; decrypt it first")
            pages = [(page.extract_text(extraction_mode="layout") or "").strip("\n") for page in reader.pages]
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise InputError(f"{name}: not a readable PDF ({reason})") from None
        starts, parts, size = [], [], 0
        for text in pages:
            starts.append(size)
            parts.append(text + "\n\n")
            size += len(text) + 2
        text = "".join(parts)
        if not text.strip():
            raise InputError(f"{name}: no text layer in this PDF (a scan needs OCR first)")
        return Source(self.name, text, None, _PageMap(text, starts))
