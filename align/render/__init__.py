"""The report stage: turn a ``clausealign.report/1`` dict (or a ``clausealign.multi/1`` run) into text.

Every renderer takes the report as a plain dict and returns a ``str``; :data:`RENDERERS`
and :data:`MULTI_RENDERERS` are the registries, keyed by the format names of
:mod:`align.vocab`. The per-target formats (XLIFF) write one file per target of a
multi-target run: :func:`render_each`.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from ..errors import InputError
from ..vocab import FORMATS, MULTI_FORMATS, PER_TARGET_FORMATS, SEVERITIES, SHOWS
from .ci import file_path
from .github import render_github, render_multi_github
from .html import render_html, render_multi_html
from .junit import render_junit, render_multi_junit
from .sarif import render_multi_sarif, render_sarif
from .table import bcp47, beads, check, check_multi, render_csv, render_tsv
from .text import render_multi_text, render_text
from .tmx import render_multi_tmx, render_tmx
from .xliff import render_xliff

__all__ = ["MULTI_RENDERERS", "RENDERERS", "per_target_paths", "render", "render_each", "render_multi"]

Renderer = Callable[..., str]
PLACEHOLDERS = ("{lang}", "{name}")


def _json(data: dict[str, Any], **_: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _alignment(report: dict[str, Any], **_: Any) -> str:
    check(report)
    return "".join(row.label + "\n" for row in beads(report))


# format -> (renderer, the options it takes of color/show/bom/clean/fail_on)
RENDERERS: dict[str, tuple[Renderer, tuple[str, ...]]] = {
    "text": (render_text, ("color", "show")),
    "json": (_json, ()),
    "alignment": (_alignment, ()),
    "tsv": (render_tsv, ("show", "bom")),
    "csv": (render_csv, ("show", "bom")),
    "html": (render_html, ("show",)),
    "tmx": (render_tmx, ("clean",)),
    "xliff": (render_xliff, ()),
    "sarif": (render_sarif, ()),
    "junit": (render_junit, ("fail_on",)),
    "github": (render_github, ()),
}
MULTI_RENDERERS: dict[str, tuple[Renderer, tuple[str, ...]]] = {
    "text": (render_multi_text, ("color",)),
    "json": (_json, ()),
    "html": (render_multi_html, ()),
    "tmx": (render_multi_tmx, ("clean",)),
    "sarif": (render_multi_sarif, ()),
    "junit": (render_multi_junit, ("fail_on",)),
    "github": (render_multi_github, ()),
}


def _options(show: str, clean: str | None, fail_on: str, **rest: Any) -> dict[str, Any]:
    if show not in SHOWS:
        raise InputError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")
    if clean is not None and clean not in SEVERITIES:
        raise InputError(f"clean must be a severity ({', '.join(SEVERITIES)}) or None, not {clean!r}")
    if fail_on not in SEVERITIES:
        raise InputError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    return {"show": show, "clean": clean, "fail_on": fail_on, **rest}


def render(report: dict[str, Any], fmt: str, *, color: bool = False, show: str = "all", bom: bool = False,
           clean: str | None = "critical", fail_on: str = "major") -> str:
    """Render one report in ``fmt`` (one of :data:`align.vocab.FORMATS`).

    ``color`` applies to ``text`` only. ``show`` is ``"all"`` or ``"findings"``: with ``"findings"``
    the text output leaves out the alignment table, tsv/csv keep only beads with open findings and
    the HTML page opens with faithful pairs hidden. The data formats (json, alignment, tmx, xliff)
    always hold everything, but for TMX: beads with an open finding at or above ``clean`` are
    left out (None keeps them). ``bom`` starts csv/tsv with a byte-order mark. In ``junit``, beads
    with open findings at or above ``fail_on`` fail.
    """
    options = _options(show, clean, fail_on, color=color, bom=bom)
    if fmt not in RENDERERS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    renderer, takes = RENDERERS[fmt]
    return renderer(report, **{k: options[k] for k in takes})


def render_multi(multi: dict[str, Any], fmt: str, *, color: bool = False, clean: str | None = "critical",
                 fail_on: str = "major") -> str:
    """Render a multi-target run (``clausealign.multi/1``) in one of :data:`align.vocab.MULTI_FORMATS`
    (options as in :func:`render`)."""
    options = _options("all", clean, fail_on, color=color)
    if fmt in PER_TARGET_FORMATS:
        raise InputError(f"format {fmt} writes one file per target: give an output path with "
                         f"{' or '.join(PLACEHOLDERS)} in its file name")
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(MULTI_FORMATS)}")
    if fmt not in MULTI_RENDERERS:
        raise InputError(f"format {fmt} does not support several targets")
    check_multi(multi)
    renderer, takes = MULTI_RENDERERS[fmt]
    return renderer(multi, **{k: options[k] for k in takes})


def per_target_paths(template: str | None, reports: list[dict[str, Any]]) -> list[str]:
    """The file of each target: ``{lang}`` in ``template`` becomes the target's language,
    ``{name}`` its file name without the extension (``privacy.{lang}.xlf``, ``review/{name}.xlf``)."""
    if not template or template == "-" or not any(p in PurePath(template).name for p in PLACEHOLDERS):
        raise InputError(f"with several targets -o must name one file per target: put {' or '.join(PLACEHOLDERS)} "
                         "in its file name, e.g. -o 'review/privacy.{lang}.xlf'")
    paths = [template.replace("{lang}", bcp47(r["target"]["lang"]))
             .replace("{name}", PurePath(file_path(r["target"]["path"])).stem) for r in reports]
    twice = next((p for p in paths if paths.count(p) > 1), None)
    if twice:
        raise InputError(f"-o {template} names {twice} for two targets: make it differ per target "
                         f"({' and '.join(PLACEHOLDERS)})")
    return paths


def render_each(multi: dict[str, Any], fmt: str, template: str | None) -> list[tuple[str, str]]:
    """A per-target format (XLIFF) of a multi-target run: (path, text) for each target."""
    if fmt not in PER_TARGET_FORMATS:
        raise InputError(f"format {fmt} is not written one file per target")
    check_multi(multi)
    reports = multi["reports"]
    return list(zip(per_target_paths(template, reports), (render(r, fmt) for r in reports)))
