#!/usr/bin/env bash
# Installs what the tests need (Debian chromium + driver, PostgreSQL, poppler-utils to read the letters' PDFs),
# starts a throwaway PostgreSQL cluster on loopback, installs the project and runs the whole test suite. Needs root for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver postgresql fonts-dejavu-core \
    poppler-utils >/dev/null
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d /tmp/pokja-ci-pg.XXXXXX)
PGPORT=${POKJA_CI_PG_PORT:-55432}
# The cluster's folder (about 70 MB) goes with the server, however the run ends (a failed initdb included).
stop_pg() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
chown postgres "$PGDIR"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c max_connections=200" start >/dev/null

export POKJA_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
export POKJA_REQUIRE_PG=1
export CHROMIUM_PATH=/usr/bin/chromium

# Install the project and run the whole suite (SQLite, PostgreSQL, headless Chromium) on two workers, a test
# file per worker at a time (POKJA_TEST_WORKERS=0 runs it in one process); the slowest tests are listed at the end.
pip install -q -e ".[test]"
python -m pytest -n "${POKJA_TEST_WORKERS:-2}" --dist loadfile --durations=15 "$@"
