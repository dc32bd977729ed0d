"""TMX (1.4b, also 1.1-1.3): one pair per ``<tu>``, its source and target ``<tuv>``.

The source language is the one asked for, else the header's ``srclang`` (unless ``*all*``), else
the first ``<tuv>``'s; the target is the one asked for, else the only other language in the file
(a TMX with three or more languages needs ``--tgt-lang``). ``<seg>`` text keeps ``<hi>`` and leaves
out native code (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``). A ``<tu>`` without both
languages is skipped (reported by id). Unit ids are ``tuid`` attributes, else ``tu N`` (1-based).
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..xmlparse import inline_text
from .base import Parsed, Unit
from .xml import XML_LANG, XmlFormat, same_language

KEEP = frozenset({"hi"})


def _lang(tuv: Any) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").strip()


def _pick(tuvs: list[Any], lang: str) -> Any | None:
    """The ``<tuv>`` in ``lang``: an exact tag first, else one of the same language."""
    exact = [t for t in tuvs if _lang(t).lower().replace("_", "-") == lang.lower().replace("_", "-")]
    return (exact or [t for t in tuvs if _lang(t) and same_language(_lang(t), lang)] or [None])[0]


class Tmx(XmlFormat):
    """TMX translation memories."""

    name = "tmx"
    root = "tmx"
    extensions = (".tmx",)
    signature = re.compile(r"<tmx\b")

    def read(self, path: str, text: str, src_lang: str | None, tgt_lang: str | None) -> Parsed:
        root = self.parse(path, text)
        tus = root.findall("{*}body/{*}tu")
        if not tus:
            raise InputError(f"{path}: no translation units (<tu>) in the TMX")
        seen: dict[str, str] = {}  # each language once, as first spelt
        for tuv in root.iterfind("{*}body/{*}tu/{*}tuv"):
            if _lang(tuv):
                seen.setdefault(_lang(tuv).lower().replace("_", "-"), _lang(tuv))
        langs = list(seen.values())
        header = root.find("{*}header")
        declared = header.get("srclang", "") if header is not None else ""
        source = src_lang or (declared if declared and declared != "*all*" else "") or (langs or [""])[0]
        if not source:
            raise InputError(f"{path}: no <tuv> names its language (xml:lang)")
        target = tgt_lang
        if not target:
            others = list(dict.fromkeys(lang for lang in langs if not same_language(lang, source)))
            if len(others) != 1:
                raise InputError(f"{path}: the TMX holds {', '.join(langs)}; name the target language with "
                                 f"--tgt-lang" if others else f"{path}: the TMX holds only {source}")
            target = others[0]
        units, skipped = [], []
        for n, tu in enumerate(tus, 1):
            uid = tu.get("tuid") or f"tu {n}"
            tuvs = tu.findall("{*}tuv")
            pair = [_pick(tuvs, lang) for lang in (source, target)]
            texts = ["" if tuv is None or tuv.find("{*}seg") is None else inline_text(tuv.find("{*}seg"), KEEP)
                     for tuv in pair]
            if texts[0] and texts[1]:
                units.append(Unit(uid, texts[0], texts[1]))
            else:
                skipped.append(uid)
        return Parsed(units, source, target, tuple(skipped))
