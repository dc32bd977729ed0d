"""Meaning flips: negations on one side only (align.checks.polarity)."""
from __future__ import annotations

import pytest

from align.checks.polarity import check_polarity


def found(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[tuple[str, str]]:
    diffs = check_polarity(src, src_lang, tgt, tgt_lang)
    for diff in diffs:
        assert (src if diff.side == "source" else tgt)[diff.start:diff.end] == diff.text
        assert diff.kind == "meaning"
    return [(d.side, d.text) for d in diffs]


@pytest.mark.parametrize(("src", "tgt"), [
    ("Your data will never be sold.", "Dataene dine vil aldri bli solgt."),
    ("ClickSend will not sell your data.", "ClickSend vil ikke selge dataene dine."),
    ("No third party has access to the data.", "Ingen tredjepart har tilgang til dataene."),
    ("We will not sell, rent or loan our lists, nor will we use them.",
     "Vi vil ikke selge, leie eller låne ut listene, og vi vil heller ikke bruke dem."),
    ("It is neither sold nor rented.", "Den blir verken solgt eller leid ut."),
    ("We do not sell your data, nor do we rent it.", "Vi verken selger eller leier ut dataene dine."),
    ("Nor will we use them.", "Vi vil heller ikke bruke dem."),
    ("Our legal team can’t wait to help you.", "Vårt juridiske team er klare til å hjelpe deg."),
    ("This includes, but is not limited to, names.", "Dette omfatter blant annet navn."),
    ("Reply no later than 30 days after.", "Svar senest 30 dager etter."),
    ("Message data can be deidentified where required.", "Meldingsdata kan avidentifiseres der det er nødvendig."),
    ("Message data can be deidentified where required.", "Meldingsdata kan anonymiseres der det er nødvendig."),
    ("Message data can be deidentified where required.", "Meldingsdata kan ikke identifiseres der det er nødvendig."),
    ("Data is never stored unencrypted.", "Data lagres aldri ukryptert."),
    ("Unsubscribe requests are fulfilled within minutes.", "Avmeldingsforespørsler blir oppfylt i løpet av minutter."),
    ("ClickSend will not send you unsolicited email.", "ClickSend vil ikke sende deg uoppfordret e-post."),
    ("This helps us maintain an informative website.", "Dette hjelper oss å opprettholde et informativt nettsted."),
    ("Users may not opt out, though they can deactivate their account.",
     "Brukere kan ikke velge bort dette, selv om de kan deaktivere kontoen."),
    ("We collect non-personal data.", "Vi samler inn ikke-personlige data."),
])
def test_faithful_pairs_are_quiet(src: str, tgt: str) -> None:
    assert found(src, "en", tgt, "nb") == []


def test_dropped_negation_word() -> None:
    diffs = check_polarity("We will not sell your data.", "en", "Vi vil selge dataene dine.", "nb")
    assert [(d.side, d.text, d.value) for d in diffs] == [("source", "not", "not")]
    assert "'not'" in diffs[0].note
    assert found("We never disclose your data.", "en", "Vi kan utlevere dataene dine.", "nb") == [("source", "never")]


def test_added_negation_is_reported_on_the_target() -> None:
    assert found("We share your data with partners.", "en", "Vi deler ikke dataene dine med partnere.", "nb") == [
        ("target", "ikke")]


def test_negative_prefix_against_a_positive_cognate() -> None:
    diffs = check_polarity("Message data can be deidentified where required.", "en",
                           "Meldingsdata kan identifiseres der det er nødvendig.", "nb")
    assert [(d.side, d.text, d.value) for d in diffs] == [("source", "deidentified", "de-identified")]
    assert diffs[0].note == ("source negates ('deidentified' = de- + identified) "
                             "but the target's 'identifiseres' is positive")
    assert found("Data is stored unencrypted.", "en", "Data lagres kryptert.", "nb") == [("source", "unencrypted")]
    assert found("Data lagres ukryptert.", "nb", "Data is stored encrypted.", "en") == [("source", "ukryptert")]


def test_a_confirmed_affix_is_preferred_as_evidence() -> None:
    assert found("Data is never stored unencrypted.", "en", "Data lagres aldri kryptert.", "nb") == [
        ("source", "unencrypted")]


def test_other_languages() -> None:
    assert found("Les données ne sont pas vendues.", "fr", "The data is not sold.", "en") == []
    assert found("Les données ne sont vendues qu'aux partenaires.", "fr", "The data is only sold to partners.",
                 "en") == []
    assert found("Les données sont vendues sans consentement.", "fr", "The data is sold with consent.", "en") == [
        ("source", "sans")]
    assert found("Die Daten werden nicht verkauft.", "de", "The data is not sold.", "en") == []
    assert found("Die Daten werden nicht verkauft.", "de", "The data is sold.", "en") == [("source", "nicht")]
    assert found("Es gibt keine Weitergabe.", "de", "Det skjer ingen videreformidling.", "nb") == []
    assert found("Wir verkaufen nicht und vermieten auch nicht.", "de", "We do not sell or rent.", "en") == []
    assert found("Ni vendues ni louées.", "fr", "Neither sold nor rented.", "en") == []
