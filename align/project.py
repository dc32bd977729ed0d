"""Projects: a ``clausealign.toml`` with a project's languages, verdict threshold, check policy,
baseline and glossary, read with :mod:`tomllib` (``tomli`` on Python 3.10).

Every key is optional::

    src-lang = "en"                 # BCP-47 codes, as --src-lang/--tgt-lang
    tgt-lang = "nb"
    fail-on = "major"               # critical | major | minor | never, as --fail-on of `align check`
    baseline = "qa/accepted.json"   # as --baseline
    glossary = ["qa/terms.tbx", "qa/brands.csv"]   # one path or a list (TBX or CSV)
    ignore = ["^Copyright", "ClickSend Pty Ltd"]   # regexes: findings naming a matching segment are not reported

    [checks.number]                 # per finding kind (align.vocab.KINDS)
    severity = "major"

    [checks.moved]
    enabled = false

Paths are relative to the file's folder. An unknown key, a wrong type, a bad language code,
severity or regex, or a bad glossary row is one :class:`~align.errors.InputError` line naming
the file. Command-line options override the file.

Example::

    project = load_project("clausealign.toml")
    report = compare("en.txt", "nb.txt", project=project)
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .divergence import DivergenceConfig
from .errors import InputError
from .glossary import Glossary, load_glossary
from .io import read_text
from .lang import normalise
from .vocab import SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAME = "clausealign.toml"
KEYS = ("src-lang", "tgt-lang", "fail-on", "baseline", "glossary", "ignore", "checks")
FAIL_ON = (*SEVERITIES, "never")


@dataclass(frozen=True)
class Project:
    """A loaded ``clausealign.toml``: what the pipeline takes (``divergence``, ``glossary``, the
    languages) and what the ``check`` command takes (``fail_on``, ``baseline``)."""

    path: str
    src_lang: str | None = None
    tgt_lang: str | None = None
    fail_on: str | None = None
    baseline: str | None = None
    divergence: DivergenceConfig = field(default_factory=DivergenceConfig)
    glossary: Glossary | None = None


def find_project(folder: str = ".") -> str | None:
    """The ``clausealign.toml`` of ``folder`` (the current one: ``clausealign.toml``), or None."""
    path = CONFIG_NAME if folder == "." else os.path.join(folder, CONFIG_NAME)
    return path if os.path.isfile(path) else None


def _strings(path: str, key: str, value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InputError(f"{path}: {key} must be a string or a list of strings")
    return values


def _string(path: str, data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{path}: {key} must be a string, not {type(value).__name__}")
    return value


def _checks(path: str, checks: Any) -> tuple[dict[str, Any], frozenset[str]]:
    """The ``[checks.KIND]`` tables as severity overrides and disabled kinds."""
    if not isinstance(checks, dict):
        raise InputError(f"{path}: checks must be a table of [checks.KIND] tables")
    severity, disabled = {}, set()
    for kind, table in checks.items():
        if not isinstance(table, dict) or set(table) - {"enabled", "severity"}:
            raise InputError(f"{path}: [checks.{kind}] takes enabled = true|false and severity = "
                             f"\"{'|'.join(SEVERITIES)}\"")
        if not isinstance(table.get("enabled", True), bool):
            raise InputError(f"{path}: [checks.{kind}] enabled must be true or false")
        if table.get("enabled", True) is False:
            disabled.add(kind)
        if "severity" in table:
            severity[kind] = table["severity"]
    return severity, frozenset(disabled)


def load_project(path: str) -> Project:
    """Read and check a ``clausealign.toml`` (and its glossaries)."""
    try:
        text = read_text(path, None)
    except InputError:
        if not os.path.isfile(path) or Path(path).read_bytes().strip():
            raise
        text = ""  # an empty project file: the defaults
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise InputError(f"{path}: unknown key {unknown[0]!r} (expected {', '.join(KEYS)})")
    folder = os.path.dirname(path)
    langs = []
    for key in ("src-lang", "tgt-lang"):
        code = _string(path, data, key)
        try:
            langs.append(normalise(code) if code else None)
        except InputError as exc:
            raise InputError(f"{path}: {key}: {exc}") from None
    fail_on = _string(path, data, "fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise InputError(f"{path}: fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    baseline = _string(path, data, "baseline")
    severity, disabled = _checks(path, data.get("checks", {}))
    try:
        divergence = DivergenceConfig(severity=severity, disabled=disabled,
                                      ignore=tuple(_strings(path, "ignore", data.get("ignore", []))))
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    glossaries = [os.path.join(folder, g) for g in _strings(path, "glossary", data.get("glossary", []))]
    return Project(path, langs[0], langs[1], fail_on, os.path.join(folder, baseline) if baseline else None,
                   divergence, load_glossary(glossaries) if glossaries else None)
