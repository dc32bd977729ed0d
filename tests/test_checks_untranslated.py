"""Targets left in the source language (align.divergence.checks.untranslated)."""
from __future__ import annotations

from align.divergence.checks.untranslated import is_untranslated

SRC = "Your data will never be sold, rented or loaned to third parties."
TGT = "Dataene dine vil aldri bli solgt, leid ut eller utlån til tredjepart."


def test_copied_target() -> None:
    diff = is_untranslated(SRC, "en", SRC.upper() + " ", "nb")
    assert diff is not None
    assert (diff.kind, diff.side, diff.value) == ("untranslated", "target", "en")
    assert diff.text == SRC.upper() and "copy" in diff.note
    assert is_untranslated("Legal Information", "en", "Legal information", "nb") is not None


def test_target_in_the_source_language() -> None:
    tgt = "Your data will never be sold or rented to other companies."
    diff = is_untranslated(SRC, "en", tgt, "nb")
    assert diff is not None and "English" in diff.note and diff.text == tgt
    back = is_untranslated(TGT, "nb", "Dataene dine vil aldri bli solgt til andre.", "en")
    assert back is not None and back.value == "nb"
    assert is_untranslated(TGT, "no", "Dataene dine vil aldri bli solgt til andre.", "en") is not None


def test_translations_are_not_flagged() -> None:
    assert is_untranslated(SRC, "en", TGT, "nb") is None
    assert is_untranslated(SRC, "en", "Vos données ne seront jamais vendues ni louées à des tiers.", "fr") is None
    assert is_untranslated(SRC, "en", "", "nb") is None


def test_short_or_name_only_segments_are_not_judged() -> None:
    assert is_untranslated("ClickSend", "en", "ClickSend", "nb") is None
    assert is_untranslated("SMS", "en", "SMS", "nb") is None
    assert is_untranslated("Data storage", "en", "Data storage", "nb") is not None
    assert is_untranslated("Welcome to our site", "en", "Welcome to our site!", "nb") is not None
    assert is_untranslated("We value privacy", "en", "We value privacy a lot", "nb") is None  # too short to judge
    assert is_untranslated("Contact ClickSend via SMS, https://clicksend.com or +61 2 8015 6860.", "en",
                           "Kontakt ClickSend via SMS, https://clicksend.com eller +61 2 8015 6860.", "nb") is None


def test_copied_names_and_interjections_are_not_untranslated() -> None:
    assert is_untranslated("Michel Piola , Vernier", "de", "Michel Piola , Vernier", "fr") is None
    assert is_untranslated("Dring ... Dring ... !", "de", "Dring ... Dring ... !", "fr") is None
    name = "Willy Auf der Maur , Seewen ( sz )"
    assert is_untranslated(name, "de", name, "fr") is None
    assert is_untranslated("Albert Signer .", "de", "Albert Signer .", "fr") is None
    # Common words copied over still count.
    assert is_untranslated("Die Hütte ist geschlossen .", "de", "Die Hütte ist geschlossen .", "fr") is not None
