#!/usr/bin/env bash
# Runs Gatehouse locally: Azurite (Table Storage) on 127.0.0.1:10002, then the published handler
# on 127.0.0.1:7071 exactly as the Functions host would start it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund
node scripts/local-settings.mjs init
GATEHOUSE_ENV_EXTRA=()
eval "$(node scripts/local-settings.mjs env)"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

if port_open 10002; then
  echo "Something already listens on 127.0.0.1:10002; using it as Azurite."
else
  mkdir -p .gatehouse/azurite
  node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort 10002 --location .gatehouse/azurite --silent --disableTelemetry &
  pids+=($!)
  for _ in $(seq 100); do port_open 10002 && break; sleep 0.1; done
  port_open 10002 || { echo "Azurite did not start on 127.0.0.1:10002" >&2; exit 1; }
fi

dotnet publish functions -c Release -o artifacts/app --nologo -v quiet
port="${FUNCTIONS_CUSTOMHANDLER_PORT:-7071}"
(cd artifacts/app && exec env "${GATEHOUSE_ENV_EXTRA[@]}" FUNCTIONS_CUSTOMHANDLER_PORT="$port" ./gatehouse) &
pids+=($!)
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done

user="$Gatehouse__Bootstrap__UserName"
cat <<MSG

Gatehouse is listening on http://127.0.0.1:$port (bootstrap administrator: $user, password in local.settings.json).
Get a device token:
  curl -u '$user:<password>' 'http://127.0.0.1:$port/authentication/token?applicationName=My%20CLI&deviceId=laptop-1&permission=ReadWrite'
Revoke it with the token itself:
  curl -H 'X-Authentication-Token: <token>' 'http://127.0.0.1:$port/authentication/token?applicationName=My%20CLI&deviceId=laptop-1&revoke=true'
Press Ctrl-C to stop.
MSG
wait "${pids[-1]}"
