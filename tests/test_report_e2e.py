"""The real ClickSend report in the formats people open: HTML in a real browser, TMX, XLIFF."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import main

from .conftest import CORPUS
from .helpers import ARTIFACTS, DATA, browser, chromium, dump_dom


@pytest.mark.browser
@browser
def test_real_report_in_browser(tmp_path, clicksend_raw_report):
    dom = dump_dom(tmp_path, "real.html", clicksend_raw_report.render("html"))
    marks = [m for m in dom.xpath("//mark") if m.text_content() == "Sydney"]
    assert marks and "sev-critical" in marks[0].get("class")
    page = tmp_path / "shot.html"
    page.write_text(clicksend_raw_report.render("html", show="findings"), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-clicksend-real.png"
    chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,1400", "--hide-scrollbars")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
@pytest.mark.model
@browser
def test_script_in_an_input_file_does_not_run(tmp_path):
    hostile = tmp_path / "hostile.no.txt"
    text = (CORPUS / "clicksend/privacy.no.txt").read_text(encoding="utf-8")
    hostile.write_text(text + "\n\n<script>document.title='PWNED'</script> <img src=x onerror=\"document."
                       "documentElement.setAttribute('data-pwned','1')\">\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["compare", str(CORPUS / "clicksend/privacy.en.txt"), str(hostile),
                                       "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    dom = etree.HTML(chromium(tmp_path, out, "--dump-dom"))
    assert "PWNED" not in dom.findtext(".//title")
    assert dom.get("data-pwned") is None and not dom.xpath("//img")
    assert "<script>document.title='PWNED'</script>" in "".join(dom.itertext())


def test_real_tmx_is_valid_and_loads(clicksend_raw_report):
    data = clicksend_raw_report.render("tmx", clean=None)  # every pair (by default critical ones are left out)
    root = etree.fromstring(data.encode("utf-8"))
    dtd = etree.DTD(str(DATA / "tmx14.dtd"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    from translate.storage import tmx

    store = tmx.tmxfile.parsestring(data.encode("utf-8"))
    units = [u for u in store.units if u.source]
    assert len(units) == clicksend_raw_report.summary()["aligned"]
    assert units[0].source == "Legal Information" and units[0].target == "Juridisk informasjon"
    assert clicksend_raw_report.render("tmx").count("<tu ") == len(units) - 3  # [23], [25] and [29]


def test_real_xliff_loads(clicksend_raw_report):
    data = clicksend_raw_report.render("xliff")
    root = etree.fromstring(data.encode("utf-8"))
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff"
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(data.encode("utf-8"))
    units = list(store.unit_iter())
    assert len(units) == sum(1 for b in clicksend_raw_report.beads if b.source)  # additions joined
    sydney = [u for u in units if "Sydney" in (u.source or "")]
    assert sydney and "Sydney" in " ".join(sydney[0].getnotes().split())
