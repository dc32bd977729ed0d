"""Offline language identification and code normalisation."""
from __future__ import annotations

import pytest

from align.lang import detect_language
from align.lang import normalise as normalise_lang

from .conftest import CORPUS


@pytest.mark.parametrize("code, expected", [("no", "nb"), ("NB", "nb"), ("nb_NO", "nb-NO"), ("pt-br", "pt-BR"),
                                             ("en", "en"), ("zh-Hant", "zh-Hant")])
def test_normalise(code, expected):
    assert normalise_lang(code) == expected


def test_detect_corpus_languages():
    assert detect_language((CORPUS / "clicksend/privacy.no.txt").read_text(encoding="utf-8")) == "nb"
    assert detect_language((CORPUS / "clicksend/privacy.en.txt").read_text(encoding="utf-8")) == "en"
    assert detect_language("Die Daten werden nicht an Dritte weitergegeben.") == "de"
    assert detect_language("Les données ne sont jamais vendues à des tiers.") == "fr"


def test_unpacked_model_gives_the_packed_models_answers(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from align.lang import _unpacked_identifier

    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path))
    packed = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    first, second = _unpacked_identifier(), _unpacked_identifier()  # made, then read from the cache
    assert [p.name for p in (tmp_path / "langid").iterdir()] == [p.name for p in (tmp_path / "langid").glob("*.npz")]
    for text in ("Vi respekterer personvernet til våre kunder.", "Datenschutz ist uns wichtig.", "個人情報の保護"):
        assert first.rank(text) == packed.rank(text) == second.rank(text)


def test_a_damaged_unpacked_model_is_replaced(tmp_path, monkeypatch):
    import align.lang as lang

    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path))
    path = lang._unpacked_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 not a zip")
    lang._identifier.cache_clear()
    try:
        assert detect_language("Vi respekterer personvernet til våre kunder.") == "nb"
        assert not path.exists()  # removed; made again on the next start
        assert lang._unpacked_identifier().classify("Datenschutz ist uns wichtig.")[0] == "de" and path.is_file()
    finally:
        lang._identifier.cache_clear()
