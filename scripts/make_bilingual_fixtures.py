"""Regenerate the bilingual fixtures in tests/data/bilingual/ from the ClickSend gold pairs.

    .venv/bin/python scripts/make_bilingual_fixtures.py

The units are the gold alignment's 1-1 beads (eval/gold/clicksend-en-no/alignment.txt) minus the
three the gold lists as divergent (Sydney, within Australia, deidentified), with three errors
planted in the Norwegian (:data:`PLANTED`): a number changed, a clause dropped, a negation
flipped. The clause drop is one of the two of eleven tried on these units that the checks find
(README, "Bilingual files"). The same units are written as XLIFF 1.2, XLIFF 2.0, TMX 1.4 and PO; unit ids are
``cs-NN`` with NN the English line (0-based).
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold" / "clicksend-en-no"
OUT = ROOT / "tests" / "data" / "bilingual"
GOLD_DIVERGENT = {23, 25, 29}  # source lines of the gold's partial/meaning findings on 1-1 beads
# unit id -> (kind expected, text in the faithful target, planted text)
PLANTED = {
    "cs-27": ("number", "i opptil 7 år", "i opptil 5 år"),
    "cs-06": ("partial", " da det bidrar til å fremme tillit, velvilje og et sterkere forhold til deg som er "
                         "kunden vår", ""),
    "cs-48": ("meaning", "kommunikasjonen ikke markedsførende", "kommunikasjonen markedsførende"),
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def units() -> list[tuple[str, str, str]]:
    """(id, English, Norwegian) of the 1-1 gold beads, errors planted."""
    en = (GOLD / "en.lines").read_text(encoding="utf-8").splitlines()
    no = (GOLD / "no.lines").read_text(encoding="utf-8").splitlines()
    out = []
    for line in (GOLD / "alignment.txt").read_text(encoding="utf-8").split():
        left, right = (side.strip("[]") for side in line.split(":"))
        if "," in left or "," in right or not left or not right or int(left) in GOLD_DIVERGENT:
            continue
        uid, target = f"cs-{int(left):02d}", no[int(right)]
        if uid in PLANTED:
            _, old, new = PLANTED[uid]
            assert old in target, (uid, old)
            target = target.replace(old, new)
        out.append((uid, en[int(left)], target))
    return out


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def xliff12(rows: list[tuple[str, str, str]]) -> str:
    ns = "urn:oasis:names:tc:xliff:document:1.2"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}xliff", version="1.2")
    file = ET.SubElement(root, f"{{{ns}}}file", {"original": "privacy.html", "source-language": "en",
                                                 "target-language": "nb-NO", "datatype": "html"})
    body = ET.SubElement(file, f"{{{ns}}}body")
    for uid, source, target in rows:
        unit = ET.SubElement(body, f"{{{ns}}}trans-unit", id=uid)
        ET.SubElement(unit, f"{{{ns}}}source").text = source
        ET.SubElement(unit, f"{{{ns}}}target", state="translated").text = target
    return _xml(root)


def xliff20(rows: list[tuple[str, str, str]]) -> str:
    ns = "urn:oasis:names:tc:xliff:document:2.0"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}xliff", version="2.0", srcLang="en", trgLang="nb-NO")
    file = ET.SubElement(root, f"{{{ns}}}file", id="privacy")
    for uid, source, target in rows:
        segment = ET.SubElement(ET.SubElement(file, f"{{{ns}}}unit", id=uid), f"{{{ns}}}segment", state="final")
        ET.SubElement(segment, f"{{{ns}}}source").text = source
        ET.SubElement(segment, f"{{{ns}}}target").text = target
    return _xml(root)


def tmx(rows: list[tuple[str, str, str]]) -> str:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {"creationtool": "make_bilingual_fixtures", "creationtoolversion": "1",
                                   "segtype": "sentence", "o-tmf": "clausealign", "adminlang": "en",
                                   "srclang": "en", "datatype": "plaintext"})
    body = ET.SubElement(root, "body")
    for uid, source, target in rows:
        tu = ET.SubElement(body, "tu", tuid=uid)
        for lang, text in (("en", source), ("nb-NO", target)):
            ET.SubElement(ET.SubElement(tu, "tuv", {XML_LANG: lang}), "seg").text = text
    return _xml(root)


def po(rows: list[tuple[str, str, str]]) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    head = 'msgid ""\nmsgstr ""\n"Language: nb\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    return head + "".join(f"\nmsgctxt {quote(uid)}\nmsgid {quote(s)}\nmsgstr {quote(t)}\n" for uid, s, t in rows)


def main() -> int:
    rows = units()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (("clicksend.xliff", xliff12), ("clicksend.xlf", xliff20), ("clicksend.tmx", tmx),
                       ("clicksend.po", po)):
        (OUT / name).write_text(make(rows), encoding="utf-8")
        print(f"wrote tests/data/bilingual/{name} ({len(rows)} units)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
