"""Names that the name check leaves unmatched, seen through the word alignment of the pair.

The name check (:mod:`align.divergence.checks.entities`) works on spelling, CLDR and sound; it
cannot tell a name translated in a way it does not know from one dropped or added. The word
aligner can: :func:`reconcile_names` drops the names it links to the other side (translated),
the source acronyms whose place holds their spelled-out name, and, when a source name is still
left out, finds the target name standing in its place (a name replaced, not a name dropped).
"""
from __future__ import annotations

from .checks import Difference
from .wordalign import WordAlignment
from .wordcheck import inner_name


def reconcile_names(a: WordAlignment, source: list[Difference], target: list[Difference]
                    ) -> tuple[list[Difference], list[Difference]]:
    """The names of each side still unmatched once the word alignment ``a`` is taken into account:
    ``source`` names left out, ``target`` names added (or standing in place of a source name)."""
    source = [d for d in source if a.link_strength("source", d.start, d.end, to_names=True) < TRANSLATED_NAME]
    target = [d for d in target if a.link_strength("target", d.start, d.end) < TRANSLATED_NAME_ADDED]
    source = [d for d in source if not _spelled_out_in_place(a, d)]
    if source and not target:
        target = _names_in_their_place(a, source)
    return source, target


# A name on one side only whose words the word aligner links this strongly to the other side is
# translated there (Borsa ~ Stock Exchange, США ~ U.S., Neapel ~ Napoli, jüdischen ~ Jewish), not
# dropped or added. A source name must link to a name (a word that does not start in lower case):
# a dropped brand name links to some common word of its sentence (ClickSend's ~
# kundehenvisningsprogram), and a dropped name weighs more than a false alarm.
# DEMETR development half, link similarity of the unmatched names: faithful pairs median 0.66
# (source) / 0.31 (target); a name removed is linked in 7% of cases; a name replaced 0.55 / 0.53
# at the 75th percentile (eval/bench_demetr.py measures the effect).
TRANSLATED_NAME = 0.6
TRANSLATED_NAME_ADDED = 0.65


def _spelled_out_in_place(a: WordAlignment, d: Difference) -> bool:
    """A source acronym whose place in the target holds a name of several capitalised words with its
    first letter: spelled out in translation (``PZPN`` ~ Polish Football Association)."""
    letters = [c for c in d.text if c.isupper()]
    if len(letters) < 2:
        return False
    for j in _in_place(a, d):
        run = sorted(_name_run(a, j))
        if len(run) >= 2 and a.target[run[0]].text[:1] == letters[0]:
            return True
    return False


def _in_place(a: WordAlignment, d: Difference) -> list[int]:
    """Target words standing where the source span ``d`` stands: those the word aligner links to it,
    and unlinked ones at about the same place in the sentence (within :data:`REPLACED_NEAR`)."""
    where = d.start / max(len(a.source_text), 1)
    found = {j for i in a.words_in("source", d.start, d.end) for j in a.partners("source", i)}
    found |= {w.index for w in a.target if not a.partners("target", w.index)
              and abs(w.start / max(len(a.target_text), 1) - where) <= REPLACED_NEAR}
    return sorted(found)


def _names_in_their_place(a: WordAlignment, dropped: list[Difference]) -> list[Difference]:
    """Target names standing where a source name the target leaves out stood: the name was
    replaced, not dropped (``罗马`` ~ ``Napoli``). A name inside the sentence (a capitalised word
    after another word, or a word of a script without case) counts when the word aligner links it
    to the dropped name alone, or links it to nothing and it stands at about the same place in the
    sentence (within :data:`REPLACED_NEAR` of the length): the name check cannot read every
    script, so a target name it cannot judge may be the replacement."""
    found: dict[int, Difference] = {}
    for d in dropped:
        inside = set(a.words_in("source", d.start, d.end))
        for j in _in_place(a, d):
            w = a.target[j]
            # the whole name (its neighbouring capitalised words) links to the dropped name or to nothing
            name = _name_run(a, j)
            elsewhere = {i for k in name for i in a.partners("target", k)} - inside
            if j not in found and not elsewhere and not w.is_punct and inner_name(a.target_text, w.start, w.end):
                found[j] = Difference("entity", "target", w.text, w.start, w.end, w.text.lower(),
                                      f"name '{w.text}' stands where the source has '{d.text}'")
    return [found[j] for j in sorted(found)]


def _name_run(a: WordAlignment, j: int) -> list[int]:
    """Target word ``j`` and its neighbours that start with a capital (``Stock Exchange``)."""
    words, run = a.target, [j]
    for step in (-1, 1):
        k = j + step
        while 0 <= k < len(words) and words[k].text[:1].isupper() and not words[k].is_punct:
            run.append(k)
            k += step
    return run


# How far (share of the sentence length) an unlinked target name may stand from a dropped source
# name to count as its replacement: DEMETR dev, names replaced with the right kind 38.2% -> 49.5%,
# prepositional phrases dropped reported as such 40.4% -> 39.5% (0.25: 50.0% / 38.6%).
REPLACED_NEAR = 0.15
