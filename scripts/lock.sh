#!/usr/bin/env bash
# Regenerate requirements.lock (runtime) and requirements-test.lock (runtime + test extra)
# from pyproject.toml with pip-compile, in a throwaway virtualenv. The test lock is
# constrained by the runtime lock, so both pin the same versions of shared packages.
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
"${COMPILE[@]}" --upgrade --output-file requirements.lock pyproject.toml
"${COMPILE[@]}" --upgrade --extra test --constraint requirements.lock --output-file requirements-test.lock pyproject.toml
echo "wrote requirements.lock and requirements-test.lock"
