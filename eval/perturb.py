"""Planted divergences: edit a faithful translation and check that clausealign flags each edit.

For every kind of edit (drop a clause, drop a plain clause without names or numbers, drop a
name, change a number, negate, swap a word for its opposite / another quantifier or modal,
put a source word back in place of its translation (code-mixing), add a sentence, drop a sentence) a few
target segments are edited one at a time; the
document pair is compared before and after, and the new findings are matched to
the edit. Recall counts edits flagged on the edited segment (and with the expected
kind); false findings are new findings anywhere else.

    python eval/perturb.py                      # ClickSend en->nb, plus the Text+Berg dev document de->fr if present
    python eval/perturb.py --per-kind 4          # the last line is the JSON record

Findings are matched by their content id, so unrelated findings that merely moved
do not count as new.
"""
from __future__ import annotations

import argparse
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass

from common import BENCHMARKS, GOLD, emit_json, read_gold
from num2words import num2words

from align.divergence.wordalign import TokenVectors, align_words
from align.document import document_from_text
from align.encoders import load_encoder
from align.pipeline import compare

EXPECTED = {
    "drop_clause": {"partial", "omission"},
    "drop_name": {"partial", "entity"},
    "change_number": {"number"},
    "negate": {"meaning"},
    "add_sentence": {"addition"},
    "drop_sentence": {"omission"},
    "drop_plain_clause": {"partial", "omission"},
    "opposite": {"meaning"},
    "code_mix": {"untranslated"},
}
# Opposites, quantifiers and modality per target language (word -> replacement).
OPPOSITE = {
    "nb": {"alle": "noen", "alltid": "aldri", "aldri": "alltid", "kan": "må", "må": "kan", "før": "etter",
           "etter": "før", "mer": "mindre", "mindre": "mer", "sikkert": "usikkert", "offentlig": "privat",
           "inkludert": "unntatt", "øke": "redusere", "lagt til": "fjernet", "tillatt": "forbudt"},
    "fr": {"tous": "certains", "toujours": "jamais", "peut": "doit", "doit": "peut", "avant": "après",
           "après": "avant", "plus": "moins", "haut": "bas", "grand": "petit", "nord": "sud", "première": "dernière"},
    "de": {"alle": "einige", "immer": "nie", "kann": "muss", "muss": "kann", "vor": "nach", "nach": "vor",
           "mehr": "weniger", "hoch": "niedrig", "groß": "klein", "Nord": "Süd", "erste": "letzte"},
    "en": {"all": "some", "always": "never", "may": "must", "must": "may", "before": "after", "after": "before",
           "more": "less", "up to": "at least"},
}
NEGATE = {
    "nb": [(r"\b(vil|kan|skal|må|er|har|blir|kommer)\b", r"\1 ikke")],
    "de": [(r"\b(ist|sind|wird|werden|kann|können|hat|haben|war|waren)\b", r"\1 nicht")],
    "fr": [(r"\b(est|sont|était|étaient|a|ont)\b", r"ne \1 pas")],
    "en": [(r"\b(will|can|must|is|are|has|have|may)\b", r"\1 not")],
}
ADDED = {
    "nb": "Vi kan også dele opplysningene dine med utvalgte samarbeidspartnere for markedsføring.",
    "de": "Die Gruppe musste wegen eines Gewitters zwei Tage in der Hütte warten.",
    "fr": "Le groupe a dû attendre deux jours à la cabane à cause d'un orage.",
    "en": "We may also share your details with selected partners for marketing purposes.",
}
NEGATION = re.compile(r"\b(ikke|aldri|ingen|nicht|kein\w*|nie|pas|jamais|not|never|no)\b", re.I)


@dataclass(frozen=True)
class Edit:
    kind: str
    line: int          # target line edited (for add_sentence: the new line's index)
    text: str | None   # new text of that line; None drops it


def _n2w(n: int, lang: str) -> str:
    return num2words(n, lang={"nb": "no"}.get(lang, lang))


def edits_for(lines: list[str], faithful: list[int], lang: str, per_kind: int, seed: int,
              code_mix=None) -> list[Edit]:
    """Up to ``per_kind`` edits of each kind on the faithful target lines (``code_mix(text)``, when
    given, puts a source word in place of a target word)."""
    rng = random.Random(seed)
    out: list[Edit] = []
    pool = faithful[:]
    rng.shuffle(pool)

    def take(kind: str, make) -> None:
        count = 0
        for i in pool:
            if count >= per_kind:
                return
            new = make(lines[i])
            if new is not None and new != lines[i]:
                out.append(Edit(kind, i, new))
                count += 1

    def drop_clause(text: str) -> str | None:
        pieces = [m for m in re.finditer(r"(,\s[^,;()]{12,}?)(?=[,.;])|\s\([^()]{6,}\)", text)]
        if not pieces:
            return None
        m = pieces[-1]
        return text[:m.start()] + text[m.end():]

    def drop_name(text: str) -> str | None:
        names = [m for m in re.finditer(r"(?<=\s)[A-ZÆØÅÄÖÜ][\w-]{2,}", text) if m.start() > 0]
        if not names:
            return None
        m = names[0]
        return re.sub(r"\s{2,}", " ", text[:m.start()] + text[m.end():])

    def change_number(text: str) -> str | None:
        m = re.search(r"\b\d+\b", text)
        if m:
            return text[:m.start()] + str(int(m.group()) + 3) + text[m.end():]
        for n in range(2, 13):
            w = _n2w(n, lang)
            m = re.search(rf"\b{w}\b", text, re.I)
            if m and not (lang == "nb" and w == "to" and not re.search(r"\bto\s+\w+er\b", text)):
                return text[:m.start()] + _n2w(n + 3, lang) + text[m.end():]
        return None

    def negate(text: str) -> str | None:
        if NEGATION.search(text):
            return None
        for pattern, repl in NEGATE.get(lang, []):
            new, count = re.subn(pattern, repl, text, count=1)
            if count:
                return new
        return None

    def drop_plain_clause(text: str) -> str | None:
        """A comma piece or a prepositional phrase of 2-6 words with no digit and no capital."""
        from align.lang import word_list

        preps = " ".join(word_list("prepositions", lang))
        pat = r",\s[^,;()]{8,}?(?=[,.;])"
        if preps:
            pat += r"|\s(?:" + "|".join(preps.split()) + r")\s[^,.;:()]{3,50}?(?=[,.;:])"
        pieces = [m for m in re.finditer(pat, text)
                  if 2 <= len(m.group().split()) <= 7 and not re.search(r"\d|\s[A-ZÆØÅÄÖÜ]", m.group())]
        if not pieces:
            return None
        m = pieces[-1]
        return text[:m.start()] + text[m.end():]

    def opposite(text: str) -> str | None:
        for word, new in OPPOSITE.get(lang, {}).items():
            m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
            if m:
                return text[:m.start()] + new + text[m.end():]
        return None

    take("drop_clause", drop_clause)
    take("drop_plain_clause", drop_plain_clause)
    take("opposite", opposite)
    take("drop_name", drop_name)
    take("change_number", change_number)
    take("negate", negate)
    if code_mix is not None:
        take("code_mix", code_mix)
    for i in pool[:per_kind]:
        out.append(Edit("add_sentence", i + 1, ADDED.get(lang, ADDED["en"])))
    for i in pool[per_kind:2 * per_kind]:
        out.append(Edit("drop_sentence", i, None))
    return out


def apply(lines: list[str], edit: Edit) -> list[str]:
    new = list(lines)
    if edit.kind == "add_sentence":
        new.insert(edit.line, edit.text or "")
    elif edit.text is None:
        del new[edit.line]
    else:
        new[edit.line] = edit.text
    return new


def run_set(name: str, src_lines, tgt_lines, gold, sl, tl, encoder, per_kind: int, seed: int) -> dict:
    src = document_from_text("\n".join(src_lines), f"{name}.src", sl, presegmented=True)
    base_tgt = document_from_text("\n".join(tgt_lines), f"{name}.tgt", tl, presegmented=True)
    base = compare(src, base_tgt, encoder=encoder)
    known = {f.id for f in base.divergences}
    flagged_src = {i for f in base.divergences for i in f.source}
    flagged_tgt = {j for f in base.divergences for j in f.target}
    faithful = [t[0] for s, t in gold if len(s) == 1 and len(t) == 1
                and s[0] not in flagged_src and t[0] not in flagged_tgt and len(tgt_lines[t[0]].split()) >= 4]
    tgt_of_src = {t[0]: s[0] for s, t in gold if len(s) == 1 and len(t) == 1}
    stats: dict[str, dict] = defaultdict(lambda: {"edits": 0, "found": 0, "kind_ok": 0, "false": 0})
    examples = []
    src_of_tgt = {t[0]: s[0] for s, t in gold if len(s) == 1 and len(t) == 1}
    vectors = TokenVectors(encoder)

    def code_mix(text: str) -> str | None:
        """Put back the source word that a target word of five letters or more aligns with."""
        i = next((k for k, t in enumerate(tgt_lines) if t == text), None)
        if i is None or i not in src_of_tgt:
            return None
        a = align_words(src_lines[src_of_tgt[i]], text, vectors)
        for si, ti in sorted(a.links, key=lambda x: (-a.sim[x], x)):
            sw, tw = a.source[si], a.target[ti]
            if len(tw.text) >= 5 and len(sw.text) >= 5 and tw.text.islower() and sw.text.islower() \
                    and sw.text.lower() != tw.text.lower() and not any(c.isdigit() for c in sw.text + tw.text):
                return text[:tw.start] + sw.text + text[tw.end:]
        return None

    for edit in edits_for(tgt_lines, faithful, tl, per_kind, seed, code_mix):
        tgt = document_from_text("\n".join(apply(tgt_lines, edit)), f"{name}.tgt", tl, presegmented=True)
        report = compare(src, tgt, encoder=encoder)
        new = [f for f in report.divergences if f.id not in known]
        src_line = tgt_of_src.get(edit.line)
        if edit.kind == "add_sentence":
            hit = [f for f in new if edit.line in f.target]
        else:
            hit = [f for f in new if edit.line in f.target or (src_line is not None and src_line in f.source)]
        s = stats[edit.kind]
        s["edits"] += 1
        s["found"] += bool(hit)
        s["kind_ok"] += any(f.kind in EXPECTED[edit.kind] for f in hit)
        s["false"] += len(new) - len(hit)
        if not hit:
            examples.append(f"missed {edit.kind} line {edit.line}: {(edit.text or tgt_lines[edit.line])[:90]}")
        for f in new:
            if f not in hit:
                examples.append(f"false ({edit.kind}): {f.severity} {f.kind} {f.message[:90]}")
    return {"set": name, "faithful_pairs": len(faithful), "baseline_findings": len(base.divergences),
            "by_kind": dict(stats), "examples": examples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--per-kind", type=int, default=6)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    encoder = load_encoder(args.model)
    g = GOLD / "clicksend-en-no"
    jobs = [("clicksend-en-nb", g / "en.lines", g / "no.lines", g / "alignment.txt", "en", "nb")]
    tb = BENCHMARKS / "textberg"
    if tb.is_dir():
        dev = tb / "dev"  # the development document: the test documents are for bench_alignment.py only
        name = sorted(p.name for p in (dev / "gold").iterdir())[0]
        jobs.append((f"textberg-dev-de-fr ({name})", dev / "de" / name, dev / "fr" / name, dev / "gold" / name,
                     "de", "fr"))
    start = time.perf_counter()
    results = []
    for name, s, t, gold, sl, tl in jobs:
        r = run_set(name, s.read_text(encoding="utf-8").splitlines(), t.read_text(encoding="utf-8").splitlines(),
                    read_gold(gold), sl, tl, encoder, args.per_kind, args.seed)
        results.append(r)
        print(f"\n{name}: {r['faithful_pairs']} faithful pairs, {r['baseline_findings']} findings before editing")
        print(f"{'edit':15} {'edits':>5} {'found':>6} {'kind ok':>8} {'false':>6}")
        for kind, s_ in r["by_kind"].items():
            print(f"{kind:15} {s_['edits']:5d} {s_['found']:6d} {s_['kind_ok']:8d} {s_['false']:6d}")
        tot = {k: sum(v[k] for v in r["by_kind"].values()) for k in ("edits", "found", "kind_ok", "false")}
        r["total"] = tot
        print(f"{'all':15} {tot['edits']:5d} {tot['found']:6d} {tot['kind_ok']:8d} {tot['false']:6d}  "
              f"recall {tot['found'] / max(tot['edits'], 1):.2f}, "
              f"right kind {tot['kind_ok'] / max(tot['edits'], 1):.2f}, "
              f"{tot['false'] / max(tot['edits'], 1):.2f} false findings per edit")
        if args.verbose:
            print("\n".join("  " + e for e in r["examples"]))
    emit_json({"bench": "perturbation", "model": encoder.name, "seconds": round(time.perf_counter() - start, 1),
               "results": [{k: v for k, v in r.items() if k != "examples"} for r in results]})


if __name__ == "__main__":
    main()
