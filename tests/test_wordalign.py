"""Word alignment and word-level checks, with a fake token-vector backend (and, marked `model`, the real
encoder for the batched examination)."""
from typing import ClassVar

import numpy as np
import pytest

from align.divergence.wordalign import align_words, group_words, itermax, runs
from align.divergence.wordcheck import opposite_matches, opposites, script_of, untranslated_spans


class FakeVectors:
    """One token per word; a word's vector is a one-hot of its dictionary entry."""

    LEX: ClassVar[dict[str, int]] = {"cats": 0, "katzen": 0, "sleep": 1, "schlafen": 1, "in": 2, "im": 2,
                                     "sydney": 3, "garden": 4, "garten": 4}

    def token_vectors(self, text):
        import re

        spans = [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]
        vecs = np.zeros((len(spans), 8), dtype=np.float32)
        for k, (s, e) in enumerate(spans):
            vecs[k, self.LEX.get(text[s:e].lower(), 5 + k % 3)] = 1.0
        return spans, vecs


def test_group_words_joins_subwords_and_keeps_cjk_tokens_apart():
    text = "24-year-old man 中国驻"
    spans = [(0, 2), (2, 3), (3, 7), (7, 8), (8, 11), (12, 15), (16, 18), (18, 19)]
    words, vecs = group_words(text, spans, np.eye(8, dtype=np.float32))
    assert [w.text for w in words] == ["24-year-old", "man", "中国", "驻"]
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0)


def test_itermax_mutual_best_then_leftovers():
    sim = np.array([[0.9, 0.1, 0.0], [0.2, 0.85, 0.8], [0.1, 0.2, 0.1]])
    links = itermax(sim)
    assert (0, 0) in links and (1, 1) in links
    assert (1, 2) in links and (2, 2) not in links  # a weak leftover stays unaligned


def test_unaligned_source_run_is_the_dropped_phrase():
    a = align_words("Cats sleep in Sydney.", "Katzen schlafen.", FakeVectors())
    left = a.unaligned("source")
    assert [w.text for w in left] == ["in", "Sydney"]
    assert [[w.text for w in r] for r in runs(left, a.source_text)] == [["in", "Sydney"]]


def test_untranslated_script_and_copied_word():
    a = align_words("猫は庭で寝る", "The cats sleep in the 庭.", FakeVectors())
    spans = untranslated_spans(a, "ja", "en")
    assert [a.target_text[s:e] for s, e, _ in spans] == ["庭"]
    assert script_of("д") == "CYRILLIC" and script_of("a") == "LATIN" and script_of(",") == ""


def test_no_untranslated_for_names_or_same_language():
    a = align_words("Grzegorz śpi w ogrodzie", "Grzegorz sleeps in the garden", FakeVectors())
    assert untranslated_spans(a, "pl", "en") == []
    assert untranslated_spans(a, "en", "en") == []


def test_opposites_lexicon_is_symmetric():
    table = opposites("en")
    assert "must" in table["may"] and "may" in table["must"]
    assert "at least" in table["up to"]


def test_opposite_matches_whole_words_longest_first():
    text = "Keep it for up to 7 years, at least; non-negative. MAY apply."
    found = [(text[s:e], entry) for s, e, entry in opposite_matches(text, "en")]
    assert ("up to", "up to") in found and ("at least", "at least") in found and ("MAY", "may") in found
    assert not any(entry in ("up", "negative") for _, entry in found)
    assert opposite_matches(text, "xx") == []


def test_names_replaced_pairs_a_dropped_and_an_added_name():
    from align.divergence.wordcheck import WordFinding, names_replaced

    dropped = WordFinding("partial", "source", 10, 16, "Katar", 0.95, "")
    added = WordFinding("addition", "target", 20, 24, "U.S.", 0.96, "")
    plain = WordFinding("addition", "target", 30, 36, "quickly", 0.97, "")
    out = names_replaced([dropped, added, plain])
    assert [f.kind for f in out] == ["addition", "entity"]
    assert out[1].text == "U.S." and out[1].counterpart == (10, 16, "Katar")
    assert names_replaced([dropped, plain]) == [dropped, plain]  # nothing named was added


def test_an_added_span_with_a_name_inside_the_sentence_is_a_name_added():
    from align.divergence.wordcheck import WordFinding, names_replaced

    target = "Apparently, General Secretary Škoda has said so, and quickly."
    opening = WordFinding("addition", "target", 0, 10, "Apparently", 0.97, "")
    named = WordFinding("addition", "target", 12, 39, "General Secretary Škoda has", 0.96, "")
    plain = WordFinding("addition", "target", 53, 60, "quickly", 0.97, "")
    out = names_replaced([opening, named, plain], target)
    assert [f.kind for f in out] == ["addition", "entity", "addition"]  # a capital that opens a sentence is no name
    assert out[1].counterpart is None and out[1].note.startswith("name added: 'General Secretary Škoda has'")
    assert [f.kind for f in names_replaced([WordFinding("addition", "target", 0, 2, "东京", 0.96, "")], "东京很大")] \
        == ["entity"]  # a script without case


def test_name_like_spans():
    from align.divergence.wordcheck import _name_like

    assert _name_like("Sony Ericsson") and _name_like("中美洲") and _name_like("के लिए")
    assert not _name_like("closely and") and not _name_like("на улице")


def test_wordnet_opposites_are_loaded_with_inflections():
    table = opposites("en")
    assert "exported" in table["imported"] and "lost" in table["won"]


def test_build_antonyms_inflects_verbs_and_nouns():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_antonyms.py"
    spec = importlib.util.spec_from_file_location("build_antonyms", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.verb_forms("stop", {}) == {"past": "stopped", "third": "stops", "ing": "stopping"}
    assert mod.verb_forms("win", {"win": ["won"]})["past"] == "won"
    assert mod.verb_forms("deny", {}) == {"past": "denied", "third": "denies", "ing": "denying"}
    assert mod.plural("loss", {}) == "losses" and mod.plural("ally", {}) == "allies"


def test_token_vectors_survive_the_memo_dropping_entries_mid_call():
    """A text already in the memo when a call starts is returned even if computing the others evicts it."""
    from align.divergence.wordalign import TokenVectors

    class Backend:
        name, prefix, cache_id = "fake", "", "fake"

        def hidden_states(self, texts, layer, max_tokens):
            return [([(0, len(t))], np.ones((1, 4), dtype=np.float32)) for t in texts]

    tv = TokenVectors(Backend(), keep=2)
    tv.token_vectors_many(["a"])
    out = tv.token_vectors_many(["a", "b", "c", "d", "a"])  # b, c, d push "a" out of a memo of 2
    assert [spans for spans, _ in out] == [[(0, 1)]] * 5


@pytest.mark.model
def test_prepared_pairs_give_the_findings_of_pairs_examined_one_by_one(encoder):
    """``prepare`` encodes many pairs in a few batches; the findings are those of ``examine`` alone."""
    from align.divergence.wordcheck import WordChecker

    pairs = [("Staff in Sydney can read your data for up to 7 years.", "en",
              "Ansatte kan lese dataene dine i opptil 7 år.", "nb"),
             ("Your data will never be sold to third parties.", "en",
              "Dataene dine vil alltid bli solgt til andre selskaper.", "nb"),
             ("We keep your data secure and encrypted.", "en", "Vi holder dataene dine sikre.", "nb")]
    alone = [WordChecker(encoder).examine(*pair) for pair in pairs]
    batched = WordChecker(encoder)
    batched.prepare(pairs)
    assert [batched.examine(*pair) for pair in pairs] == alone
    assert any(alone), "the pairs should have word-level findings to compare"
    assert batched.examine(*pairs[0]) == alone[0]  # a second look computes it again, the same


def test_a_name_joined_to_a_target_word_is_not_untranslated():
    """``Kolín-based`` is a Czech name with an English word: translated, though ``Kolín`` is common in Czech."""
    a = align_words("Kolínská automobilka znovu prodloužila odstávku.", "Kolín-based carmaker has again extended "
                    "the shutdown.", FakeVectors())
    assert untranslated_spans(a, "cs", "en") == []


class SameWordVectors:
    """One token per word; the same word (any case) has the same one-hot vector on both sides."""

    def __init__(self):
        self.dims: dict[str, int] = {}

    def token_vectors(self, text):
        import re

        spans = [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]
        vecs = np.zeros((len(spans), 64), dtype=np.float32)
        for k, (s, e) in enumerate(spans):
            vecs[k, self.dims.setdefault(text[s:e].lower(), len(self.dims) % 64)] = 1.0
        return spans, vecs


def test_a_function_word_of_the_source_left_in_the_target():
    """``und`` copied from a German source into English (the word aligner links it to the source's
    ``und``) is left untranslated; a name's particle (``von der Leyen``), a quoted title and a word
    that only looks like one of the source (French ``mit``, "put", aligned elsewhere) are not."""
    src = "Die Person floh vor drei Jahren und ist jetzt zurückgekehrt."
    a = align_words(src, "The person fled three years ago und has now returned.", SameWordVectors())
    assert [a.target_text[s:e] for s, e, _ in untranslated_spans(a, "de", "en")] == ["und"]
    a = align_words("Die Präsidentin Ursula von der Leyen und ihr Team.",
                    "President Ursula von der Leyen and her team.", SameWordVectors())
    assert untranslated_spans(a, "de", "en") == []
    a = align_words("Das Lied „Je ne sais pas“ und mehr.", 'The song "Je ne sais pas und" and more.',
                    SameWordVectors())
    assert untranslated_spans(a, "de", "en") == []
    a = align_words("Die Gesellschaft nahm sich dessen an und stellte mit Mühe eine Expedition auf.",
                    "La Société prit cela à coeur et mit sur pied une expédition.", FakeVectors())
    assert untranslated_spans(a, "de", "fr") == []


def test_a_german_noun_copied_from_a_compound_is_untranslated():
    """``Fleisch`` is the first part of the source's ``Fleischbranche``: left in German."""
    a = align_words("Heil sagte, für die Fleischbranche sei 2017 ein Gesetz in Kraft getreten.",
                    "Heil said that a law came into force for the Fleisch industry in 2017.", FakeVectors())
    assert [a.target_text[s:e] for s, e, _ in untranslated_spans(a, "de", "en")] == ["Fleisch"]
