"""Names the name check leaves unmatched, judged through the word alignment (align.divergence.namelinks)."""
from __future__ import annotations

import re

import numpy as np

from align.divergence.checks import Difference
from align.divergence.namelinks import reconcile_names
from align.divergence.wordalign import align_words


class LinkedVectors:
    """One token per word; words given as translations of each other share a one-hot vector."""

    def __init__(self, *pairs: tuple[str, str]) -> None:
        self.dims: dict[str, int] = {}
        for n, (a, b) in enumerate(pairs):
            self.dims[a] = self.dims[b] = n

    def token_vectors(self, text: str):
        spans = [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]
        vecs = np.zeros((len(spans), 64), dtype=np.float32)
        for k, (s, e) in enumerate(spans):
            word = text[s:e].lower()
            vecs[k, self.dims.setdefault(word, len(self.dims) + 32) % 64] = 1.0
        return spans, vecs


def name(text: str, word: str, side: str = "source") -> Difference:
    start = text.index(word)
    return Difference("entity", side, word, start, start + len(word), word.lower(), f"name '{word}'")


def test_a_name_linked_to_a_name_is_translated():
    src, tgt = "Die Borsa fiel stark.", "The Exchange fell sharply."
    a = align_words(src, tgt, LinkedVectors(("die", "the"), ("borsa", "exchange"), ("fiel", "fell")))
    assert reconcile_names(a, [name(src, "Borsa")], []) == ([], [])


def test_a_name_in_the_place_of_a_dropped_one_replaces_it():
    """``Napoli`` links to nothing (a replaced name is no translation) but stands where ``Rom`` stood."""
    src, tgt = "Das Kolosseum in Rom öffnet wieder.", "The Colosseum in Napoli reopens."
    a = align_words(src, tgt, LinkedVectors(("das", "the"), ("kolosseum", "colosseum"), ("in", "in"),
                                            ("öffnet", "reopens")))
    dropped, added = reconcile_names(a, [name(src, "Rom")], [])
    assert [d.text for d in dropped] == ["Rom"]
    assert [(d.side, d.text) for d in added] == [("target", "Napoli")]
    assert "stands where the source has 'Rom'" in added[0].note


def test_a_dropped_name_with_nothing_in_its_place_stays_dropped():
    src, tgt = "Das Kolosseum in Rom öffnet wieder.", "The Colosseum reopens."
    a = align_words(src, tgt, LinkedVectors(("das", "the"), ("kolosseum", "colosseum"), ("öffnet", "reopens")))
    dropped, added = reconcile_names(a, [name(src, "Rom")], [])
    assert [d.text for d in dropped] == ["Rom"] and added == []


def test_an_acronym_spelled_out_in_its_place_is_translated():
    """``PZPN`` links to nothing, but the name standing in its place starts with its first letter."""
    src, tgt = "Der Verband PZPN entschied.", "The association Polish Football Association decided."
    vectors = LinkedVectors(("der", "the"), ("verband", "association"), ("entschied", "decided"))
    assert reconcile_names(align_words(src, tgt, vectors), [name(src, "PZPN")], []) == ([], [])
    other = "The association Football Association Polish decided."
    dropped, _ = reconcile_names(align_words(src, other, vectors), [name(src, "PZPN")], [])
    assert [d.text for d in dropped] == ["PZPN"]
