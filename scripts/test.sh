#!/usr/bin/env bash
# Set up (with test extras) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
HF_HUB_OFFLINE=1 .venv/bin/python -m pytest -q "$@"
