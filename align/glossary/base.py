"""The glossary records every reader makes: :class:`Term`, :class:`Concept`, :class:`Glossary`."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..lang import base

TermType = Literal["required", "forbidden", "dnt"]
TERM_TYPES: tuple[TermType, ...] = ("required", "forbidden", "dnt")


@dataclass(frozen=True)
class Term:
    """One glossary rule; ``where`` names its place (``terms.csv row 4``) for messages."""

    type: TermType
    source: str
    targets: tuple[str, ...] = ()
    where: str = ""


@dataclass(frozen=True)
class Concept:
    """A multilingual entry (TBX): per language, its terms and whether each is forbidden."""

    terms: Mapping[str, tuple[tuple[str, bool], ...]]
    where: str = ""

    def side(self, lang: str) -> tuple[tuple[str, bool], ...]:
        """The terms of the first language of the entry that is ``lang`` (by primary language)."""
        for code, terms in self.terms.items():
            if base(code) == base(lang):
                return terms
        return ()


@dataclass(frozen=True)
class Glossary:
    """The terms of one or more glossary files."""

    terms: tuple[Term, ...] = ()
    concepts: tuple[Concept, ...] = ()

    def terms_for(self, src_lang: str, tgt_lang: str) -> tuple[Term, ...]:
        """The rules for one language pair: every language-free term, and those of the concepts with
        terms in both languages (an identical source and target term is do-not-translate; a target
        term marked deprecated or forbidden is forbidden; the other target terms are required)."""
        out = list(self.terms)
        for concept in self.concepts:
            source = [t for t, bad in concept.side(src_lang) if not bad]
            target = concept.side(tgt_lang)
            allowed = tuple(t for t, bad in target if not bad)
            for term in source:
                if term in allowed:
                    out.append(Term("dnt", term, (), concept.where))
                elif allowed:
                    out.append(Term("required", term, allowed, concept.where))
            forbidden = tuple(t for t, bad in target if bad)
            if forbidden:
                out.append(Term("forbidden", "", forbidden, concept.where))
        return tuple(out)

    def __add__(self, other: Glossary) -> Glossary:
        return Glossary(self.terms + other.terms, self.concepts + other.concepts)
