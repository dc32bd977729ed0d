"""Input formats: one module a format on :class:`DocumentFormat`, picked from :data:`FORMATS` by
content and extension.

The choice, in order: what the bytes show (a DOCX archive, a PDF); then the extension
(``.txt``, ``.md``, ``.html``, ``.docx``, ``.pdf``...); other office and archive formats, and
binary data, are refused with one line naming the supported formats; then HTML by its first tag;
anything else is plain text. ``input_format`` (the CLI's ``--input-format``) overrides the choice.
"""
from __future__ import annotations

from pathlib import PurePath

from ..errors import InputError
from ..io import MAX_INPUT_BYTES, read_bytes
from .base import Block, DocumentFormat, Location, Source
from .docx import DocxFormat
from .html import HtmlFormat
from .markdown import MarkdownFormat
from .pdf import PdfFormat
from .text import TextFormat

__all__ = ["FORMATS", "INPUT_FORMATS", "Block", "DocumentFormat", "Location", "Source",
           "detect_format", "read_document_source"]

FORMATS: dict[str, DocumentFormat] = {f.name: f for f in (TextFormat(), MarkdownFormat(), HtmlFormat(),
                                                          DocxFormat(), PdfFormat())}
INPUT_FORMATS = ("auto", *FORMATS)
_BINARY_FORMATS = ("docx", "pdf")
_OTHER_FORMATS = frozenset({
    ".doc", ".docm", ".dot", ".dotx", ".dotm", ".odt", ".ott", ".ods", ".odp", ".rtf", ".xls", ".xlsx", ".xlsm", ".ppt",
    ".pptx", ".epub", ".pages", ".numbers", ".key", ".zip", ".gz", ".7z", ".rar", ".png", ".jpg", ".jpeg", ".gif"
})
_MAGIC = ((b"PK\x03\x04", "a zip archive that is not a DOCX"), (b"\xd0\xcf\x11\xe0", "an old binary Office file"),
          (b"{\\rtf", "RTF"), (b"\x1f\x8b", "gzip data"))
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def supported() -> str:
    """The supported formats, for error messages."""
    names = {"text": "plain text", "pdf": "PDF (.pdf, with clausealign[pdf])"}
    return ", ".join(names.get(f.name, f"{f.title} ({', '.join(f.extensions[:2])})") for f in FORMATS.values())


def _unsupported(name: str, what: str) -> InputError:
    return InputError(f"{name}: unsupported format ({what}); supported: {supported()}")


def detect_format(name: str, data: bytes) -> DocumentFormat:
    """The format of a file's bytes (see the module docstring); InputError when it is unsupported."""
    for key in _BINARY_FORMATS:
        if FORMATS[key].sniff(data):
            return FORMATS[key]
    suffix = PurePath(name).suffix.lower()
    owner = next((f for f in FORMATS.values() if suffix in f.extensions), None)
    if owner is not None and owner.name in _BINARY_FORMATS:
        return owner
    if suffix in _OTHER_FORMATS:
        raise _unsupported(name, suffix)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _unsupported(name, what)
    if b"\x00" in data[:8192] and not data.startswith(_BOMS):
        raise _unsupported(name, "binary data")
    if owner is not None:
        return owner
    return FORMATS["html"] if FORMATS["html"].sniff(data) else FORMATS["text"]


def read_document_source(path: str, max_bytes: int | None = MAX_INPUT_BYTES, input_format: str = "auto") -> Source:
    """Read and parse a document (``"-"`` is standard input) into the text the segmenter sees, its
    blocks, and the way back to file locations."""
    if input_format != "auto" and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}; choose one of {', '.join(INPUT_FORMATS)}")
    data = read_bytes(path, max_bytes)
    fmt = FORMATS[input_format] if input_format != "auto" else detect_format(str(path), data)
    return fmt.read(data, str(path))
