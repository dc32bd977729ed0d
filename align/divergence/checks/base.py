"""What every lexical check shares: the :class:`Difference` record and text helpers."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ...lang import base as base_lang
from ...vocab import Side


@dataclass(frozen=True)
class Difference:
    """One divergence found in an aligned pair.

    ``side`` names the side on which the unmatched item stands and
    ``side_text[start:end] == text``.
    """

    kind: str  # "number" | "entity" | "meaning" | "url" | "email" | "untranslated"
    side: Side
    text: str
    start: int
    end: int
    value: str | None
    note: str


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
            ("q", "k"), ("kt", "t"), ("x", "ks"), ("z", "s"), ("y", "i"), ("w", "v"), ("sj", "s"), ("sh", "s"))


@lru_cache(maxsize=8192)
def cognate_fold(word: str) -> str:
    """A rough spelling key shared by cognates across languages (``encrypted`` ~ ``kryptert``,
    ``correct`` ~ ``corretta``)."""
    out = fold(word)
    for old, new in _COGNATE:
        out = out.replace(old, new)
    collapsed = [ch for i, ch in enumerate(out) if i == 0 or ch != out[i - 1]]
    return "".join(collapsed)


def other(side: Side) -> Side:
    """``source`` <-> ``target``."""
    return "target" if side == "source" else "source"


def sort_key(diff: Difference) -> tuple[int, int, int, str]:
    """Source side first, then by position."""
    return (diff.side != "source", diff.start, diff.end, diff.text)


__all__ = ["Difference", "base_lang", "cognate_fold", "fold", "has_locale", "other", "sort_key"]
