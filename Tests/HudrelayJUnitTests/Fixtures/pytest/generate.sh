#!/usr/bin/env bash
# Regenerates the real pytest-written JUnit XML fixtures in this folder.
# Usage: bash Tests/HudrelayJUnitTests/Fixtures/pytest/generate.sh
set -euo pipefail

OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK=/tmp/hudrelay-pytest-fixtures
VENV_PARENT="$(mktemp -d)"
trap 'rm -rf "$VENV_PARENT"' EXIT
export PYTHONDONTWRITEBYTECODE=1

python3 -m venv "$VENV_PARENT/venv"
PY="$VENV_PARENT/venv/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check pytest pytest-rerunfailures
echo "versions used:"
"$PY" -m pip freeze | grep -i pytest

# Fixed working dir so the paths written into the XML are stable.
rm -rf "$WORK"
mkdir -p "$WORK"
cp -R "$OUT/src/." "$WORK/"
rm -rf "$WORK/.attempts"

run_pytest() { # <output file> <extra pytest args...>
    local out="$1"; shift
    rm -rf "$WORK/.attempts"          # reset "fails first time" state
    local rc=0
    (cd "$WORK" && "$PY" -m pytest -p no:cacheprovider -q --rootdir="$WORK" \
        --junitxml="$OUT/$out" "$@") || rc=$?
    # Exit 1 (some tests failed) is expected; anything else is a real problem.
    if [ "$rc" -ne 1 ]; then
        echo "pytest exited $rc for $out (expected 1)" >&2
        exit 1
    fi
    echo "wrote $out (pytest exit $rc)"
}

run_pytest xunit2.xml -o junit_family=xunit2
run_pytest xunit1.xml -o junit_family=xunit1
run_pytest xunit2-reruns.xml --reruns 2 -o junit_family=xunit2
run_pytest xunit1-reruns.xml --reruns 2 -o junit_family=xunit1

{
    echo "python $("$PY" -c 'import platform; print(platform.python_version())')"
    "$PY" -m pip freeze | grep -i -E '^(pytest|pytest-rerunfailures)==' | sed 's/==/ /'
} > "$OUT/VERSIONS.txt"
echo "wrote VERSIONS.txt:"
cat "$OUT/VERSIONS.txt"
