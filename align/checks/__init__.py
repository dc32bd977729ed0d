"""Lexical checks that compare one aligned pair (source text vs target text).

Every check is a pure function of ``(src, src_lang, tgt, tgt_lang)`` that returns
:class:`Difference` records: an item that stands on one side only (a number, a
name, a link...), or a meaning flip.  :func:`check_pair` runs them all.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

@dataclass(frozen=True)
class Difference:
    """One divergence found in an aligned pair.

    ``side`` names the side on which the unmatched item stands and
    ``side_text[start:end] == text``.
    """

    kind: str  # "number" | "entity" | "meaning" | "url" | "email" | "untranslated"
    side: str  # "source" | "target"
    text: str
    start: int
    end: int
    value: str | None
    note: str


def base_lang(lang: str) -> str:
    """The primary subtag in lower case; Norwegian (no, nn, nb) becomes ``nb``."""
    code = lang.replace("_", "-").split("-")[0].lower()
    return "nb" if code in ("no", "nn", "nb") else code


@lru_cache(maxsize=None)
def has_locale(lang: str) -> bool:
    """Babel has CLDR data for ``lang``."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return False
    return True


_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics (``København`` -> ``kobenhavn``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_COGNATE = (("sch", "s"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "kv"), ("c", "k"),
            ("q", "k"), ("x", "ks"), ("z", "s"), ("y", "i"), ("w", "v"), ("sj", "s"), ("sh", "s"))


@lru_cache(maxsize=8192)
def cognate_fold(word: str) -> str:
    """A rough spelling key shared by cognates across en/nb/de/fr (``encrypted`` ~ ``kryptert``)."""
    out = fold(word)
    for old, new in _COGNATE:
        out = out.replace(old, new)
    collapsed = [ch for i, ch in enumerate(out) if i == 0 or ch != out[i - 1]]
    return "".join(collapsed)


def other(side: str) -> str:
    """``source`` <-> ``target``."""
    return "target" if side == "source" else "source"


def sort_key(diff: Difference) -> tuple[int, int, int, str]:
    """Source side first, then by position."""
    return (diff.side != "source", diff.start, diff.end, diff.text)


from align.checks.entities import check_entities  # noqa: E402
from align.checks.links import check_links  # noqa: E402
from align.checks.numbers import check_numbers  # noqa: E402
from align.checks.polarity import check_polarity  # noqa: E402
from align.checks.untranslated import is_untranslated  # noqa: E402


def check_pair(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[Difference]:
    """Run every lexical check on one aligned pair, in a fixed order.

    Order: untranslated, meaning, number, entity, then url/email; within a check,
    source-side findings first, by position.
    """
    found: list[Difference] = []
    untranslated = is_untranslated(src, src_lang, tgt, tgt_lang)
    if untranslated is not None:
        found.append(untranslated)
    for check in (check_polarity, check_numbers, check_entities, check_links):
        found.extend(check(src, src_lang, tgt, tgt_lang))
    return found


__all__ = [
    "Difference",
    "base_lang",
    "check_entities",
    "check_links",
    "check_numbers",
    "check_pair",
    "check_polarity",
    "cognate_fold",
    "fold",
    "has_locale",
    "is_untranslated",
]
