"""A target left in the source language: copied verbatim, or detected as the source language."""
from __future__ import annotations

import re
from collections.abc import Collection

from ...lang import langid_codes, rank_languages
from .base import Difference, base_lang
from .entities import find_candidates
from .links import find_links

MIN_WORDS = 5  # language identification is only trusted from this many ordinary words
MIN_PROBABILITY = 0.9
# Language identification (a model load of about 0.6 s) runs only on a target that repeats at least
# this share of its common words from the source: ClickSend's translated pairs repeat at most 18%
# (cognates such as "data"), a target left in the source language most of its words.
MIN_SHARED = 0.25
_WORD = re.compile(r"[^\W\d_]{2,}")


def _name(lang: str) -> str:
    from babel import Locale

    return Locale("en").languages.get(lang, lang)


def _plain(text: str) -> str:
    """Lower-case letters and digits only, single-spaced: the text without case or punctuation."""
    return " ".join(re.findall(r"\w+", text.lower()))


def ordinary_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` that are not names, numbers, URLs or e-mail addresses."""
    skip = [(link.start, link.end) for link in find_links(text)]
    skip += [(cand.start, cand.end) for cand in find_candidates(text, lang)]
    return [m.group() for m in _WORD.finditer(text) if not any(s <= m.start() < e for s, e in skip)]


def _probability(text: str, lang: str, versus: str) -> float | None:
    """P(``text`` is ``lang`` | it is ``lang`` or ``versus``), or None if py3langid lacks one of them."""
    scores = rank_languages(text)
    mine = [scores[c] for c in langid_codes(lang) if c in scores]
    theirs = [scores[c] for c in langid_codes(versus) if c in scores]
    if not mine or not theirs:
        return None
    total = max(mine) + max(theirs)
    return max(mine) / total if total > 0 else None


def shared_share(words: Collection[str], src: str) -> float:
    """The share of ``words`` (a target's words) that the text ``src`` also has, ignoring case."""
    source = {w.lower() for w in _WORD.findall(src)}
    return sum(w.lower() in source for w in words) / max(1, len(words))


def common_words(text: str, lang: str) -> list[str]:
    """The distinct ordinary words of ``text`` that are common words rather than parts of names:
    lower-case words of three letters or more, and a capitalised first word followed by a
    lower-case word (``Legal information``; not ``Michel Piola``, ``Dring ... Dring``)."""
    words = ordinary_words(text, lang)
    common = [w for w in words if w.islower() and len(w) >= 3]
    first = re.search(r"[^\W\d_]+", text)
    if first is not None and first.group()[:1].isupper() and len(first.group()) >= 3 and first.group() in words:
        nxt = re.match(r"[\s\u00a0]+([^\W\d_]+)", text[first.end():])
        if nxt is not None and nxt.group(1).islower():
            common.insert(0, first.group())
    return list(dict.fromkeys(common))


def is_untranslated(src: str, src_lang: str, tgt: str, tgt_lang: str) -> Difference | None:
    """A Difference of kind ``untranslated`` if the target was left in the source language.

    The target is untranslated if it equals the source (ignoring case, spacing and
    punctuation) and has at least two distinct common words (see :func:`common_words`:
    names, interjections and codes do not count, so ``Michel Piola , Vernier`` or
    ``Dring ... Dring !`` copied over is fine), or if it has at least ``MIN_WORDS``
    common words, repeats at least ``MIN_SHARED`` of them from the source, and py3langid,
    choosing between the two languages, gives the source language a probability of
    ``MIN_PROBABILITY`` or more (and reads the source as its own language, so the text is one
    it can judge).
    """
    source, target = base_lang(src_lang), base_lang(tgt_lang)
    stripped = tgt.strip()
    if not stripped or source == target:
        return None
    start = tgt.index(stripped)
    words = common_words(tgt, target)
    # A copy may differ in case (an upper-case heading): judge its words in the source's casing.
    if _plain(src) == _plain(tgt) and max(len(words), len(common_words(src, source))) >= 2:
        note = "the target is a copy of the source"
        return Difference("untranslated", "target", stripped, start, start + len(stripped), source, note)
    if len(words) < MIN_WORDS or shared_share(words, src) < MIN_SHARED:
        return None
    p_target = _probability(tgt, source, target)
    p_source = _probability(src, source, target)
    if p_target is None or p_source is None or p_target < MIN_PROBABILITY or p_source < MIN_PROBABILITY:
        return None
    note = f"the target reads as {_name(source)} (py3langid p={p_target:.2f}), not {_name(target)}"
    return Difference("untranslated", "target", stripped, start, start + len(stripped), source, note)


def check_untranslated(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[Difference]:
    """:func:`is_untranslated` as a check: a list of zero or one Difference."""
    found = is_untranslated(src, src_lang, tgt, tgt_lang)
    return [found] if found is not None else []
