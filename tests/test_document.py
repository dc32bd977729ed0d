"""Segment locations (line and column in the file) in the JSON form of a document."""
from __future__ import annotations

from align.document import document_from_text, load_document

from .conftest import CORPUS


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
