#!/usr/bin/env bash
# npm run gateway-demo: nginx in front of an API, asking Gatehouse about every request, all on 127.0.0.1:
# in-memory Azurite, Gatehouse standalone, an echo API (scripts/echo-upstream.mjs) and Debian's nginx with the
# shipped recipe (gateways/nginx/render.sh). Prints curl lines to try; Ctrl-C stops everything and removes its files.
# Every run starts empty, with a bootstrap administrator of its own (printed below). Ports, each overridable:
#   GATEWAY_DEMO_NGINX_PORT (8080), GATEWAY_DEMO_GATEHOUSE_PORT (7072), GATEWAY_DEMO_UPSTREAM_PORT (9090),
#   GATEWAY_DEMO_AZURITE_PORT (10012). GATEHOUSE_APP_DIR: a published app to run instead of publishing artifacts/app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local-lib.sh

nginx_port="${GATEWAY_DEMO_NGINX_PORT:-8080}"
gatehouse_port="${GATEWAY_DEMO_GATEHOUSE_PORT:-7072}"
upstream_port="${GATEWAY_DEMO_UPSTREAM_PORT:-9090}"
azurite_port="${GATEWAY_DEMO_AZURITE_PORT:-10012}"
nginx="$(command -v nginx || echo /usr/sbin/nginx)"

[ -x "$nginx" ] || { echo "nginx is not installed (Debian: apt-get install nginx)." >&2; exit 1; }
command -v envsubst >/dev/null || { echo "envsubst is not installed (Debian: apt-get install gettext-base); the nginx recipe's render.sh runs it." >&2; exit 1; }
for name in GATEWAY_DEMO_NGINX_PORT:$nginx_port GATEWAY_DEMO_GATEHOUSE_PORT:$gatehouse_port GATEWAY_DEMO_UPSTREAM_PORT:$upstream_port GATEWAY_DEMO_AZURITE_PORT:$azurite_port; do
  if port_open "${name#*:}"; then
    echo "Port ${name#*:} on 127.0.0.1 is already taken: stop what uses it, or choose another with ${name%%:*}=<port>." >&2
    exit 1
  fi
done
ensure_azurite

pids=()
work="$(mktemp -d -t gatehouse-gateway-demo.XXXXXX)"
trap 'stop_started; rm -rf "$work"' EXIT
trap 'echo; echo "Stopping the gateway demo."; exit 130' INT
trap 'exit 143' TERM

if [ -n "${GATEHOUSE_APP_DIR:-}" ]; then
  app_dir="$GATEHOUSE_APP_DIR"
else
  echo "Publishing the function app to artifacts/app (about a minute the first time)..."
  publish_app
  app_dir="$PWD/artifacts/app"
fi
[ -x "$app_dir/gatehouse" ] || { echo "$app_dir holds no 'gatehouse' executable." >&2; exit 1; }

start_azurite "$azurite_port" --inMemoryPersistence

# The sample settings with fresh secrets, storage pointed at this run's Azurite; names hold '-', so `env` sets them.
mapfile -d '' settings < <(node scripts/local-settings.mjs values)
# The emulator's well-known development account and key (public, documented by Microsoft).
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
user="$(printf '%s\n' "${settings[@]}" | sed -n 's/^Gatehouse__Bootstrap__UserName=//p')"
password="$(printf '%s\n' "${settings[@]}" | sed -n 's/^Gatehouse__Bootstrap__Password=//p')"
env "${settings[@]}" "Gatehouse__Storage__ConnectionString=$storage" \
  "$app_dir/gatehouse" --urls "http://127.0.0.1:$gatehouse_port" >"$work/gatehouse.log" 2>&1 &
app=$!
pids+=($app)

node scripts/echo-upstream.mjs "$upstream_port" >"$work/upstream.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx"
PREFIX="$work/nginx" LISTEN="127.0.0.1:$nginx_port" GATEHOUSE="127.0.0.1:$gatehouse_port" UPSTREAM="127.0.0.1:$upstream_port" FUNCTION_KEY= \
  bash gateways/nginx/render.sh >"$work/nginx/nginx.conf"
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/stderr.log" &
pids+=($!)

wait_for_gatehouse "http://127.0.0.1:$gatehouse_port" "$app" "$work/gatehouse.log"
for _ in $(seq 100); do port_open "$nginx_port" && port_open "$upstream_port" && break; sleep 0.1; done
port_open "$nginx_port" || { echo "nginx did not start: $(tail -1 "$work/nginx/stderr.log")" >&2; exit 1; }
port_open "$upstream_port" || { echo "The echo API did not start: $(tail -1 "$work/upstream.log")" >&2; exit 1; }

gatehouse="http://127.0.0.1:$gatehouse_port"
gateway="http://127.0.0.1:$nginx_port"
cat <<MSG

The gateway demo is running: nginx on $gateway asks Gatehouse ($gatehouse) about every request, and passes
the allowed ones to an echo API (127.0.0.1:$upstream_port) that shows what it received. Administrator: $user, password $password.
Try it (copy as is):
  # a device token from Gatehouse's handshake (Nuxeo's; the gateway protects the API, not Gatehouse)
  TOKEN="\$(curl -s -u '$user:$password' '$gatehouse/authentication/token?applicationName=Gateway%20demo&deviceId=demo-1&permission=ReadWrite')"
  # no credentials: 401 from the gateway, with Gatehouse's Basic challenge
  curl -si $gateway/api/things
  # with the token: 200, and the API sees Remote-User: $user, Remote-Auth-Plugin: TOKEN_AUTH
  curl -si -H "X-Authentication-Token: \$TOKEN" $gateway/api/things
  # a token Gatehouse never issued: 401
  curl -si -H 'X-Authentication-Token: gth_not-a-token-gatehouse-issued' $gateway/api/things

Press Ctrl-C to stop (everything this demo started stops with it).
MSG

# Until Ctrl-C, or until one of them stops: then the rest go too.
wait -n "${pids[@]}"
echo "A process of the gateway demo stopped on its own; stopping the rest. Gatehouse's last lines:" >&2
tail -5 "$work/gatehouse.log" >&2
exit 1
