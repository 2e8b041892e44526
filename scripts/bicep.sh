#!/usr/bin/env bash
# Builds and lints every Bicep file under infra/ with the Bicep CLI from NuGet
# (Azure.Bicep.CommandLine.linux-x64, pinned below), and fails on any warning or error.
# Also checks that the API Management policy is well-formed XML and that
# docs/gateways-apim.md shows it verbatim.
#
#   scripts/bicep.sh            # everything under infra/
#   BICEP=/path/to/bicep scripts/bicep.sh   # use another CLI binary (same version expected)
set -euo pipefail

BICEP_VERSION=0.49.2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() { echo "bicep.sh: $*" >&2; exit 1; }

find_bicep() {
  local packages
  packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
  [ -n "$packages" ] || fail "cannot find the NuGet global packages folder (dotnet nuget locals global-packages --list)"
  echo "${packages%/}/azure.bicep.commandline.linux-x64/${BICEP_VERSION}/tools/bicep"
}

bicep="${BICEP:-}"
if [ -z "$bicep" ]; then
  bicep="$(find_bicep)"
  if [ ! -f "$bicep" ]; then
    echo "Restoring the Bicep CLI ${BICEP_VERSION} from NuGet (tools/bicep/bicep.csproj)..."
    dotnet restore tools/bicep/bicep.csproj --verbosity quiet >/dev/null \
      || fail "dotnet restore tools/bicep/bicep.csproj failed: is the NuGet feed reachable?"
    [ -f "$bicep" ] || fail "restore succeeded but $bicep is missing"
  fi
fi
[ -x "$bicep" ] || chmod +x "$bicep"
version="$("$bicep" --version)"
case "$version" in
  *"$BICEP_VERSION"*) ;;
  *) fail "expected Bicep CLI $BICEP_VERSION, got: $version" ;;
esac

mapfile -t files < <(find infra -name '*.bicep' -type f | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || fail "no .bicep files under infra/"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

problems=0
# Any diagnostic line ("file(line,col) : Warning|Error CODE: message") counts, and so does a
# non-zero exit code: Bicep exits 0 on warnings, so the output is checked as well.
run() {
  local what="$1"; shift
  local log rc=0
  log="$("$@" 2>&1)" || rc=$?
  local diagnostics
  diagnostics="$(grep -E ' : (Warning|Error) ' <<<"$log" || true)"
  if [ "$rc" -ne 0 ] || [ -n "$diagnostics" ]; then
    echo "FAIL $what (exit $rc)"
    echo "$log" | sed 's/^/    /'
    local count=0
    [ -z "$diagnostics" ] || count="$(grep -c . <<<"$diagnostics")"
    [ "$count" -gt 0 ] || count=1
    problems=$((problems + count))
  fi
}

for file in "${files[@]}"; do
  run "bicep build $file" "$bicep" build "$file" --no-restore --outdir "$out/$(dirname "$file")"
  run "bicep lint $file" "$bicep" lint "$file" --no-restore
done

# The policy API Management runs must be well-formed XML (format 'xml' in apim.bicep), and the
# docs must show exactly that file, so the snippet an operator copies is the one deployed.
policy=infra/policies/gatehouse-authorizer.xml
if [ -f "$policy" ]; then
  python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$policy" \
    || { echo "FAIL $policy is not well-formed XML"; problems=$((problems + 1)); }
  python3 - "$policy" docs/gateways-apim.md <<'PY' || problems=$((problems + 1))
import sys
policy, doc = sys.argv[1], sys.argv[2]
text = open(policy, encoding="utf-8").read().strip("\n")
try:
    docs = open(doc, encoding="utf-8").read()
except FileNotFoundError:
    sys.exit(f"FAIL {doc} is missing")
if "```xml\n" + text + "\n```" not in docs:
    sys.exit(f"FAIL {doc} does not show {policy} verbatim in an ```xml block")
PY
fi

if [ "$problems" -ne 0 ]; then
  echo "Bicep: ${#files[@]} files built and linted, $problems problems" >&2
  exit 1
fi
echo "Bicep: ${#files[@]} files built and linted, 0 warnings"
