"""The report stage: turn a ``clausealign.report/1`` dict (or a ``clausealign.multi/1`` run) into text.

Every renderer takes the report as a plain dict and returns a ``str``; :data:`RENDERERS`
and :data:`MULTI_RENDERERS` are the registries, keyed by the format names of
:mod:`align.vocab`.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..errors import InputError
from ..vocab import FORMATS, MULTI_FORMATS, SHOWS
from .html import render_html, render_multi_html
from .table import beads, check, check_multi, render_csv, render_tsv
from .text import render_multi_text, render_text
from .tmx import render_tmx
from .xliff import render_xliff

__all__ = ["MULTI_RENDERERS", "RENDERERS", "render", "render_multi"]

Renderer = Callable[..., str]


def _json(data: dict[str, Any], **_: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _alignment(report: dict[str, Any], **_: Any) -> str:
    check(report)
    return "".join(row.label + "\n" for row in beads(report))


# format -> (renderer, the options it takes of color/show)
RENDERERS: dict[str, tuple[Renderer, tuple[str, ...]]] = {
    "text": (render_text, ("color", "show")),
    "json": (_json, ()),
    "alignment": (_alignment, ()),
    "tsv": (render_tsv, ("show",)),
    "csv": (render_csv, ("show",)),
    "html": (render_html, ("show",)),
    "tmx": (render_tmx, ()),
    "xliff": (render_xliff, ()),
}
MULTI_RENDERERS: dict[str, tuple[Renderer, tuple[str, ...]]] = {
    "text": (render_multi_text, ("color",)),
    "json": (_json, ()),
    "html": (render_multi_html, ()),
}


def render(report: dict[str, Any], fmt: str, *, color: bool = False, show: str = "all") -> str:
    """Render one report in ``fmt`` (one of :data:`align.vocab.FORMATS`).

    ``color`` applies to ``text`` only. ``show`` is ``"all"`` or ``"findings"``: with ``"findings"``
    the text output leaves out the alignment table, tsv/csv keep only beads with open findings and
    the HTML page opens with faithful pairs hidden. The data formats (json, alignment, tmx, xliff)
    always hold everything.
    """
    if show not in SHOWS:
        raise InputError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")
    if fmt not in RENDERERS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    renderer, takes = RENDERERS[fmt]
    options = {"color": color, "show": show}
    return renderer(report, **{k: options[k] for k in takes})


def render_multi(multi: dict[str, Any], fmt: str, *, color: bool = False) -> str:
    """Render a multi-target run (``clausealign.multi/1``) in ``text``, ``json`` or ``html``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(MULTI_FORMATS)}")
    if fmt not in MULTI_RENDERERS:
        raise InputError(f"format {fmt} does not support several targets")
    check_multi(multi)
    renderer, takes = MULTI_RENDERERS[fmt]
    return renderer(multi, **({"color": color} if takes else {}))
