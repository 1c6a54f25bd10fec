#!/usr/bin/env bash
# `npm test`: the whole suite, unit to browser. Run after `npm ci` (README: "Run the tests").
#   1. typecheck + lint
#   2. unit tests (vitest, lib/)
#   3. integration tests on SQLite, then on PostgreSQL (SG_TEST_PG_URL, default postgres@127.0.0.1:5432);
#      without a reachable PostgreSQL they are skipped with the reason printed, except under CI=true,
#      where that is a failure
#   4. production build, then Playwright e2e in Chromium against the built app
#   5. the hijack simulator (tools/attack) against a freshly started build: any FAIL fails the run
# Ends with one line "tests: N passed, M failed, K skipped" (all suites together).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 VITE_CONFIG_NATIVE_IGNORE_WARNING=true
OUT=test-results
mkdir -p "$OUT"
rm -f "$OUT"/*.json
start=$(date +%s)
failed_steps=()

step() { # name, command...
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo; echo "=== $name"
  if "$@"; then echo "=== $name: ok ($(( $(date +%s) - t0 )) s)"; else echo "=== $name: FAILED ($(( $(date +%s) - t0 )) s)"; failed_steps+=("$name"); fi
}

step "typecheck" npx tsc --noEmit -p .
step "lint" npx eslint .
step "unit" npx vitest run --reporter=default --reporter=json --outputFile.json="$OUT/unit.json"
step "integration (SQLite)" env SG_TEST_DB=sqlite npx vitest run -c vitest.integration.config.ts --reporter=default --reporter=json --outputFile.json="$OUT/integration-sqlite.json"

pg_url=${SG_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
if node -e "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).catch(()=>process.exit(1))" "$pg_url"; then
  step "integration (PostgreSQL)" env SG_TEST_DB=postgresql SG_TEST_PG_URL="$pg_url" npx vitest run -c vitest.integration.config.ts --reporter=default --reporter=json --outputFile.json="$OUT/integration-postgresql.json"
elif [ "${CI:-}" = "true" ]; then
  echo "=== integration (PostgreSQL): FAILED: PostgreSQL is not reachable at $pg_url, and CI requires it"
  failed_steps+=("integration (PostgreSQL)")
else
  echo "=== integration (PostgreSQL): SKIPPED because no PostgreSQL is reachable at $pg_url (set SG_TEST_PG_URL; required under CI=true)"
fi

step "build" npm run build --silent
step "e2e (Playwright, Chromium)" npx playwright test
step "hijack simulator" bash scripts/ci-simulator.sh

node scripts/test-summary.mjs "$OUT" "${#failed_steps[@]}"
summary_rc=$?
echo "total time: $(( $(date +%s) - start )) s"
if [ ${#failed_steps[@]} -gt 0 ]; then echo "failed steps: ${failed_steps[*]}"; exit 1; fi
exit $summary_rc
