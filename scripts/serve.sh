#!/usr/bin/env bash
# Serves a built site with nginx at http://127.0.0.1:PORT until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-public}
port=${2:-8000}
conf=$(scripts/nginx-conf.sh "$site" "$port" target/nginx-serve)
echo "serving $site at http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec nginx -p "$(dirname "$conf")" -c "$conf"
