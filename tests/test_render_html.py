"""The HTML report: escaping, evidence marks, self-containment, and a real headless Chromium run.

The browser tests need Debian's ``chromium`` (``apt-get install chromium``); they skip without it.
They leave a screenshot at ``tests/artifacts/report-clicksend.png``.
"""
from __future__ import annotations

import copy
import re

import pytest
from lxml import html as lxml_html

from align.render import render, render_multi
from align.render.html import Run, runs
from align.render.table import finding_ids

from .helpers import ARTIFACTS, accept, browser, chromium, csp_hash, dump_dom, with_script

SCRIPT = "<script>document.title='PWNED'</script>"
IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">"


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
    # self-contained: one inline style sheet and one inline script, and the CSP allows exactly those two
    (css,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    (js,) = re.findall(r"<script>(.*?)</script>", page, re.S)
    csp = f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; img-src data:"
    escaped = csp.replace("'", "&#39;")
    assert f'<meta http-equiv="Content-Security-Policy" content="{escaped}">' in page
    assert "unsafe-inline" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", page)
    assert "<link" not in page and "@import" not in page
    assert '<mark class="sev-critical ev-entity" title="entity: critical partial">Sydney</mark>' in page
    assert '<mark class="sev-critical ev-number" title="number: critical partial">two</mark>' in page
    assert ('<mark class="sev-critical ev-segment" title="segment: critical omission">All data is stored securely '
            'and encrypted.</mark>') in page
    assert '<mark class="sev-critical ev-meaning" title="meaning: critical meaning">deidentified</mark>' in page
    doc = lxml_html.fromstring(page)
    rows = doc.xpath("//table[@id='beads']/tbody/tr[contains(@class, 'bead')]")
    assert len(rows) == 62
    sydney = doc.get_element_by_id("b23")
    assert sydney.get("data-severity") == "critical" and sydney.get("data-kind") == "partial"
    assert doc.get_element_by_id("b0").get("data-severity") == ""
    assert "not in target (dropped)" in doc.get_element_by_id("b2").text_content()
    added = doc.xpath("//tr[td[@class='ids']='[]:[30]']")[0]
    assert added.get("data-severity") == "major" and added.get("data-kind") == "addition"
    assert "not in source (added in target)" in added.text_content()
    two_two = doc.xpath("//tr[td[@class='ids']='[45,46]:[45,46]']")[0]
    assert len(two_two.xpath("td[contains(@class, 'src')]/div[contains(@class, 'seg')]")) == 2
    assert len(two_two.xpath("td[contains(@class, 'tgt')]/div[contains(@class, 'seg')]")) == 2
    notes = sydney.getnext()
    assert "notes" in notes.get("class")
    assert "number 'two' (2) has no counterpart in the target (which says 'flere' there)" in notes.text_content()
    assert doc.xpath("//input[@id='show-faithful']/@checked")
    boxes = doc.xpath("//input[@name='severity']/@value")
    assert boxes == ["critical", "major", "minor"]
    assert doc.xpath("//input[@name='kind']/@value") == ["omission", "addition", "partial", "meaning"]


def test_accepted_finding_is_not_failing(report):
    doc = lxml_html.fromstring(render(accept(report, target=[58]), "html"))  # 'Spørsmål?' accepted in a baseline
    accepted = doc.xpath("//tr[td[@class='ids']='[]:[58]']")[0]
    assert accepted.get("data-severity") == "" and "accepted" in accepted.get("class")
    assert accepted.xpath(".//mark")[0].get("class") == "accepted ev-heading"
    assert "(accepted in baseline)" in accepted.getnext().text_content()
    # the other minor addition is still open
    assert doc.xpath("//tr[td[@class='ids']='[]:[38]']")[0].get("data-severity") == "minor"


def test_kind_filters_follow_the_open_findings(report):
    # Minimal hand-made finding: the real report has no `entity` finding of its own.
    data = copy.deepcopy(report)
    data["divergences"].append({
        "id": "e0", "kind": "entity", "severity": "major", "mqm": "omission", "source": [25], "target": [23],
        "message": "target leaves out 'Australia'", "evidence": [], "accepted": False})
    doc = lxml_html.fromstring(render(data, "html"))
    assert doc.xpath("//input[@name='kind']/@value") == ["omission", "addition", "partial", "meaning", "entity"]
    bead = doc.get_element_by_id("b25")
    assert (bead.get("data-severity"), bead.get("data-kind")) == ("critical major", "partial entity")
    # a kind whose only finding is accepted gets no check box
    doc = lxml_html.fromstring(render(accept(report, source=[29]), "html"))
    assert doc.xpath("//input[@name='kind']/@value") == ["omission", "addition", "partial"]


def test_unit_ids_of_a_bilingual_file_on_rows_and_findings(report):
    data = copy.deepcopy(report) | {"units": [f"u{i}" for i in range(len(report["source"]["segments"]))]}
    doc = lxml_html.fromstring(render(data, "html"))
    sydney = [f for f in report["divergences"] if "Sydney" in f["message"]][0]
    unit = f"unit u{sydney['source'][0]}"
    row = [tr for tr in doc.xpath("//tr[@class]") if tr.xpath("td[@class='ids']/text()") == [finding_ids(sydney)]]
    assert row and row[0].xpath("td[@class='ids']/span[@class='unit']/text()") == [unit]
    items = [li for li in doc.xpath("//ol[@class='overview']/li") if "Sydney" in li.text_content()]
    assert items and items[0].xpath("span[@class='unit']/text()") == [unit]
    assert not lxml_html.fromstring(render(report, "html")).xpath("//span[@class='unit']")


def test_show_findings_starts_with_faithful_pairs_hidden(report):
    doc = lxml_html.fromstring(render(report, "html", show="findings"))
    assert not doc.xpath("//input[@id='show-faithful']/@checked")


def test_multi_page(multi):
    doc = lxml_html.fromstring(render_multi(multi, "html"))
    head = [th.text_content() for th in doc.xpath("//table[@id='coverage']/thead/tr/th")]
    assert head == ["id", "source (en)", "nb (privacy.no.txt)", "nb (privacy.edited.no.txt)"]
    rows = doc.xpath("//table[@id='coverage']/tbody/tr")
    assert len(rows) == 59

    def cells(i: int) -> list[str]:
        return [td.text_content() for td in rows[i].xpath("td[contains(@class, 'cell')]")]

    assert cells(0) == ["✓", "✓"]
    assert cells(23) == ["! critical partial"] * 2
    assert "Sydney" in rows[23].xpath("td[contains(@class, 'cell')]")[0].get("title")
    assert cells(24) == ["✗ missing"] * 2
    # the edited translation: two sentences dropped, 'opptil 7 år' became 'opptil 3 år'
    assert cells(26) == cells(28) == ["✓", "✗ missing"]
    assert cells(27) == ["✓", "! critical number"]
    assert "number '7' (7) has no counterpart" in rows[27].xpath("td[contains(@class, 'cell')]")[1].get("title")
    assert [r.get("data-covered") for r in rows].count("no") == 8


# --- a real browser -----------------------------------------------------------------------------

# Test-only script added to a copy of the page (and to its CSP, see helpers.with_script): it drives
# the real filter check boxes and writes what it sees into attributes of <html>, which --dump-dom shows.
HOOK = """
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
"""


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
    # 'Spørsmål?' accepted in a baseline: its bead filters like a faithful one
    page = with_script(render(accept(report, target=[58]), "html"), HOOK)
    dom = dump_dom(tmp_path, "filter.html", page)
    mark = dom.xpath("//tr[@id='b23']//mark[.='Sydney']")
    assert mark and "sev-critical" in mark[0].get("class")
    assert float(dom.get("data-sydney-height")) > 0
    assert dom.get("data-sydney-bg") not in ("", "rgba(0, 0, 0, 0)", "transparent")  # the hashed style applies
    assert dom.get("data-initial") == "62"  # everything shown
    assert dom.get("data-no-critical") == "57"  # the five critical-only beads hidden: 2, 23, 24, 25, 29
    assert dom.get("data-sydney-hidden") == "true"
    assert dom.get("data-findings-only") == "3"  # major/minor beads only: +30, +38, +61 (+58 is accepted)
    assert dom.get("data-critical-again") == "8"  # every bead with an open finding
    assert dom.get("data-no-addition") == "5"  # 2, 23, 24, 25, 29
    assert dom.get("data-counter") == "5"


@pytest.mark.browser
@browser
def test_browser_csp_blocks_unlisted_inline_script(tmp_path, report):
    page = render(report, "html")
    ran = "document.documentElement.setAttribute('data-ran', '1');"
    blocked = dump_dom(tmp_path, "blocked.html", page.replace("</body>", f"<script>{ran}</script></body>"))
    assert blocked.get("data-ran") is None
    assert blocked.get_element_by_id("shown").text_content() == "62"  # the page's own script still runs
    allowed = dump_dom(tmp_path, "allowed.html", with_script(page, ran))
    assert allowed.get("data-ran") == "1"


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
