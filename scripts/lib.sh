# Shared by scripts/*.sh (sourced, not run). Expects ROOT to be the repository root.

# Print a python interpreter >= 3.11 ($PYTHON, python3, python3.13 .. python3.11), or fail clearly.
find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "error: openevent needs Python >= 3.11, found: $(python3 --version 2>&1 || echo 'no python3')." >&2
    echo "       Install Python 3.11+ (e.g. apt-get install python3 python3-venv on Debian 12)" >&2
    echo "       or point PYTHON=/path/to/python3.11 at one." >&2
    return 1
}

# Create $ROOT/.venv if missing; install LOCK and the package (editable, no deps) when
# the lock file or pyproject.toml changed since the last install.
ensure_venv() {
    local lock="$1" venv="$ROOT/.venv" python stamp want
    if [ ! -x "$venv/bin/python" ]; then
        python="$(find_python)"
        echo "creating $venv with $("$python" --version)" >&2
        "$python" -m venv "$venv"
    fi
    if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "error: $venv uses $("$venv/bin/python" --version 2>&1); remove it and rerun with Python >= 3.11." >&2
        return 1
    fi
    stamp="$venv/.openevent-$(basename "$lock").sha256"
    want="$(cat "$ROOT/$lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
        echo "installing $lock into $venv" >&2
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/$lock"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
        echo "$want" > "$stamp"
    fi
}
