#!/usr/bin/env bash
# The whole test suite: unit, integration (real Azurite) and end-to-end (the published handler,
# started as the Functions host starts it), after building and linting the Bicep.
# Ends with "Tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/azurite-table ] || npm ci --no-audit --no-fund
bash scripts/bicep.sh
dotnet publish functions -c Release -o artifacts/app --nologo -v quiet
export GATEHOUSE_APP_DIR="$PWD/artifacts/app"
# The bare isolated worker the Functions host double's own tests run (tests/Gatehouse.Testing.Tests).
dotnet publish bench/BareWorker -c Release -o artifacts/bareworker --nologo -v quiet
export BAREWORKER_APP_DIR="$PWD/artifacts/bareworker"

rm -rf artifacts/test-results
status=0
dotnet test Serverless.sln -c Release --nologo --logger "trx;LogFilePrefix=gatehouse" --results-directory artifacts/test-results "$@" || status=$?
node scripts/test-summary.mjs artifacts/test-results || status=1
exit "$status"
