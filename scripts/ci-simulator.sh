#!/usr/bin/env bash
# CI gate: the hijack simulator (tools/attack/) against SessionGuard's own production build.
#   - needs a built app (`npm run build`); starts it on port 3590 with a brand-new SQLite file and
#     CI-only secrets, TRUSTED_PROXIES empty (no peer's X-Forwarded-For is believed)
#   - serves it over HTTPS with a throwaway self-signed certificate for localhost (made here with
#     openssl, deleted with the temp dir) so the HSTS and Secure-cookie checks see real https; the
#     simulator trusts exactly that certificate (--ca), curl too (--cacert)
#   - SG_TEST_HOOKS=true (test mode, loopback only): the token-sample and expiry hooks (ADR 0009)
#   - creates a throwaway user with the operator CLI, runs the simulator, stops the server by PID
#   - writes test-results/simulator.{json,html} (the report) and test-results/hijack-simulator.json
#     (PASS/FAIL/WARN as passed/failed/skipped, the shape scripts/test-summary.mjs counts)
#   - exits with the simulator's exit code: 0 no FAIL, 1 any FAIL, 2 run error (or no build)
set -uo pipefail
cd "$(dirname "$0")/.."
PORT=${SG_SIM_PORT:-3590}
OUT=test-results
mkdir -p "$OUT"
rm -f "$OUT/simulator.json" "$OUT/simulator.html" "$OUT/hijack-simulator.json"

if [ ! -f .next/BUILD_ID ]; then
  echo "ci-simulator: no production build (.next/BUILD_ID missing); run npm run build first" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sg-sim-XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    # The server was started with setsid: its process group is ours alone (tsx and its node child).
    kill -TERM -- "-$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# Throwaway certificate: valid one day, for localhost and 127.0.0.1 only; its key never leaves $tmp.
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$tmp/tls-key.pem" -out "$tmp/tls-cert.pem" 2>"$tmp/openssl.err"; then
  echo "ci-simulator: openssl could not make the test certificate:" >&2; cat "$tmp/openssl.err" >&2; exit 2
fi
URL="https://localhost:$PORT"

# CI-ONLY fixed secrets: they protect nothing but the throwaway SQLite file in $tmp.
export NODE_ENV=production PORT="$PORT" HOST=127.0.0.1 \
  DATABASE_URL="file:$tmp/simulator.db" \
  AUTH_SECRET="ci-simulator-only-auth-secret-NOT-A-REAL-SECRET-0123456789" \
  TOTP_ENCRYPTION_KEY="c15e0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab" \
  APP_URL="$URL" NEXTAUTH_URL="$URL" TLS_CERT_FILE="$tmp/tls-cert.pem" TLS_KEY_FILE="$tmp/tls-key.pem" \
  SG_TEST_HOOKS=true \
  TRUSTED_PROXIES="" LOG_LEVEL=warn MIGRATE_ON_START=true NEXT_TELEMETRY_DISABLED=1
unset SG_SKIP_MIGRATE RISK_CONFIG_JSON RISK_CONFIG_FILE SMTP_URL

setsid node_modules/.bin/tsx server.ts >"$tmp/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$tmp/tls-cert.pem" "$URL/sign-in" || true)
  if [ "$code" = "200" ]; then ready=1; break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "ci-simulator: the server did not answer on port $PORT within 60 s; its log:" >&2
  cat "$tmp/server.log" >&2
  exit 2
fi

email="sim-$(date +%s)-$RANDOM@example.com"
password="Sim!$(node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("base64url"))')-pw"
created=$(node_modules/.bin/tsx --conditions=react-server scripts/user.ts create --email "$email" --password "$password" --json 2>"$tmp/cli.err") || {
  echo "ci-simulator: could not create the user:" >&2; cat "$tmp/cli.err" >&2; exit 2
}
secret=$(printf '%s\n' "$created" | node -e '
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.trim().startsWith("{"));
  const j = JSON.parse(lines[lines.length - 1] || "{}");
  if (!j.totpSecret) process.exit(1);
  process.stdout.write(j.totpSecret);') || { echo "ci-simulator: the CLI printed no TOTP secret" >&2; exit 2; }

echo "ci-simulator: attacking $URL as $email (takes 2-3 minutes)"
timeout 600 node_modules/.bin/tsx tools/attack/cli.ts --url "$URL" --ca "$tmp/tls-cert.pem" --email "$email" --password "$password" \
  --totp-secret "$secret" --json "$OUT/simulator.json" --html "$OUT/simulator.html"
rc=$?

if [ -f "$OUT/simulator.json" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const s = r.summary;
    require("fs").writeFileSync(process.argv[2], JSON.stringify({ source: "hijack simulator", numPassedTests: s.pass, numFailedTests: s.fail, numPendingTests: s.warn, numTodoTests: 0 }) + "\n");' \
    "$OUT/simulator.json" "$OUT/hijack-simulator.json"
else
  # No report (run error): count it as one failure so the summary cannot look green.
  echo '{"source":"hijack simulator","numPassedTests":0,"numFailedTests":1,"numPendingTests":0,"numTodoTests":0}' >"$OUT/hijack-simulator.json"
fi
if [ "$rc" -ne 0 ]; then echo "ci-simulator: simulator exit code $rc; server log tail:" >&2; tail -20 "$tmp/server.log" >&2; fi
exit "$rc"
