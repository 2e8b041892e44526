#!/usr/bin/env bash
# `npm run bench [-- options]`: the benchmark suite (bench/Runner). Builds Release, starts Azurite, the
# handler and the baseline (standalone), the worker and the bare worker (under the Functions host double),
# seeds bindings, loads them with wrk and writes artifacts/bench/RESULTS.md.
# Options: bash bench/run.sh --help. Needs Debian's wrk and nginx (apt-get install -y wrk nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund
exec dotnet run --project bench/Runner -c Release -- "$@"
