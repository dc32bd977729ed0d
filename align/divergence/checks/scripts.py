"""Writing systems: which script a text is in, Latin spellings of other scripts, sound keys.

Names cross scripts by transliteration (``Путин`` ~ ``Putin``, ``कोहली`` ~ ``Kohli``,
``シドニー`` ~ ``Sydney``).  :func:`romanise` spells a word in Latin letters with anyascii;
Chinese characters are left out (their Mandarin reading says little about a foreign name
written with them: 格里沃里 is read ``geliwoli`` for ``Grigory``), and so are the kanji of a
Japanese word (its kana are kept).  :func:`sound_key` reduces a Latin spelling to its
consonants, merging the letters transliterations confuse (``kh``/``h``, ``w``/``v``,
``l``/``r``, ``m``/``n``, ``z``/``j``), so that ``Moscow`` and ``Moskve``, ``Narendra`` and
``nremdr`` get close keys; :func:`sounds_alike` compares two keys.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

# Scripts whose Latin spelling is not worth comparing.
UNREADABLE = frozenset({"han"})
# Languages written without spaces between words: names are found inside longer runs.
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my"})
UNSPACED_SCRIPTS = frozenset({"han", "kana", "thai", "lao", "khmer", "myanmar"})
# Languages that attach particles to the front of a word (Hebrew ב/ו/ה, Arabic و/ال): how many
# letters may stand before a name.
CLITICS = {"he": 2, "ar": 4}


@lru_cache(maxsize=8192)
def char_script(ch: str) -> str:
    """The script of a letter in lower case (``latin``, ``cyrillic``, ``han``, ``kana``...)."""
    name = unicodedata.name(ch, "")
    if not name:
        return ""
    head = name.split(" ")[0]
    if head == "CJK":
        return "han"
    if head in ("HIRAGANA", "KATAKANA") or name.startswith("HALFWIDTH KATAKANA"):
        return "kana"
    if head == "FULLWIDTH" and "LATIN" in name:
        return "latin"
    return head.lower()


def scripts(text: str) -> dict[str, int]:
    """Letter counts by script."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = char_script(ch)
            counts[script] = counts.get(script, 0) + 1
    return counts


def main_script(text: str) -> str:
    """The script of most letters of ``text`` (``latin`` when it has none)."""
    counts = scripts(text)
    return max(sorted(counts), key=counts.__getitem__) if counts else "latin"


def is_latin(word: str) -> bool:
    return all(char_script(ch) == "latin" for ch in word if ch.isalpha())


@lru_cache(maxsize=16384)
def romanise(word: str) -> str:
    """``word`` in Latin letters (anyascii), without its Chinese characters; empty if none is left."""
    from anyascii import anyascii

    kept = "".join(" " if char_script(ch) in UNREADABLE else ch for ch in word)
    return " ".join(anyascii(kept).split())


_DIGRAPHS = (("shch", "S"), ("tch", "C"), ("dzh", "J"), ("sch", "S"), ("zh", "J"), ("kh", "H"), ("ch", "C"),
             ("sh", "S"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("ts", "C"), ("tz", "C"), ("dj", "J"), ("x", "ks"),
             ("q", "k"), ("w", "v"), ("l", "r"), ("m", "n"), ("z", "J"), ("j", "J"), ("c", "k"))


@lru_cache(maxsize=16384)
def sound_key(word: str) -> str:
    """The consonant key of a Latin spelling (``Tchaikovsky`` -> ``CkvSk``-like; see module doc)."""
    text = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", word.lower()))
    text = re.sub(r"c(?=[eiy])", "s", text)
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    text = re.sub(r"[aeiouyh]", "", text)
    return "".join(ch for i, ch in enumerate(text) if i == 0 or ch != text[i - 1])


@lru_cache(maxsize=16384)
def vowel_key(word: str) -> str:
    """A fuller key for short names: consonants as in :func:`sound_key`, each vowel run as ``a``."""
    text = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", word.lower()))
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    text = re.sub(r"h", "", text)
    return re.sub(r"[aeiouy]+", "a", text)


def sounds_alike(a: str, b: str) -> bool:
    """Two Latin spellings of the same name across scripts (``Kohli`` ~ ``kohlii``, ``Moscow`` ~
    ``Moskve``, ``Gazprom`` ~ ``gaijprom``): the same consonant key, or one key the start of the
    other (an inflection), or keys 80 % alike with the same first consonant.  Keys of two
    consonants or fewer must agree with their vowels too (``Modi`` ~ ``modii``, not ``madad``)."""
    ka, kb = sound_key(a), sound_key(b)
    if not ka or not kb or ka[0] != kb[0]:
        return False
    if min(len(ka), len(kb)) <= 2:
        va, vb = vowel_key(a), vowel_key(b)
        return va == vb or (len(va) >= 3 and (vb.startswith(va) or va.startswith(vb)) and abs(len(va) - len(vb)) <= 2)
    if ka == kb:
        return True
    if (ka.startswith(kb) or kb.startswith(ka)) and abs(len(ka) - len(kb)) <= 2:
        return True
    return min(len(ka), len(kb)) >= 4 and difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.8
