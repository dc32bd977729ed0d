"""Document.location: line and column of an offset, and the segment locations in the JSON form."""
from __future__ import annotations

import pytest

from align.document import Document, document_from_text, load_document

from .conftest import CORPUS


@pytest.mark.parametrize("text, offset, expected", [
    ("abc", 0, (1, 1)),
    ("abc", 3, (1, 4)),                  # just after the end
    ("ab\ncd", 3, (2, 1)),
    ("ab\r\ncd", 5, (2, 2)),             # CR LF is one line end
    ("ab\rcd\n\nef", 7, (4, 1)),          # so is a lone CR
    ("\ufeffab\ncd", 1, (1, 1)),          # a byte-order mark is not a column
    ("\ufeffab\ncd", 4, (2, 1)),
    ("ø 漢字 x", 5, (1, 6)),              # columns count characters
])
def test_location(text, offset, expected):
    assert Document("d", "en", text, ()).location(offset) == expected


def test_segments_carry_their_location():
    doc = document_from_text("Title\n\nFirst sentence. Second one.\r\nThird line here.", "d", "en")
    located = {s["text"]: s["location"] for s in doc.to_dict()["segments"]}
    assert located["Title"] == {"line": 1, "column": 1, "end_line": 1, "end_column": 6}
    assert located["Second one."] == {"line": 3, "column": 17, "end_line": 3, "end_column": 28}
    assert located["Third line here."]["line"] == 4


def test_clicksend_locations_point_at_the_text():
    path = CORPUS / "clicksend/privacy.en.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    for segment in load_document(str(path), "en").to_dict()["segments"]:
        where = segment["location"]
        first = segment["text"].split("\n")[0]
        assert lines[where["line"] - 1][where["column"] - 1:].startswith(first)
