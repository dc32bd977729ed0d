"""Helpers shared by the test modules: the generated report fixtures, baseline variants of them,
segment look-ups, XML parsing, a real headless Chromium, and running a divergence check.

The fixtures ``tests/data/clicksend-report.json`` and ``clicksend-multi.json`` are generated from
the real pipeline by ``scripts/make_fixtures.py``; never edit them by hand.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from align.vocab import SEVERITIES

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
ARTIFACTS = TESTS / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
FORMATS_DATA = DATA / "formats"
REPORT_JSON = DATA / "clicksend-report.json"
MULTI_JSON = DATA / "clicksend-multi.json"


# --- the generated fixtures ---------------------------------------------------------------------

@lru_cache(maxsize=None)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_json(path: Path) -> dict:
    """A fresh dict parsed from a JSON file (the text is read once)."""
    return json.loads(_read(path))


def accept(report: dict, *, source: list[int] | None = None, target: list[int] | None = None) -> dict:
    """A copy of ``report`` as a run with a baseline gives it: the one finding on exactly these
    ``source``/``target`` ids is accepted and the summary counts are recomputed as
    ``Report.summary()`` does (open findings only, plus the number accepted)."""
    data = copy.deepcopy(report)
    hits = [f for f in data["divergences"]
            if (source is None or f["source"] == source) and (target is None or f["target"] == target)]
    assert len(hits) == 1, f"expected one finding on {source}:{target}, got {len(hits)}"
    hits[0]["accepted"] = True
    open_ = [f for f in data["divergences"] if not f["accepted"]]
    summary = data["summary"]
    summary["findings"] = {s: sum(f["severity"] == s for f in open_) for s in SEVERITIES}
    summary["by_kind"] = dict(sorted(Counter(f["kind"] for f in open_).items()))
    summary["accepted"] = sum(f["accepted"] for f in data["divergences"])
    return data


def segment_text(report: dict, side: str, ids: list[int]) -> str:
    """The text of segments ``ids`` on ``side`` joined with a space, as every renderer joins a bead."""
    by_id = {s["id"]: s["text"] for s in report[side]["segments"]}
    return " ".join(by_id[i] for i in ids)


def parse_xml(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


# --- HTML: content security policy and a real browser -------------------------------------------

def csp_hash(text: str) -> str:
    """The CSP source expression that allows an inline ``<style>``/``<script>`` with this exact text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def with_script(page: str, script: str) -> str:
    """``page`` with ``<script>script</script>`` appended to the body and its hash added to the
    page's ``script-src``, so the Content-Security-Policy lets this one test script run."""
    page, n = re.subn(r"(script-src )", lambda m: m.group(1) + csp_hash(script).replace("'", "&#39;") + " ", page,
                      count=1)
    assert n == 1, "the page has no script-src to extend"
    return page.replace("</body>", f"<script>{script}</script>\n</body>")


browser = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                           "(apt-get install chromium)")


def chromium(tmp_path: Path, page: Path, *args: str) -> str:
    """Run headless Chromium on a local file and return its stdout."""
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(tmp_path: Path, name: str, page: str) -> lxml_html.HtmlElement:
    """Load ``page`` in headless Chromium and parse the DOM it ends with (after scripts ran)."""
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return lxml_html.fromstring(chromium(tmp_path, path, "--dump-dom"))


# --- divergence checks --------------------------------------------------------------------------

SYDNEY_EN = ("ClickSend’s servers are located in two secure data centres in Sydney, Australia "
             "(geographically seperated for redundancy).")
SYDNEY_NB = "ClickSends servere er plassert i flere sikre datasentre (geografisk atskilt)."


def assert_segments_like_the_plain_text(doc, lang: str, code: str) -> None:
    """A ClickSend policy read from another format has the plain text's segments (link targets
    that the format keeps, `` (https://...)``, left out; spacing ignored)."""
    from align.document import load_document

    plain = load_document(str(TESTS.parent / "corpus" / f"clicksend/privacy.{lang}.txt"), code)
    assert [" ".join(re.sub(r" \(https://[^)]*\)", "", s.text).split()) for s in doc.segments] \
        == [" ".join(s.text.split()) for s in plain.segments]


def checked(check: Callable, kind: str, src: str, src_lang: str, tgt: str, tgt_lang: str) -> list:
    """The findings of ``check(src, src_lang, tgt, tgt_lang)``, each asserted to be of ``kind`` and
    to point (start, end) at the text it reports."""
    diffs = check(src, src_lang, tgt, tgt_lang)
    for diff in diffs:
        assert (src if diff.side == "source" else tgt)[diff.start:diff.end] == diff.text
        assert diff.kind == kind
    return diffs


def both_ways(found: Callable, src: str, src_lang: str, tgt: str, tgt_lang: str) -> tuple[list, list]:
    """``found`` of the pair, and of the same pair with source and target swapped."""
    return found(src, src_lang, tgt, tgt_lang), found(tgt, tgt_lang, src, src_lang)
