"""False alarms the divergence stage avoids on faithful translations (DEMETR-style single pairs),
and the real divergences it still finds beside them (align.divergence)."""
from __future__ import annotations

import pytest

from align.aligner import Bead
from align.divergence import find_divergences
from align.divergence.checks.entities import check_entities
from align.document import Document
from align.segment import Segment

pytestmark = pytest.mark.model


def _doc(text: str, lang: str) -> Document:
    return Document(path=lang, lang=lang, text=text, segments=(Segment(0, text, "sentence", 0, len(text)),))


def kinds(encoder, src: str, src_lang: str, tgt: str, tgt_lang: str = "en") -> list[tuple[str, str]]:
    found = find_divergences(_doc(src, src_lang), _doc(tgt, tgt_lang), [Bead((0,), (0,), 1.0, 1.0)], encoder)
    return [(f.kind, f.message) for f in found if f.severity in ("critical", "major")]


ITALIAN = "Le azioni della Borsa di Sydney hanno perso più del 5 per cento."


def test_a_translated_name_is_not_dropped_but_a_dropped_one_is(encoder):
    # "Borsa" is translated (Stock Exchange): the word aligner links it, so it is not a dropped name
    assert kinds(encoder, ITALIAN, "it", "Shares on the Sydney Stock Exchange lost more than 5 percent.") == []
    dropped = kinds(encoder, ITALIAN, "it", "Shares on the Stock Exchange lost more than 5 percent.")
    assert [k for k, _ in dropped] == ["partial"] and "'Sydney'" in dropped[0][1]


def test_a_dropped_brand_linked_to_a_common_word_is_still_dropped(encoder):
    # the word aligner links "ClickSend's" to the compound; a common word is no translation of a name
    found = kinds(encoder, "You reserve the right to opt out of ClickSend's customer referral program at any time.",
                  "en", "Du forbeholder deg retten til å når som helst melde deg av kundehenvisningsprogram.", "nb")
    assert any("ClickSend" in message for _, message in found), found


def test_the_source_languages_own_country_named_in_the_target_is_not_an_addition():
    src, tgt = "Bývalý premiér Jiří Paroubek.", "Former Czech Prime Minister Jiří Paroubek."
    assert check_entities(src, "cs", tgt, "en") == []
    # another country is still an added name, and English (the language of many countries) has no such rule
    assert [d.text for d in check_entities(src, "cs", tgt.replace("Czech", "Slovak"), "en")] == ["Slovak"]
    assert [d.text for d in check_entities("The police said so.", "en", "Politiet i Australia sa det.", "nb")] \
        == ["Australia"]


def test_a_name_or_borrowing_kept_as_it_is_is_not_left_untranslated(encoder):
    # "rakfisk" is no common Spanish word (a Norwegian dish): kept, not left in the source language
    assert kinds(encoder, "El rakfisk se considera algo importante en Noruega.", "es",
                 "Rakfisk is considered something important in Norway.") == []
    # "pescado" is a common Spanish word: left untranslated
    assert [k for k, _ in kinds(encoder, "El pescado se considera algo importante en Noruega.", "es",
                                "Pescado is considered something important in Norway.")] == ["untranslated"]


def test_a_one_sentence_target_full_of_source_names_is_not_in_the_source_language(encoder):
    src = "W rozmowie z Rzeczpospolitą Grzegorz Schetyna stwierdził też, że Jarosław Kaczyński się myli."
    tgt = "In an interview for Rzeczpospolita, Grzegorz Schetyna also stated that Jarosław Kaczyński is wrong."
    assert not [k for k, _ in kinds(encoder, src, "pl", tgt) if k == "untranslated"]
    assert [k for k, _ in kinds(encoder, src, "pl", src)] == ["untranslated"]


def test_a_name_in_the_place_of_a_dropped_one_is_a_name_replaced(encoder):
    """Chinese names cannot be spelled in Latin letters, so the name check only sees 罗马 missing; the
    word aligner puts ``Napoli`` in its place: one ``entity`` finding naming both, not a plain omission."""
    src = "当地时间6月1日，意大利首都罗马，罗马斗兽场重新开放。"
    tgt = "On June 1, local time, the Colosseum reopened in Rome, the capital of Italy."
    assert kinds(encoder, src, "zh", tgt) == []
    found = kinds(encoder, src, "zh", tgt.replace("Rome", "Napoli"))
    assert [k for k, _ in found] == ["entity"], found
    assert "罗马" in found[0][1] and "Napoli" in found[0][1]


def test_an_acronym_spelled_out_in_its_place_is_translated(encoder):
    """``PZPN`` shares only its first letter with "Polish Football Association", but that name stands
    where the acronym stood: translated. Dropped with the name, it is still left out."""
    src = "Tu jednak wyrok PZPN był łagodniejszy, bo Śląsk uprzedzał, że może dojść do podobnych zdarzeń."
    tgt = "Here, however, the ruling of the Polish Football Association was milder, because Śląsk warned that " \
          "similar events could occur."
    assert kinds(encoder, src, "pl", tgt) == []
    dropped = kinds(encoder, src, "pl", tgt.replace("of the Polish Football Association ", ""))
    assert any("PZPN" in message for _, message in dropped), dropped
