# What the local scripts share (start-local.sh for npm start, gateway-demo.sh for npm run gateway-demo); sourced from
# the repository root. The caller keeps the PIDs of what it started in its `pids` array and stops them on exit.

# Azurite, the version pinned in package.json.
ensure_azurite() {
  [ -x node_modules/.bin/azurite-table ] || { echo "Installing the pinned Azurite (npm ci)..."; npm ci --no-audit --no-fund; }
}

# Stops what the script started and waits for it to go. On exit, Ctrl-C included: a script's background jobs ignore
# the terminal's Ctrl-C (and .NET keeps a SIGINT it inherits ignored), so nothing else would stop them.
stop_started() {
  [ ${#pids[@]} -eq 0 ] || { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
}

# Whether something accepts connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Azurite's Table service on 127.0.0.1:$1, with Azurite's further arguments (--location DIR or --inMemoryPersistence).
start_azurite() {
  local port="$1"
  shift
  node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --silent --disableTelemetry "$@" &
  pids+=($!)
  for _ in $(seq 100); do port_open "$port" && return 0; sleep 0.1; done
  echo "Azurite did not start on 127.0.0.1:$port" >&2
  exit 1
}

# The function app, framework-dependent, to artifacts/app (what npm test runs too).
publish_app() {
  dotnet publish functions -c Release -o artifacts/app --nologo -v quiet -clp:NoSummary 2>&1 | grep -v NU1603 || true
  [ -f artifacts/app/gatehouse.dll ] || { echo "Publishing the function app failed." >&2; exit 1; }
}

# Waits until Gatehouse's health function answers at $1 (its JSON, 200 or 503 naming what is down; the host double's
# own 503 for a dead worker is not it). When process $2 exits first, prints the one-line cause from log $3 and exits.
wait_for_gatehouse() {
  local base="$1" app="$2" log="$3" cause
  until curl -s "$base/health" 2>/dev/null | grep -q '"storage"'; do
    if ! kill -0 "$app" 2>/dev/null; then
      cause="$(grep -E 'Exception: |error|Error:' "$log" | grep -v '^\s*at ' | tail -1 | sed -E 's/^\s+//')"
      echo >&2
      echo "Gatehouse did not start: ${cause:-see the output above}" >&2
      exit 1
    fi
    sleep 0.2
  done
}
