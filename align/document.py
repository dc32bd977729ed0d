"""A document as the pipeline sees it: path, language, text and segments."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from .errors import InputError
from .io import MAX_INPUT_BYTES, read_text
from .lang import detect_language, normalise
from .segment import Segment, segment_lines, segment_text

_NEWLINE = re.compile(r"\r\n|\r|\n")


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

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _NEWLINE.finditer(self.text)]

    def location(self, offset: int) -> tuple[int, int]:
        r"""1-based (line, column) of a character offset into ``text``; columns count characters, a
        line ends at LF, CR LF or CR, and a byte-order mark is not a column.

        >>> Document("d", "en", "\ufeffTitle\r\nBody text", ()).location(13)
        (2, 6)
        """
        line = bisect.bisect_right(self._line_starts, offset)
        column = offset - self._line_starts[line - 1] + 1
        return line, column - (line == 1 and offset > 0 and self.text.startswith("\ufeff"))

    def to_dict(self) -> dict:
        """JSON form: path, lang and segments, each with its ``location`` in the file: ``line`` and
        ``column`` of its first character, ``end_line`` and ``end_column`` just after its last."""
        segments = []
        for segment in self.segments:
            (line, column), (end_line, end_column) = self.location(segment.start), self.location(segment.end)
            location = {"line": line, "column": column, "end_line": end_line, "end_column": end_column}
            segments.append({**segment.to_dict(), "location": location})
        return {"path": self.path, "lang": self.lang, "segments": segments}


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
