"""Word-level evidence inside an aligned pair: words left out, added, left untranslated, or
swapped for their opposite.

* **Left out / added** (``partial`` / ``addition``): the words of the pair are aligned
  (:mod:`align.wordalign`); each run of source words with no counterpart is a candidate
  omission, each run of target words with none a candidate addition. A candidate is confirmed
  by the leave-one-chunk-out probe (does the side match the other side better without it?) and
  scored by a logistic regression over these signals (:data:`FEATURES`), whose coefficients
  are stored in ``align/divergence/wordcheck.json`` (trained by ``eval/train_wordcheck.py`` on
  synthetic perturbations of parallel text that is not a test set).
* **Opposites** (``meaning``): words of an English side that have an opposite in
  ``align/lang/antonyms/en.txt`` (antonyms, quantifiers, modality, bounds: "may" /
  "must", "up to" / "at least") are swapped for it; when the swapped sentence matches the
  other side clearly better (sentence cosine and the word's own alignment), the word is
  reported with its counterpart on the other side. Scored by a second regression.
* **Left untranslated** (``untranslated``): target words in a script that the target language
  does not use but the source does, or (with ``wordfreq``) common words of the source language
  that are rare in the target language and stand in the source too.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..lang.frequency import zipf
from .checks.base import base_lang, fold
from .checks.links import find_links
from .wordalign import (
    TokenVectors,
    Word,
    WordAlignment,
    _scriptio_continua,
    align_words,
    group_words,
    runs,
    token_vectors_of,
)

FEATURES = ("gain", "best_max", "rel", "words", "log_chars", "frac", "zipf", "cosine", "capital")
MAX_OPPOSITES = 6  # swaps tried per pair (each costs two encoder passes)
MIN_WORDS = 4  # fewer words on a side: no omission/addition candidates
ZIPF_UNKNOWN = 4.0  # languages wordfreq cannot look up here (zh, ja need jieba / MeCab): a middling word
SUB_FEATURES = ("gain", "word_gain", "word_sim", "cosine", "words", "linked", "fit")


@dataclass(frozen=True)
class Candidate:
    """A span of one side with its features (before scoring)."""

    kind: str           # "partial" | "addition" | "meaning"
    side: str           # side of the span: "source" | "target"
    start: int
    end: int
    text: str
    features: dict[str, float]
    counterpart: tuple[int, int, str] | None = None   # the other side's span (meaning)
    replacement: str = ""                              # meaning: the opposite that fits better


@dataclass(frozen=True)
class WordFinding:
    """A scored word-level divergence."""

    kind: str
    side: str
    start: int
    end: int
    text: str
    score: float
    note: str
    counterpart: tuple[int, int, str] | None = None


@lru_cache(maxsize=1)
def load_params() -> dict:
    """The stored regression coefficients and thresholds."""
    return json.loads(resources.files("align.divergence").joinpath("wordcheck.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def opposites(lang: str) -> dict[str, tuple[str, ...]]:
    """word or phrase (lower case) -> its opposites, from ``align/lang/antonyms/<lang>.txt`` (made by
    hand) and ``<lang>.wordnet.txt`` (WordNet's antonyms, by ``scripts/build_antonyms.py``)."""
    lines: list[str] = []
    for name in (f"{lang}.txt", f"{lang}.wordnet.txt"):
        try:
            lines += resources.files("align.lang").joinpath("antonyms", name).read_text(encoding="utf-8").splitlines()
        except (FileNotFoundError, ModuleNotFoundError):
            continue
    table: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#") or "|" not in line:
            continue
        a, b = (x.strip().lower() for x in line.split("|", 1))
        table.setdefault(a, []).append(b)
        table.setdefault(b, []).append(a)
    return {k: tuple(dict.fromkeys(v)) for k, v in table.items()}


_LEXICON_TOKEN = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=4)
def _longest_entry(lang: str) -> int:
    return max((len(_LEXICON_TOKEN.findall(entry)) for entry in opposites(lang)), default=0)


def opposite_matches(text: str, lang: str) -> list[tuple[int, int, str]]:
    """The words and phrases of ``text`` that have an opposite in the lexicon: ``(start, end,
    entry)``, leftmost-longest and not overlapping, whole words only (a dictionary lookup per
    word: a regular expression of the 2,400 English entries took 0.16 s to compile)."""
    table = opposites(lang)
    tokens = [m.span() for m in _LEXICON_TOKEN.finditer(text)]
    found, i = [], 0
    while i < len(tokens):
        for k in range(min(_longest_entry(lang), len(tokens) - i), 0, -1):
            start, end = tokens[i][0], tokens[i + k - 1][1]
            entry = text[start:end].lower()
            if entry in table:
                found.append((start, end, entry))
                i += k
                break
        else:
            i += 1
    return found


_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "DEVANAGARI", "ARABIC",
            "HEBREW", "THAI", "BENGALI", "TAMIL", "GEORGIAN", "ARMENIAN")


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The script of a letter (by its Unicode name), ``""`` for other characters."""
    if not ch.isalpha() and unicodedata.category(ch) not in ("Mn", "Mc"):
        return ""
    name = unicodedata.name(ch, "")
    for script in _SCRIPTS:
        if name.startswith(script) or f" {script} " in f" {name} ":
            return "CJK" if script in ("HIRAGANA", "KATAKANA") else script
    return "OTHER"


def _scripts(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for ch in text:
        s = script_of(ch)
        if s:
            out[s] = out.get(s, 0) + 1
    return out


def _without(text: str, start: int, end: int) -> str:
    return re.sub(r"\s{2,}", " ", (text[:start] + text[end:]).strip())


def _swap(text: str, start: int, end: int, new: str) -> str:
    old = text[start:end]
    if old[:1].isupper():
        new = new[:1].upper() + new[1:]
    return text[:start] + new + text[end:]


def _swap_text(a: WordAlignment, sub: tuple[str, int, int, str]) -> str:
    side, start, end, new = sub
    return _swap(a.source_text if side == "source" else a.target_text, start, end, new)


@dataclass(frozen=True)
class _Plan:
    """A pair's word alignment and candidate spans, before any variant is encoded."""

    a: WordAlignment
    langs: dict[str, str]
    texts: dict[str, str]
    spans: list[tuple[str, str, list[Word]]]
    subs: list[tuple[str, int, int, str]]
    variants: list[str]


def _continua(text: str) -> bool:
    return any(_scriptio_continua(ch) for ch in text)


def _content_chars(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


class WordChecker:
    """Finds word-level divergences in aligned pairs; one per document pair (keeps a small memo)."""

    def __init__(self, encoder, vectors=None, params: dict | None = None) -> None:
        self.encoder = encoder
        self.params = params or load_params()
        self.vectors = vectors or TokenVectors(encoder, layer=int(self.params.get("layer", 8)))
        self._ready: dict[tuple[str, str, str, str], tuple[WordAlignment, list[WordFinding]]] = {}

    # -- candidates and features ------------------------------------------------------------
    def candidates(self, src: str, src_lang: str, tgt: str, tgt_lang: str,
                   alignment: WordAlignment | None = None) -> list[Candidate]:
        """Every omission, addition and opposite candidate of one pair, with its features."""
        plan = self._plan(src, src_lang, tgt, tgt_lang, alignment)
        vecs = self.encoder.encode([src, tgt] + plan.variants)
        return self._features(plan, vecs, self._swapped_word_vectors(plan.a, plan.subs))

    def candidates_many(self, pairs: Sequence[tuple[str, str, str, str]]
                        ) -> list[tuple[WordAlignment, list[Candidate]]]:
        """:meth:`candidates` of many ``(src, src_lang, tgt, tgt_lang)`` pairs, with their word
        alignments: one encoder call for all sentence variants and one for all swapped texts."""
        plans = [self._plan(*pair) for pair in pairs]
        texts = [[p.texts["source"], p.texts["target"]] + p.variants for p in plans]
        vecs = self.encoder.encode([t for group in texts for t in group])
        swapped = [_swap_text(p.a, sub) for p in plans for sub in p.subs]
        got = iter(token_vectors_of(self.vectors, swapped) if swapped else [])
        out, start = [], 0
        for plan, group in zip(plans, texts):
            sub_got = [next(got) for _ in plan.subs]
            sub_vectors = self._swapped_word_vectors(plan.a, plan.subs, sub_got)
            out.append((plan.a, self._features(plan, vecs[start:start + len(group)], sub_vectors)))
            start += len(group)
        return out

    def _plan(self, src: str, src_lang: str, tgt: str, tgt_lang: str,
              alignment: WordAlignment | None = None) -> _Plan:
        """The word alignment of a pair, its omission/addition runs and opposite swaps, and the
        sentence variants (each run left out, each swap made) the features need encoded."""
        a = alignment or align_words(src, tgt, self.vectors)
        langs = {"source": base_lang(src_lang), "target": base_lang(tgt_lang)}
        texts = {"source": src, "target": tgt}
        spans: list[tuple[str, str, list[Word]]] = []
        for kind, side in (("partial", "source"), ("addition", "target")):
            words = a.source if side == "source" else a.target
            content = [w for w in words if not w.is_punct]
            if len(content) < MIN_WORDS:
                continue  # headings and short lines: compounds ("Special offers" ~ "Spesialtilbud")
            for run in runs(a.unaligned(side), texts[side]):
                if len(run) >= max(3, 0.4 * len(content)):
                    continue  # most of the side: the alignment, not the translation, failed
                if len(run) == 1 and len(run[0].text) < 3 and not _continua(run[0].text):
                    continue  # "a", "of", "i": never worth a probe
                spans.append((kind, side, run))
        subs = self._opposite_spans(a, langs)
        variants = [_without(texts[side], run[0].start, run[-1].end) for _, side, run in spans]
        variants += [_swap(texts[side], s, e, new) for side, s, e, new in subs]
        return _Plan(a, langs, texts, spans, subs, variants)

    def _features(self, plan: _Plan, vecs: np.ndarray, sub_vectors: list) -> list[Candidate]:
        """The candidates of a plan with their features, from the encoded ``[src, tgt] + variants``."""
        a, langs, texts, spans, subs = plan.a, plan.langs, plan.texts, plan.spans, plan.subs
        base = float(vecs[0] @ vecs[1])
        out: list[Candidate] = []
        best = {"source": a.best("source"), "target": a.best("target")}
        for n, (kind, side, run) in enumerate(spans):
            other_vec = vecs[1] if side == "source" else vecs[0]
            gain = float(vecs[2 + n] @ other_vec) - base
            words = a.source if side == "source" else a.target
            side_best = np.array([best[side][w.index] for w in words if not w.is_punct] or [0.0])
            run_best = np.array([best[side][w.index] for w in run])
            text = texts[side][run[0].start:run[-1].end]
            zipfs = [zipf(w.text.lower(), langs[side], ZIPF_UNKNOWN) for w in run]
            capital = float(any(w.text[:1].isupper() and w.start > 0 for w in run))
            feats = {
                "gain": gain, "best_max": float(run_best.max()),
                "rel": float(run_best.max() - np.median(side_best)),
                "words": float(min(len(run), 6)), "log_chars": math.log1p(_content_chars(text)),
                "frac": _content_chars(text) / max(_content_chars(texts[side]), 1),
                "zipf": float(np.mean(zipfs)) if zipfs else 0.0, "cosine": base, "capital": capital,
            }
            out.append(Candidate(kind, side, run[0].start, run[-1].end, text, feats))
        offset = 2 + len(spans)
        for n, (side, s, e, new) in enumerate(subs):
            if sub_vectors[n][2] is None:
                continue  # the word has no counterpart on the other side
            other_vec = vecs[1] if side == "source" else vecs[0]
            gain = float(vecs[offset + n] @ other_vec) - base
            old_sim, new_sim, partner, linked, fit = sub_vectors[n]
            counterpart = None
            if partner is not None:
                pw = (a.target if side == "source" else a.source)[partner]
                counterpart = (pw.start, pw.end, pw.text)
            feats = {"gain": gain, "word_gain": new_sim - old_sim, "word_sim": old_sim, "cosine": base,
                     "words": float(len(texts[side][s:e].split())), "linked": linked,
                     "fit": fit}
            out.append(Candidate("meaning", side, s, e, texts[side][s:e], feats, counterpart, new))
        return out

    def _opposite_spans(self, a: WordAlignment, langs: dict[str, str]) -> list[tuple[str, int, int, str]]:
        """Words that have an opposite in the lexicon, with it: at most :data:`MAX_OPPOSITES`, the
        words that match the other side least well first."""
        found = []
        for side in ("source", "target"):
            text = a.source_text if side == "source" else a.target_text
            best = a.best(side)
            table = opposites(langs[side])
            for start, end, entry in opposite_matches(text, langs[side]):
                sims = [float(best[i]) for i in a.words_in(side, start, end)]
                for new in table[entry][:1]:
                    found.append((min(sims, default=1.0), (side, start, end, new)))
        found.sort(key=lambda x: x[0])
        return [span for _, span in found[:MAX_OPPOSITES]]

    def _swapped_word_vectors(self, a: WordAlignment, subs,
                              got: list | None = None) -> list[tuple[float, float, int | None, float, float]]:
        """For each swap: the old word's best similarity to the other side, the swapped word's
        similarity to the same word, that word (None: nothing to compare), whether the old word
        is linked, and how much better the swapped word's best match is than the old word's.
        ``got``: the swapped texts' token vectors when already computed."""
        if not subs:
            return []
        texts = [_swap_text(a, sub) for sub in subs]
        if got is None:
            got = token_vectors_of(self.vectors, texts)
        src_vecs, tgt_vecs = a.source_vectors, a.target_vectors
        out: list[tuple[float, float, int | None, float, float]] = []
        for (side, s, e, new), text, (spans, vecs) in zip(subs, texts, got):
            other = tgt_vecs if side == "source" else src_vecs
            other_words = a.target if side == "source" else a.source
            keep = [w.index for w in other_words if not w.is_punct]
            if not keep:
                out.append((0.0, 0.0, None, 0.0, 0.0))
                continue
            other = other[keep]
            old_idx = a.words_in(side, s, e)
            linked = {i for i, _ in a.links} if side == "source" else {j for _, j in a.links}
            own = src_vecs if side == "source" else tgt_vecs
            new_words, new_vecs = group_words(text, spans, vecs)
            end = s + len(new)
            new_idx = [w.index for w in new_words if w.start < end and s < w.end]
            if not old_idx or not new_idx:
                out.append((0.0, 0.0, None, 0.0, 0.0))
                continue
            old = own[old_idx].mean(axis=0)
            nv = new_vecs[new_idx].mean(axis=0)
            old_sims = other @ (old / max(np.linalg.norm(old), 1e-9))
            new_sims = other @ (nv / max(np.linalg.norm(nv), 1e-9))
            partner = int(np.argmax(old_sims))
            out.append((float(old_sims.max()), float(new_sims[partner]), keep[partner],
                        float(bool(linked.intersection(old_idx))), float(new_sims.max() - old_sims.max())))
        return out

    # -- scoring ------------------------------------------------------------------------------
    def score(self, cand: Candidate) -> float:
        """The calibrated probability that the candidate is a real divergence."""
        names = SUB_FEATURES if cand.kind == "meaning" else FEATURES
        return self.score_features(cand.kind, np.array([cand.features[n] for n in names]))

    def score_features(self, kind: str, x: np.ndarray) -> float:
        """The stored regression of ``kind`` on a feature vector (in the order of its features)."""
        model = self.params[kind]
        z = float(np.dot((x - np.array(model["mean"])) / np.array(model["scale"]), model["coef"]) + model["intercept"])
        return 1.0 / (1.0 + math.exp(-z))

    def prepare(self, pairs: Sequence[tuple[str, str, str, str]]) -> None:
        """Examine many ``(src, src_lang, tgt, tgt_lang)`` pairs in batches (see
        :meth:`candidates_many`); :meth:`examine` then returns each pair's findings once."""
        todo = [pair for pair in dict.fromkeys(pairs) if pair not in self._ready]
        for pair, (a, cands) in zip(todo, self.candidates_many(todo)):
            self._ready[pair] = (a, self._findings(a, cands, *pair))

    def alignment(self, src: str, src_lang: str, tgt: str, tgt_lang: str) -> WordAlignment:
        """The word alignment of a pair (the prepared one when :meth:`prepare` saw the pair)."""
        ready = self._ready.get((src, src_lang, tgt, tgt_lang))
        return ready[0] if ready is not None else align_words(src, tgt, self.vectors)

    def examine(self, src: str, src_lang: str, tgt: str, tgt_lang: str,
                alignment: WordAlignment | None = None) -> list[WordFinding]:
        """Word-level findings of one pair, in the order partial, addition, untranslated, meaning
        (``alignment``: the pair's word alignment when the caller has it)."""
        ready = self._ready.pop((src, src_lang, tgt, tgt_lang), None)
        if ready is not None:
            return ready[1]
        a = alignment or align_words(src, tgt, self.vectors)
        return self._findings(a, self.candidates(src, src_lang, tgt, tgt_lang, a), src, src_lang, tgt, tgt_lang)

    def _findings(self, a: WordAlignment, candidates: list[Candidate], src: str, src_lang: str, tgt: str,
                  tgt_lang: str) -> list[WordFinding]:
        found: list[WordFinding] = []
        untranslated = untranslated_spans(a, src_lang, tgt_lang)
        for cand in candidates:
            if cand.kind == "addition" and any(s <= cand.start < e or cand.start <= s < cand.end
                                               for s, e, _ in untranslated):
                continue  # a word left in the source language is not an addition
            p = self.score(cand)
            if p < self.params[cand.kind if cand.kind != "meaning" else "meaning"]["threshold"]:
                continue
            if cand.kind == "partial":
                note = f"target leaves out '{cand.text}'"
            elif cand.kind == "addition":
                note = f"target adds '{cand.text}', which the source does not say"
            else:
                note = (f"'{cand.text}' ({cand.side}) reads as the opposite of the other side"
                        f" ('{cand.replacement}' fits it better)")
            found.append(WordFinding(cand.kind, cand.side, cand.start, cand.end, cand.text, p, note,
                                     cand.counterpart))
        for s, e, note in untranslated:
            found.append(WordFinding("untranslated", "target", s, e, tgt[s:e], 1.0, note))
        # one opposite per word: the best scored
        best: dict[tuple[str, int], WordFinding] = {}
        for f in found:
            if f.kind == "meaning":
                k = (f.side, f.start)
                if k not in best or f.score > best[k].score:
                    best[k] = f
        found = [f for f in found if f.kind != "meaning" or best[(f.side, f.start)] is f]
        found = names_replaced(found, tgt)
        order = ("partial", "addition", "untranslated", "meaning", "entity")
        return sorted(found, key=lambda f: (order.index(f.kind), f.side, f.start))


def _name_like(text: str) -> bool:
    """A span that holds a name: a capitalised word, or a word in a script without case (Han, Devanagari...)."""
    return any(w[:1].isupper() or (w[:1].isalpha() and not w[:1].islower()) for w in re.findall(r"\w+", text))


def names_replaced(found: list[WordFinding], target: str = "") -> list[WordFinding]:
    """A source span left out and a target span added, both names, are one name replaced by
    another: the pair becomes an ``entity`` finding on the added name, with the dropped one as its
    counterpart (the first such pair of each; other findings are kept). With the ``target`` text,
    an added span that holds a name inside the sentence (a capitalised word that does not open it)
    is an ``entity`` finding too: a name only the target has."""
    dropped = [f for f in found if f.kind == "partial" and _name_like(f.text)]
    added = [f for f in found if f.kind == "addition" and _name_like(f.text)]
    if dropped and added:
        d, a = dropped[0], added[0]
        note = f"name replaced: '{d.text}' (source) reads as '{a.text}' in the target"
        entity = WordFinding("entity", "target", a.start, a.end, a.text, min(d.score, a.score), note,
                             (d.start, d.end, d.text))
        found = [f for f in found if f is not d and f is not a] + [entity]
    if not target:
        return found
    return [WordFinding("entity", f.side, f.start, f.end, f.text, f.score,
                        f"name added: '{f.text}', which the source does not say")
            if f.kind == "addition" and inner_name(target, f.start, f.end) else f for f in found]


def inner_name(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` holds a name that does not open its sentence: a capitalised word after
    another word of the sentence, or a word in a script without case."""
    for m in re.finditer(r"\w+", text[start:end]):
        word, at = m.group(), start + m.start()
        before = text[:at].rstrip()
        opens = not before or before[-1] in ".!?:;\"“«(" or before.endswith(("—", "–"))
        if (word[:1].isupper() and not opens) or (word[:1].isalpha() and not word[:1].islower()
                                                  and not word[:1].isupper()):
            return True
    return False


def untranslated_spans(a: WordAlignment, src_lang: str, tgt_lang: str) -> list[tuple[int, int, str]]:
    """Target words left in the source language: ``(start, end, note)``, adjacent words joined.

    A word counts when its letters are in a script the source uses and the target language
    does not (the main script of the target sentence), or when it is a common word of the source
    language (wordfreq Zipf >= 3) that is rare in the target language (Zipf < 3, at least 2 lower)
    and its first four letters start a word of the source, or a word of five letters or more copied
    from the source that is rare in the target language (Zipf < 2) and a word of the source language
    (Zipf >= 2: a name or a borrowing such as "Rakfisk" is rare in both), or a function word of the
    source language that the word aligner links to the same word of the source (Zipf >= 6.5 there
    and 2.5 lower in the target: "und", "que", "et"; not a name's particle next to a capitalised
    word, as in "von der Leyen", nor inside quotes). Capitalised words inside a
    sentence are names and do not count (nor does a name joined to a target word, ``Kolín-based``),
    except German nouns copied from a German source, whole or as a part of a compound ("Fleisch"
    from "Fleischbranche"), that are common German words (Zipf >= 4) and rare English ones. Words
    inside URLs and e-mail addresses never count.
    """
    sl, tl = base_lang(src_lang), base_lang(tgt_lang)
    if sl == tl:
        return []
    links = [(link.start, link.end) for link in find_links(a.target_text)]   # a URL is never translated
    tgt_scripts = _scripts(a.target_text)
    src_scripts = _scripts(a.source_text)
    if not tgt_scripts:
        return []
    main = max(tgt_scripts, key=tgt_scripts.__getitem__)
    src_prefixes = {fold(w.text)[:4] for w in a.source if len(w.text) >= 4}
    src_words = {fold(w.text) for w in a.source}
    src_cased = {w.text for w in a.source if w.text[:1].isupper()}
    quoted = [m.span() for m in _QUOTED.finditer(a.target_text)]
    hits: list[Word] = []
    notes: dict[int, str] = {}
    for w in a.target:
        if w.is_punct or any(start <= w.start < end for start, end in links):
            continue
        letters = [script_of(ch) for ch in w.text if script_of(ch)]
        if not letters:
            continue
        script = max(set(letters), key=letters.count)
        if script != main and script in src_scripts and script != "LATIN":
            hits.append(w)
            notes[w.index] = "in the source's script"
            continue
        if script != main or len(w.text) < 2 or w.text.isupper() or _name_compound(w.text, sl, tl):
            continue
        capital = w.text[:1].isupper() and w.start > 0 and a.target_text[:w.start].strip()[-1:] not in ".!?:\"“"
        if (capital or (w.text[:1].isupper() and w.text in src_cased)) and sl != "de":
            continue  # a name (German capitalises its nouns, so a German noun may stand here)
        if _source_language_word(a, w, sl, tl, capital, src_words, src_prefixes, quoted):
            hits.append(w)
            notes[w.index] = "a word of the source language"
    out: list[tuple[int, int, str]] = []
    for run in runs(hits, a.target_text):
        note = notes[run[0].index]
        out.append((run[0].start, run[-1].end, f"left in the source language ({note})"))
    return out


def _source_language_word(a: WordAlignment, w: Word, sl: str, tl: str, capital: bool, src_words: set[str],
                          src_prefixes: set[str], quoted: list[tuple[int, int]]) -> bool:
    """Target word ``w`` (in the target's script, not a name) is a word of the source language
    (see :func:`untranslated_spans`)."""
    z_t, z_s = zipf(w.text.lower(), tl), zipf(w.text.lower(), sl)
    key = fold(w.text)
    verbatim = key in src_words
    if capital:
        # a German noun copied whole or as part of a compound ("Fleisch" ~ "Fleischbranche")
        part = len(key) >= 5 and any(s != key and (s.startswith(key) or s.endswith(key)) for s in src_words)
        return len(w.text) >= 3 and z_t < 2.5 and z_s >= 4.0 and (verbatim or part)
    if len(w.text) <= 4 and z_s >= FUNCTION_WORD and z_s - z_t >= 2.5:
        # a function word of the source language copied ("und", "que"), not a name's particle
        # ("von der Leyen") nor part of a quoted title ("Ne l'oseray je dire")
        particle = w.text.lower() in NAME_PARTICLES and _next_to_capital(a.target, w.index)
        copied = any(fold(a.source[i].text) == key for i in a.partners("target", w.index))
        return copied and not particle and not any(s < w.start < e for s, e in quoted)
    return len(w.text) >= 3 and ((z_t < 3.0 and z_s >= 3.0 and z_s - z_t >= 2.0 and key[:4] in src_prefixes)
                                 or (verbatim and z_t < 2.0 and z_s >= 2.0 and len(w.text) >= 5))


FUNCTION_WORD = 6.5  # wordfreq Zipf of a source language's function words ("und" 7.4, "que" 7.1)
# Words that join the parts of a name (von der Leyen, Lope de Vega, Ibn Saud): not left untranslated
# next to a capitalised word.
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "des", "da", "di", "del", "della", "dos", "das",
                            "la", "le", "zu", "ter", "ten", "y", "e", "bin", "ibn", "al", "el", "af", "av", "og", "i"})
_QUOTED = re.compile(r'"[^"]{1,200}"|“[^”]{1,200}”|«[^»]{1,200}»|„[^“”]{1,200}[“”]')


def _next_to_capital(words: list[Word], i: int) -> bool:
    """A neighbouring word starts with a capital (``von der Leyen``, ``Lope de Vega``)."""
    near = [w for w in words[max(0, i - 1):i + 2] if w.index != i and not w.is_punct]
    return any(w.text[:1].isupper() for w in near)


def _name_compound(word: str, src_lang: str, tgt_lang: str) -> bool:
    """A capitalised name joined to a common word of the target language (``Kolín-based``,
    ``Prague-born``): translated, whatever the name."""
    head, _, tail = word.rpartition("-")
    common = zipf(tail.lower(), tgt_lang, 0.0)
    return bool(head) and head[:1].isupper() and common >= 3.0 and common - zipf(tail.lower(), src_lang, 0.0) >= 1.0


def word_checker(encoder) -> WordChecker | None:
    """The word-level checker for ``encoder``, or None when it cannot give token vectors."""
    try:
        return WordChecker(encoder)
    except TypeError:
        return None
