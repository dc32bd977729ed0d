"""Meaning flips: a negation on one side that the other side lacks.

Each side's negations are counted: negation words (``not``, ``never``, ``ikke``,
``aldri``, ``nicht``, ``ne ... pas``...), minus fixed expressions that do not
negate the clause (``not only``, ``not limited to``, ``no later than``...),
plus negative affixes (``de-identified``, ``unencrypted``, ``ukryptert``) that
are confirmed across the pair: the other side has a cognate of the stem
(``identifiseres``) without the affix.  An affix whose stem has no cognate on
the other side is not counted, so ``unsubscribe`` vs ``avslutte abonnementet``
is neutral.  When the counts differ, the unmatched cues are reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from align.checks import Difference, base_lang, cognate_fold, other

_CUES = {
    "en": {"not", "never", "no", "none", "nothing", "nobody", "nowhere", "neither", "nor", "without", "cannot"},
    "nb": {"ikke", "ikkje", "aldri", "ingen", "inga", "intet", "ingenting", "verken", "hverken", "korkje", "uten",
           "utan"},
    "de": {"nicht", "nie", "niemals", "nichts", "niemand", "nirgends", "ohne", "weder", "kein", "keine", "keinen",
           "keinem", "keiner", "keines", "keinerlei", "keinesfalls", "keineswegs"},
    "fr": {"sans", "jamais", "aucun", "aucune", "non", "pas"},
}
# Negations that continue an earlier one ("neither ... nor", "not ... nor", "ikke ... heller ikke"):
# they count only when no negation precedes them.
_CONTINUING = {"en": r"nor", "nb": r"heller (?:ikke|ikkje|ingen)", "de": r"auch (?:nicht|kein\w*)", "fr": r"ni"}
# Fixed expressions whose negation word does not negate the statement.
_NEUTRAL = {
    "en": r"not only|not just|not least|can[’']?t wait|cannot wait|(?:including )?(?:but )?not limited to"
          r"|without limitation|without limiting|no doubt|whether or not"
          r"|no (?:later|earlier|sooner|more|less|fewer) than|not (?:later|earlier|more|less|fewer) than"
          r"|not to exceed|not exceeding",
    "nb": r"ikke bare|ikke minst|ikke (?:begrenset|avgrenset) til|uten begrensning(?:er)?"
          r"|ikke (?:senere|tidligere|mer|mindre|flere|færre) enn|ikke overstige",
    "de": r"nicht nur|nicht zuletzt|nicht (?:beschränkt|begrenzt) auf|ohne (?:Einschränkung|Beschränkung)"
          r"|nicht (?:später|früher|mehr|weniger) als",
    "fr": r"non seulement|sans (?:toutefois )?s['’]y limiter|sans (?:limitation|restriction)|non limitatif"
          r"|au plus tard|pas plus (?:tard )?que|non plus",
}
# French "ne/n'" negates when closed by one of these within a few words ("ne ... que" = only).
_FR_CLOSERS = {"pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guère", "point", "ni", "nul", "nulle"}
_PREFIXES = {
    "en": ("non", "dis", "un", "in", "im", "il", "ir", "de"),
    "nb": ("ikke", "u", "av"),
    "de": ("nicht", "un", "in", "de", "des", "dis"),
    "fr": ("non", "dés", "dé", "dis", "in", "im", "il", "ir", "de"),
}
_SUFFIXES = {"en": ("less",), "nb": ("løs", "løse", "løst"), "de": ("los", "lose", "losen", "loser", "loses")}
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_MIN_STEM = 4


@dataclass(frozen=True)
class _Cue:
    text: str
    start: int
    end: int
    value: str
    affix: str = ""  # for an affixed word: "de-" or "-less"
    stem: str = ""
    counterpart: str = ""  # the other side's positive cognate


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=None)
def _continuing(lang: str) -> re.Pattern[str] | None:
    pattern = _CONTINUING.get(lang)
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if pattern else None


@lru_cache(maxsize=None)
def _neutral(lang: str) -> re.Pattern[str] | None:
    pattern = _NEUTRAL.get(lang)
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if pattern else None


def _negation_words(text: str, lang: str) -> list[_Cue]:
    """Negation words of ``text`` outside neutral expressions; continuing negations count once."""
    neutral = _neutral(lang)
    spans = [m.span() for m in neutral.finditer(text)] if neutral else []
    words = [w for w in _words(text) if not any(s <= w[1] < e for s, e in spans)]
    continuing = _continuing(lang)
    ends = {m.end() for m in continuing.finditer(text)} if continuing else set()
    cues: list[_Cue] = []
    for i, (word, start, end) in enumerate(words):
        lower = word.lower()
        if lang == "fr":
            cue = _french_cue(words, i)
        elif lang == "en" and re.search(r"n['’]t$", lower):
            cue = True
        else:
            cue = lower in _CUES.get(lang, ()) and not (lang == "en" and lower == "no" and _is_numero(text, end))
        if cue and not (end in ends and cues):
            cues.append(_Cue(word, start, end, lower))
    return cues


def _is_numero(text: str, end: int) -> bool:
    """``No. 5``: the abbreviation of number."""
    return re.match(r"\.\s*\d", text[end:end + 4]) is not None


def _french_cue(words: list[tuple[str, int, int]], i: int) -> bool:
    """French: ``ne``/``n'`` closed by ``pas``/``jamais``... (not ``ne ... que``), else a standalone cue."""
    lower = words[i][0].lower()
    if lower == "ne" or re.match(r"n['’]", lower):
        return any(w.lower() in _FR_CLOSERS for w, _, _ in words[i + 1:i + 6])
    if lower in _CUES["fr"] or lower == "ni":
        return not any(w.lower() == "ne" or re.match(r"n['’]", w.lower()) for w, _, _ in words[max(0, i - 5):i])
    return False


@lru_cache(maxsize=4096)
def _affixed(word: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(affix, stem) splits of ``word`` with a negative prefix or suffix of ``lang``."""
    lower = word.lower()
    splits = []
    for prefix in _PREFIXES.get(lang, ()):
        stem = lower[len(prefix):].lstrip("-")
        if lower.startswith(prefix) and len(stem) >= _MIN_STEM:
            splits.append((f"{prefix}-", stem))
    for suffix in _SUFFIXES.get(lang, ()):
        stem = lower[:-len(suffix)].rstrip("-")
        if lower.endswith(suffix) and len(stem) >= _MIN_STEM:
            splits.append((f"-{suffix}", stem))
    return tuple(splits)


def _longest_common(a: str, b: str) -> tuple[int, int, int]:
    """(length, start in a, start in b) of the longest common substring."""
    best = (0, 0, 0)
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best[0]:
                    best = (current[j], i - current[j], j - current[j])
        previous = current
    return best


def _heads(key: str) -> set[str]:
    """The 5-letter substrings starting in the first four letters."""
    return {key[k:k + 5] for k in range(min(4, len(key) - 4))}


@lru_cache(maxsize=8192)
def _cognate(stem: str, word: str) -> bool:
    """``word`` starts with a cognate of ``stem`` (``identified`` ~ ``identifiseres``)."""
    a, b = cognate_fold(stem), cognate_fold(word)
    if not _heads(a) & _heads(b):  # cheap necessary condition
        return False
    length, in_a, in_b = _longest_common(a, b)
    return length >= max(5, -(-3 * len(a) // 5)) and in_a <= 3 and in_b <= 3


def _affix_cues(words: list[tuple[str, int, int]], lang: str, others: list[str], other_lang: str) -> list[_Cue]:
    """Negative affixes confirmed by a positive cognate of their stem on the other side."""
    other_words = [(w, w.lower(), cognate_fold(w), _affixed(w.lower(), other_lang)) for w in dict.fromkeys(others)]
    cues = []
    for word, start, end in words:
        for affix, stem in _affixed(word, lang):
            counterpart = _positive_counterpart(affix, stem, other_words)
            if counterpart is not None:
                value = f"{affix}{stem}" if affix.endswith("-") else f"{stem}{affix}"
                cues.append(_Cue(word, start, end, value, affix, stem, counterpart))
                break
    return cues


def _positive_counterpart(affix: str, stem: str,
                          others: list[tuple[str, str, str, tuple[tuple[str, str], ...]]]) -> str | None:
    """The other side's cognate of ``stem`` without a negative affix.

    ``others`` holds (word, lower case, cognate key, affix splits) per word.  None
    when there is none, or when the other side has the stem with a negative
    affix too (``avidentifiseres``) or shares the affix as part of a loanword
    (``informative`` ~ ``informativt``).
    """
    prefix = cognate_fold(affix.strip("-")) if affix.endswith("-") else None
    positive = None
    for word, lower, folded, splits in others:
        if any(_cognate(stem, other_stem) for _, other_stem in splits):
            return None
        if prefix is not None and folded.startswith(prefix) and _cognate(stem, folded[len(prefix):].lstrip("-")):
            return None
        if positive is None and _cognate(stem, lower):
            positive = word
    return positive


def _pair_up(mine: list[_Cue], theirs: list[_Cue], my_len: int, their_len: int) -> list[_Cue]:
    """The cues of ``mine`` left over after pairing with ``theirs`` by relative position."""
    def where(cue: _Cue, length: int) -> float:
        return cue.start / max(length, 1)

    # Words pair with words first: a confirmed affix is the better evidence to leave over.
    pairs = sorted(((abs(where(a, my_len) - where(b, their_len)) + (bool(a.affix) != bool(b.affix)), i, j)
                    for i, a in enumerate(mine) for j, b in enumerate(theirs)))
    used_mine, used_theirs = set(), set()
    for _, i, j in pairs:
        if i not in used_mine and j not in used_theirs:
            used_mine.add(i)
            used_theirs.add(j)
    return [cue for i, cue in enumerate(mine) if i not in used_mine]


def _note(cue: _Cue, side: str, counts: dict[str, int]) -> str:
    there = other(side)
    if cue.affix:
        return (f"{side} negates ('{cue.text}' = {cue.affix} + {cue.stem}) "
                f"but the {there}'s '{cue.counterpart}' is positive")
    return (f"{side} negates ('{cue.text}') but the {there} has no matching negation "
            f"({counts[side]} negation(s) vs {counts[there]})")


def check_polarity(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[Difference]:
    """Negations present on one side only (kind ``meaning``): the likely meaning flips."""
    texts = {"source": src, "target": tgt}
    langs = {"source": base_lang(src_lang), "target": base_lang(tgt_lang)}
    words = {side: _words(texts[side]) for side in texts}
    cues: dict[str, list[_Cue]] = {}
    for side in texts:
        there = other(side)
        others = [w for w, _, _ in words[there]]
        affixes = _affix_cues(words[side], langs[side], others, langs[there])
        cues[side] = sorted(_negation_words(texts[side], langs[side]) + affixes, key=lambda c: c.start)
    counts = {side: len(cues[side]) for side in texts}
    if counts["source"] == counts["target"]:
        return []
    side = "source" if counts["source"] > counts["target"] else "target"
    there = other(side)
    left = _pair_up(cues[side], cues[there], len(texts[side]), len(texts[there]))
    return [Difference("meaning", side, c.text, c.start, c.end, c.value, _note(c, side, counts)) for c in left]
