"""The HTML report: escaping, evidence marks, self-containment, and a real headless Chromium run.

The browser tests need Debian's ``chromium`` (``apt-get install chromium``); they skip without it.
They leave a screenshot at ``tests/artifacts/report-clicksend.png``.
"""
from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from align.render import render, render_multi
from align.render.html import Run, runs

DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = "<script>document.title='PWNED'</script>"
IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">"


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads((DATA / "clicksend-report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile(report) -> dict:
    """The ClickSend report with markup injected into every kind of text the page shows."""
    data = copy.deepcopy(report)
    seg = data["source"]["segments"][0]
    seg["text"] = f"Legal {SCRIPT} Information"
    data["target"]["segments"][0]["text"] = f"Juridisk {IMG} informasjon"
    data["source"]["path"] = f"docs/{SCRIPT}.txt"
    data["model"] = IMG
    start = seg["text"].index("<script>")
    data["divergences"].append({
        "id": "deadbeef", "kind": "untranslated", "severity": "minor", "mqm": "untranslated",
        "source": [0], "target": [0], "message": f"odd markup {SCRIPT} {IMG}", "accepted": False,
        "evidence": [{"side": "source", "segment": 0, "start": start, "end": start + len(SCRIPT),
                      "text": SCRIPT, "what": "markup\"><script>"}],
    })
    return data


def test_autoescape(hostile):
    page = render(hostile, "html")
    assert SCRIPT not in page and IMG not in page
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    # the injected evidence is marked, and its text and class are escaped too
    assert re.search(r'<mark class="sev-minor ev-markup-script" title="[^"<>]*">&lt;script&gt;', page)
    assert page.count("<script>") == 1  # only the page's own filter script


def test_runs_split_and_clamp():
    finding = {"severity": "major", "kind": "number"}
    critical = {"severity": "critical", "kind": "partial"}
    marks = [(2, 5, finding, {"what": "number"}), (4, 99, critical, {"what": "entity"})]
    assert runs("ab<cd>ef", marks) == [
        Run("ab", False, "", ""),
        Run("<c", True, "sev-major ev-number", "number: major number"),
        Run("d", True, "sev-critical ev-entity ev-number", "number: major number; entity: critical partial"),
        Run(">ef", True, "sev-critical ev-entity", "entity: critical partial"),
    ]
    assert runs("abc", [(-5, 0, finding, {}), (3, 3, finding, {})]) == [Run("abc", False, "", "")]
    accepted = {"severity": "critical", "kind": "number", "accepted": True}
    assert runs("abc", [(0, 1, accepted, {"what": "number"})])[0].classes == "accepted ev-number"


def test_page_structure(report):
    page = render(report, "html")
    assert page == render(report, "html")
    assert ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src "
            "&#39;unsafe-inline&#39;; script-src &#39;unsafe-inline&#39;; img-src data:\">") in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", page)
    assert "<link" not in page and "@import" not in page
    assert '<mark class="sev-critical ev-entity" title="entity: critical partial">Sydney</mark>' in page
    doc = lxml_html.fromstring(page)
    rows = doc.xpath("//table[@id='beads']/tbody/tr[contains(@class, 'bead')]")
    assert len(rows) == 62
    sydney = doc.get_element_by_id("b23")
    assert sydney.get("data-severity") == "critical" and sydney.get("data-kind") == "partial"
    assert doc.get_element_by_id("b0").get("data-severity") == ""
    accepted = doc.xpath("//tr[td[@class='ids']='[]:[58]']")[0]
    assert accepted.get("data-severity") == "" and "accepted" in accepted.get("class")  # not failing
    assert "not in target (dropped)" in doc.get_element_by_id("b2").text_content()
    notes = sydney.getnext()
    assert "notes" in notes.get("class") and "count 'two' became 'flere'" in notes.text_content()
    assert doc.xpath("//input[@id='show-faithful']/@checked")
    boxes = doc.xpath("//input[@name='severity']/@value")
    assert boxes == ["critical", "major", "minor"]
    assert doc.xpath("//input[@name='kind']/@value") == ["omission", "addition", "partial", "meaning", "entity"]


def test_show_findings_starts_with_faithful_pairs_hidden(report):
    doc = lxml_html.fromstring(render(report, "html", show="findings"))
    assert not doc.xpath("//input[@id='show-faithful']/@checked")


def test_multi_page():
    multi = json.loads((DATA / "clicksend-multi.json").read_text(encoding="utf-8"))
    doc = lxml_html.fromstring(render_multi(multi, "html"))
    head = [th.text_content() for th in doc.xpath("//table[@id='coverage']/thead/tr/th")]
    assert head == ["id", "source (en)", "nb (corpus/clicksend/privacy.no.txt)",
                    "nb (corpus/clicksend/2015/privacy.no.txt)"]
    rows = doc.xpath("//table[@id='coverage']/tbody/tr")
    assert len(rows) == 59
    cells = [td.text_content() for td in rows[23].xpath("td[contains(@class, 'cell')]")]
    assert cells == ["! critical partial", "✓"]
    assert "Sydney" in rows[23].xpath("td[contains(@class, 'cell')]")[0].get("title")
    assert [td.text_content() for td in rows[2].xpath("td[contains(@class, 'cell')]")] == ["✗ missing"] * 2


# --- a real browser -----------------------------------------------------------------------------

browser = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                           "(apt-get install chromium)")

# Test-only hook appended to a copy of the page: it drives the real filter checkboxes and writes
# what it sees into attributes of <html>, which --dump-dom then shows.
HOOK = """<script>
(function () {
  var out = document.documentElement;
  function shown() {
    var rows = document.querySelectorAll('#beads tr.bead'), n = 0;
    for (var i = 0; i < rows.length; i++) { if (rows[i].getClientRects().length) { n++; } }
    return String(n);
  }
  function set(selector, on) {
    var box = document.querySelector(selector);
    box.checked = on;
    box.dispatchEvent(new Event('change', {bubbles: true}));
  }
  var marks = document.querySelectorAll('mark'), sydney = null;
  for (var i = 0; i < marks.length; i++) { if (marks[i].textContent === 'Sydney') { sydney = marks[i]; } }
  out.setAttribute('data-initial', shown());
  out.setAttribute('data-sydney-height', String(sydney.getBoundingClientRect().height));
  out.setAttribute('data-sydney-bg', getComputedStyle(sydney).backgroundColor);
  set('input[name="severity"][value="critical"]', false);
  out.setAttribute('data-no-critical', shown());
  out.setAttribute('data-sydney-hidden', String(sydney.getClientRects().length === 0));
  set('#show-faithful', false);
  out.setAttribute('data-findings-only', shown());
  set('input[name="severity"][value="critical"]', true);
  out.setAttribute('data-critical-again', shown());
  set('input[name="kind"][value="addition"]', false);
  out.setAttribute('data-no-addition', shown());
  out.setAttribute('data-counter', document.getElementById('shown').textContent);
})();
</script>
"""


def chromium(tmp_path: Path, page: Path, *args: str) -> str:
    """Run headless Chromium on a local file and return its stdout."""
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(tmp_path: Path, name: str, page: str) -> lxml_html.HtmlElement:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return lxml_html.fromstring(chromium(tmp_path, path, "--dump-dom"))


@pytest.mark.browser
@browser
def test_browser_runs_no_injected_script(tmp_path, hostile):
    dom = dump_dom(tmp_path, "hostile.html", render(hostile, "html"))
    assert dom.findtext(".//title").startswith("clausealign: docs/<script>")  # not replaced by 'PWNED'
    assert dom.get("data-pwned") is None
    assert not dom.xpath("//img")
    assert len(dom.xpath("//script")) == 1
    # the markup is shown as text instead
    first = dom.get_element_by_id("b0").text_content()
    assert "<script>document.title='PWNED'</script>" in first and "<img src=x onerror=" in first
    # and the page's own script did run
    assert dom.get_element_by_id("shown").text_content() == "62"


@pytest.mark.browser
@browser
def test_browser_highlight_and_filter(tmp_path, report):
    page = render(report, "html").replace("</body>", HOOK + "</body>")
    dom = dump_dom(tmp_path, "filter.html", page)
    mark = dom.xpath("//tr[@id='b23']//mark[.='Sydney']")
    assert mark and "sev-critical" in mark[0].get("class")
    assert float(dom.get("data-sydney-height")) > 0
    assert dom.get("data-sydney-bg") not in ("", "rgba(0, 0, 0, 0)", "transparent")
    assert dom.get("data-initial") == "62"  # everything shown
    assert dom.get("data-no-critical") == "59"  # the three critical-only beads hidden
    assert dom.get("data-sydney-hidden") == "true"
    assert dom.get("data-findings-only") == "5"  # major/minor beads only: 2, 25, +30, +38, +61
    assert dom.get("data-critical-again") == "8"  # every bead with an open finding
    assert dom.get("data-no-addition") == "5"  # 2, 23, 24, 25, 29
    assert dom.get("data-counter") == "5"


@pytest.mark.browser
@browser
def test_browser_screenshot(tmp_path, report):
    ARTIFACTS.mkdir(exist_ok=True)
    page = tmp_path / "report.html"
    page.write_text(render(report, "html", show="findings"), encoding="utf-8")
    shot = ARTIFACTS / "report-clicksend.png"
    shot.unlink(missing_ok=True)
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
