"""Quantities (numbers, number words, percentages, amounts, dates, times) compared by value.

Each side's quantities are extracted per language and matched as multisets of
values: ``1,000.5`` (en) = ``1 000,5`` (nb) = ``1.000,5`` (de), ``two`` = ``to``,
``50 %`` = ``50 prosent``, ``September 2015`` = ``september 2015`` = ``09/2015``.
Number words come from num2words and separators, months and percent/currency
signs from Babel's CLDR data; languages other than en/nb/de/fr compare digits.
Roman ordinals count (``XIXe siècle`` = ``19th century``), and so do clock times
(``4.45 Uhr`` = ``4 h 45``).  Words that give a count loosely (``both`` ~ ``les
deux``, ``une cinquantaine`` ~ ``fifty``) match their value but never count alone.
What value matching leaves over is paired by surface: digit groups written apart
(``433611`` ~ ``43 36 11``), a year and its last two digits (``1977`` ~ ``77``), a
number that stands verbatim in the other text inside a code or name (``U23``,
``BAC One-Eleven``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from align.lang.lexicon import entries, valued

from ...vocab import SIDES, Side
from .base import Difference, base_lang, has_locale, other, sort_key
from .links import find_links

# num2words codes; the forms num2words lacks (cases, abbreviations...) are in align/data/numbers/.
_WORD_LANGS = {"en": "en", "nb": "no", "de": "de", "fr": "fr", "es": "es", "it": "it", "pl": "pl", "ru": "ru",
               "cs": "cs", "sv": "sv", "da": "da", "fi": "fi", "is": "is"}
_CONNECTORS = {"en": "and", "nb": "og", "de": "und", "fr": "et"}
# Endings a scale word takes in the plural (millions, Millionen, millioner): "centres" is no scale.
_SCALE_ENDINGS = {"en": ("s",), "nb": ("er", "ene", "en", "erne"), "de": ("en", "n", "e", "er"), "fr": ("s",)}
# Scripts written without spaces whose numerals (二十五, 3万) are read by _cjk_value.
_CJK_LANGS = {"zh", "ja"}
# Spelling variants num2words does not produce (Norwegian 1938/1951 forms, its typo "millard").
_VARIANTS = {"nb": {"syv": ("sju",), "tjue": ("tyve",), "tretti": ("tredve",), "førti": ("firti",),
                    "millard": ("milliard",)}}
# Articles and other words that only count when the other side has the same value.
_WEAK_WORDS = {"en": {"second"}, "nb": {"ett", "ei", "én", "ein", "eitt", "andre"},
               "de": {"ein", "eine", "einen", "einem", "einer", "eines"}, "fr": {"une", "neuf"}}
# Words that give a count only loosely: they match the same value but never count alone
# ("both" ~ "les deux", "une cinquantaine" ~ "fifty", "a dozen" ~ "12").
_LOOSE_WORDS = {
    "en": {"both": 2, "dozen": 12},
    "nb": {"begge": 2, "dusin": 12, "de to": 2, "begge to": 2},
    "de": {"beide": 2, "beiden": 2, "beider": 2, "beides": 2, "dutzend": 12},
    "fr": {"les deux": 2, "tous les deux": 2, "toutes les deux": 2, "tous deux": 2, "toutes deux": 2,
           "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
           "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000},
}
# Multiplicatives: a count of times ("twice" ~ "deux fois" ~ "zweimal").
_TIMES_WORDS = {"en": {"twice": 2, "thrice": 3}, "de": {"zweimal": 2, "dreimal": 3, "viermal": 4, "fünfmal": 5,
                                                        "zehnmal": 10, "zwanzigmal": 20, "hundertmal": 100}}
_VAGUE = {
    "en": r"several|multiple|many|some|few|various|numerous|a number of|a couple of|a few|plenty of",
    "nb": r"flere|mange|noen|få|diverse|ulike|forskjellige|en rekke|et par|enkelte|tallrike",
    "de": r"mehrere|viele|einige|wenige|verschiedene|zahlreiche|ein paar|manche",
    "fr": r"plusieurs|beaucoup|quelques|certains|certaines|divers|diverses|nombreux|nombreuses|multiples",
}
_SPACES = " \u00a0\u202f\u2009"
_READINGS = ((",", "."), (".", ","), (" ", ","), (" ", "."))


@dataclass(frozen=True)
class Quantity:
    """A quantity found in a text: ``values[0]`` is its normalised value, the rest alternatives."""

    text: str
    start: int
    end: int
    values: tuple[str, ...]
    kind: str  # "number" | "word" | "percent" | "amount" | "date" | "time" | "phone"
    weak: bool = False  # counts only if the other side has it (articles, ordinals...)
    currencies: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """What to call it in a note: number, year, date, percentage, amount..."""
        if self.kind in ("number", "word"):
            value = self.values[0]
            return "year" if self.kind == "number" and re.fullmatch(r"1[89]\d\d|20\d\d", value) else "number"
        return {"percent": "percentage", "phone": "phone number"}.get(self.kind, self.kind)


# ----------------------------------------------------------------- tables (built once)

def _norm_words(text: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[-\u2010\u2011]", " ", text.lower()).split())


@dataclass(frozen=True)
class _Words:
    table: dict[tuple[str, ...], tuple[int, bool]]  # words -> (value, weak)
    scales: dict[str, int]  # bare scale word -> value (hundred, thousand, million...)
    longest: int


def _connector(lang: str) -> str | None:
    return _CONNECTORS.get(lang) or next(iter(entries("numbers", lang, "connectors")), None)


def reads_number_words(lang: str) -> bool:
    """Number words of ``lang`` are known well enough to tell that a number word of the other
    side has no counterpart here (num2words with the forms it lacks, or the CJK numerals)."""
    lang = base_lang(lang)
    return (lang in _WORD_LANGS or lang in _CJK_LANGS) and not entries("numbers", lang, "partial")


def _scale_forms(n2w_lang: str, scale: int) -> set[str]:
    """The forms of a scale word num2words writes after one, two and five (cent, cents; тысяча,
    тысячи, тысяч; tausend)."""
    from num2words import num2words

    forms = set()
    for k in (1, 2, 5):
        try:
            words, unit = num2words(k * scale, lang=n2w_lang).lower(), num2words(k, lang=n2w_lang).lower()
        except (NotImplementedError, OverflowError):
            continue
        if " " in words:
            forms.add(words.split()[-1])
        elif words.startswith(unit) and len(words) > len(unit) + 2:
            forms.add(words[len(unit):])
        elif k == 1:
            forms.add(re.sub(r"^(ein|en|un|ett|et|yksi)(?=\w{4})", "", words))
    return forms


@lru_cache(maxsize=None)
def _number_words(lang: str) -> _Words:
    """Number words of ``lang``: num2words (0-100, round hundreds/thousands, ordinals) and the
    forms in ``align/data/numbers/<lang>.txt``."""
    n2w_lang = _WORD_LANGS.get(lang)
    if n2w_lang is None:
        return _data_words(lang, {}, {})
    from num2words import num2words

    numbers = [*range(101), *range(200, 1000, 100), *range(1000, 10001, 1000), 100_000, 10**6, 10**9]
    table: dict[tuple[str, ...], tuple[int, bool]] = {}
    scales: dict[str, int] = {}
    variants = _VARIANTS.get(lang, {})

    def add(text: str, value: int, weak: bool) -> None:
        forms = {text}
        for old, news in variants.items():
            forms |= {f.replace(old, new) for f in list(forms) if old in f for new in news}
        for form in forms:
            table.setdefault(_norm_words(form), (value, weak or value == 1))

    for n in numbers:
        words = num2words(n, lang=n2w_lang)
        add(words, n, False)
        if n in (100, 1000, 10**6, 10**9):
            bare = _norm_words(words)[-1] if " " in words else re.sub(r"^(ein|en|un)", "", words.lower())
            forms = {bare} | (_scale_forms(n2w_lang, n) if lang not in _SCALE_ENDINGS else set())
            for form in {*forms, *(f.replace(o, v) for f in forms for o, vs in variants.items() if o in f for v in vs)}:
                scales[form] = n
            for form in {bare, *(bare.replace(o, v) for o, vs in variants.items() if o in bare for v in vs)}:
                table.setdefault((form,), (n, False))
        if 1 <= n <= 100 or n == 1000:
            try:
                ordinal = num2words(n, lang=n2w_lang, to="ordinal")
            except NotImplementedError:
                continue
            add(ordinal, n, True)
            if lang == "de":
                for ending in "nrsm":
                    add(ordinal + ending, n, True)
    for word in _WEAK_WORDS.get(lang, ()):
        value = table.get((word,), (1, True))[0]
        table[(word,)] = (value, True)
    if lang == "fr":
        table[("première",)] = (1, True)
        table[("seconde",)] = (2, True)
    for words, value in _LOOSE_WORDS.get(lang, {}).items():
        table[_norm_words(words)] = (value, True)
    for words, value in _TIMES_WORDS.get(lang, {}).items():
        table[_norm_words(words)] = (value, False)
    if lang == "de":  # decades: "in den dreissiger Jahren" ~ "dans les années trente"
        for n in range(20, 100, 10):
            table[(num2words(n, lang="de").lower().replace("ß", "ss") + "er",)] = (n, True)
    return _data_words(lang, table, scales)


def _data_words(lang: str, table: dict[tuple[str, ...], tuple[int, bool]], scales: dict[str, int]) -> _Words:
    """``table`` and ``scales`` with the entries of ``align/data/numbers/<lang>.txt``."""
    for words, value in valued("numbers", lang, "words").items():
        table.setdefault(_norm_words(words), (value, value == 1))
    for words, value in valued("numbers", lang, "weak").items():
        table[_norm_words(words)] = (value, True)
    for words, value in valued("numbers", lang, "loose").items():
        table[_norm_words(words)] = (value, True)
    for words, value in valued("numbers", lang, "scales").items():
        if " " not in words:
            scales[words] = value
        table.setdefault(_norm_words(words), (value, False))
    return _Words(table, scales, max((len(k) for k in table), default=0))


def scale_value(word: str, lang: str) -> int | None:
    """The value of a scale word of ``lang`` (``millioner``, ``тысяч``, ``mln``), or None.

    Only the forms num2words writes and those of ``align/data/numbers/<lang>.txt`` count, and in
    en/nb/de/fr the base form with a plural ending: ``centres`` is not ``cent``."""
    word = word.lower().rstrip(".")
    scales = _number_words(lang).scales
    if word in scales:
        return scales[word]
    values = [v for w, v in scales.items()
              if word.startswith(w) and word[len(w):] in _SCALE_ENDINGS.get(lang, ())]
    return max(values) if values else None


@lru_cache(maxsize=None)
def _months(lang: str) -> dict[str, int]:
    """Month names (wide and abbreviated, lower case, no dot) -> month number."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    if not has_locale(lang):
        return names
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=lang).items():
                names.setdefault(name.lower().rstrip("."), number)
    names.update(valued("numbers", lang, "months"))
    return names


@lru_cache(maxsize=None)
def _number_pattern(lang: str) -> re.Pattern[str]:
    from babel.numbers import get_group_symbol

    # Digit groups written apart by a space (85 000) are common in print outside English.
    spaced = lang != "en" or (has_locale(lang) and get_group_symbol(lang) in _SPACES)
    seps = "[,." + ("\u00a0\u202f\u2009 " if spaced else "\u00a0\u202f\u2009") + "]"
    indian = r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?|" if lang == "hi" else ""
    # Chinese and Japanese put no space between a number and the word after it (25年, 3人).
    start = r"(?<![\d.,])" if lang in _CJK_LANGS else r"(?<![\w.,])"
    return re.compile(
        rf"(?<![^\W\d_]-){start}(?:{indian}\d{{1,3}}(?:(?P<g>{seps})\d{{3}})(?:(?P=g)\d{{3}})*(?:[.,]\d+)?"
        rf"|\d+(?:[.,]\d+)?)(?![.,]?\d)"
    )


@lru_cache(maxsize=None)
def _locale_reading(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    if not has_locale(lang):
        return (",", ".")
    group = get_group_symbol(lang)
    return (" " if group in _SPACES else group, get_decimal_symbol(lang))


@lru_cache(maxsize=1)
def _currency_symbols() -> dict[str, frozenset[str]]:
    """Currency sign (``$``, ``kr``, ``€``, ``NOK``...) -> the ISO codes it may denote."""
    from babel.numbers import get_currency_symbol, list_currencies

    signs: dict[str, set[str]] = {}
    for code in sorted(list_currencies()):
        signs.setdefault(code, set()).add(code)
        for locale in ("en", "en_AU", "en_CA", "en_NZ", "en_GB", "nb", "sv", "da", "de", "de_CH", "fr", "fr_CA"):
            symbol = get_currency_symbol(code, locale)
            if symbol.isalpha() and symbol != code and symbol.lower() != "kr":
                continue  # letter symbols such as "L" or "Br" are too ambiguous
            signs.setdefault(symbol, set()).add(code)
            if "$" in symbol:
                signs.setdefault("$", set()).add(code)
    signs.setdefault("kr.", set()).update(signs.get("kr", ()))
    return {sign: frozenset(codes) for sign, codes in signs.items()}


@lru_cache(maxsize=1)
def _currency_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    signs = sorted(_currency_symbols(), key=lambda s: (-len(s), s))
    alt = "|".join(re.escape(s) + (r"(?![^\W\d_])" if s[-1].isalpha() else "") for s in signs)
    before = re.compile(rf"(?:(?<![^\W\d_])(?P<sign>{alt}))[\s\u00a0]?$")
    after = re.compile(rf"^[\s\u00a0]?(?P<sign>{alt}|,-)")
    return before, after


@lru_cache(maxsize=None)
def _suffix_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(percent sign/word right after a number, scale word right after a number)."""
    from babel.units import format_unit

    words: set[str] = set()
    for locale in ("en", "en_GB", lang):
        if has_locale(locale):  # every plural form: 1 процент, 2 процента, 5 процентов
            words.update(re.sub(r"[\d.,\s\u00a0\u202f]+", " ", format_unit(n, "concentr-percent", "long",
                                                                   locale=locale)).strip().lower()
                         for n in (1, 2, 5, 1.5))
    words.update(w.lower() for w in entries("numbers", lang, "percent"))  # forms CLDR lacks ("per cento")
    alt = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))
    percent = re.compile(rf"^[\s\u00a0\u202f]?(?:%|‰|(?:{alt})(?![^\W\d_]))", re.IGNORECASE)
    scales = _number_words(lang).scales
    if not scales:
        return percent, None
    big = "|".join(sorted((re.escape(w) for w, v in scales.items() if v >= 1000), key=len, reverse=True))
    ending = "|".join(_SCALE_ENDINGS.get(lang, ()))
    scale = re.compile(rf"^\s?(?P<w>(?:{big})(?:{ending})?)(?![^\W\d_])", re.IGNORECASE) if big else None
    return percent, scale


@lru_cache(maxsize=None)
def _ordinal_days(lang: str) -> dict[str, int]:
    """The ordinal words of the days of a month (``ersten`` 1, ``premier`` 1, ``third`` 3), from num2words."""
    n2w_lang = _WORD_LANGS.get(lang)
    if n2w_lang is None:
        return {}
    from num2words import num2words

    days: dict[str, int] = {}
    for n in range(1, 32):
        try:
            word = num2words(n, lang=n2w_lang, to="ordinal").lower()
        except NotImplementedError:
            return {}
        for form in (word, *(word + ending for ending in ("n", "r", "s", "m") if lang == "de")):
            days.setdefault(form, n)
    if lang == "fr":
        days["premier"] = days["première"] = 1
    return days


@lru_cache(maxsize=None)
def _date_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    months = _months(lang)
    if not months or lang in _CJK_LANGS:
        return ()
    m = "|".join(sorted((re.escape(name) for name in months), key=len, reverse=True))
    words = "|".join(sorted((re.escape(w) for w in _ordinal_days(lang)), key=len, reverse=True))
    day = r"(?:(?P<d>[0-3]?\d)(?:\.|st|nd|rd|th|er|re|e)?(?!\d)" + (rf"|(?P<dw>{words})\b" if words else "") + ")"
    month = rf"(?P<m>{m})\.?(?![^\W\d_])"
    year = r"(?P<y>[12]\d{3})(?!\d)"
    return tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"(?<![\w.,]){day}\s+(?:of\s+|de\s+|di\s+)?{month}(?:,?\s+(?:de\s+|del\s+)?{year})?",
        rf"(?<![\w]){month}\s+{day}(?:,?\s+{year})?",
        rf"(?<![\w]){month},?\s+(?:de\s+|del\s+)?{year}",
    ))


_NUMERIC_DATE = re.compile(r"(?<![\d.,/])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\d])")
_ISO_DATE = re.compile(r"(?<![\d.,/-])(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_MONTH_YEAR = re.compile(r"(?<![\d.,/])(?P<m>0?[1-9]|1[0-2])/(?P<y>[12]\d{3})(?!\d)"
                         r"|(?<![\d.,/])(?P<m2>0[1-9]|1[0-2])\.(?P<y2>[12]\d{3})(?!\d)")
# Roman ordinals: "XIXe siècle", "Ier"; a lone L, C or D is a word ("Le", "Ce"), "Ver" is not V + -er.
_ROMAN_ORDINAL = re.compile(r"(?<![\w.])(?:(?P<r>[IVXLC]{2,7}|[VX])(?:e|ème|eme|th|st|nd|rd)|(?P<i>I)(?:er|re|ère))"
                            r"(?![\w])")
_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Clock times: "4.45 Uhr", "4 h 45", "20h30", "4.45 pm".
_CLOCK = {
    "de": re.compile(r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])[.:](?P<m>[0-5]\d)(?=\s*Uhr\b)"
                     r"|(?<![\d.,:])(?P<h2>\d{1,2})\s?(?:Std\.|Stunden?)\s?(?P<m2>[0-5]?\d)\s?Min\.?"),
    "fr": re.compile(r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])\s?h\s?(?P<m>[0-5]\d)?(?![\w])"),
    "en": re.compile(r"(?<![\d.,:])(?P<h>0?\d|1[0-2])[.:](?P<m>[0-5]\d)\s?(?P<p>[ap]\.?m\.?)(?![\w])", re.IGNORECASE),
    "nb": re.compile(r"(?<=\bkl\.\s)(?P<h>[01]?\d|2[0-3])[.:](?P<m>[0-5]\d)(?!\d)"),
}
_PHONE = re.compile(r"(?<![\w+])\+\d[\d \u00a0().-]{6,}\d")
_LETTERS = regex.compile(r"\p{L}[\p{L}\p{M}]*")  # words with their combining marks (Devanagari vowel signs)
# Numerals of Chinese and Japanese, alone or after digits (二十五, 3万, 1.5亿, 二〇二〇).
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
_CJK_RUN = re.compile(r"(?:\d+(?:[.,]\d+)*|[〇零一二两兩三四五六七八九十百千万萬亿億兆])+")
_CJK_DATE = re.compile(r"(?<![\d〇零一二两兩三四五六七八九十])"
                       r"(?:(?P<y>[12]\d{3})\s*(?:[（(][^）)]{1,8}[）)])?\s*年\s*)?"
                       r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月\s*(?:(?P<d>[12]\d|3[01]|0?[1-9])\s*[日号])?")
# Clock times: 15时50分, 9点半, 午前0時.
_CJK_TIME = re.compile(r"(?P<p>午前|午後|上午|下午|晚上|凌晨|中午)?(?<!\d)(?P<h>[01]?\d|2[0-4])\s*[時时点點]"
                       r"(?:(?P<m>[0-5]?\d)分|(?P<half>半))?")
_INDIAN_GROUPS = re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?")
# Characters read as ASCII before extraction (same length, so offsets hold): any decimal digit
# (Devanagari, Arabic-Indic, full-width...) and the full-width percent sign and full stop.
_NORMAL = {"％": "%", "．": "."}


def _normalise(text: str) -> str:
    """``text`` with digits of every script as ASCII digits (one character for one)."""
    out = []
    for ch in text:
        if ch in _NORMAL:
            out.append(_NORMAL[ch])
        elif ch.isdigit() and not ch.isascii():
            value = unicodedata.decimal(ch, None)
            out.append(str(value) if value is not None else ch)
        else:
            out.append(ch)
    return "".join(out)


def _cjk_value(run: str) -> Decimal | None:
    """The value of a run of Chinese/Japanese numerals, digits allowed (``二十五`` 25, ``3万`` 30000,
    ``1.5亿``, ``二〇二〇`` 2020)."""
    if len(run) > 1 and all(ch in _CJK_DIGITS for ch in run):  # digit by digit: 二〇二〇
        return Decimal("".join(str(_CJK_DIGITS[ch]) for ch in run))
    total, section, number = Decimal(0), Decimal(0), None
    for piece in re.findall(r"\d+(?:[.,]\d+)*|.", run):
        if piece[0].isdigit():
            try:
                number = Decimal(piece.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", piece)
                                 else piece.replace(",", "."))
            except InvalidOperation:
                return None
        elif piece in _CJK_DIGITS:
            number = Decimal(_CJK_DIGITS[piece])
        elif piece in _CJK_UNITS:
            section += (number if number is not None else 1) * _CJK_UNITS[piece]
            number = None
        elif piece in _CJK_BIG:
            section += number if number is not None else 0
            total += (section or 1) * _CJK_BIG[piece]
            section, number = Decimal(0), None
    return total + section + (number if number is not None else 0)
_WORD_GAP = re.compile(r"[\s\u2010\u2011-]+")


# ----------------------------------------------------------------- extraction

def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _read(text: str, group: str, decimal: str) -> str | None:
    """``text`` read with one group/decimal convention, or None if it does not fit."""
    if text.count(decimal) > 1:
        return None
    whole, _, fraction = text.partition(decimal)
    groups = whole.split(group) if group in whole else [whole]
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    if not all(g.isdigit() for g in groups) or (fraction and not fraction.isdigit()):
        return None
    try:
        return _decimal_text(Decimal("".join(groups) + ("." + fraction if fraction else "")))
    except InvalidOperation:
        return None


def _digit_values(text: str, lang: str) -> tuple[str, ...]:
    if _INDIAN_GROUPS.fullmatch(text):  # 1,00,000 (a lakh)
        return (_decimal_text(Decimal(text.replace(",", ""))),)
    plain = re.sub(f"[{_SPACES}]", " ", text)
    values: list[str] = []
    for group, decimal in (_locale_reading(lang), *_READINGS):
        value = _read(plain, group, decimal)
        if value is not None and value not in values:
            values.append(value)
    return tuple(values)


class _Extractor:
    """Finds the quantities of one text; spans already used are skipped."""

    def __init__(self, text: str, lang: str) -> None:
        self.original, self.text, self.lang = text, _normalise(text), lang
        self.taken: list[tuple[int, int]] = [(link.start, link.end) for link in find_links(text)]
        self.found: list[Quantity] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def add(self, start: int, end: int, values: tuple[str, ...], kind: str, weak: bool = False,
            currencies: frozenset[str] = frozenset()) -> None:
        self.found.append(Quantity(self.original[start:end], start, end, values, kind, weak, currencies))
        self.taken.append((start, end))

    def run(self) -> list[Quantity]:
        self.phones_times_numeric_dates()
        self.clock_times()
        self.roman_ordinals()
        self.text_dates()
        if self.lang in _CJK_LANGS:
            self.cjk()
        self.digits()
        self.words()
        return sorted(self.found, key=lambda q: q.start)

    def phones_times_numeric_dates(self) -> None:
        for match in _PHONE.finditer(self.text):
            if self.free(*match.span()):
                self.add(*match.span(), ("+" + re.sub(r"\D", "", match.group()),), "phone")
        for match in _ISO_DATE.finditer(self.text):
            if self.free(*match.span()):
                self.add(*match.span(), (match.group(),), "date")
        for match in _NUMERIC_DATE.finditer(self.text):
            a, b, year = int(match["a"]), int(match["b"]), match["y"]
            if len(year) == 2:
                year = ("20" if int(year) < 70 else "19") + year
            orders = [(a, b), (b, a)] if self.lang == "en" and match["s"] == "/" else [(b, a)]
            values = tuple(f"{year}-{m:02d}-{d:02d}" for m, d in orders if 1 <= m <= 12 and 1 <= d <= 31)
            if values and self.free(*match.span()):
                self.add(*match.span(), tuple(dict.fromkeys(values)), "date")
        for match in _MONTH_YEAR.finditer(self.text):
            month, year = match["m"] or match["m2"], match["y"] or match["y2"]
            if self.free(*match.span()):
                self.add(*match.span(), (f"{year}-{int(month):02d}",), "date")
        for match in re.finditer(r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?!\d|\s?[ap]\.?m\b)"
                                 r"|(?<=\bkl\.\s)(?P<h2>[01]?\d|2[0-3])[.:](?P<m2>[0-5]\d)(?!\d)", self.text):
            hour, minute = match["h"] or match["h2"], match["m"] or match["m2"]
            if self.free(*match.span()):
                self.add(*match.span(), (f"{int(hour):02d}:{minute}",), "time")
        for match in re.finditer(r"(?<![\d.,:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?:GMT|UTC|Z|hours|hrs)(?!\w)",
                                 self.text):
            if self.free(*match.span()):  # military time: 1200 GMT
                self.add(*match.span(), (f"{match['h']}:{match['m']}",), "time")

    def clock_times(self) -> None:
        pattern = _CLOCK.get(self.lang)
        if pattern is None:
            return
        for match in pattern.finditer(self.text):
            if not self.free(*match.span()):
                continue
            hour, minute = int(match["h"] or match["h2"]), match["m"] or match.groupdict().get("m2") or "00"
            minute = minute.zfill(2)
            if match.groupdict().get("p") and match["p"].lower().startswith("p") and hour < 12:
                hour += 12
            values: tuple[str, ...] = (f"{hour:02d}:{minute}",)
            if match["m"] is None and match.groupdict().get("m2") is None:  # "4 h" may be a duration: 4 hours
                values += (str(hour),)
            elif self.lang == "de" and match["h"]:
                values += (_decimal_text(Decimal(f"{match['h']}.{match['m']}")),)
            self.add(*match.span(), values, "time")

    def cjk(self) -> None:
        """Chinese and Japanese dates (``2020年7月26日``) and numerals (``二十五``, ``3万``, ``25%``).

        A numeral is weak (it counts only if the other side has its value) unless it has digits, is
        followed by a counter (``三个``, ``五人``) or is a compound (``二十五``); words written
        with numerals (``一些`` some, ``十分`` very) are skipped, and ``第`` makes an ordinal."""
        for match in _CJK_DATE.finditer(self.text):
            if not self.free(*match.span()):
                continue
            year, day, month = match["y"], match["d"], match["m"]
            month = int(month) if month.isdigit() else int(_cjk_value(month) or 0)
            value = (year or "-") + f"-{month:02d}" + (f"-{int(day):02d}" if day else "")
            self.add(*match.span(), (value,), "date", weak=not (year or day))
        for match in _CJK_TIME.finditer(self.text):
            if not self.free(*match.span()):
                continue
            hour = int(match["h"])
            if match["p"] in ("午後", "下午", "晚上") and hour < 12:
                hour += 12
            minute = "30" if match["half"] else (match["m"] or "00").zfill(2)
            values = (f"{hour:02d}:{minute}",) + (() if match["m"] or match["half"] else (str(hour),))
            self.add(*match.span(), values, "time", weak=hour in (0, 24) and minute == "00")
        skip = [(m.start(), m.end()) for line in entries("numbers", self.lang, "not-numbers")
                for word in line.split() for m in re.finditer(re.escape(word), self.text)]
        weak_before = tuple(w for line in entries("numbers", self.lang, "weak-before") for w in line.split())
        weak_after = tuple(w for line in entries("numbers", self.lang, "weak-after") for w in line.split())
        counters = sorted((c for line in entries("numbers", self.lang, "counters") for c in line.split()),
                          key=len, reverse=True)
        for match in _CJK_RUN.finditer(self.text):
            run, (start, end) = match.group(), match.span()
            if not any(ch in _CJK_DIGITS or ch in _CJK_UNITS or ch in _CJK_BIG for ch in run):
                continue  # plain digits: digits() reads them with the locale's separators
            run = run.rstrip(",.")
            end = start + len(run)
            cut = min((s for s, e in skip if start < s < end), default=end)  # 1000万千瓦: 千瓦 is kW
            run, end = run[:cut - start], cut
            if not self.free(start, end) or any(s <= start < e for s, e in skip):
                continue
            value = _cjk_value(run)
            if value is None:
                continue
            weak = (value == 1 or self.text[max(0, start - 1):start] == "第" or self.text[:start].endswith(weak_before)
                    or self.text.startswith(weak_after, end))
            if not (any(ch.isdigit() for ch in run) or self.text.startswith(tuple(counters), end)
                    or (len(run) > 1 and any(ch in _CJK_UNITS or ch in _CJK_BIG for ch in run))):
                weak = True
            kind, text_value = "number", _decimal_text(value)
            if self.text[max(0, start - 3):start] == "百分之":
                kind, text_value, start = "percent", text_value + "%", start - 3
            elif self.text.startswith("%", end):
                kind, text_value, end = "percent", text_value + "%", end + 1
            self.add(start, end, (text_value,), kind, weak=weak)

    def roman_ordinals(self) -> None:
        """``XIXe siècle`` = 19th century."""
        for match in _ROMAN_ORDINAL.finditer(self.text):
            roman = match["r"] or match["i"]
            if not self.free(*match.span()) or not _ROMAN.fullmatch(roman):
                continue
            value = 0
            for k, letter in enumerate(roman):
                v = _ROMAN_VALUES[letter]
                value += -v if k + 1 < len(roman) and _ROMAN_VALUES[roman[k + 1]] > v else v
            self.add(*match.span(), (str(value),), "number", weak=value == 1)

    def text_dates(self) -> None:
        months = _months(self.lang)
        for pattern in _date_patterns(self.lang):
            for match in pattern.finditer(self.text):
                name = match["m"]
                if not self.free(*match.span()) or (self.lang == "en" and not name[0].isupper()):
                    continue
                month = months[name.lower()]
                day = match.groupdict().get("d")
                if match.groupdict().get("dw"):
                    day = str(_ordinal_days(self.lang)[match["dw"].lower()])
                if day is not None and not 1 <= int(day) <= 31:
                    continue
                year = match.groupdict().get("y")
                value = (year or "-") + f"-{month:02d}" + (f"-{int(day):02d}" if day else "")
                self.add(*match.span(), (value,), "date")

    def digits(self) -> None:
        percent, scale = _suffix_patterns(self.lang)
        before, after = _currency_pattern()
        signs = _currency_symbols()
        for match in _number_pattern(self.lang).finditer(self.text):
            start, end = match.span()
            if not self.free(start, end):
                continue
            values, kind, currencies = _digit_values(match.group(), self.lang), "number", frozenset[str]()
            tail = self.text[end:end + 24]
            if (found := scale.match(tail) if scale else None) is not None:
                factor = self._scale_value(found["w"]) or 1
                values = tuple(_decimal_text(Decimal(v) * factor) for v in values)
                end += found.end()
                tail = self.text[end:end + 24]
            head = self.text[max(0, start - 6):start]
            if (found := percent.match(tail)) is not None:
                values, kind = tuple(v + "%" for v in values), "percent"
                end += found.end()
            elif (found := after.match(tail)) is not None:
                kind, end = "amount", end + found.end()
                currencies = signs.get("kr" if found["sign"] == ",-" else found["sign"], frozenset())
            elif (found := before.search(head)) is not None:
                kind, currencies = "amount", signs[found["sign"]]
                start -= len(head) - found.start()
            weak = False
            if self.lang in _CJK_LANGS:  # 1人 (someone), 30代 (thirties), 明治28年 (an era year)
                counters = tuple(c for line in entries("numbers", self.lang, "counters") for c in line.split())
                weak = ((values == ("1",) and self.text.startswith(counters, end))
                        or self.text.startswith(tuple(w for line in entries("numbers", self.lang, "weak-after")
                                                      for w in line.split()), end)
                        or self.text[:start].rstrip("（( ").endswith(tuple(
                            w for line in entries("numbers", self.lang, "weak-before") for w in line.split())))
            if values and self.free(start, end):
                self.add(start, end, values, kind, weak=weak, currencies=currencies)

    def _scale_value(self, word: str) -> int | None:
        """The value of a scale word, plural included (``millioner`` -> 10**6)."""
        return scale_value(word, self.lang)

    def words(self) -> None:
        vocab = _number_words(self.lang)
        if not vocab.table:
            return
        tokens = [(m.group().lower().replace("ß", "ss") if self.lang == "de" else m.group().lower(),
                   m.start(), m.end()) for m in _LETTERS.finditer(self.text) if self.free(*m.span())]
        i = 0
        while i < len(tokens):
            hit = self._word_number(tokens, i, vocab)
            if hit is None:
                i += 1
                continue
            value, weak, j = hit
            while (nxt := self._continuation(tokens, j, vocab)) is not None:
                value2, j2, is_scale = nxt
                if is_scale and value < value2:
                    value, weak = value * value2, False
                elif value >= 100 and value % 100 == 0 and value2 < min(100 if value < 1000 else 1000, value):
                    value, weak = value + value2, False
                else:
                    break
                j = j2
            if j == i + 1 and value >= 1000 and self._scale_value(tokens[i][0]) == value:
                weak = True  # a scale word alone ("millions of", "plusieurs millions") is no count
            start, end = tokens[i][1], tokens[j - 1][2]
            kind, values = "word", (str(value),)
            if (found := _suffix_patterns(self.lang)[0].match(self.text[end:end + 24])) is not None:
                kind, values, end = "percent", (f"{value}%",), end + found.end()
            self.add(start, end, values, kind, weak)
            i = j

    def _contiguous(self, tokens: list[tuple[str, int, int]], i: int, j: int) -> bool:
        return all(_WORD_GAP.fullmatch(self.text[tokens[k][2]:tokens[k + 1][1]]) for k in range(i, j - 1))

    def _word_number(self, tokens: list[tuple[str, int, int]], i: int, vocab: _Words) -> tuple[int, bool, int] | None:
        for size in range(min(vocab.longest, len(tokens) - i), 0, -1):
            key = tuple(t[0] for t in tokens[i:i + size])
            if key in vocab.table and self._contiguous(tokens, i, i + size):
                value, weak = vocab.table[key]
                return value, weak, i + size
        return None

    def _continuation(self, tokens: list[tuple[str, int, int]], j: int,
                      vocab: _Words) -> tuple[int, int, bool] | None:
        """(value, end token, is a scale word) of the words continuing a number at token ``j``."""
        if j < len(tokens) and tokens[j][0] == _connector(self.lang) and self._contiguous(tokens, j - 1, j + 1):
            j += 1
        if j >= len(tokens) or not self._contiguous(tokens, j - 1, j + 1):
            return None
        scale = self._scale_value(tokens[j][0])
        if scale is not None:
            return scale, j + 1, True
        hit = self._word_number(tokens, j, vocab)
        return None if hit is None or hit[1] else (hit[0], hit[2], False)


def extract_quantities(text: str, lang: str) -> list[Quantity]:
    """The quantities of ``text`` in language ``lang``, in order."""
    return _Extractor(text, base_lang(lang)).run()


# ----------------------------------------------------------------- comparison

def _partial(a: Quantity, b: Quantity) -> bool:
    """``a`` is a date that ``b`` gives less precisely (``2015-09`` vs ``2015``)."""
    if a.kind != "date":
        return False
    return any(va.startswith(vb + "-") and re.match(r"\d{4}", vb) for va in a.values for vb in b.values)


def _match(sides: dict[Side, list[Quantity]]) -> tuple[dict[Side, set[int]], list[tuple[Quantity, Quantity]]]:
    """Pair source and target quantities by value; returns the used indices and partial pairs."""
    used: dict[Side, set[int]] = {"source": set(), "target": set()}
    src, tgt = sides["source"], sides["target"]
    tests = (
        lambda a, b: a.values[0] == b.values[0],
        lambda a, b: bool(set(a.values) & set(b.values)),
        lambda a, b: bool({v.rstrip("%") for v in a.values} & {v.rstrip("%") for v in b.values}),
    )
    for test in tests:
        for strong_only in (True, False):
            for i, a in enumerate(src):
                if i in used["source"]:
                    continue
                for j, b in enumerate(tgt):
                    if j in used["target"] or (strong_only and (a.weak or b.weak)) or not test(a, b):
                        continue
                    used["source"].add(i)
                    used["target"].add(j)
                    break
    partial: list[tuple[Quantity, Quantity]] = []
    for side in SIDES:
        mine, theirs = sides[side], sides[other(side)]
        for i, a in enumerate(mine):
            for j, b in enumerate(theirs):
                if i not in used[side] and j not in used[other(side)] and _partial(a, b):
                    used[side].add(i)
                    used[other(side)].add(j)
                    partial.append((a, b) if side == "source" else (b, a))
    return used, partial


def _digits(q: Quantity) -> str:
    return re.sub(r"\D", "", q.text)


def _match_loosely(sides: dict[Side, list[Quantity]], texts: dict[Side, str], used: dict[Side, set[int]]) -> None:
    """Pair what value matching left over by surface: digit groups written apart (``433611`` ~
    ``43 36 11``), a year and its two last digits (``1977`` ~ ``77``), and a number that stands
    verbatim in the other text inside a name or code (``U23``, ``R5``, ``BAC One-Eleven``)."""
    runs = {side: _digit_runs(sides[side], texts[side], used[side]) for side in sides}
    for side in SIDES:
        there = other(side)
        keys: dict[str, list[int]] = {}
        for run in runs[there]:
            keys.setdefault("".join(_digits(sides[there][k]) for k in run), run)
        for run in runs[side]:
            if len(run) < 2 or any(k in used[side] for k in run):
                continue
            match = keys.get("".join(_digits(sides[side][k]) for k in run))
            if match is not None and not any(k in used[there] for k in match):
                used[side].update(run)
                used[there].update(match)
    for side in SIDES:
        there = other(side)
        for i, q in enumerate(sides[side]):
            if i in used[side] or q.kind != "number" or not re.fullmatch(r"['’]?\d\d", q.text):
                continue
            for j, year in enumerate(sides[there]):
                if (j not in used[there] and year.kind == "number" and re.fullmatch(r"(?:19|20)\d\d", year.text)
                        and year.text[2:] == q.text[-2:]):
                    used[side].add(i)
                    used[there].add(j)
                    break
    for side in SIDES:
        there = other(side)
        taken = [(q.start, q.end) for q in sides[there]]  # digits the extractor left alone there
        free_runs = [m.group() for m in re.finditer(r"\d+", texts[there])
                     if not any(s <= m.start() < e for s, e in taken)]
        for i, q in enumerate(sides[side]):
            if i in used[side] or q.weak:
                continue
            if q.kind == "number" and q.values[0].isdigit() and q.values[0] in free_runs:
                free_runs.remove(q.values[0])
                used[side].add(i)
            elif (q.kind == "word" and q.text[:1].isupper()
                  and re.search(rf"(?<!\w){re.escape(q.text)}(?!\w)", texts[there]) is not None):
                used[side].add(i)


def _digit_runs(quantities: list[Quantity], text: str, used: set[int]) -> list[list[int]]:
    """Indices of unmatched plain numbers that follow each other, separated by spaces only, in
    groups of two or three digits (``43 36 11``); a single number is a run of one."""
    runs: list[list[int]] = []
    for i, q in enumerate(quantities):
        if i in used or q.kind != "number" or q.weak:
            continue
        plain = re.fullmatch(r"\d+", q.text) is not None
        if (runs and plain and len(q.text) in (2, 3) and runs[-1][-1] == i - 1
                and re.fullmatch(r"[ \u00a0\u202f]", text[quantities[i - 1].end:q.start])
                and all(re.fullmatch(r"\d{1,3}", quantities[k].text) for k in runs[-1])):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _vague_near(q: Quantity, text: str, other_text: str, lang: str) -> str | None:
    """A vague quantifier (``flere``, ``several``) at about the same relative place in ``other_text``."""
    pattern = _VAGUE.get(lang) or "|".join(entries("numbers", lang, "vague")) or None
    if pattern is None or not other_text:
        return None
    where = (q.start + q.end) / 2 / max(len(text), 1)
    best: tuple[float, str] | None = None
    for match in re.finditer(rf"(?<![^\W\d_])(?:{pattern})(?![^\W\d_])", other_text, re.IGNORECASE):
        distance = abs((match.start() + match.end()) / 2 / len(other_text) - where)
        if distance <= 0.3 and (best is None or distance < best[0]):
            best = (distance, match.group())
    return None if best is None else best[1]


def check_numbers(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[Difference]:
    """Quantities present on one side only (kind ``number``), compared by value.

    Word forms with the value 1 (articles), ordinal words and other ambiguous
    words only count when the other side has the same value.  A date given less
    precisely on the other side, and an amount whose currency differs, are
    reported too.
    """
    texts: dict[Side, str] = {"source": src, "target": tgt}
    langs: dict[Side, str] = {"source": base_lang(src_lang), "target": base_lang(tgt_lang)}
    sides = {side: extract_quantities(texts[side], langs[side]) for side in texts}
    for side in texts:
        if not reads_number_words(langs[other(side)]):
            # The other language's number words are unknown: a word here may be written there in
            # a form this check cannot read, so it only counts when matched.
            sides[side] = [replace(q, weak=True) if q.kind == "word" else q for q in sides[side]]
    used, partial = _match(sides)
    _match_loosely(sides, texts, used)
    found: list[Difference] = []
    for side in SIDES:
        there = other(side)
        for i, q in enumerate(sides[side]):
            if i in used[side] or q.weak:
                continue
            note = f"{q.label} '{q.text}' ({q.values[0]}) has no counterpart in the {there}"
            vague = _vague_near(q, texts[side], texts[there], langs[there])
            if vague is not None:
                note += f" (which says '{vague}' there)"
            found.append(Difference("number", side, q.text, q.start, q.end, q.values[0], note))
    for a, b in partial:
        fine, coarse, side = (a, b, "source") if _partial(a, b) else (b, a, "target")
        note = f"date '{fine.text}' ({fine.values[0]}) is only partly in the {other(side)} ('{coarse.text}')"
        found.append(Difference("number", side, fine.text, fine.start, fine.end, fine.values[0], note))
    for a, b in _matched_amounts(sides, used):
        if a.currencies and b.currencies and not a.currencies & b.currencies:
            note = f"amount '{a.text}' and the target's '{b.text}' are in different currencies"
            found.append(Difference("number", "source", a.text, a.start, a.end, a.values[0], note))
    return sorted(found, key=sort_key)


def _matched_amounts(sides: dict[Side, list[Quantity]], used: dict[Side, set[int]]) -> list[tuple[Quantity, Quantity]]:
    """Amount pairs with the same value on both sides (for the currency test)."""
    pairs: list[tuple[Quantity, Quantity]] = []
    targets = [q for j, q in enumerate(sides["target"]) if j in used["target"] and q.kind == "amount"]
    for i, a in enumerate(sides["source"]):
        if i in used["source"] and a.kind == "amount":
            b = next((b for b in targets if set(a.values) & set(b.values)), None)
            if b is not None:
                targets.remove(b)
                pairs.append((a, b))
    return pairs
