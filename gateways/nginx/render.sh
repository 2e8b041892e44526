#!/usr/bin/env bash
# Renders gateways/nginx/nginx.conf.template into an nginx.conf, filling only the recipe's own placeholders:
# a plain `envsubst` would also empty nginx's variables ($request_method, $upstream_status, ...).
#   PREFIX=/var/lib/gatehouse-nginx LISTEN=0.0.0.0:8080 GATEHOUSE=127.0.0.1:7071 UPSTREAM=127.0.0.1:9000 \
#   FUNCTION_KEY= gateways/nginx/render.sh > /etc/nginx/nginx.conf
# Every placeholder must be set (FUNCTION_KEY may be empty: standalone Gatehouse checks no key).
set -euo pipefail
template="$(dirname "$0")/nginx.conf.template"
for name in PREFIX LISTEN GATEHOUSE UPSTREAM; do
  if [ -z "${!name:-}" ]; then
    echo "render.sh: set $name (see the comments at the top of $template)" >&2
    exit 2
  fi
done
export FUNCTION_KEY="${FUNCTION_KEY:-}"
envsubst '${PREFIX} ${LISTEN} ${GATEHOUSE} ${UPSTREAM} ${FUNCTION_KEY}' < "$template"
