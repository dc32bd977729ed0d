"""URLs, bare domain names and e-mail addresses that stand on one side only, or differ."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .base import Difference, other, sort_key
from .scripts import main_script

# Generic top-level domains; country-code ones come from CLDR territory codes.
_GENERIC_TLDS = (
    "com net org edu gov mil int info biz name pro app dev io ai co online site shop store "
    "tech cloud xyz blog news email global group law legal page web"
)
_TRAILING = ".,;:!?'\"’”»)]}>"
_CHARS = r"[^\s<>\"'«»“”‘’()\[\]{}]"


@dataclass(frozen=True)
class Link:
    """A URL, domain or e-mail address found in a text."""

    kind: str  # "url" | "email"
    text: str
    start: int
    end: int
    value: str  # normalised form
    host: str
    path: str  # path/query without language segments, "" for a bare host


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    from babel import Locale

    # Babel's stubs type the keys as str | int | None; they are territory codes ("US", "001").
    codes = {code.lower() for code in Locale("en").territories
             if isinstance(code, str) and len(code) == 2 and code.isalpha()}
    tlds = "|".join(sorted(codes | set(_GENERIC_TLDS.split()), key=lambda t: (-len(t), t)))
    email = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
    url = re.compile(rf"\b(?:https?|ftp)://{_CHARS}+|\bwww\.{_CHARS}+", re.IGNORECASE)
    domain = re.compile(
        rf"(?<![\w@./-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?P<tld>{tlds}|{tlds.upper()})"
        rf"(?![\w-])(?:/{_CHARS}*)?"
    )
    return email, url, domain


def _trim(text: str) -> str:
    while text and text[-1] in _TRAILING:
        text = text[:-1]
    return text


def _split_url(raw: str) -> tuple[str, str, str]:
    """(normalised value, host, language-neutral path) of a URL or domain."""
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "", raw
    host, _, path = rest.partition("/")
    host = host.lower()
    if host.endswith((":80", ":443")):
        host = host.rsplit(":", 1)[0]
    path = path.rstrip("/")
    value = (f"{scheme.lower()}://" if scheme else "") + host + (f"/{path}" if path else "")
    bare = host.removeprefix("www.")
    segments = [s for s in re.split(r"[/?&#]", path) if s and not _is_language_segment(s)]
    return value, bare, "/".join(segments)


def _is_language_segment(segment: str) -> bool:
    """``en``, ``nb-no``, ``lang=en``...: path parts that localised URLs differ by."""
    return re.fullmatch(r"(?:(?:lang|hl|locale|language)=)?[a-z]{2}(?:[-_][a-z]{2,4})?", segment, re.I) is not None


def find_links(text: str) -> list[Link]:
    """E-mail addresses, URLs and bare domain names in ``text``, in order, not overlapping."""
    email_re, url_re, domain_re = _patterns()
    links: list[Link] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in email_re.finditer(text):
        address = match.group()
        links.append(Link("email", address, match.start(), match.end(), address.lower(),
                          address.split("@")[1].lower(), address.lower()))
        taken.append(match.span())
    for pattern in (url_re, domain_re):
        for match in pattern.finditer(text):
            raw = _trim(match.group())
            end = match.start() + len(raw)
            if not free(match.start(), end) or "." not in raw:
                continue
            value, host, path = _split_url(raw)
            links.append(Link("url", raw, match.start(), end, value, host, path))
            taken.append((match.start(), end))
    return sorted(links, key=lambda link: link.start)


def _matching_link(link: Link, others: list[Link], used: set[int]) -> tuple[int | None, Link | None]:
    """Index of the matching link on the other side, else a same-host link that differs."""
    same_host = None
    for i, cand in enumerate(others):
        if i in used or cand.kind != link.kind:
            continue
        if cand.host == link.host and (cand.path == link.path or not cand.path or not link.path):
            return i, None
        if cand.host == link.host and same_host is None:
            same_host = cand
    return None, same_host


def _domain_written_out(link: Link, other_text: str) -> bool:
    """A bare domain used as a name that the other side, in another script, writes out in its
    letters (``Amazon.com`` ~ ``アマゾン・ドット・コム``)."""
    from anyascii import anyascii

    if link.kind != "url" or link.path or link.text.lower() != link.host or main_script(other_text) == "latin":
        return False
    label = link.host.split(".")[0]
    return len(label) >= 4 and label in anyascii(other_text).lower()


def check_links(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[Difference]:
    """URLs/domains (kind ``url``) and e-mail addresses (kind ``email``) on one side only or different.

    Scheme, ``www.``, trailing slash, host case and language segments of the path
    (``/en/``, ``?lang=nb``) are ignored; a bare domain that a side in another script spells
    out (``Amazon.com`` ~ ``アマゾン・ドット・コム``) has its counterpart.
    """
    sides = {"source": find_links(src), "target": find_links(tgt)}
    texts = {"source": src, "target": tgt}
    found: list[Difference] = []
    for side in ("source", "target"):
        others = sides[other(side)]
        used: set[int] = set()
        for link in sides[side]:
            index, differing = _matching_link(link, others, used)
            if index is not None:
                used.add(index)
                continue
            if differing is None and _domain_written_out(link, texts[other(side)]):
                continue
            what = "address" if link.kind == "email" else "link"
            if differing is not None:
                note = f"{what} '{link.text}' differs from the {other(side)}'s '{differing.text}'"
            else:
                note = f"{what} '{link.text}' has no counterpart in the {other(side)}"
            found.append(Difference(link.kind, side, link.text, link.start, link.end, link.value, note))
    return sorted(found, key=sort_key)
