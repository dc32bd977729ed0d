"""The bundled corpus: every manifest entry exists, segments, and is in the language it claims."""
from __future__ import annotations

import json

from align.document import load_document

from .conftest import CORPUS


def test_manifest_matches_files():
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["documents"]
    listed = {d["path"] for d in manifest}
    present = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/privacy.*.*")}
    assert listed == present
    for entry in manifest:
        doc = load_document(str(CORPUS / entry["path"]))
        assert doc.lang == entry["lang"], entry["path"]
        assert len(doc.segments) > 20
        assert {"company", "lang", "source", "date"} <= set(entry)
