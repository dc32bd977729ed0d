"""Meaning flips: a negation on one side that the other side lacks.

Each side's negation cues are collected:

* negation words (``not``, ``never``, ``ikke``, ``aldri``, ``nicht``, ``ne ... pas``...)
  outside fixed expressions that do not negate the clause (``not only``, ``no later
  than``, ``sans doute``, ``nicht nur``, ``ikke bare``...).  French ``ne`` counts only
  when closed by ``pas``/``jamais``/``plus``... (not the restrictive ``ne ... que`` nor
  the expletive ``avant qu'il ne``), or alone with ``pouvoir``/``savoir``/``oser``/``cesser``;
  a noun ``pas`` (``un pas``) is not a cue.  A word repeated verbatim with its
  neighbours on the other side (``Fujiwara no Hirotsugu``) is part of a name;
* negative affixes (``de-identified``, ``unencrypted``, ``ukryptert``) confirmed across
  the pair: the other side has a cognate of the stem (``identifiseres``) without the
  affix, starting where the stem starts, and no cognate of the whole word
  (``irrigation`` ~ ``l'irrigation``, ``imprisoned`` ~ ``emprisonnés``);
* weak cues, which never fire but may pair with a negation on the other side:
  words of negative meaning (``lack``, ``faute de``, ``sauf``, ``kaum``, ``unntatt``...),
  ``non-``/``non`` before a word, ``-less``/``-los``/``-løs`` words and German/English
  ``un-`` words whose stem has no cognate on the other side.

The cues of the two sides are paired by relative position: strong with strong
(``without`` with its own kind first: ``ohne`` ~ ``without``), weak with weak of the
same concept (``except`` ~ ``unntatt``), then a weak cue takes a negation left over.
A confirmed affix left over is reported; a negation word left over is reported only
when the other side has no negation, or none near it (a ``without`` that renders one
of this side's does not count) in a sentence of some length (literary and free
translations move negations around and into the lexicon, ``nicht mehr erreichen`` ~
``manquer``, so a count difference alone is weak evidence).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from align.lang.lexicon import entries, has

from ...vocab import Side
from .base import Difference, base_lang, cognate_fold, other

_CUES = {
    "en": {"not", "never", "no", "none", "nothing", "nobody", "nowhere", "neither", "nor", "without", "cannot"},
    "nb": {"ikke", "ikkje", "aldri", "ingen", "inga", "intet", "ingenting", "verken", "hverken", "korkje", "uten",
           "utan", "nei"},
    "de": {"nicht", "nie", "niemals", "nichts", "niemand", "niemanden", "niemandem", "nirgends", "nirgendwo", "ohne",
           "weder", "kein", "keine", "keinen", "keinem", "keiner", "keines", "keinerlei", "keinesfalls",
           "keineswegs", "nein"},
}
# Negations that continue an earlier one ("neither ... nor", "not ... nor", "ikke ... heller ikke"):
# they count only when no negation precedes them.
_CONTINUING = {"en": r"nor", "nb": r"heller (?:ikke|ikkje|ingen)", "de": r"auch (?:nicht|kein\w*)", "fr": r"ni"}
# Fixed expressions whose negation word does not negate the statement.
_NEUTRAL = {
    "en": r"or not(?=\s*[,.;:!?])|not only|not just|not merely|not least|can[’']?t wait|cannot wait"
          r"|(?:including )?(?:but )?not limited to|without limitation|without limiting|without (?:a |any )?doubt"
          r"|no doubt|whether or not|no (?:later|earlier|sooner|more|less|fewer) than"
          r"|not (?:later|earlier|more|less|fewer) than|not to exceed|not exceeding|not to be confused|nothing but"
          r"|none other than|no less|(?:can|could)(?:not|n[’']t| not) (?:help|fail)|no matter|without exception"
          r"|not (?:too |so |that )?bad",
    "nb": r"eller ikke(?=\s*[,.;:!?])|ikke bare|ikke kun|ikke minst|ikke (?:begrenset|avgrenset) til"
          r"|uten begrensning(?:er)?|ikke (?:senere|tidligere|mer|mindre|flere|færre) enn|ikke overstige|uten tvil"
          r"|ingen tvil|ikke desto mindre|ikke sant|ingen ringere enn|uten unntak|ikke (?:så )?(?:verst|dårlig)",
    "de": r"oder nicht(?=\s*[,.;:!?])|nicht nur|nicht bloß|nicht bloss|nicht zuletzt"
          r"|nicht (?:beschränkt|begrenzt) auf|ohne (?:Einschränkung|Beschränkung)"
          r"|nicht (?:später|früher|mehr|weniger|minder) als|nicht minder"
          r"|kein Zweifel|keine Frage|ohne (?:jeden )?Zweifel|nichts (?:anderes )?als|nicht anders als"
          r"|(?:kann|konnte|können|könnte) (?:\w+ )?nicht anders|nicht umhin|nicht wahr|ohne weiteres"
          r"|ohne Ausnahme|nicht wenige\w*|nicht (?:so |ganz )?schlecht",
    "fr": r"ou (?:pas|non)(?=\s*[,.;:!?])|non seulement|pas seulement|pas uniquement"
          r"|sans (?:toutefois )?s['’] ?y limiter|sans (?:limitation|restriction)|non limitatif|au plus tard"
          r"|pas plus (?:tard )?que|non plus|non moins|pas moins|sans (?:aucun )?doute|nul doute|pas de doute"
          r"|ne (?:\w+ )?tard\w* pas à|sans cesse|sans arrêt|sans exception|n['’] ?importe|n['’] ?empêche"
          r"|(?:il )?n['’] ?en (?:reste|demeure) pas moins|à ne pas confondre|ne serait-ce|pas mal|sans pareil\w*"
          r"|à jamais|pour jamais|ne (?:peu\w+|pouv\w+|pourr\w+|saur\w+) manquer|n['’] ?est-ce pas|pas vrai"
          r"|ne cess\w* (?:pas )?d[e'’]"
          r"|(?:je |on )?ne sai[st] (?:plus )?(?:quel\w*|quoi|combien|comment|où|pourquoi)",
}
_FR_CLOSERS = {"pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guère", "point", "ni", "nul", "nulle",
               "nullement", "aucunement"}
_FR_STANDALONE = {"sans", "jamais", "aucun", "aucune", "rien", "nullement", "aucunement", "guère"}
# Words that take a later "ne" as part of their own negation ("rien ne bouge", "personne n'a").
_FR_SUBJECTS = {"aucun", "aucune", "rien", "personne", "nul", "nulle", "jamais", "ni"}
# "ne" alone negates these verbs in written French ("je ne peux", "il ne cesse").
_FR_BARE_NE = re.compile(r"(?:peu[xt]|peuvent|pouv\w*|pourr\w*|pu[ts]?|sai[st]|sav\w*|saur\w*|ose\w*|osai\w*|cess\w*)$")
# Contexts where "ne" is expletive ("avant qu'il ne", "à moins que", "de peur que", "craindre que ... ne").
_FR_EXPLETIVE = re.compile(r"(?:(?:avant|moins|peur|crainte|craind\w*|crain[st]|craint\w*|redout\w*|empêch\w*|évit\w*"
                           r"|sans)|(?:plus|moins|mieux|autre|autrement|pire|meilleur\w*)(?:\s+[\w'’]+){0,3})"
                           r"\s+qu(?:e\b|['’])", re.IGNORECASE)
# Words after which "pas" negates without "ne" ("non pas", "pas question", "ou pas"); elsewhere it is a step.
_FR_PAS_BEFORE = {"non", "ou", "mais", "et", "même", "surtout", "pourquoi", "toujours", "encore", "presque", "si",
                  "vraiment", "absolument", "donc", "or"}
# Words of negative meaning by concept (prefixes of their inflected forms): weak cues that never
# fire but render a negation of the other side ("failed to produce" ~ "n'est pas"); two weak
# cues pair only within one concept ("except" ~ "unntatt").
_WEAK_WORDS = {
    "except": {"en": r"except\w*|unless|save for", "nb": r"unntatt|unntak\w*|bortsett|med mindre",
               "de": r"au(?:ß|ss)er|ausgenommen|ausnahme\w*|es sei denn",
               "fr": r"sauf|excepté\w*|exception\w*|à moins|hormis|si ce n['’] ?est"},
    "lack": {"en": r"lack\w*|absen\w+|devoid|free of|free from", "nb": r"mangl\w*|mangel\w*|fravær\w*",
             "de": r"mangel\w*|mangels|fehl\w*", "fr": r"faute|défaut|manqu\w*|absen\w+|dépourvu\w*|exempt\w*"},
    "fail": {"en": r"fail\w*|neglect\w*|omit\w*|omission|unable|incapable", "nb": r"unnlat\w*|unnla\w*|forsøm\w*",
             "de": r"versäum\w*|versaeum\w*|unterlass\w*",
             "fr": r"échou\w*|omet\w*|omis\w*|omission\w*"},
    "refuse": {"en": r"refus\w*|deny|denie[sd]|denying|reject\w*|declin\w*|renounc\w*|give up|gave up|abandon\w*",
               "nb": r"nekt\w*|avslå\w*|avvis\w*|gi opp|ga opp|oppgi\w*",
               "de": r"weiger\w*|verweiger\w*|ablehn\w*|abgelehnt\w*|verzicht\w*|aufgeben|aufgegeben",
               "fr": r"refus\w*|rejet\w*|rejett\w*|décline\w*|renon\w+|abandon\w*"},
    "useless": {"en": r"useless|pointless|futile|in vain", "nb": r"nytteløs\w*|forgjeves|unyttig\w*",
                "de": r"nutzlos\w*|umsonst|vergeblich\w*|zwecklos\w*",
                "fr": r"inutile\w*|en vain|vainement|à quoi bon"},
    "avoid": {"en": r"avoid\w*|prevent\w*|prohibit\w*|forbid\w*|forbade|ban|bann(?:ed|ing|s)|stop\w*|ceas\w+",
              "nb": r"unngå\w*|hindr\w*|forhindr\w*|forb[yu]\w*|stopp\w*|slutte",
              "de": r"vermeid\w*|verhinder\w*|verbiet\w*|verbot\w*|aufh(?:ö|o)r\w*|stopp\w*",
              "fr": r"évit\w*|empêch\w*|interdi\w*|cess\w+|arrêt\w*"},
    "few": {"en": r"hardly|barely|scarcely|seldom|rarely|(?<!a )(?:little|few)",
            "nb": r"knapt|neppe|sjelden\w*", "de": r"kaum|selten\w*|(?<!ein )wenige?[nms]?",
            "fr": r"rarement|(?<!un )(?<!à )peu(?! près| après| avant| à peu)"},
    "instead": {"en": r"instead|rather than", "nb": r"istedenfor|isteden|i stedet",
                "de": r"anstatt|stattdessen|statt dessen", "fr": r"plutôt|au lieu|à la place"},
    "lose": {"en": r"lost|lose|loses|losing|miss|missed|misses|missing", "nb": r"mist\w+",
             "de": r"verlier\w*|verlor\w*|vermiss\w*", "fr": r"perd\w*|perdu\w*"},
    "hide": {"en": r"hid|hidden|hide\w*|unaware", "nb": r"skjul\w*",
             "de": r"verbarg\w*|verberg\w*|verborgen\w*", "fr": r"cach\w+|à l['’] ?insu"},
}
_PREFIXES = {
    "en": ("non", "dis", "un", "in", "im", "il", "ir", "de"),
    "nb": ("ikke", "u", "av"),
    "de": ("nicht", "un", "in", "de", "des", "dis"),
    "fr": ("non", "dés", "dé", "dis", "in", "im", "il", "ir", "de"),
}
# Latin in-/im-/il-/ir- negate adjectives (impossible, inconnu, illegal), not verbs or nouns
# (inherited, imprisoned, irrigation, information).
_LATIN = {"in", "im", "il", "ir"}
# Stems that take in- without being negated (inhabitants, invested, important).
_NOT_LATIN = ("habit", "vest", "port", "press", "tent", "stant", "cid")
_ADJECTIVE_END = re.compile(r"(?:ble|bles|bel|ent|ente|ents|entes|ant|ante|ants|antes|ive|ives|if|ifs|al|ale|aux|ales"
                            r"|el|elle|els|elles|ous|eux|euse|euses|ct|cte|cts|ctes|ate|id|ide|ides|ite|ites|u|ue|us"
                            r"|ues|il|ile|iles|ic|ique|iques|iert|ert)$")
_SUFFIXES = {"en": ("less",), "nb": ("løs", "løse", "løst"), "de": ("los", "lose", "losen", "loser", "loses")}
# Leading syllables a cognate may carry before the stem (encrypted ~ kryptert).
_HEADS = ("", "en", "em", "be", "ge", "er", "ver", "for", "re")
_WORD = regex.compile(r"\w+(?:[-'’]\w+)*['’]?")  # \w with combining marks (Devanagari vowel signs)
# Scripts without spaces between words: cues and expressions are matched anywhere.
_UNSPACED = {"zh", "ja"}
_ELIDED = re.compile(r"^(?:[ldjmnstc]|qu|lorsqu|puisqu|jusqu|quoiqu)['’]", re.IGNORECASE)
_CLAUSE = re.compile(r"[.;:!?«»\"“”()]")
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
    weak: bool = False  # pairs with a negation on the other side but never fires
    concept: str = ""  # weak cues: what kind ("except", "affix", "neutral"...); two weak cues pair within one


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def has_negation_data(lang: str) -> bool:
    """The polarity check knows the negations of ``lang`` (in the code or in align/data/negation/)."""
    lang = base_lang(lang)
    return lang in _CUES or lang == "fr" or has("negation", lang)


@lru_cache(maxsize=None)
def _cue_words(lang: str) -> frozenset[str]:
    listed = {w.lower() for line in entries("negation", lang, "cues") for w in line.split()}
    return frozenset(_CUES.get(lang, ())) | listed


@lru_cache(maxsize=None)
def _pattern(table: str, lang: str) -> regex.Pattern[str] | None:
    if table == "weak":
        concepts = {concept: [langs[lang]] for concept, langs in _WEAK_WORDS.items() if lang in langs}
        for name, lines in _data_sections(lang).items():
            if name.startswith("weak:"):
                concepts.setdefault(name[5:], []).extend(lines)
        alternatives = [rf"(?P<{concept}>{'|'.join(parts)})" for concept, parts in concepts.items()]
        pattern = "|".join(alternatives) or None
    elif table == "inside":
        pattern = "|".join(entries("negation", lang, "inside")) or None
    else:
        pattern = {"continuing": _CONTINUING, "neutral": _NEUTRAL}[table].get(lang)
        pattern = pattern or "|".join(entries("negation", lang, table)) or None
    if not pattern:
        return None
    if lang in _UNSPACED:
        return regex.compile(pattern, regex.IGNORECASE)
    return regex.compile(rf"(?<!\w)(?:{pattern})(?!\w)", regex.IGNORECASE)


def _data_sections(lang: str) -> dict[str, tuple[str, ...]]:
    from align.lang.lexicon import sections

    return sections("negation", lang)


def _is_cue_word(lower: str, lang: str) -> bool:
    """``lower`` is a negation word of ``lang``, possibly with attached clitics (Hebrew ולא, Arabic ولم)."""
    cues = _cue_words(lang)
    if lower in cues:
        return True
    clitics = "".join(entries("negation", lang, "clitics")).replace(" ", "")
    k = 0
    while k < min(2, len(lower) - 1) and lower[k] in clitics:
        k += 1
        if lower[k:] in cues:
            return True
    return False


def _in_name(words: list[tuple[str, int, int]], i: int, other_text: str) -> bool:
    """``words[i]`` stands verbatim with its neighbours in the other text: a name or a quotation
    (``Fujiwara no Hirotsugu``, ``"Ne l'oseray je dire"``)."""
    for first in (i - 1, i):
        if first < 0 or first + 3 > len(words):
            continue
        phrase = r"\s+".join(re.escape(w) for w, _, _ in words[first:first + 3])
        if re.search(rf"(?<!\w){phrase}(?!\w)", other_text):
            return True
    return False


def _outside_neutral(text: str, lang: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` outside its neutral expressions."""
    neutral = _pattern("neutral", lang)
    spans = [m.span() for m in neutral.finditer(text)] if neutral else []
    return [w for w in _word_spans(text) if not any(s <= w[1] < e for s, e in spans)]


def _neutral_cues(text: str, lang: str) -> list[_Cue]:
    """Neutral expressions (``not only``, ``sans doute``) as weak cues: they may render a
    negation of the other side (``not that bad`` ~ ``pas vraiment maléfique``)."""
    neutral = _pattern("neutral", lang)
    if neutral is None:
        return []
    return [_Cue(m.group(), m.start(), m.end(), m.group().lower(), weak=True,
                 concept="litotes" if _LITOTES.search(m.group()) else "neutral")
            for m in neutral.finditer(text)]


# Neutral expressions that say with a negation what the other side may say without one, or
# with another negation ("not that bad" ~ "pas vraiment maléfique"): they may take a negation
# of the other side.  Other neutral expressions ("can't wait") pair only with each other.
_LITOTES = re.compile(r"bad|mal|schlecht|verst|dårlig", re.IGNORECASE)


def _negation_words(text: str, lang: str, other_text: str) -> list[_Cue]:
    """Negation words of ``text`` outside neutral expressions; continuing negations count once."""
    words = _outside_neutral(text, lang)
    continuing = _pattern("continuing", lang)
    ends = {m.end() for m in continuing.finditer(text)} if continuing else set()
    cues: list[_Cue] = []
    for i, (word, start, end) in enumerate(words):
        lower = word.lower()
        if lang == "fr":
            cue = _french_cue(text, words, i)
        elif lang == "en" and re.search(r"n['’]t$", lower):
            cue = True
        else:
            cue = _is_cue_word(lower, lang) and not (lang == "en" and lower == "no" and _is_numero(text, end))
        if cue and _in_name(words, i, other_text):
            cue = False
        if cue and not (end in ends and cues):
            cues.append(_Cue(word, start, end, lower.rstrip("'’"),
                             concept="without" if lower in _WITHOUT.get(lang, ()) else ""))
    inside = _pattern("inside", lang)
    if inside is not None:  # Chinese, Japanese: negations inside words (不会, 知らない)
        neutral = _pattern("neutral", lang)
        spans = [m.span() for m in neutral.finditer(text)] if neutral else []
        for match in inside.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            if match.end() in ends and cues:
                continue
            cues.append(_Cue(match.group(), match.start(), match.end(), match.group()))
        cues.sort(key=lambda c: c.start)
    return cues


# "without" in each language: it pairs with its own kind first ("ohne" ~ "without", not ~ "not").
_WITHOUT = {"en": {"without"}, "nb": {"uten", "utan"}, "nn": {"utan"}, "da": {"uden"}, "sv": {"utan"}, "de": {"ohne"},
            "fr": {"sans"}, "es": {"sin"}, "it": {"senza"}, "pl": {"bez"}, "cs": {"bez"}, "ru": {"без"}}


def _is_numero(text: str, end: int) -> bool:
    """``No. 5``: the abbreviation of number."""
    return re.match(r"\.\s*\d", text[end:end + 4]) is not None


def _core(word: str) -> str:
    """The lower-case word without a French elided article or pronoun (``qu'aucun`` -> ``aucun``)."""
    lower = word.lower()
    match = _ELIDED.match(lower)
    return lower[match.end():] if match and match.end() < len(lower) else lower


def _is_ne(word: str) -> bool:
    lower = word.lower()
    return lower == "ne" or re.match(r"n['’]", lower) is not None


def _same_clause(text: str, words: list[tuple[str, int, int]], i: int, j: int) -> bool:
    a, b = sorted((i, j))
    return _CLAUSE.search(text[words[a][2]:words[b][1]]) is None


def _adjacent(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """Only spaces stand between ``words[i]`` and the next word."""
    return not text[words[i][2]:words[i + 1][1]].strip()


def _french_cue(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """Is ``words[i]`` a French negation (see the module docstring)?"""
    word = words[i][0]
    lower = word.lower()
    if _is_ne(word):
        return _french_ne(text, words, i)
    core = _core(word)
    before = [k for k in range(max(0, i - 5), i) if _is_ne(words[k][0]) and _same_clause(text, words, k, i)]
    if core == "ni" or core in _FR_STANDALONE:
        return not before
    if core == "personne":  # "personne n'a" (nobody), not "une personne"
        return not before and any(_is_ne(words[k][0]) for k in range(i + 1, min(len(words), i + 4)))
    if core in ("nul", "nulle"):
        return not before and any(_is_ne(words[k][0]) for k in range(i + 1, min(len(words), i + 4)))
    if lower == "pas":
        if before:
            return False
        previous = words[i - 1][0].lower() if i > 0 and _same_clause(text, words, i - 1, i) else ""
        return previous == "" or previous in _FR_PAS_BEFORE
    if lower == "non":
        nxt = words[i + 1][0].lower() if i + 1 < len(words) and _adjacent(text, words, i) else ""
        return nxt in ("", "merci") or (len(nxt) <= 3 and nxt != "pas") or nxt in _FR_NON_WORDS
    return False


def _french_ne(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """``ne``/``n'``: a negation when closed, not when restrictive (``ne ... que``) or expletive."""
    # A preceding "aucun", "rien", "personne"... owns this "ne" ("rien ne bouge").
    for k in range(max(0, i - 10), i):
        if _core(words[k][0]) in _FR_SUBJECTS and _same_clause(text, words, k, i) and not any(
                _is_ne(words[m][0]) for m in range(max(0, k - 5), k)):
            return False
    head = text[max(0, words[i][1] - 60):words[i][1]]
    trigger = _FR_EXPLETIVE.search(head)
    expletive = trigger is not None and re.search(r"[,.;:!?]", head[trigger.end():]) is None
    for j in range(i + 1, min(len(words), i + 6)):
        if not _same_clause(text, words, i, j):
            break
        core = _core(words[j][0])
        if core in ("que", "qu'", "qu’") or words[j][0].lower().startswith(("qu'", "qu’")):
            return False  # ne ... que: only
        if core in _FR_CLOSERS:
            if core == "plus":
                nxt = words[j + 1][0].lower() if j + 1 < len(words) else ""
                if expletive or nxt in ("que", "qu'", "qu’") or nxt.startswith(("qu'", "qu’")):
                    return False
            # "pas que": not only
            return not (core == "pas" and j + 1 < len(words) and words[j + 1][0].lower() in ("que", "qu'", "qu’"))
    if expletive:
        return False
    attached = _core(words[i][0])  # "n'ose": the verb itself
    following = [_core(w) for w, _, _ in words[i + 1:i + 4]]
    candidates = ([attached] if attached not in ("ne", "n'", "n’") else []) + following
    return any(_FR_BARE_NE.match(v) for v in candidates[:3])


# ----------------------------------------------------------------- affixes

@lru_cache(maxsize=4096)
def _affixed(word: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(affix, stem) splits of ``word`` with a negative prefix or suffix of ``lang``."""
    lower = _core(word)
    splits = []
    for prefix in _PREFIXES.get(lang, ()):
        if not lower.startswith(prefix):
            continue
        stem = lower[len(prefix):].lstrip("-")
        if len(stem) < _MIN_STEM or (stem[0] == stem[1] and lower[len(prefix)] != "-"):
            continue  # "dessinateur" is not de- + "ssinateur"
        if prefix in _LATIN and (not _ADJECTIVE_END.search(stem) or stem.startswith(_NOT_LATIN)):
            continue
        splits.append((f"{prefix}-", stem))
    for suffix in _SUFFIXES.get(lang, ()):
        stem = lower[:-len(suffix)].rstrip("-")
        if lower.endswith(suffix) and len(stem) >= 3:
            splits.append((f"-{suffix}", stem))
    return tuple(splits)


def _longest_common(a: str, b: str) -> tuple[int, int, int]:
    """(length, start in a, start in b) of the longest common substring (the earliest one on ties)."""
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size, match.a, match.b


def _heads(key: str) -> set[str]:
    """The 5-letter substrings starting in the first four letters."""
    return {key[k:k + 5] for k in range(min(4, len(key) - 4))}


@lru_cache(maxsize=8192)
def _cognate(stem: str, word: str) -> bool:
    """``word`` starts with a cognate of ``stem``: both start the shared part, or after a
    common leading syllable (``identified`` ~ ``identifiseres``, ``encrypted`` ~ ``kryptert``)."""
    a, b = cognate_fold(stem), cognate_fold(word)
    if not _heads(a) & _heads(b):  # cheap necessary condition
        return False
    length, in_a, in_b = _longest_common(a, b)
    return length >= max(5, -(-3 * len(a) // 5)) and a[:in_a] in _HEADS and b[:in_b] in _HEADS


@lru_cache(maxsize=8192)
def _whole_cognate(word: str, affix: str, other_word: str) -> bool:
    """``other_word`` is a cognate of the whole of ``word``, affix included (``irrigation`` ~
    ``irrigation``, ``informative`` ~ ``informativt``): the affix is part of the word."""
    a, b = cognate_fold(word), cognate_fold(other_word)
    if len(a) < 5 or len(b) < 5:
        return False
    length, in_a, in_b = _longest_common(a, b)
    if length < max(5, -(-3 * min(len(a), len(b)) // 5)) or in_b > 3:
        return False
    if affix.endswith("-"):
        return in_a == 0 and length >= len(affix) + 3
    return in_a + length >= len(a) - 1


def _other_words(words: list[tuple[str, int, int]], text: str) -> list[tuple[str, str, str, bool]]:
    """(word, core in lower case, cognate key, is a name) of each distinct word of the other side.

    French ``non`` + word also stands as one word (``non sémantique`` = ``non-semantic``).
    """
    seen: dict[str, tuple[str, str, str, bool]] = {}
    for i, (word, start, _) in enumerate(words):
        core = _core(word)
        j = start - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        name = word[:1].isupper() and j >= 0 and text[j] not in ".!?:;«»\"“(-–—•"
        if core not in seen or not name:
            seen[core] = (word, core, cognate_fold(core), name)
        if i > 0 and words[i - 1][0].lower() == "non" and core.isalpha():
            seen.setdefault(f"non-{core}", (f"non-{word}", f"non-{core}", cognate_fold(f"non-{core}"), False))
    return list(seen.values())


def _affix_cues(words: list[tuple[str, int, int]], lang: str, others: list[tuple[str, str, str, bool]],
                other_lang: str, text: str) -> list[_Cue]:
    """Negative affixes: confirmed by a positive cognate of their stem on the other side, or weak."""
    cues = []
    other_splits = [(*other_word, _affixed(other_word[1], other_lang)) for other_word in others]
    for i, (word, start, end) in enumerate(words):
        lower = _core(word)
        splits = _affixed(word, lang)
        if not splits and lang == "fr" and lower == "non" and i + 1 < len(words) and _adjacent(text, words, i):
            nxt = _core(words[i + 1][0])
            if nxt.isalpha() and len(nxt) >= _MIN_STEM and nxt not in _FR_NON_WORDS:
                splits = (("non-", nxt),)  # "non gouvernementaux" is "non-governmental"
                lower, end = f"non{nxt}", words[i + 1][2]
                word = text[start:end]
        cue = None
        for affix, stem in splits:
            if any(_whole_cognate(lower, affix, core) for _, core, _, name, _ in other_splits if not name):
                # The other side has the whole word (irrigation ~ l'irrigation): no difference,
                # but a true negative affix still renders a negation (Egoless ~ sans ego).
                if cue is None and _weak_affix(affix, stem, lang):
                    cue = _Cue(word, start, end, f"{affix}{stem}" if affix.endswith("-") else f"{stem}{affix}",
                               affix, stem, weak=True, concept="affix")
                continue
            status, counterpart = _affix_counterpart(affix, stem, other_splits)
            value = f"{affix}{stem}" if affix.endswith("-") else f"{stem}{affix}"
            if status == "positive":
                cue = _Cue(word, start, end, value, affix, stem, counterpart)
                break
            if cue is None and status == "none" and _weak_affix(affix, stem, lang):
                cue = _Cue(word, start, end, value, affix, stem, weak=True, concept="affix")
        if cue is not None:
            cues.append(cue)
    return cues


def _weak_affix(affix: str, stem: str, lang: str) -> bool:
    """Affixes that negate whatever the stem: non-, -less, -los, -løs, in- before -ble, un- in German and English."""
    if affix in ("non-", "ikke-", "nicht-") or affix.startswith("-"):
        return True
    if affix.strip("-") in _LATIN:
        return re.search(r"(?:ble|bles|bel|bels)$", stem) is not None
    if affix == "un-" and len(stem) >= 5:  # before an adjective or participle, not a verb (unsubscribe)
        return not stem.startswith(_NOT_UN.get(lang, ("",))) and _UN_STEM_END.get(lang, _NEVER).search(stem) is not None
    return False


_UN_STEM_END = {"en": re.compile(r"(?:ed|en|wn|ble|ful|al|ic|ive|ous|ent|ant|ly|y|ar|ing|ary|ory|ish|ious)$"),
                "de": re.compile(r"(?:ig|lich|bar|sam|isch|haft|los|t|en|er|el)$")}
_NEVER = re.compile(r"(?!)")


# Words that look like un- + stem but are not negations (under, unit, unanimous; Unternehmen).
_NOT_UN = {"en": ("ter", "der", "til", "it", "io", "iv", "iq", "if", "is", "ani"), "de": ("ter",)}
# French words after which "non" is a negation word, not a prefix ("non pour", "non sans").
_FR_NON_WORDS = {"pour", "dans", "avec", "sans", "selon", "contre", "comme", "parce", "point", "seulement", "plus",
                 "moins"}


def _affix_counterpart(affix: str, stem: str,
                 others: list[tuple[str, str, str, bool, tuple[tuple[str, str], ...]]]) -> tuple[str, str]:
    """How the other side renders ``stem``: ("positive", word) for a cognate without the
    affix (a negation word before it, ``ikke identifiseres``, pairs with the affix later),
    ("same", "") when it carries a negative affix too (``avidentifiseres``) or the affix
    as part of a loanword (``informative`` ~ ``informativt``), ("none", "") when there is
    no cognate.

    ``others`` holds (word, core, cognate key, is a name, affix splits) per word.
    """
    prefix = cognate_fold(affix.strip("-")) if affix.endswith("-") else None
    found = ("none", "")
    for word, lower, folded, name, splits in others:
        if any(_cognate(stem, other_stem) for _, other_stem in splits):
            return ("same", "")
        if prefix is not None and folded.startswith(prefix) and _cognate(stem, folded[len(prefix):].lstrip("-")):
            return ("same", "")
        if not found[1] and not name and _cognate(stem, lower):
            found = ("positive", word)
    return found


def _weak_words(text: str, lang: str) -> list[_Cue]:
    """Words of negative meaning (``lack``, ``faute de``, ``kaum``)."""
    pattern = _pattern("weak", lang)
    if pattern is None:
        return []
    return [_Cue(m.group(), m.start(), m.end(), m.group().lower(), weak=True, concept=m.lastgroup or "")
            for m in pattern.finditer(text)]


# ----------------------------------------------------------------- pairing

def _pair_up(mine: list[_Cue], theirs: list[_Cue], my_len: int, their_len: int) -> list[_Cue]:
    """The cues of ``mine`` left over after pairing with ``theirs`` by relative position."""
    def where(cue: _Cue, length: int) -> float:
        return cue.start / max(length, 1)

    # Strong cues pair with strong cues first, words with words (a confirmed affix is the
    # better evidence to leave over), weak cues with weak cues of their concept; then a weak
    # cue may take a negation left over.
    pairs = sorted(((abs(where(a, my_len) - where(b, their_len)) + (bool(a.affix) != bool(b.affix))
                     + 2 * (a.weak != b.weak) + ((a.concept == "without") != (b.concept == "without")), i, j)
                    for i, a in enumerate(mine) for j, b in enumerate(theirs)
                    if _can_pair(a, b)))
    used_mine, used_theirs = set(), set()
    for _, i, j in pairs:
        if i not in used_mine and j not in used_theirs:
            used_mine.add(i)
            used_theirs.add(j)
    return [cue for i, cue in enumerate(mine) if i not in used_mine]


def _without_pairs(cues: dict[Side, list[_Cue]]) -> dict[Side, list[_Cue]]:
    """Each side's cues less the "without" words that a "without" of the other side takes
    (``ohne`` ~ ``without``): what is left may stand near a negation the other side lacks."""
    out = {}
    for side in cues:
        theirs = [c for c in cues[other(side)] if c.concept == "without"]
        mine = [c for c in cues[side] if c.concept == "without"]
        taken = min(len(mine), len(theirs))
        out[side] = [c for c in cues[side] if c.concept != "without"] + mine[taken:]
    return out


def _can_pair(a: _Cue, b: _Cue) -> bool:
    """Weak cues pair within their concept; a plain neutral expression ("can't wait") never
    takes a negation of the other side."""
    if a.weak and b.weak:
        return a.concept == b.concept
    return (a if a.weak else b).concept != "neutral"


def _note(cue: _Cue, side: Side, counts: dict[Side, int]) -> str:
    there = other(side)
    if cue.affix:
        return (f"{side} negates ('{cue.text}' = {cue.affix} + {cue.stem}) "
                f"but the {there}'s '{cue.counterpart}' is positive")
    return (f"{side} negates ('{cue.text}') but the {there} has no matching negation "
            f"({counts[side]} negation(s) vs {counts[there]})")


def _dedupe(cues: list[_Cue]) -> list[_Cue]:
    """Overlapping cues count once (the strong one, then the first)."""
    kept: list[_Cue] = []
    for cue in sorted(cues, key=lambda c: (c.weak, c.start)):
        if not any(cue.start < k.end and k.start < cue.end for k in kept):
            kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


# Degree words that may stand between a negation and the word it governs ("nicht ganz zu Unrecht").
_DEGREE = {"ganz", "so", "zu", "gar", "sehr", "allzu", "very", "too", "all", "that", "quite", "at", "si", "très",
           "trop", "tout", "à", "fait", "helt", "så", "særlig", "altfor", "spesielt"}


def _litotes(cues: list[_Cue], text: str) -> list[_Cue]:
    """A negation word and the negative-affix word it governs (``nicht ganz zu Unrecht``,
    ``not uncommon``, ``nicht unbedingt``) become weak: together they may affirm."""
    dropped: set[int] = set()
    for i, (cue, nxt) in enumerate(zip(cues, cues[1:])):
        if cue.affix or cue.weak or not nxt.affix or i in dropped:
            continue
        between = text[cue.end:nxt.start]
        if all(w.lower() in _DEGREE for w in _WORD.findall(between)) and _CLAUSE.search(between) is None:
            dropped |= {i, i + 1}
    return [replace(cue, weak=True, concept="litotes") if i in dropped else cue for i, cue in enumerate(cues)]


def _far(cue: _Cue, text: str, theirs: list[_Cue], their_text: str) -> bool:
    """No negation of the other side stands near ``cue`` (relative position within ``_NEAR``) in a
    sentence long enough for positions to mean something: the negation was dropped, not moved."""
    strong = [c for c in theirs if not c.weak]
    if not strong:
        return True
    if _word_count(text) < 8 or _word_count(their_text) < 8:
        return False
    where = cue.start / max(len(text), 1)
    return all(abs(where - c.start / max(len(their_text), 1)) > _NEAR for c in strong)


_NEAR = 0.35
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")


def _word_count(text: str) -> int:
    """Words of ``text``; in Chinese and Japanese, written without spaces, one per two characters."""
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2 if cjk else len(_WORD.findall(text))


def check_polarity(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[Difference]:
    """Negations present on one side only (kind ``meaning``): the likely meaning flips.

    Silent when either language has no negation data (see ``align/data/negation/``): a negation
    facing a language whose negations are unknown is no evidence of a flip."""
    texts: dict[Side, str] = {"source": src, "target": tgt}
    langs: dict[Side, str] = {"source": base_lang(src_lang), "target": base_lang(tgt_lang)}
    if not all(has_negation_data(lang) for lang in langs.values()):
        return []
    words = {side: _word_spans(texts[side]) for side in texts}
    cues: dict[Side, list[_Cue]] = {}
    for side in texts:
        there = other(side)
        others = _other_words(words[there], texts[there])
        found = _negation_words(texts[side], langs[side], texts[there])
        found += _affix_cues(_outside_neutral(texts[side], langs[side]), langs[side], others, langs[there],
                             texts[side])
        found += _weak_words(texts[side], langs[side]) + _neutral_cues(texts[side], langs[side])
        cues[side] = _litotes(_dedupe(found), texts[side])
    counts = {side: sum(not c.weak for c in cues[side]) for side in texts}
    found_diffs: list[Difference] = []
    near = _without_pairs(cues)
    for side in texts:
        there = other(side)
        left = _pair_up(cues[side], cues[there], len(texts[side]), len(texts[there]))
        for cue in left:
            if cue.weak or (not cue.affix and not _far(cue, texts[side], near[there], texts[there])):
                continue
            found_diffs.append(Difference("meaning", side, cue.text, cue.start, cue.end, cue.value,
                                          _note(cue, side, counts)))
    return found_diffs
