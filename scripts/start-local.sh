#!/usr/bin/env bash
# Runs Gatehouse locally (npm start): Azurite (Table Storage) on 127.0.0.1:10002, then the function app, with
# Azure Functions Core Tools (func start) when they are on the PATH, else the published isolated worker under
# the Functions host double (tools/hostdouble). Settings: functions/local.settings.json. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

settings=functions/local.settings.json
[ -x node_modules/.bin/azurite-table ] || { echo "Installing the pinned Azurite (npm ci)..."; npm ci --no-audit --no-fund; }
node scripts/local-settings.mjs init "$settings"
port="$(node scripts/local-settings.mjs port "$settings")"
user="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Values.Gatehouse__Bootstrap__UserName ?? "")' "$settings")"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_open "$port"; then
  echo "Port $port on 127.0.0.1 is already taken (is another npm start running?). Stop it, or choose another port with Host.LocalHttpPort in $settings." >&2
  exit 1
fi

pids=()
log="$(mktemp)"
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -f "$log"' EXIT

if port_open 10002; then
  echo "Something already listens on 127.0.0.1:10002; using it as Azurite."
else
  mkdir -p .gatehouse/azurite
  node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort 10002 --location .gatehouse/azurite --silent --disableTelemetry &
  pids+=($!)
  for _ in $(seq 100); do port_open 10002 && break; sleep 0.1; done
  port_open 10002 || { echo "Azurite did not start on 127.0.0.1:10002" >&2; exit 1; }
fi

if command -v func >/dev/null 2>&1; then
  echo "Azure Functions Core Tools found: running 'func start --port $port' in functions/ (it builds the project)."
  (cd functions && exec func start --port "$port") 2>&1 | tee "$log" &
else
  echo "Azure Functions Core Tools are not installed: running the published worker under the Functions host double (tools/hostdouble)."
  SECONDS=0
  echo "Publishing the function app to artifacts/app and the host double to artifacts/hostdouble (about a minute the first time)..."
  dotnet publish functions -c Release -o artifacts/app --nologo -v quiet -clp:NoSummary 2>&1 | grep -v NU1603 || true
  [ -f artifacts/app/gatehouse.dll ] || { echo "Publishing the function app failed." >&2; exit 1; }
  dotnet publish tools/hostdouble -c Release -o artifacts/hostdouble --nologo -v quiet -clp:NoSummary
  echo "Published in ${SECONDS} s."
  dotnet artifacts/hostdouble/hostdouble.dll --script-root artifacts/app --settings "$settings" --port "$port" 2>&1 | tee "$log" &
fi
app=$!
pids+=($app)

# Ready when the health function itself answers (its JSON, 200 or 503 naming what is down; the host double's own
# 503 for a dead worker is not it); a process that exits first has said why in its output.
until curl -s "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"storage"'; do
  if ! kill -0 "$app" 2>/dev/null; then
    cause="$(grep -E 'Exception: |error|Error:' "$log" | grep -v '^\s*at ' | tail -1 | sed -E 's/^\s+//')"
    echo >&2
    echo "Gatehouse did not start: ${cause:-see the output above}" >&2
    exit 1
  fi
  sleep 0.2
done

base="http://127.0.0.1:$port"
cat <<MSG

Gatehouse is listening on $base
  token page:  $base/tokens   (sign in as $user; the password is Values.Gatehouse__Bootstrap__Password in $settings)
  health:      $base/health
Try it (copy as is):
  PW="\$(node -p 'require("./$settings").Values.Gatehouse__Bootstrap__Password')"
  curl -u "$user:\$PW" '$base/authentication/token?applicationName=My%20CLI&deviceId=laptop-1&permission=ReadWrite'
  curl -H 'X-Original-Method: GET' -H 'X-Original-URI: /api/things' -u "$user:\$PW" -i '$base/authorize'
The bootstrap password is applied only when the administrator is created: to start over with the one in
$settings, stop Gatehouse and delete .gatehouse/azurite. Press Ctrl-C to stop.
MSG
wait "$app"
