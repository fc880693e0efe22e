#!/usr/bin/env bash
# Start a throwaway PostgreSQL + PostGIS cluster for the test suite and print its URL.
#
#   scripts/postgis.sh start   -> installs Debian's postgresql-15-postgis-3 if missing (root only),
#                                 starts a private cluster on $AREALWEB_PG_PORT, prints the URL
#   scripts/postgis.sh stop    -> stops it and removes its data directory
#   scripts/postgis.sh pause   -> stops it and keeps its data (`start` brings it back): an outage
#
# The cluster lives under a temporary directory, runs as the `postgres` user (PostgreSQL refuses
# to run as root) and listens only on a Unix socket and 127.0.0.1. It skips flushing to disk
# (fsync, synchronous_commit off: a test database need not survive a power cut) unless
# AREALWEB_PG_DURABLE=1, which benchmarks of writes set to measure what production pays.
set -euo pipefail

port=${AREALWEB_PG_PORT:-54329}
base=${AREALWEB_PG_DIR:-/tmp/arealweb-pg-$port}
durability="-c fsync=off -c synchronous_commit=off"
[[ ${AREALWEB_PG_DURABLE:-} == 1 ]] && durability=""
pgbin=""

find_pgbin() {
  local d version
  for d in /usr/lib/postgresql/*/bin; do
    version=$(basename "$(dirname "$d")")
    if [[ -x $d/initdb && -f /usr/share/postgresql/$version/extension/postgis.control ]]; then
      pgbin=$d
    fi
  done
  [[ -n $pgbin ]]
}

install_postgis() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "PostGIS is not installed and this user cannot install it: run as root or" >&2
    echo "  sudo apt-get install postgresql-15-postgis-3" >&2
    exit 1
  fi
  echo "Installing PostgreSQL + PostGIS from Debian's packages…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-postgis-3 >&2
}

start() {
  find_pgbin || { install_postgis; find_pgbin; } || { echo "PostGIS not found after install" >&2; exit 1; }
  local run=(); [[ $(id -u) -eq 0 ]] && run=(runuser -u postgres --)
  if [[ ! -f $base/data/PG_VERSION ]]; then
    mkdir -p "$base"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$base"
    "${run[@]}" "$pgbin/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! "${run[@]}" "$pgbin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
    "${run[@]}" "$pgbin/pg_ctl" -D "$base/data" -w -l "$base/log" \
      -o "-p $port -k $base -c listen_addresses=127.0.0.1 $durability" start >/dev/null
  fi
  "${run[@]}" "$pgbin/psql" -h "$base" -p "$port" -U postgres -qAt -c \
    "SELECT 1 FROM pg_database WHERE datname='arealweb_test'" | grep -q 1 ||
    "${run[@]}" "$pgbin/createdb" -h "$base" -p "$port" -U postgres arealweb_test
  "${run[@]}" "$pgbin/psql" -h "$base" -p "$port" -U postgres -d arealweb_test -qc \
    "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
  echo "postgresql+psycopg://postgres@127.0.0.1:$port/arealweb_test"
}

stop() {
  find_pgbin || exit 0
  local run=(); [[ $(id -u) -eq 0 ]] && run=(runuser -u postgres --)
  if [[ -f $base/data/PG_VERSION ]]; then
    "${run[@]}" "$pgbin/pg_ctl" -D "$base/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$base"
  fi
}

pause() {
  find_pgbin || exit 0
  local run=(); [[ $(id -u) -eq 0 ]] && run=(runuser -u postgres --)
  "${run[@]}" "$pgbin/pg_ctl" -D "$base/data" -m fast stop >/dev/null
}

case ${1:-start} in
  start) start ;;
  stop) stop ;;
  pause) pause ;;
  *) echo "usage: $0 start|stop|pause" >&2; exit 2 ;;
esac
