#!/usr/bin/env bash
# Writes an nginx config for serving a built site: nginx-conf.sh SITE_DIR PORT RUN_DIR.
# The config comes from tests/nginx/nginx.conf.in; logs, pid and temp files go to RUN_DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
site=$(cd "$1" && pwd)
port=$2
run=$(mkdir -p "$3" && cd "$3" && pwd)
mkdir -p "$run/tmp"
sed -e "s|@SITE@|$site|g" -e "s|@PORT@|$port|g" -e "s|@RUN@|$run|g" \
  "$here/tests/nginx/nginx.conf.in" > "$run/nginx.conf"
echo "$run/nginx.conf"
