#!/usr/bin/env bash
# Builds the deployable function-app package: the isolated worker published ReadyToRun for linux-x64
# (SPEC §1.1; Flex Consumption supplies the .NET 10 runtime) with host.json and the SDK's generated
# functions.metadata and worker.config.json at the zip's root, and the `gatehouse` executable keeping
# its executable bit (the same build runs standalone). The zip is what Flex Consumption's one-deploy
# takes (az functionapp deployment source config-zip, docs/deploy.md).
#
#   scripts/package.sh [OUT.zip]    # default: artifacts/gatehouse-functionapp.zip
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/gatehouse-functionapp.zip}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

# The functions SPEC §1.2 requires, as the SDK writes them into functions.metadata.
required_functions=(token-handshake token-api authorize token-page health housekeeping user-api group-api me-api site-api audit sign-in page-files drive-sign-in admin-page device-authorization oauth2-token device-verification)
executable=gatehouse

fail() { echo "package.sh: $*" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
app="$work/app"

echo "Publishing functions/ (Release, linux-x64, framework-dependent, ReadyToRun)..."
# Intermediate files go to a private artifacts path: the package never picks up a stale build,
# and a publish running beside `dotnet test` does not write into the repository's bin/obj.
# ReadyToRun: every instance that scales out starts cold, and precompiled code cuts the JIT out of the
# first request (bench/RESULTS.md, cold start).
dotnet publish "$root/functions/Gatehouse.Functions.csproj" \
  --configuration Release --runtime linux-x64 --self-contained false -p:PublishReadyToRun=true \
  --output "$app" --artifacts-path "$work/build" --nologo --verbosity quiet \
  || fail "dotnet publish failed"

# The publish folder must be a complete function app, or the host starts nothing.
python3 - "$app" "${required_functions[@]}" <<'PY' || fail "the publish output is not an isolated-worker function app"
import json, os, sys
app, required = sys.argv[1], sys.argv[2:]
problems = []
host = json.load(open(os.path.join(app, "host.json"), encoding="utf-8"))
if "customHandler" in host:
    problems.append("host.json still declares a custom handler")
worker = json.load(open(os.path.join(app, "worker.config.json"), encoding="utf-8"))["description"]
if worker.get("language") != "dotnet-isolated" or not os.path.exists(os.path.join(app, worker.get("defaultWorkerPath", ""))):
    problems.append(f"worker.config.json does not name a dotnet-isolated worker in the folder: {worker}")
names = {function["name"] for function in json.load(open(os.path.join(app, "functions.metadata"), encoding="utf-8"))}
problems += [f"function {name} is not in functions.metadata" for name in required if name not in names]
if problems:
    sys.exit("package.sh: " + "; ".join(problems))
PY
[ -f "$app/$executable" ] || fail "the executable '$executable' is missing from the publish output"
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
python3 - "$out" "$executable" <<'PY' || fail "the package at $out is not deployable"
import stat, sys, zipfile
path, executable = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(path) as archive:
    names = set(archive.namelist())
    problems = [f"{name} missing" for name in ["host.json", "functions.metadata", "worker.config.json", executable + ".dll", executable] if name not in names]
    if executable in names:
        mode = archive.getinfo(executable).external_attr >> 16
        if not mode & stat.S_IXUSR:
            problems.append(f"{executable} is not executable in the zip (mode {oct(mode)})")
if problems:
    sys.exit("package.sh: " + "; ".join(problems))
PY

functions=$(python3 -c 'import json, sys; print(",".join(sorted(f["name"] for f in json.load(open(sys.argv[1])))))' "$app/functions.metadata")
echo "Package: $out ($(du -h "$out" | cut -f1)), functions: $functions"
