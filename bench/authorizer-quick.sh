#!/usr/bin/env bash
# A quick, bounded look at the authorizer's throughput with wrk. The baseline is bench/Baseline, a
# bare minimal API answering 200 with one header, published the same way and measured in the same
# run; cases alternate, each figure is the median of 3 runs.
# Usage: bash bench/authorizer-quick.sh [APP_DIR]   (default artifacts/app, published Release)
set -euo pipefail
cd "$(dirname "$0")/.."
app="${1:-artifacts/app}"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
[ -x "$app/gatehouse" ] || dotnet publish functions -c Release -o "$app" --nologo -v quiet
dotnet publish bench/Baseline -c Release -o artifacts/baseline --nologo -v quiet

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
az_port=$(free_port); gh_port=$(free_port); bl_port=$(free_port)
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
password="pw-$(node -e 'console.log(require("crypto").randomBytes(9).toString("hex"))')"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$az_port" --inMemoryPersistence --disableTelemetry --silent &
pids+=($!)
(cd "$app" && exec env FUNCTIONS_CUSTOMHANDLER_PORT="$gh_port" Logging__LogLevel__Default=Warning \
  Gatehouse__Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=http://127.0.0.1:$az_port/devstoreaccount1;" \
  Gatehouse__Bootstrap__UserName=bench Gatehouse__Bootstrap__Password="$password" \
  "Gatehouse__Secrets__token-key=$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')" \
  ./gatehouse >/dev/null 2>&1) &
pids+=($!)
(cd artifacts/baseline && exec env FUNCTIONS_CUSTOMHANDLER_PORT="$bl_port" ./baseline >/dev/null 2>&1) &
pids+=($!)
for port in "$gh_port" "$bl_port"; do
  for _ in $(seq 200); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.05; done
done

base="http://127.0.0.1:$gh_port"
token=$(curl -fs -u "bench:$password" "$base/authentication/token?applicationName=bench&deviceId=d1&permission=rw")
basic="Basic $(printf 'bench:%s' "$password" | base64 -w0)"

run() { # name, then wrk arguments; prints requests/s
  wrk -t1 -c16 -d"${DURATION:-5s}" --latency "$@" | awk '/Requests\/sec/ {print $2}'
}
declare -A results
for round in 1 2 3; do
  results[baseline]+="$(run "http://127.0.0.1:$bl_port/api/things") "
  results[handler-root]+="$(run "$base/") "
  results[token]+="$(run -H "X-Authentication-Token: $token" "$base/authorize/api/things") "
  results[basic]+="$(run -H "Authorization: $basic" "$base/authorize/api/things") "
done
median() { tr ' ' '\n' | grep . | sort -n | sed -n 2p; }
b=$(echo "${results[baseline]}" | median)
printf '%-28s %10s %8s\n' "case" "req/s" "ratio"
for name in baseline handler-root token basic; do
  m=$(echo "${results[$name]}" | median)
  printf '%-28s %10s %8s\n' "$name" "$m" "$(node -e "console.log(($m/$b).toFixed(2))")"
done
