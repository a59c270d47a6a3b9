#!/usr/bin/env bash
# Run the tests: ./scripts/test.sh [pytest arguments, paths relative to the repository root]
# Creates .venv from requirements-test.lock on first use. Every database test runs on SQLite
# and on PostgreSQL (OPENEVENT_TEST_POSTGRES_URL); the last line says whether PostgreSQL ran.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh

ensure_venv requirements-test.lock
REPORT_DIR="$(mktemp -d)"
trap 'rm -rf "$REPORT_DIR"' EXIT

status=0
"$ROOT/.venv/bin/python" -m pytest --junitxml="$REPORT_DIR/junit.xml" -o junit_family=xunit1 "$@" || status=$?

"$ROOT/.venv/bin/python" - "$REPORT_DIR/junit.xml" <<'PY' || true
"""Summarise the PostgreSQL-parametrised tests ([postgresql] in the test id) from the JUnit report."""
import os
import re
import sys
import xml.etree.ElementTree as ET

try:
    cases = list(ET.parse(sys.argv[1]).getroot().iter("testcase"))
except (OSError, ET.ParseError):
    print("PostgreSQL run: UNKNOWN (no test report was written)")
    sys.exit()
pg = [c for c in cases if re.search(r"\[(.*-)?postgresql(-.*)?\]", c.get("name", ""))]
skipped = [c for c in pg if c.find("skipped") is not None]
broken = [c for c in pg if c.find("failure") is not None or c.find("error") is not None]
passed = len(pg) - len(skipped) - len(broken)
if not pg:
    backends = os.environ.get("OPENEVENT_TEST_BACKENDS", "sqlite,postgresql")
    print(f"PostgreSQL run: NOT SELECTED (no PostgreSQL tests among {len(cases)}; "
          f"OPENEVENT_TEST_BACKENDS={backends})")
elif not broken and not passed:
    reason = skipped[0].find("skipped").get("message", "")
    print(f"PostgreSQL run: SKIPPED - all {len(pg)} PostgreSQL tests were skipped: {reason}")
elif not passed:
    first = broken[0].find("error") if broken[0].find("error") is not None else broken[0].find("failure")
    print(f"PostgreSQL run: FAILED - none of the {len(pg)} PostgreSQL tests passed: {first.get('message', '')}")
else:
    print(f"PostgreSQL run: HAPPENED - {passed} PostgreSQL tests passed, {len(broken)} failed or errored, "
          f"{len(skipped)} skipped")
PY

if [ "$status" -eq 5 ]; then
    echo "error: pytest collected no tests (exit status 5); that is a failure, not a success." >&2
fi
exit "$status"
