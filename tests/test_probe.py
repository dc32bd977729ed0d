"""The leave-one-chunk-out probe (align/divergence/probe.py) without the model.

``candidate_chunks`` is pure text work; ``ChunkProbe`` runs on :class:`BagOfWords`, a
deterministic fake encoder whose cosine is word overlap, so the gains can be worked out by hand:
removing a chunk whose words the target lacks makes the source more like the target.
"""
from __future__ import annotations

import re
import zlib

import numpy as np
import pytest

from align.divergence.probe import Chunk, ChunkProbe, candidate_chunks

SYDNEY = ("ClickSend’s servers are located in two secure data centres in Sydney, Australia "
          "(geographically seperated for redundancy).")
STAFF = "The data can only be accessed by a limited number of privileged ClickSend staff within Australia."
REPLY = "We reply by email or phone, in accordance with the wishes of the user."
NORSK = "Dataene kan bare nås av ansatte i Norge, og de lagres på servere innenfor EU."


class BagOfWords:
    """A fake encoder: word counts hashed (crc32) into a fixed number of buckets, L2-normalised."""

    name = "bag-of-words"
    cache_id = "bag-of-words"

    def __init__(self, dim: int = 1024) -> None:
        self.dim = dim
        self.calls: list[list[str]] = []

    def vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            vec[zlib.crc32(word.encode("utf-8")) % self.dim] += 1.0
        norm = np.linalg.norm(vec)
        return vec / norm if norm else vec

    def encode(self, texts, progress=None) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([self.vector(t) for t in texts]).astype(np.float32)

    def cos(self, a: str, b: str) -> float:
        return float(self.vector(a) @ self.vector(b))


def spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, c.text) for c in candidate_chunks(text, lang)]


def texts(text: str, lang: str) -> list[str]:
    return [c.text for c in candidate_chunks(text, lang)]


# --- candidate_chunks ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lang"), [(SYDNEY, "en"), (STAFF, "en"), (REPLY, "en"), (NORSK, "nb"),
                                            (NORSK, "en"), ("Short one.", "en"), ("", "en")])
def test_chunks_point_into_the_text(text, lang):
    chunks = candidate_chunks(text, lang)
    assert len({(c.start, c.end) for c in chunks}) == len(chunks)  # no duplicate spans
    for c in chunks:
        assert text[c.start:c.end] == c.text and c.gain == 0.0
        assert len(re.findall(r"\w+", c.text)) >= 2 and len(c.text) <= 0.6 * len(text)
        assert c.text == c.text.strip(" ,;:–—-.")


def test_parenthesis_is_one_chunk():
    chunks = spans(SYDNEY, "en")
    assert (80, 121, "(geographically seperated for redundancy)") in chunks
    # and the prepositional phrase inside it is a chunk of its own
    assert (106, 120, "for redundancy") in chunks


def test_short_parenthesis_is_not_a_chunk():
    assert texts("Data is kept (x) here, and there.", "en") == ["Data is kept", "and there"]


def test_comma_delimited_pieces():
    chunks = spans(REPLY, "en")
    # the leading ", " and the final "." are not part of a piece
    assert (0, 26, "We reply by email or phone") in chunks
    assert (28, 69, "in accordance with the wishes of the user") in chunks


@pytest.mark.parametrize("delimiter", ["; ", ": ", " – ", " — ", " - "])
def test_other_delimiters(delimiter):
    text = f"Backups are kept offsite{delimiter}they are deleted after thirty days."
    assert texts(text, "en") == ["Backups are kept offsite", "they are deleted after thirty days",
                                 "after thirty days"]


def test_prepositional_phrases_in_english():
    assert spans(STAFF, "en") == [(30, 79, "by a limited number of privileged ClickSend staff"),
                                  (80, 96, "within Australia")]
    # a phrase runs to the next preposition: 'in two ... centres' stops where 'in Sydney' starts
    assert [t for t in texts(SYDNEY, "en") if t.startswith("in ")] == ["in two secure data centres", "in Sydney"]


def test_prepositional_phrases_in_norwegian():
    assert texts(NORSK, "nb") == ["Dataene kan bare nås av ansatte i Norge", "av ansatte", "i Norge",
                                  "og de lagres på servere innenfor EU", "på servere", "innenfor EU"]
    # Nynorsk and Norwegian read the Bokmål list (align.lang.chain)
    assert texts(NORSK, "nn") == texts(NORSK, "no") == texts(NORSK, "nb")
    # the English list knows none of these words: only the comma pieces remain
    assert texts(NORSK, "en") == ["Dataene kan bare nås av ansatte i Norge", "og de lagres på servere innenfor EU"]


def test_a_preposition_must_be_a_whole_word():
    text = "Information from the check-in desk is printed on paper every day."
    # 'in' inside 'Information' or after 'check-' opens no phrase; 'from' and 'on' do
    assert texts(text, "en") == ["from the check-in desk is printed", "on paper every day"]


def test_long_or_one_word_pieces_are_not_chunks():
    assert candidate_chunks("Short one.", "en") == []
    # 'within Australia can access data' runs to the end of the sentence and is over 60 % of it
    assert candidate_chunks("Staff within Australia can access data.", "en") == []


# --- ChunkProbe with a fake encoder -------------------------------------------------------------

TARGET = "The data can only be accessed by a limited number of privileged ClickSend staff."


def test_gains_are_the_cosine_change_in_one_encoder_call():
    enc = BagOfWords()
    gains = ChunkProbe(enc, "en").gains(STAFF, TARGET)
    assert len(enc.calls) == 1
    assert enc.calls[0][:2] == [TARGET, STAFF]  # then the source without each chunk
    assert enc.calls[0][2:] == ["The data can only be accessed within Australia.",
                                "The data can only be accessed by a limited number of privileged ClickSend staff ."]
    base = enc.cos(STAFF, TARGET)
    assert [(c.start, c.end, c.text) for c in gains] == spans(STAFF, "en")
    by_text = {c.text: c.gain for c in gains}
    # without 'within Australia' the source has exactly the target's words
    assert by_text["within Australia"] == pytest.approx(1.0 - base, abs=1e-6)
    assert by_text["by a limited number of privileged ClickSend staff"] == pytest.approx(
        enc.cos("The data can only be accessed within Australia", TARGET) - base, abs=1e-6)
    assert by_text["by a limited number of privileged ClickSend staff"] < 0 < by_text["within Australia"]


def test_no_chunks_no_encoder_call():
    enc = BagOfWords()
    assert ChunkProbe(enc, "en").gains("Short one.", "Kort.") == []
    assert ChunkProbe(enc, "en").missing("Short one.", "Kort.") == []
    assert enc.calls == []


def test_missing_finds_the_left_out_phrase():
    found = ChunkProbe(BagOfWords(), "en").missing(STAFF, TARGET)
    assert [(c.start, c.end, c.text) for c in found] == [(80, 96, "within Australia")]
    assert found[0].gain > 0.02


def test_missing_in_norwegian_finds_both_phrases_in_order():
    target = "Dataene kan bare nås av ansatte, og de lagres på servere."
    found = ChunkProbe(BagOfWords(), "nb").missing(NORSK, target)
    assert [c.text for c in found] == ["i Norge", "innenfor EU"]
    # the English word list finds no phrase to blame
    assert ChunkProbe(BagOfWords(), "en").missing(NORSK, target) == []


def test_threshold_is_inclusive():
    enc = BagOfWords()
    gain = next(c.gain for c in ChunkProbe(enc, "en").gains(STAFF, TARGET) if c.text == "within Australia")
    assert ChunkProbe(enc, "en").threshold == 0.02
    assert [c.text for c in ChunkProbe(enc, "en", threshold=gain).missing(STAFF, TARGET)] == ["within Australia"]
    assert ChunkProbe(enc, "en", threshold=gain + 1e-4).missing(STAFF, TARGET) == []


def test_kept_chunks_do_not_overlap_and_the_best_wins():
    enc = BagOfWords()
    probe = ChunkProbe(enc, "en")
    target = "We reply by email or phone."
    above = [c for c in probe.gains(REPLY, target) if c.gain >= probe.threshold]
    # the whole piece and both of its phrases help, and they overlap
    assert sorted(c.text for c in above) == ["in accordance", "in accordance with the wishes of the user",
                                             "with the wishes of the user"]
    found = probe.missing(REPLY, target)
    assert [c.text for c in found] == ["in accordance with the wishes of the user"]
    assert found[0].gain == max(c.gain for c in above)
    # with a threshold above the whole piece's gain nothing is left
    assert ChunkProbe(enc, "en", threshold=found[0].gain + 1e-4).missing(REPLY, target) == []


@pytest.mark.parametrize(("source", "target", "lang"), [
    (SYDNEY, "ClickSends servere er lokalisert i flere sikre datasentre.", "en"),
    (SYDNEY, "ClickSend’s servers are located in secure data centres.", "en"),
    (REPLY, "We reply.", "en"),
    (NORSK, "Dataene lagres.", "nb"),
])
def test_missing_is_a_greedy_non_overlapping_selection(source, target, lang):
    probe = ChunkProbe(BagOfWords(), lang, threshold=0.0)
    above = [c for c in probe.gains(source, target) if c.gain >= 0.0]
    found = probe.missing(source, target)
    assert found == sorted(found, key=lambda c: c.start)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for chunk in above:
        if chunk not in found:  # left out only because a kept chunk that gains at least as much overlaps it
            assert any(k.start < chunk.end and chunk.start < k.end and k.gain >= chunk.gain for k in found)
    assert all(isinstance(c, Chunk) for c in found)
