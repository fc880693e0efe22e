#!/usr/bin/env bash
# Run every check arealweb has: ruff (lint and format), ESLint, the import contracts, and pytest on
# SQLite and on a throwaway PostGIS cluster started for the run. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${AREALWEB_VENV:-.venv}
if [[ -z ${AREALWEB_TEST_POSTGIS_URL:-} ]]; then
  AREALWEB_TEST_POSTGIS_URL=$(scripts/postgis.sh start)
  trap 'scripts/postgis.sh stop' EXIT
  # The whole cluster goes at the end: the tests need not drop their databases one by one
  # (hundreds of DROP DATABASE took minutes at the end of a run).
  export AREALWEB_TEST_POSTGIS_THROWAWAY=1
fi
export AREALWEB_TEST_POSTGIS_URL

echo "== ruff"
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .
echo "== eslint"
node_modules/.bin/eslint --max-warnings 0 .
echo "== import contracts"
"$venv/bin/lint-imports"
echo "== pytest (SQLite and PostGIS at ${AREALWEB_TEST_POSTGIS_URL})"
# Two workers, each taking whole test files (module fixtures are built once); every test has
# its own database, so they do not meet. AREALWEB_TEST_WORKERS=0 runs in one process.
workers=${AREALWEB_TEST_WORKERS:-2}
if [[ $workers == 0 ]]; then
  "$venv/bin/pytest" --durations=25 "$@"
else
  "$venv/bin/pytest" -n "$workers" --dist loadfile --durations=25 "$@"
fi
