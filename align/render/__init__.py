"""The report stage: turn a ``clausealign.report/1`` dict (or a ``clausealign.multi/1`` run) into text.

Every renderer takes the report as a plain dict and returns a ``str``.
"""
from __future__ import annotations

import json

from align.errors import InputError
from align.render.html import render_html, render_multi_html
from align.render.table import beads, check, check_multi, render_csv, render_tsv
from align.render.text import render_multi_text, render_text
from align.render.tmx import render_tmx
from align.render.xliff import render_xliff

FORMATS = ("text", "json", "alignment", "tsv", "csv", "html", "tmx", "xliff")
MULTI_FORMATS = ("text", "json", "html")
SHOWS = ("all", "findings")

__all__ = ["FORMATS", "MULTI_FORMATS", "SHOWS", "render", "render_multi"]


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _alignment(report: dict) -> str:
    check(report)
    return "".join(bead.label + "\n" for bead in beads(report))


def render(report: dict, fmt: str, *, color: bool = False, show: str = "all") -> str:
    """Render one report in ``fmt`` (one of FORMATS).

    ``color`` applies to ``text`` only. ``show`` is ``"all"`` or ``"findings"``: with ``"findings"``
    the text output leaves out the alignment table, tsv/csv keep only beads with open findings and
    the HTML page opens with faithful pairs hidden. The data formats (json, alignment, tmx, xliff)
    always hold everything.
    """
    if show not in SHOWS:
        raise InputError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")
    if fmt == "json":
        return _json(report)
    if fmt == "alignment":
        return _alignment(report)
    if fmt == "text":
        return render_text(report, color=color, show=show)
    if fmt == "tsv":
        return render_tsv(report, show=show)
    if fmt == "csv":
        return render_csv(report, show=show)
    if fmt == "html":
        return render_html(report, show=show)
    if fmt == "tmx":
        return render_tmx(report)
    if fmt == "xliff":
        return render_xliff(report)
    raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_multi(multi: dict, fmt: str, *, color: bool = False) -> str:
    """Render a multi-target run (``clausealign.multi/1``) in ``text``, ``json`` or ``html``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(MULTI_FORMATS)}")
    if fmt not in MULTI_FORMATS:
        raise InputError(f"format {fmt} does not support several targets")
    check_multi(multi)
    if fmt == "json":
        return _json(multi)
    if fmt == "text":
        return render_multi_text(multi, color=color)
    return render_multi_html(multi)
