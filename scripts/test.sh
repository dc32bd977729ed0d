#!/usr/bin/env bash
# Set up (with test extras) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# Lint, type and layering checks first: any failure stops the script (set -e) before the tests.
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports
HF_HUB_OFFLINE=1 .venv/bin/python -m pytest -q "$@"
