"""URLs, domains and e-mail addresses on one side only (align.divergence.checks.links)."""
from __future__ import annotations

import pytest

from align.divergence.checks.links import check_links, find_links


def found(src: str, tgt: str) -> list[tuple[str, str, str, str | None]]:
    diffs = check_links(src, "en", tgt, "nb")
    for diff in diffs:
        assert (src if diff.side == "source" else tgt)[diff.start:diff.end] == diff.text
    return [(d.kind, d.side, d.text, d.value) for d in diffs]


@pytest.mark.parametrize("target", [
    "Se https://www.clicksend.com/privacy.",
    "Se http://clicksend.com/privacy/",
    "Se https://ClickSend.com/privacy",
    "Se https://www.clicksend.com/no/privacy",
    "Se https://www.clicksend.com/privacy?lang=nb",
    "Se clicksend.com.",
])
def test_same_link_in_other_forms(target: str) -> None:
    assert found("See https://www.clicksend.com/privacy.", target) == []


def test_missing_and_different_links() -> None:
    assert found("See https://www.clicksend.com/privacy.", "Se personvernsiden.") == [
        ("url", "source", "https://www.clicksend.com/privacy", "https://www.clicksend.com/privacy")]
    diffs = check_links("See https://clicksend.com/privacy", "en", "Se https://clicksend.com/terms", "nb")
    assert [(d.side, d.text) for d in diffs] == [("source", "https://clicksend.com/privacy"),
                                                 ("target", "https://clicksend.com/terms")]
    assert "differs" in diffs[0].note
    assert found("Visit clicksend.com", "Besøk clicksend.no") == [
        ("url", "source", "clicksend.com", "clicksend.com"), ("url", "target", "clicksend.no", "clicksend.no")]


def test_email_addresses() -> None:
    assert found("Write to Support@ClickSend.com.", "Skriv til support@clicksend.com.") == []
    assert found("Write to support@clicksend.com.", "Skriv til oss.") == [
        ("email", "source", "support@clicksend.com", "support@clicksend.com")]
    assert found("Write to support@clicksend.com.", "Skriv til kundeservice@clicksend.com.") == [
        ("email", "source", "support@clicksend.com", "support@clicksend.com"),
        ("email", "target", "kundeservice@clicksend.com", "kundeservice@clicksend.com")]


def test_abbreviations_and_decimals_are_not_domains() -> None:
    text = "Data, e.g. names, f.eks. navn, bl.a. adresser, 3.5 GB, i.e. all. It ends.Then more, U.S. law."
    assert find_links(text) == []


def test_link_spans_exclude_trailing_punctuation() -> None:
    links = find_links("Read (https://example.com/a_b), then www.example.org.")
    assert [(link.text, link.value) for link in links] == [
        ("https://example.com/a_b", "https://example.com/a_b"), ("www.example.org", "www.example.org")]


def test_a_bare_domain_spelled_out_in_another_script_has_its_counterpart() -> None:
    """``Amazon.com`` written out in katakana is the same name; another name, or a Latin side without
    the domain, still leaves the domain unmatched."""
    sale = "Amazon.com postponed its sale."
    assert check_links("米アマゾン・ドット・コムがセールの延期を発表した", "ja", sale, "en") == []
    assert [d.text for d in check_links("米グーグルがセールの延期を発表した", "ja", sale, "en")] == ["Amazon.com"]
    assert [d.text for d in check_links("Amazon har utsatt salget.", "nb", "Amazon.com postponed its sale.", "en")] \
        == ["Amazon.com"]
