"""How common a word is in a language: wordfreq's Zipf scale (0 unknown ... 7 "the")."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str, default: float = 0.0) -> float:
    """wordfreq's Zipf frequency of ``word`` in ``lang``; ``default`` when it cannot tell (a language
    wordfreq does not know, or one whose tokenizer is not installed: Chinese and Japanese need
    jieba and MeCab).

        >>> zipf("the", "en") > 7 > zipf("clicksend", "en")
        True
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency; kept for a trimmed install
        return default
    try:
        return zipf_frequency(word, lang)
    except Exception:  # unknown language, missing tokenizer
        return default
