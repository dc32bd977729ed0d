"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per open finding,
which Actions shows as an annotation on the file and line (critical, major, minor).

    ::error file=privacy.en.txt,line=27,col=36,title=critical partial [23]%3A[22]::target leaves out ...
"""
from __future__ import annotations

from .ci import findings, places, title, with_target
from .table import check, check_multi

LEVELS = {"critical": "error", "major": "warning", "minor": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _lines(report: dict) -> list[str]:
    lines = []
    for finding, _ in findings(report):
        if finding.get("accepted"):
            continue
        found = places(report, finding)
        where = {"file": found[0].path, "line": found[0].line, "col": found[0].column, "title": title(finding)}
        props = ",".join(f"{key}={_property(str(value))}" for key, value in where.items() if value is not None)
        level = LEVELS.get(finding["severity"], "notice")
        lines.append(f"::{level} {props}::{_data(with_target(report, finding, found))}")
    return lines


def render_github(report: dict) -> str:
    """One report's open findings as GitHub Actions annotation lines."""
    check(report)
    return "".join(line + "\n" for line in _lines(report))


def render_multi_github(multi: dict) -> str:
    """The open findings of every target as GitHub Actions annotation lines."""
    check_multi(multi)
    return "".join(line + "\n" for report in multi["reports"] for line in _lines(report))
