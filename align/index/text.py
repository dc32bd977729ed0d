"""Search results and clause comparisons as plain text or JSON (what ``align index`` prints).

    >>> from align.index.store import Clause
    >>> clause = Clause(22, "clicksend/privacy.no.txt", "nb", 22, "sentence", 1771, 1850, "Vi lagrer data.")
    >>> print(render_hits([Hit(1, 0.8342, clause)], "where is data stored"), end="")
     1. 0.834  nb  clicksend/privacy.no.txt#22  @1771-1850
        Vi lagrer data.
"""
from __future__ import annotations

import json

from .search import SEARCH_SCHEMA, Comparison, Counterpart, Hit
from .store import Clause


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _where(clause: Clause) -> str:
    return f"{clause.id}  @{clause.start}-{clause.end}"


def render_hits(hits: list[Hit], query: str, fmt: str = "text", lang: str | None = None) -> str:
    """Search results, best first: ``text`` (two lines a hit) or ``json``."""
    if fmt == "json":
        data = {"schema": SEARCH_SCHEMA, "query": query, "lang": lang, "results": [h.to_dict() for h in hits]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return "".join(f"{h.rank:2d}. {h.score:.3f}  {h.clause.lang}  {_where(h.clause)}\n"
                   f"    {_one_line(h.clause.text)}\n" for h in hits)


def _counterpart_lines(part: Counterpart) -> list[str]:
    clause = part.clause
    if part.status == "missing":
        return [f"{clause.lang}  {clause.path}  MISSING: no mutual match in this translation "
                f"(nearest #{clause.segment}, score {part.score:.3f})",
                f"    {_one_line(clause.text)}"]
    if part.status == "unrelated":
        return [f"{clause.lang}  {clause.path}  unrelated document ({part.parallel:.0%} mutual matches; "
                f"nearest #{clause.segment}, score {part.score:.3f})"]
    lines = [f"{clause.lang}  {_where(clause)}  score {part.score:.3f}  margin {part.margin:.3f}",
             f"    {_one_line(clause.text)}"]
    lines += [f"    {d.kind}: {d.note}" for d in part.differences] or ["    no differences found by the pair checks"]
    return lines


def render_comparison(comparison: Comparison, fmt: str = "text") -> str:
    """A clause and its counterparts: ``text`` (source = the clause, target = the counterpart) or ``json``."""
    if fmt == "json":
        return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    clause = comparison.clause
    lines = [f"{clause.lang}  {_where(clause)}", f"    {_one_line(clause.text)}", ""]
    for part in comparison.counterparts:
        lines += _counterpart_lines(part)
    if not comparison.counterparts:
        lines.append("no documents in other languages")
    return "\n".join(lines) + "\n"
