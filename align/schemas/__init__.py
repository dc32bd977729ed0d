"""JSON Schemas for every JSON file clausealign reads, and one validator.

``report.schema.json`` (``clausealign.report/1`` and ``clausealign.multi/1``),
``baseline.schema.json`` (``clausealign.baseline/1``) and
``gold-divergences.schema.json`` (the input of ``align eval divergences``) are
documented in the README; a file that does not match is a one-line
:class:`~align.errors.FormatError` naming the file, the place and the problem.

    >>> validate({"schema": "clausealign.baseline/1", "accepted": []}, "baseline", "b.json")
    >>> validate({"schema": "clausealign.baseline/1", "accepted": 5}, "baseline", "b.json")
    Traceback (most recent call last):
    ...
    align.errors.FormatError: b.json: not a valid clausealign baseline: at accepted: 5 is not of type 'array'
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import FormatError


@lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    import jsonschema

    schema = json.loads((resources.files(__name__) / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


TITLES = {"report": "clausealign report", "baseline": "clausealign baseline",
          "gold-divergences": "gold divergences file"}
SCHEMA_IDS = {"report": ("clausealign.report/1", "clausealign.multi/1"), "baseline": ("clausealign.baseline/1",)}


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def validate(data: Any, name: str, path: str) -> None:
    """Raise :class:`FormatError` unless ``data`` matches the schema ``name``."""
    import jsonschema

    title = TITLES[name]
    expected = SCHEMA_IDS.get(name)
    if expected and not (isinstance(data, dict) and data.get("schema") in expected):
        found = data.get("schema") if isinstance(data, dict) else None
        raise FormatError(f"{path}: not a {title} (schema {_short(found)}, expected {' or '.join(expected)})")
    error = jsonschema.exceptions.best_match(_validator(name).iter_errors(data))
    if error is None:
        return
    where = "/".join(str(p) for p in error.absolute_path) or "top level"
    detail = {"type": f"{_short(error.instance)} is not of type {error.validator_value!r}",
              "required": error.message.replace(f"{error.instance!r} ", "").replace("'", "")}.get(
        str(error.validator), error.message if len(error.message) <= 100 else error.message[:97] + "...")
    raise FormatError(f"{path}: not a valid {title}: at {where}: {detail}")


def load_json(path: str, name: str) -> Any:
    """Read ``path`` as JSON and validate it against the schema ``name``."""
    from ..io import read_text

    try:
        data = json.loads(read_text(path, max_bytes=None))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    validate(data, name, path)
    return data
