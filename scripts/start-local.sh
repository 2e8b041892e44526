#!/usr/bin/env bash
# Runs Gatehouse locally (npm start): Azurite (Table Storage) on 127.0.0.1:10002, then the function app, with
# Azure Functions Core Tools (func start) when they are on the PATH, else the published isolated worker under
# the Functions host double (tools/hostdouble). Settings: functions/local.settings.json. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local-lib.sh

settings=functions/local.settings.json
ensure_azurite
node scripts/local-settings.mjs init "$settings"
port="$(node scripts/local-settings.mjs port "$settings")"
user="$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Values.Gatehouse__Bootstrap__UserName ?? "")' "$settings")"

if port_open "$port"; then
  echo "Port $port on 127.0.0.1 is already taken (is another npm start running?). Stop it, or choose another port with Host.LocalHttpPort in $settings." >&2
  exit 1
fi

pids=()
log="$(mktemp)"
trap 'stop_started; rm -f "$log"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if port_open 10002; then
  echo "Something already listens on 127.0.0.1:10002; using it as Azurite."
else
  mkdir -p .gatehouse/azurite
  start_azurite 10002 --location .gatehouse/azurite
fi

if command -v func >/dev/null 2>&1; then
  echo "Azure Functions Core Tools found: running 'func start --port $port' in functions/ (it builds the project)."
  # Through a process substitution, not a pipe: $! is then the app itself, not tee.
  (cd functions && exec func start --port "$port") > >(tee "$log") 2>&1 &
else
  echo "Azure Functions Core Tools are not installed: running the published worker under the Functions host double (tools/hostdouble)."
  SECONDS=0
  echo "Publishing the function app to artifacts/app and the host double to artifacts/hostdouble (about a minute the first time)..."
  publish_app
  dotnet publish tools/hostdouble -c Release -o artifacts/hostdouble --nologo -v quiet -clp:NoSummary
  echo "Published in ${SECONDS} s."
  dotnet artifacts/hostdouble/hostdouble.dll --script-root artifacts/app --settings "$settings" --port "$port" > >(tee "$log") 2>&1 &
fi
app=$!
pids+=($app)

wait_for_gatehouse "http://127.0.0.1:$port" "$app" "$log"

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
