"""The public Python API, each check in a fresh interpreter (so nothing the test session imported
earlier can make an import work by accident), and the README's "Python API" example run as written."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

PYTHON = str(ROOT / ".venv" / "bin" / "python")


def fresh(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter from the repository root."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONDONTWRITEBYTECODE="1")
    python = PYTHON if os.path.exists(PYTHON) else sys.executable
    return subprocess.run([python, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.mark.parametrize("code", [
    """
    import inspect
    import align
    assert inspect.isfunction(align.compare), type(align.compare)
    assert inspect.isfunction(align.compare_many), type(align.compare_many)
    """,
    """
    import inspect
    from align import compare, compare_many
    assert inspect.isfunction(compare) and compare.__name__ == "compare", compare
    assert inspect.isfunction(compare_many) and compare_many.__name__ == "compare_many", compare_many
    """,
    """
    import inspect
    from align import *
    assert inspect.isfunction(compare) and inspect.isfunction(compare_many)
    assert issubclass(InputError, ClauseAlignError) and issubclass(ModelError, ClauseAlignError)
    assert issubclass(FormatError, ClauseAlignError)
    assert isinstance(__version__, str) and __version__
    """,
], ids=["import-align", "from-align-import", "star-import"])
def test_public_names_in_a_fresh_interpreter(code):
    done = fresh(code)
    assert done.returncode == 0, done.stderr


def test_all_names_exist():
    done = fresh("""
    import align
    missing = [name for name in align.__all__ if not hasattr(align, name)]
    assert not missing, missing
    """)
    assert done.returncode == 0, done.stderr


def readme_python_api() -> str:
    """The first ```python block under the README's "## Python API" heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Python API\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert section, "README.md has no '## Python API' section"
    block = re.search(r"^```python\n(.*?)^```", section.group(1), re.M | re.S)
    assert block, "the README's Python API section has no ```python block"
    return block.group(1)


def test_readme_block_is_found():
    code = readme_python_api()
    assert "compare(" in code
    compile(code, "README.md", "exec")


@pytest.mark.model
def test_readme_python_api_runs_as_written():
    done = fresh(readme_python_api(), timeout=600)
    assert done.returncode == 0, f"README's Python API example fails:\n{done.stderr[-3000:]}"
    lines = done.stdout.splitlines()
    assert len(lines) >= 4, done.stdout  # three beads, at least one critical finding, the error message
    assert "missing.txt" in lines[-1]  # the InputError for the missing file
