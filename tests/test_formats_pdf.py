"""PDF input (the optional ``pdf`` extra): the text layer page by page, located by page and line."""
from __future__ import annotations

import pytest

from align.document import document_from_source
from align.errors import InputError
from align.formats import FORMATS

pytest.importorskip("pypdf")
PDF = FORMATS["pdf"]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one Helvetica line of text per entry, top to bottom, on each page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        shown = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
        stream = f"BT /F1 12 Tf 72 720 Td {shown} ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_pages_and_lines():
    data = make_pdf([["Privacy Policy", "", "We keep your data safe. We never sell it."],
                     ["Retention", "", "Data is kept for 7 years."]])
    doc = document_from_source(PDF.read(data, "policy.pdf"), "policy.pdf", "en")
    got = [(s.kind, s.text, loc.page, loc.line) for s, loc in zip(doc.segments, doc.locations)]
    # pypdf's layout mode keeps the empty line between heading and text
    assert got == [("heading", "Privacy Policy", 1, 1), ("sentence", "We keep your data safe.", 1, 3),
                   ("sentence", "We never sell it.", 1, 3), ("heading", "Retention", 2, 1),
                   ("sentence", "Data is kept for 7 years.", 2, 3)]
    assert doc.locations[2].column == 25


@pytest.mark.parametrize("data, message", [(b"%PDF-1.4\ngarbage", "not a readable PDF|no text layer"),
                                           (b"plain text", "not a PDF file"),
                                           (make_pdf([[]]), "no text layer")])
def test_bad_pdfs_are_one_line(data, message):
    with pytest.raises(InputError, match=message) as info:
        PDF.read(data, "bad.pdf")
    assert "\n" not in str(info.value)
