#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine (a virtualenv with the pinned
# packages, Debian's Chromium for the real-browser test, Debian's PostgreSQL server) and runs
# the whole suite twice: on SQLite files, then on a throwaway PostgreSQL cluster started here
# on a free local port and stopped at the end, even on failure. One summary line per store.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
fi
source tests/postgres.sh
ensure_postgres
PGTMP="$(mktemp -d)"
trap 'stop_postgres "$PGTMP"' EXIT
start_postgres "$PGTMP"

summary() { grep -E '^(=+ )?[0-9]+ (passed|failed|error)' "$1" | tail -1 | sed 's/=//g; s/^ *//; s/ *$//'; }
status=0
echo "== SQLite =="
env -u TRUCE_TEST_DB_URL .venv/bin/python -m pytest -q "$@" | tee "$PGTMP/sqlite.txt" || status=1
echo "== PostgreSQL =="
.venv/bin/python -m pytest -q "$@" | tee "$PGTMP/postgres.txt" || status=1
echo "SQLite:     $(summary "$PGTMP/sqlite.txt")"
echo "PostgreSQL: $(summary "$PGTMP/postgres.txt")"
exit $status
