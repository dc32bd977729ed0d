"""Word documents (.docx), read with python-docx.

Body paragraphs and tables in document order. A paragraph styled ``Heading N``, ``Title`` or
``Subtitle`` is a heading; one styled ``List ...`` or numbered is a list item; each paragraph of a
table cell is a cell block (a merged cell once; nested tables flattened into their cell). The
text is what Word shows: runs, hyperlinks and tracked insertions (deletions left out); tabs and
line breaks kept. A hyperlink to an absolute URL or an e-mail address keeps its target,
``text (https://...)``, unless the text already shows it. Headers, footers, footnotes, comments
and text boxes are left out.

Locations: ``paragraph`` is the 1-based index of a body paragraph (empty ones count); a table
cell is ``table``/``row``/``cell`` (1-based, merged cells counted once) and ``paragraph`` inside it.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import InputError
from .base import CELL, HEADING, ITEM, PARAGRAPH, DocumentFormat, Location, Source, TextBuilder, shown_target

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

_MAX_UNPACKED = 200_000_000  # bytes: a larger archive is refused (a zip bomb)


def _paragraph_text(paragraph: Paragraph) -> str:
    """Runs and hyperlinks in order, through tracked insertions, smart tags, fields and content
    controls; deleted text left out."""
    from docx.oxml.ns import qn
    from docx.text.hyperlink import Hyperlink
    from docx.text.run import Run

    run, link = qn("w:r"), qn("w:hyperlink")
    wrappers = {qn(f"w:{tag}") for tag in ("ins", "moveTo", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent")}
    parts: list[str] = []

    def visit(element: BaseOxmlElement) -> None:
        for child in element:
            if child.tag == run:
                parts.append(Run(child, paragraph).text)
            elif child.tag == link:
                hyperlink = Hyperlink(child, paragraph)
                parts.append(hyperlink.text + shown_target(hyperlink.url, hyperlink.text))
            elif child.tag in wrappers:
                visit(child)

    visit(paragraph._p)
    return "".join(parts)


def _kind(paragraph: Paragraph) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    if style.startswith("heading") or style in ("title", "subtitle"):
        return HEADING
    properties = paragraph._p.pPr
    if style.startswith("list") or (properties is not None and properties.numPr is not None):
        return ITEM
    return PARAGRAPH


def _cells(table: Table, seen: set[BaseOxmlElement]) -> Iterator[tuple[int, int, _Cell]]:
    """(row, cell, cell object) of every cell, 1-based; a merged cell once."""
    for row_number, row in enumerate(table.rows, 1):
        number = 0
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            number += 1
            yield row_number, number, cell


def _cell_paragraphs(cell: _Cell, seen: set[BaseOxmlElement]) -> Iterator[Paragraph]:
    from docx.text.paragraph import Paragraph

    for item in cell.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        else:
            for _, _, inner in _cells(item, seen):
                yield from _cell_paragraphs(inner, seen)


def _open(data: bytes, name: str) -> WordDocument:
    """The python-docx document (not a zip, or too large unpacked: a one-line InputError)."""
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name}: not a valid DOCX file (not a zip archive; corrupt or another format)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED:
            raise InputError(f"{name}: DOCX unpacks to more than {_MAX_UNPACKED // 1_000_000} MB; refused")
    return docx.Document(io.BytesIO(data))


def _blocks(document: WordDocument) -> TextBuilder:
    """Body paragraphs and table cells, each block located by paragraph or cell."""
    from docx.text.paragraph import Paragraph

    out = TextBuilder()
    paragraphs = tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraphs += 1
            out.open(_kind(item), Location(paragraph=paragraphs))
            out.add(_paragraph_text(item), 0)
            continue
        tables += 1
        seen: set[BaseOxmlElement] = set()
        for row, number, cell in _cells(item, seen):
            for index, paragraph in enumerate(_cell_paragraphs(cell, seen), 1):
                out.open(CELL, Location(table=tables, row=row, cell=number, paragraph=index))
                out.add(_paragraph_text(paragraph), 0)
    return out


class DocxFormat(DocumentFormat):
    """Office Open XML word-processing documents."""

    name = "docx"
    title = "DOCX"
    extensions = (".docx",)

    def sniff(self, data: bytes) -> bool:
        """A zip archive with ``word/document.xml``."""
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False

    def read(self, data: bytes, name: str) -> Source:
        """Body paragraphs and table cells, each block located by paragraph or cell."""
        try:
            source = _blocks(_open(data, name)).source(self.name, None)
        except InputError:
            raise
        except Exception as exc:  # python-docx has no error type of its own for a malformed package
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise InputError(f"{name}: not a readable DOCX file ({type(exc).__name__}: {reason})") from None
        if not source.blocks:
            raise InputError(f"{name}: no text in the DOCX body")
        return source
