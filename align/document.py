"""A document as the pipeline sees it: path, language, text, segments and where each segment is
in the original file."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError
from .formats import Location, Source, read_document_source
from .formats.text import TextFormat
from .io import MAX_INPUT_BYTES
from .lang import detect_language, normalise
from .segment import Segment, segment_blocks, segment_lines, segment_text


@dataclass(frozen=True)
class Document:
    """A loaded, segmented document; ``text`` is what the segmenter saw (the file itself for plain
    text), ``locations[i]`` where segment ``i`` is in the file (empty when unknown)."""

    path: str
    lang: str
    text: str
    segments: tuple[Segment, ...]
    locations: tuple[Location, ...] = ()

    @property
    def texts(self) -> list[str]:
        """The segment texts, in order."""
        return [s.text for s in self.segments]

    def to_dict(self) -> dict:
        """JSON form: path, lang and segments (each with its ``location`` when known)."""
        segments = [s.to_dict() for s in self.segments]
        for segment, location in zip(segments, self.locations):
            segment["location"] = location.to_dict()
        return {"path": self.path, "lang": self.lang, "segments": segments}


def load_document(path: str, lang: str | None = None, *, presegmented: bool = False,
                  max_bytes: int | None = MAX_INPUT_BYTES, input_format: str = "auto",
                  clauses: bool = False) -> Document:
    """Read, parse, identify and segment a document (``"-"`` reads standard input); the format
    (text, Markdown, HTML, DOCX, PDF) comes from the content and extension, or ``input_format``.

    >>> doc = load_document("corpus/clicksend/privacy.no.txt")
    >>> doc.lang, doc.segments[0].text, doc.locations[0].line
    ('nb', 'Juridisk informasjon', 1)
    """
    return document_from_source(read_document_source(path, max_bytes, input_format), path, lang,
                                presegmented=presegmented, clauses=clauses)


def document_from_text(text: str, path: str = "<text>", lang: str | None = None,
                       *, presegmented: bool = False) -> Document:
    """Identify and segment plain text already in memory."""
    return document_from_source(TextFormat().source(text), path, lang, presegmented=presegmented)


def document_from_source(source: Source, path: str, lang: str | None = None,
                         *, presegmented: bool = False, clauses: bool = False) -> Document:
    """Identify and segment a parsed document: plain text by the segmenter's own rules, other
    formats block by block; ``presegmented``: one segment a line of the extracted text;
    ``clauses``: sentences also split after ``;`` and a list-introducing ``:``."""
    text = source.text
    code = normalise(lang) if lang else detect_language(text)
    if presegmented:
        segments = segment_lines(text)
    elif source.blocks is None:
        segments = segment_text(text, code, clauses=clauses)
    else:
        segments = segment_blocks(text, [(b.start, b.end, b.kind) for b in source.blocks], code, clauses=clauses)
    if not segments:
        raise InputError(f"{path}: no text segments found")
    locations = tuple(source.locate(s.start, s.end) for s in segments)
    return Document(path=path, lang=code, text=text, segments=tuple(segments), locations=locations)
