#!/usr/bin/env bash
# Renders an nginx recipe into an nginx.conf, filling only the recipe's own placeholders: a plain `envsubst`
# would also empty nginx's variables ($request_method, $upstream_status, ...).
#   gateways/nginx/render.sh        nginx.conf.template: Gatehouse over plain HTTP (a sidecar on loopback)
#   gateways/nginx/render.sh https  nginx-https.conf.template: Gatehouse over TLS (the deployed Function App)
# e.g.
#   PREFIX=/var/lib/gatehouse-nginx LISTEN=0.0.0.0:8080 GATEHOUSE=127.0.0.1:7071 UPSTREAM=127.0.0.1:9000 \
#   FUNCTION_KEY= gateways/nginx/render.sh > /etc/nginx/nginx.conf
# Every placeholder must be set (FUNCTION_KEY may be empty: standalone Gatehouse checks no key).
set -euo pipefail
case "${1:-}" in
  "") template=nginx.conf.template; required=(PREFIX LISTEN GATEHOUSE UPSTREAM) ;;
  https) template=nginx-https.conf.template; required=(PREFIX LISTEN GATEHOUSE GATEHOUSE_HOST TRUSTED_CA UPSTREAM) ;;
  *) echo "usage: $0 [https]" >&2; exit 2 ;;
esac
template="$(dirname "$0")/$template"
for name in "${required[@]}"; do
  if [ -z "${!name:-}" ]; then
    echo "render.sh: set $name (see the comments at the top of $template)" >&2
    exit 2
  fi
done
export FUNCTION_KEY="${FUNCTION_KEY:-}"
placeholders='${FUNCTION_KEY}'
for name in "${required[@]}"; do placeholders+=" \${$name}"; done
envsubst "$placeholders" < "$template"
