#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the test run and prints its SQLAlchemy URL.
# Usage: source tests/postgres.sh; start_postgres DIR  (sets TRUCE_TEST_DB_URL); stop_postgres DIR.
# Debian's server refuses to run as root, so as root the cluster belongs to the postgres user.
# fsync is off: the cluster is thrown away at the end, and tests must not wait on the disk.

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_postgres() {
  if [ -z "$(pg_bindir)" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
}

start_postgres() {
  local dir="$1" bin port
  bin="$(pg_bindir)"
  port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
  _as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
  _as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  export TRUCE_TEST_DB_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
}

stop_postgres() {
  local dir="$1"
  [ -f "$dir/data/postmaster.pid" ] && _as_owner "$(pg_bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  rm -rf "$dir"
}
