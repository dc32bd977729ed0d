"""Build ``align/lang/antonyms/en.wordnet.txt``: English opposites from WordNet 3.0's antonym pointers.

    apt-get install wordnet-base          # the WordNet database under /usr/share/wordnet
    python scripts/build_antonyms.py [--wordnet /usr/share/wordnet] [--min-zipf 3.0]

WordNet's direct antonyms (pointer ``!``, between word senses) of adjectives, adverbs, verbs and
nouns, single words only, both common in English (wordfreq Zipf >= ``--min-zipf``). Verbs are
listed with their past, third-person and -ing forms and nouns with their plural (irregular forms
from WordNet's exception lists, regular ones by rule), each form paired with the same form of the
opposite, so a sentence's inflected word can be swapped for its opposite's. The hand-made
``en.txt`` (quantifiers, modality, bounds) is read beside this file.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from wordfreq import zipf_frequency

OUT = Path(__file__).resolve().parents[1] / "align" / "lang" / "antonyms" / "en.wordnet.txt"
POS = {"adj": "a", "adv": "r", "verb": "v", "noun": "n"}
VOWELS = set("aeiou")


def read_antonyms(root: Path, pos: str) -> set[tuple[str, str]]:
    """(word, opposite) pairs of one part of speech, from ``data.<pos>``."""
    words_at: dict[str, list[str]] = {}
    pointers: list[tuple[str, int, str, int]] = []
    for line in (root / f"data.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        head = line.split("|")[0].split()
        offset, n_words = head[0], int(head[3], 16)
        words = [re.sub(r"\(.*\)$", "", head[4 + 2 * k]).lower() for k in range(n_words)]
        words_at[offset] = words
        k = 4 + 2 * n_words
        for p in range(int(head[k])):
            symbol, target, _, source_target = head[k + 1 + 4 * p: k + 5 + 4 * p]
            if symbol == "!":
                pointers.append((offset, int(source_target[:2], 16), target, int(source_target[2:], 16)))
    out = set()
    for offset, s, target, t in pointers:
        if s and t and target in words_at:
            out.add((words_at[offset][s - 1], words_at[target][t - 1]))
    return out


def exceptions(root: Path, pos: str) -> dict[str, list[str]]:
    """base form -> its irregular forms, from ``<pos>.exc``."""
    out: dict[str, list[str]] = {}
    for line in (root / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out.setdefault(parts[1], []).append(parts[0])
    return out


def _double(word: str) -> bool:
    """Double the final consonant (stop -> stopped): short words ending consonant-vowel-consonant."""
    return (len(word) <= 4 and len(word) >= 3 and word[-1] not in VOWELS | set("wxy")
            and word[-2] in VOWELS and word[-3] not in VOWELS)


def verb_forms(base: str, irregular: dict[str, list[str]]) -> dict[str, str]:
    """Past, third person and -ing form of a verb."""
    if base.endswith("e"):
        past, ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2:-1] not in VOWELS:
        past, ing = base[:-1] + "ied", base + "ing"
    elif _double(base):
        past, ing = base + base[-1] + "ed", base + base[-1] + "ing"
    else:
        past, ing = base + "ed", base + "ing"
    irr = [f for f in irregular.get(base, []) if not f.endswith("ing") and not f.endswith("s")]
    if irr:
        past = irr[0]
    if base.endswith(("s", "x", "z", "ch", "sh")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in VOWELS:
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    return {"past": past, "third": third, "ing": ing}


def plural(noun: str, irregular: dict[str, list[str]]) -> str:
    if irregular.get(noun):
        return irregular[noun][0]
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def build(root: Path, min_zipf: float) -> list[tuple[str, str]]:
    common = lambda w: "_" not in w and "-" not in w and zipf_frequency(w, "en") >= min_zipf
    pairs: set[tuple[str, str]] = set()
    for name in POS:
        irregular = exceptions(root, name) if name in ("verb", "noun") else {}
        for a, b in read_antonyms(root, name):
            if not (common(a) and common(b)) or a == b:
                continue
            pairs.add(tuple(sorted((a, b))))
            if name == "verb":
                fa, fb = verb_forms(a, irregular), verb_forms(b, irregular)
                pairs.update(tuple(sorted((fa[k], fb[k]))) for k in fa if common(fa[k]) and common(fb[k]))
            elif name == "noun":
                pa, pb = plural(a, irregular), plural(b, irregular)
                if common(pa) and common(pb):
                    pairs.add(tuple(sorted((pa, pb))))
    return sorted(p for p in pairs if p[0] != p[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--min-zipf", type=float, default=3.0)
    args = parser.parse_args()
    pairs = build(args.wordnet, args.min_zipf)
    head = ("# English opposites from WordNet 3.0 (Princeton University, WordNet licence), direct antonyms\n"
            f"# of common words (wordfreq Zipf >= {args.min_zipf}) with inflected forms; made by\n"
            "# scripts/build_antonyms.py, do not edit (hand-made pairs go in en.txt).\n")
    OUT.write_text(head + "".join(f"{a} | {b}\n" for a, b in pairs), encoding="utf-8")
    print(f"wrote {len(pairs)} pairs to {OUT}")


if __name__ == "__main__":
    main()
