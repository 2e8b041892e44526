#!/usr/bin/env bash
# Builds the deployable function-app package: the handler published self-contained for
# linux-x64 (SPEC §1.1) with host.json and one folder per function at the zip's root, the
# `gatehouse` executable keeping its executable bit. The zip is what Flex Consumption's
# one-deploy takes (az functionapp deployment source config-zip, docs/deploy.md).
#
#   scripts/package.sh [OUT.zip]    # default: artifacts/gatehouse-functionapp.zip
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/gatehouse-functionapp.zip}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

# The functions SPEC §1.2 requires; any other folder holding a function.json is packaged too.
required_functions=(token-handshake token-api authorize token-page health)
executable=gatehouse

fail() { echo "package.sh: $*" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
app="$work/app"

echo "Publishing functions/ (Release, linux-x64, self-contained, ReadyToRun)..."
# Intermediate files go to a private artifacts path: the package never picks up a stale build,
# and a publish running beside `dotnet test` does not write into the repository's bin/obj.
# ReadyToRun: every instance that scales out starts cold, and precompiled code cuts the JIT out of the
# first request (bench/RESULTS.md, cold start). Native AOT starts faster still: docs/deploy.md.
dotnet publish "$root/functions/Gatehouse.Functions.csproj" \
  --configuration Release --runtime linux-x64 --self-contained true -p:PublishReadyToRun=true \
  --output "$app" --artifacts-path "$work/build" --nologo --verbosity quiet \
  || fail "dotnet publish failed"

# The publish folder must be a complete function app, or the host starts nothing.
[ -f "$app/host.json" ] \
  || fail "host.json is missing from the publish output: the functions project must copy the repository's host.json to the function-app root"
python3 - "$app/host.json" "$executable" <<'PY' || fail "host.json does not name the handler"
import json, sys
host = json.load(open(sys.argv[1], encoding="utf-8"))
path = host.get("customHandler", {}).get("description", {}).get("defaultExecutablePath")
if path != sys.argv[2]:
    sys.exit(f"package.sh: host.json customHandler.description.defaultExecutablePath is {path!r}, expected {sys.argv[2]!r}")
PY
missing=()
for function in "${required_functions[@]}"; do
  [ -f "$app/$function/function.json" ] || missing+=("$function/function.json")
done
[ "${#missing[@]}" -eq 0 ] \
  || fail "missing from the publish output: ${missing[*]} (each function needs <folder>/function.json copied to the function-app root)"
[ -f "$app/$executable" ] || fail "the handler executable '$executable' is missing from the publish output"
chmod 755 "$app/$executable"

mkdir -p "$(dirname "$out")"
rm -f "$out"
if command -v zip >/dev/null 2>&1; then
  # zip stores Unix permissions in each entry's external attributes; -X drops uid/gid extras.
  (cd "$app" && zip -q -r -X "$out" .)
else
  python3 - "$app" "$out" <<'PY'
import os, stat, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            entry = zipfile.ZipInfo.from_file(path, os.path.relpath(path, src))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so external_attr carries the permission bits
            entry.external_attr = (os.stat(path).st_mode & 0xFFFF) << 16
            with open(path, "rb") as data:
                archive.writestr(entry, data.read())
PY
fi

# Check the archive itself, not the folder: the executable bit must survive the zip.
python3 - "$out" "$executable" "${required_functions[@]}" <<'PY' || fail "the package at $out is not deployable"
import stat, sys, zipfile
path, executable, functions = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(path) as archive:
    names = set(archive.namelist())
    problems = [f"{name} missing" for name in ["host.json", executable] + [f"{f}/function.json" for f in functions] if name not in names]
    if executable in names:
        mode = archive.getinfo(executable).external_attr >> 16
        if not mode & stat.S_IXUSR:
            problems.append(f"{executable} is not executable in the zip (mode {oct(mode)})")
if problems:
    sys.exit("package.sh: " + "; ".join(problems))
PY

functions=$(cd "$app" && find . -mindepth 2 -maxdepth 2 -name function.json | sed 's|^\./||; s|/function.json$||' | LC_ALL=C sort | paste -sd, -)
echo "Package: $out ($(du -h "$out" | cut -f1)), functions: $functions"
