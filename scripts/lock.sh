#!/usr/bin/env bash
# Regenerate requirements.lock (runtime, with the celery and s3 extras) and
# requirements-test.lock (the same plus the test extra) from pyproject.toml with pip-compile,
# in a throwaway virtualenv. The test lock is constrained by the runtime lock, so both pin the
# same versions of shared packages. The pins are for CPython 3.11+ on Linux.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh

PYTHON="$(find_python)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PYTHON" -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --disable-pip-version-check pip-tools
COMPILE=("$TMP/venv/bin/pip-compile" --quiet --strip-extras --no-emit-index-url --no-emit-find-links)
"${COMPILE[@]}" --upgrade --extra celery --extra s3 --output-file requirements.lock pyproject.toml
"${COMPILE[@]}" --upgrade --extra celery --extra s3 --extra test --constraint requirements.lock \
    --output-file requirements-test.lock pyproject.toml
echo "wrote requirements.lock and requirements-test.lock"
