"""Segmentation: split a document into headings, list items and sentences.

Blank lines separate blocks. Markdown is recognised in any input: ``#`` headings
(and ``===``/``---`` underlines below a one-line paragraph), bullets (``- * + •``
...), numbered entries (``1.`` ``2)`` ``a)`` ``(iv)``) and ``>`` blockquotes. The
segment text starts after these markers. A paragraph whose lines are all short,
with no sentence-final punctuation, is one heading per line; a Title Case line of
that kind inside a paragraph (after a finished sentence, before a capitalised
line) is a heading too. Paragraphs and list entries are then split into
sentences; every sentence of a list entry has kind ``"item"``.

Offsets point into the original string, so ``segment.text ==
text[segment.start:segment.end]`` always holds. A segment that runs over several
lines keeps what lies between them: the line break, and a ``>`` that starts a
continuation line of a blockquote.

A Chinese or Japanese full stop, exclamation or question mark (``。！？``) ends a sentence
whether or not a space follows. A full stop ends a sentence when whitespace and a word that does not start with
a lower-case letter follow, unless the word before it is an abbreviation from
``align/lang/abbreviations/<lang>.txt`` (see ``generic.txt`` for the format), a
capital initial or dotted capitals (``J.``, ``U.S.``), or a day number before a
month name (``1. Januar``). Dots inside a token (``1.5``, ``01.02.2020``,
``www.x.no``, ``e.g.,``) never end a sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .lang import chain

__all__ = ["Segment", "segment_blocks", "segment_lines", "segment_text"]

HEADING, SENTENCE, ITEM = "heading", "sentence", "item"


@dataclass(frozen=True)
class Segment:
    """One segment of a document; ``text`` always equals ``document[start:end]``."""

    id: int
    text: str
    kind: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        """JSON form: ``{"id", "text", "kind", "start", "end"}``."""
        return {"id": self.id, "text": self.text, "kind": self.kind,
                "start": self.start, "end": self.end}


# --------------------------------------------------------------------------- abbreviations

_NEVER, _END, _NUM = "never", "end", "num"
@dataclass(frozen=True)
class _Abbreviations:
    exact: dict[str, str]    # entries with a capital: matched as written or in all capitals
    folded: dict[str, str]   # lower-case entries: matched in lower case or capitalised

    def lookup(self, token: str) -> str | None:
        """The tag of ``token`` (written with its final dot), or None for an ordinary word."""
        if token in self.exact:
            return self.exact[token]
        low = token.lower()
        if low in self.folded and token[1:] == low[1:]:
            return self.folded[low]
        return None


def _read_list(text: str, exact: dict[str, str], folded: dict[str, str]) -> None:
    for raw in text.splitlines():
        fields = raw.split("#", 1)[0].split()
        if not fields:
            continue
        entry, tag = fields[0], fields[1] if len(fields) > 1 else _NEVER
        if len(fields) > 2 or tag not in (_NEVER, _END, _NUM) or not entry.endswith("."):
            raise ValueError(f"bad abbreviation line: {raw!r}")
        if entry == entry.lower():
            folded[entry] = tag
        else:
            exact[entry] = exact[entry.upper()] = tag


@lru_cache(maxsize=None)
def _abbreviations(lang: str) -> _Abbreviations:
    """``generic.txt`` plus the first list along the language's :func:`align.lang.chain`."""
    root = resources.files("align.lang") / "abbreviations"
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    names = ["generic"] + [c for c in chain(lang) if (root / f"{c}.txt").is_file()][:1]
    for name in names:
        _read_list((root / f"{name}.txt").read_text(encoding="utf-8"), exact, folded)
    return _Abbreviations(exact, folded)


# --------------------------------------------------------------------------- lines and blocks

_NEWLINE = re.compile(r"\r\n|\r|\n")
_SP = r"(?:[^\S\r\n]|[\u200b\ufeff])"
_LINE = re.compile(rf"""
    (?P<lead>(?:{_SP}|>)*)                                  # indentation, blockquote markers
    (?: (?P<rule>(?P<rc>[-*_=])(?:{_SP}*(?P=rc)){{2,}}{_SP}*$)
      | (?P<atx>\#{{1,6}})(?:{_SP}+|$)
      | (?P<bullet>[-*+•·▪◦‣–]|\d{{1,3}}[.)]|\(?[A-Za-z]\)|\(\d{{1,3}}\)|\(?[ivxIVX]{{2,5}}\))
        (?:{_SP}+|$)
    )?""", re.X)
_WS = re.compile(r"(?:\s|[\u200b\ufeff])*")
_OPEN = "\"'“‘«»„‚([{*_¿¡"
_CLOSE = "\"'”’»)]}*_"
_FINAL = ".!?…‽:;,。！？：；，"


def _matched(m: re.Match[str] | None) -> re.Match[str]:
    """``m``, from ``.match`` with a pattern that matches the empty string and so never fails.

    ``_LINE`` (every part optional), ``_WS``, ``_NEXT_WORD`` and ``_NON_SPACE`` all match
    zero characters at any position, so ``None`` here would be a bug in a pattern.
    """
    assert m is not None, "pattern unexpectedly failed to match"
    return m


@dataclass
class _Line:
    kind: str       # "blank" | "rule" | "atx" | "item" | "text"
    start: int      # the content, markers and surrounding whitespace excluded
    end: int
    indent: int     # columns before the content (text) or before the marker (item)
    setext: bool    # a rule of '=' or '-', which underlines a heading
    lower: bool     # the content starts with a lower-case letter


@dataclass
class _Block:
    kind: str                       # "heading" | "item" | "para"
    lines: list[tuple[int, int]]
    indent: int


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _NEWLINE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u200b\ufeff"):
        end -= 1
    return end


def _first_alnum(text: str) -> str:
    return next((c for c in text if c.isalnum()), "")


def _scan(text: str) -> tuple[str, list[_Line]]:
    """Classify every line; return the text with all line markers blanked out (same length)."""
    masked = list(text)
    lines = []
    for ls, le in _line_spans(text):
        m = _matched(_LINE.match(text, ls, le))
        cs, end = m.end(), _rstrip(text, m.end(), le)
        masked[ls:cs] = " " * (cs - ls)
        kind, indent = "text", cs - ls
        if m.group("rule"):
            kind = "rule"
        elif m.group("atx"):
            kind = "atx"
            body = text[cs:end].rstrip("#")
            if not body or body[-1].isspace():         # a closing sequence: "## Title ##"
                end = _rstrip(text, cs, cs + len(body))
        elif m.group("bullet"):
            kind, indent = "item", m.start("bullet") - ls
        elif cs >= end:
            kind = "blank"
        lines.append(_Line(kind, cs, end, indent, m.group("rc") in ("=", "-"),
                           _first_alnum(text[cs:end]).islower()))
    return "".join(masked), lines


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Group lines into headings, list entries (with continuation lines) and paragraphs."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for line in lines:
        if line.kind == "text" and current is not None and (
                current.kind == "para" or line.indent > current.indent or line.lower):
            current.lines.append((line.start, line.end))
            continue
        if line.kind == "rule" and line.setext and current and current.kind == "para" \
                and len(current.lines) == 1:
            current.kind = "heading"
        current = None
        if line.kind in ("atx", "item", "text"):
            kind = {"atx": "heading", "item": "item", "text": "para"}[line.kind]
            blocks.append(_Block(kind, [(line.start, line.end)], line.indent))
            current = blocks[-1] if kind != "heading" else None
    return blocks


# --------------------------------------------------------------------------- sentences

_BOUNDARY = re.compile(r"""(?<![.!?…‽])(?P<p>[.!?…‽]+)          # a whole run of final punctuation
                           (?:["'”’»)\]}*_]|[ \u00a0\u202f][»”](?=\s|$))*   # closing quotes, brackets
                           (?=\s|$)
                         | (?P<cjk>[。！？][。！？!?]*)              # Chinese/Japanese: no space needed
                           [」』”’）)\]】〉》"'〕]*""", re.X)
_QUOTATIVE = tuple("とっ、，の")  # Japanese particles after a quotation: 「行きます。」と言った
_NEXT_WORD = re.compile(r"[\"'“‘«»„‚(\[{*_¿¡]*(\w*)")
_NON_SPACE = re.compile(r"\S*")
_CAMEL = re.compile(r"[a-z]+[A-Z]")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_MONTHS = frozenset(["januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
                     "oktober", "november", "dezember"])
_CLAUSE_MARK = re.compile(r"[;:](?=\s)|[()\[\]{}]")
_LIST_START = re.compile(r"\s*(?:[-•*]|\(?\w{1,3}\))\s")
_PARENS = re.compile(r"\([^()]*\)")


class _Splitter:
    """Sentence and clause splitting over the marker-free text of one document."""

    def __init__(self, text: str, abbreviations: _Abbreviations) -> None:
        self.text = text
        self.abbreviations = abbreviations

    def trim(self, start: int, end: int) -> tuple[int, int]:
        start = _matched(_WS.match(self.text, start, end)).end()
        return start, _rstrip(self.text, start, end)

    def sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """Sentence spans of ``text[start:end]``, trimmed, none empty."""
        spans, begin = [], start
        for m in _BOUNDARY.finditer(self.text, start, end):
            after = _matched(_WS.match(self.text, m.end(), end)).end()
            if after < end and self._ends_sentence(m, after, end):
                spans.append((begin, m.end()))
                begin = after
        spans.append((begin, end))
        return [span for span in (self.trim(*s) for s in spans) if span[0] < span[1]]

    def _ends_sentence(self, m: re.Match[str], after: int, end: int) -> bool:
        if m.group("cjk"):                                  # 。！？ end a sentence, space or not,
            quoted = m.end() > m.end("cjk")                 # unless a quotation closes and a
            return not (quoted and self.text[after:after + 1] in _QUOTATIVE)  # particle goes on: 」と
        word = _matched(_NEXT_WORD.match(self.text, after, end))
        first = word.group(1)[:1] or self.text[word.end():word.end() + 1]
        if first.islower() and not _CAMEL.match(word.group(1)):
            return False
        if m.group("p") != ".":                            # ! ? or an ellipsis
            return self.text[m.start() - 1:m.start()] not in ("(", "[")
        token_start, token = self._token_before(m.start())
        if not token:
            return True
        tag = self._abbreviation(token, token_start, after, end)
        if tag == _NEVER or (tag == _NUM and first.isdigit()):
            return False
        if tag == _END:
            return first.isupper()
        if _INITIALS.fullmatch(token) and token.isupper():
            return False
        return not (token.isdigit() and len(token) <= 2 and word.group(1).lower() in _MONTHS)

    def _token_before(self, pos: int) -> tuple[int, str]:
        start = pos
        while start > 0 and not self.text[start - 1].isspace():
            start -= 1
        token = self.text[start:pos].lstrip(_OPEN)
        return pos - len(token), token

    def _abbreviation(self, token: str, token_start: int, after: int, end: int) -> str | None:
        """The tag of ``token.``, also tried joined with a dotted neighbour (``z. B.``)."""
        candidates = [token + "."]
        before = token_start
        while before > 0 and self.text[before - 1].isspace():
            before -= 1
        previous = self._token_before(before)[1]
        if previous.endswith("."):
            candidates.append(previous + token + ".")
        following = _matched(_NON_SPACE.match(self.text, after, end)).group()
        if following.endswith("."):
            candidates.append(token + "." + following)
        return next(filter(None, map(self.abbreviations.lookup, candidates)), None)

    def clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """Split a sentence after ``;`` and after a ``:`` that introduces a list."""
        cuts, depth = [start], 0
        for m in _CLAUSE_MARK.finditer(self.text, start, end):
            mark = m.group()
            if mark in "([{":
                depth += 1
            elif mark in ")]}":
                depth = max(0, depth - 1)
            elif depth == 0 and (mark == ";" or self._introduces_list(m.end(), end)):
                cuts.append(m.end())
        cuts.append(end)
        spans = (self.trim(a, b) for a, b in zip(cuts, cuts[1:]))
        return [span for span in spans if span[0] < span[1]]

    def _introduces_list(self, pos: int, end: int) -> bool:
        rest = self.text[pos:end]
        flat = _PARENS.sub("", rest)
        return bool(_LIST_START.match(rest)) or flat.count(",") + flat.count(";") >= 2

    # ---- headings

    def heading_like(self, start: int, end: int) -> bool:
        """Short, one sentence, not starting in lower case, no sentence-final punctuation."""
        return _looks_like_heading(self.text[start:end]) and len(self.sentences(start, end)) == 1

    def title_case(self, start: int, end: int) -> bool:
        words = (w.strip(_OPEN + _CLOSE + ".,:;") for w in self.text[start:end].split())
        return all(w[0].isupper() for w in words if len(w) >= 4 and w[0].isalpha())

    def finished(self, start: int, end: int) -> bool:
        """Ends with sentence-final punctuation."""
        body = self.text[start:end].rstrip(_CLOSE)
        return body[-1:] in tuple(".!?…‽。！？")

    def capitalised(self, start: int, end: int) -> bool:
        first = _first_alnum(self.text[start:end])
        return first.isupper() or first.isdigit()


def _looks_like_heading(line: str) -> bool:
    body = line.strip().strip("*_").strip()
    words = body.split()
    first = _first_alnum(body)
    return (0 < len(words) <= 12 and len(body) <= 100 and any(c.isalpha() for c in body)
            and not first.islower() and body.rstrip(_CLOSE)[-1:] not in _FINAL)


def _paragraph(splitter: _Splitter, lines: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Headings and sentences of one paragraph (see the module docstring for the rules)."""
    rows: list[tuple[int, int]] = []
    for start, end in lines:                   # a line starting in lower case continues a row
        if rows and _first_alnum(splitter.text[start:end]).islower():
            rows[-1] = (rows[-1][0], end)
        else:
            rows.append((start, end))
    like = [splitter.heading_like(*row) for row in rows]
    all_headings = all(like)
    out: list[tuple[int, int, str]] = []
    prose: tuple[int, int] | None = None
    for i, row in enumerate(rows):
        glued = (splitter.title_case(*row)
                 and (i == 0 or splitter.finished(*rows[i - 1]))
                 and (i == len(rows) - 1 or splitter.capitalised(*rows[i + 1])))
        if like[i] and (all_headings or glued):
            if prose:
                out.extend((a, b, SENTENCE) for a, b in splitter.sentences(*prose))
            out.append((*row, HEADING))
            prose = None
        else:
            prose = (prose[0] if prose else row[0], row[1])
    if prose:
        out.extend((a, b, SENTENCE) for a, b in splitter.sentences(*prose))
    return out


# --------------------------------------------------------------------------- bounded length

MAX_SEGMENT_CHARS = 2000
_BREAK = re.compile(r"[,;:\u3001\uff0c]\s*|\s+")


def _bounded(text: str, spans: list[tuple[int, int, str]],
             limit: int = MAX_SEGMENT_CHARS) -> list[tuple[int, int, str]]:
    """Split spans longer than ``limit`` characters (text with no sentence punctuation) into
    pieces of at most ``limit``, at the last comma, semicolon or space before the limit."""
    out: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        while end - start > limit:
            cut = max((m.end() for m in _BREAK.finditer(text, start + limit // 2, start + limit)), default=0)
            cut = cut if cut > start else start + limit
            piece_end = cut
            while piece_end > start and text[piece_end - 1].isspace():
                piece_end -= 1
            out.append((start, piece_end, kind))
            start = cut
        out.append((start, end, kind))
    return out


# --------------------------------------------------------------------------- public API

def segment_text(text: str, lang: str = "en", *, clauses: bool = False) -> list[Segment]:
    """Split plain text or Markdown into heading, item and sentence segments.

    ``lang`` (an ISO 639 code) picks the abbreviation list: ``nb``/``no``/``nn``
    (also ``da``, ``sv``), ``en``, ``de``, ``fr``; anything else uses the generic
    list. ``clauses=True`` also splits sentences and items after ``;`` and after a
    ``:`` that introduces a list. Every sentence of a list entry is an ``"item"``.
    """
    masked, lines = _scan(text)
    splitter = _Splitter(masked, _abbreviations(lang))
    spans: list[tuple[int, int, str]] = []
    for block in _blocks(lines):
        start, end = block.lines[0][0], block.lines[-1][1]
        if block.kind == "heading":
            spans.append((*splitter.trim(start, end), HEADING))
        elif block.kind == "item":
            spans.extend((a, b, ITEM) for a, b in splitter.sentences(start, end))
        else:
            spans.extend(_paragraph(splitter, block.lines))
    return _segments(text, splitter, spans, clauses)


def _segments(text: str, splitter: _Splitter, spans: list[tuple[int, int, str]], clauses: bool) -> list[Segment]:
    if clauses:
        spans = [(a, b, kind) for s, e, kind in spans
                 for a, b in ([(s, e)] if kind == HEADING else splitter.clauses(s, e))]
    spans = [span for span in _bounded(text, spans) if span[0] < span[1]]
    return [Segment(i, text[s:e], kind, s, e) for i, (s, e, kind) in enumerate(spans)]


def line_kind(line: str) -> str:
    """The kind of one stripped line taken as a segment: heading, item or sentence."""
    m = _matched(_LINE.match(line))
    return (HEADING if m.group("atx") else ITEM if m.group("bullet")
            else HEADING if _looks_like_heading(line) else SENTENCE)


def segment_blocks(text: str, blocks: Iterable[tuple[int, int, str]], lang: str = "en",
                   *, clauses: bool = False) -> list[Segment]:
    """Segment text whose blocks a parser found (HTML, DOCX, Markdown): ``(start, end, kind)``.

    A ``heading`` block is one heading; an ``item`` block is split into item sentences; any other
    block (``paragraph``, ``cell``) like a paragraph of plain text, one row a line, so short lines
    without final punctuation are headings. No markers are looked for: the parser removed them.
    ``clauses`` as in :func:`segment_text`.
    """
    splitter = _Splitter(text, _abbreviations(lang))
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in blocks:
        if kind == HEADING:
            spans.append((*splitter.trim(start, end), HEADING))
        elif kind == ITEM:
            spans.extend((a, b, ITEM) for a, b in splitter.sentences(start, end))
        else:
            rows = [splitter.trim(a + start, b + start) for a, b in _line_spans(text[start:end])]
            spans.extend(_paragraph(splitter, [row for row in rows if row[0] < row[1]]))
    return _segments(text, splitter, spans, clauses)


def segment_lines(text: str) -> list[Segment]:
    """One segment per non-blank line, as given (surrounding whitespace stripped); a line over
    :data:`MAX_SEGMENT_CHARS` is cut into bounded pieces like :func:`segment_text` does.

    Markers stay in the text. Kind: ``"heading"`` for a ``#`` line or a short line
    without sentence-final punctuation that does not start in lower case,
    ``"item"`` for a bullet or numbered line, else ``"sentence"``.
    """
    spans: list[tuple[int, int, str]] = []
    for line_start, line_end in _line_spans(text):
        start = _matched(_WS.match(text, line_start, line_end)).end()
        end = _rstrip(text, start, line_end)
        if start < end:
            spans.append((start, end, line_kind(text[start:end])))
    return [Segment(i, text[s:e], kind, s, e) for i, (s, e, kind) in enumerate(_bounded(text, spans))]
