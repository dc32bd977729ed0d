"""A document as the pipeline sees it: path, language, text and segments."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError
from .io import MAX_INPUT_BYTES, read_text
from .lang import detect_language, normalise
from .segment import Segment, segment_lines, segment_text


@dataclass(frozen=True)
class Document:
    """A loaded, segmented document."""

    path: str
    lang: str
    text: str
    segments: tuple[Segment, ...]

    @property
    def texts(self) -> list[str]:
        """The segment texts, in order."""
        return [s.text for s in self.segments]

    def to_dict(self) -> dict:
        """JSON form: path, lang and segments."""
        return {"path": self.path, "lang": self.lang, "segments": [s.to_dict() for s in self.segments]}


def load_document(path: str, lang: str | None = None, *, presegmented: bool = False,
                  max_bytes: int | None = MAX_INPUT_BYTES) -> Document:
    """Read, identify and segment a document (``"-"`` reads standard input).

    >>> doc = load_document("corpus/clicksend/privacy.no.txt")
    >>> doc.lang, doc.segments[0].text
    ('nb', 'Juridisk informasjon')
    """
    return document_from_text(read_text(path, max_bytes), path, lang, presegmented=presegmented)


def document_from_text(text: str, path: str = "<text>", lang: str | None = None,
                       *, presegmented: bool = False) -> Document:
    """Identify and segment text already in memory."""
    code = normalise(lang) if lang else detect_language(text)
    segments = segment_lines(text) if presegmented else segment_text(text, code)
    if not segments:
        raise InputError(f"{path}: no text segments found")
    return Document(path=path, lang=code, text=text, segments=tuple(segments))
