#!/usr/bin/env bash
# Serve openevent: ./scripts/serve.sh [--host 127.0.0.1] [--port 5000] [--workers N]
# Creates .venv from requirements.lock on first use, migrates the database, then serves.
# Runs from the repository root, so the default data directory is <repo>/data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh

ensure_venv requirements.lock
exec "$ROOT/.venv/bin/openevent" serve "$@"
