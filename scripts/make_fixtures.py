"""Regenerate the report fixtures in tests/data/ from the real pipeline (the renderer tests read them).

    .venv/bin/python scripts/make_fixtures.py

The fixtures are what `align compare ... -f json` emits for the ClickSend pair (one target and
two targets), with ``SOURCE_DATE_EPOCH`` pinned so the file only changes when the output does.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EN = "corpus/clicksend/privacy.en.txt"
NO = "corpus/clicksend/privacy.no.txt"
EDITED = "tests/data/privacy.edited.no.txt"  # two sentences dropped, a retention period changed
EDITS = (("Data kan til enhver tid slettes på kundens forespørsel. ", ""),
         ("Ingen tredjepart har tilgang til dataene. ", ""), ("opptil 7 år", "opptil 3 år"))


def main() -> int:
    os.environ["SOURCE_DATE_EPOCH"] = "1795341600"  # 2026-11-22T10:00:00Z
    os.chdir(ROOT)
    from align import compare, compare_many
    from align.encoders import load_encoder

    text = (ROOT / NO).read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text, old
        text = text.replace(old, new)
    (ROOT / EDITED).write_text(text, encoding="utf-8")
    encoder = load_encoder()
    single = compare(EN, NO, src_lang="en", tgt_lang="nb", encoder=encoder).to_dict()
    multi = compare_many(EN, [NO, EDITED], src_lang="en", tgt_lang="nb", encoder=encoder).to_dict()
    for name, data in (("clicksend-report.json", single), ("clicksend-multi.json", multi)):
        (DATA / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote tests/data/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
