#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test Notice Atlas:
#  - a Rust that can target wasm32 (rustup's target if present, with its rust-src component,
#    else Debian's rustc-web with the standard library's source; std is built with
#    -Z build-std either way),
#  - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock,
#  - nginx with its brotli_static module (serves the .br files the build writes) and
#    chromium (with chromedriver) for the browser tests, brotli for size figures,
#  - the browser tests' npm packages.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

need_apt=()
have_wasm_target=false
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  have_wasm_target=true
fi
if ! $have_wasm_target; then
  [ -x /usr/bin/rustc ] && /usr/bin/rustc --print target-list 2>/dev/null | grep -qx wasm32-unknown-unknown || need_apt+=(rustc-web cargo-web)
  [ -d /usr/lib/rustlib/src/rust/library ] || need_apt+=(rust-web-src)
  command -v rust-lld >/dev/null || need_apt+=(lld-22)
fi
command -v nginx >/dev/null || need_apt+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || need_apt+=(libnginx-mod-http-brotli-static)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v brotli >/dev/null || need_apt+=(brotli)

# With rustup's target, the standard library's source lets build-wasm.sh build std for size
# (-Z build-std); without it the module builds against the prebuilt std, larger.
if $have_wasm_target && ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  log "adding rustup's rust-src component"
  rustup component add rust-src || log "could not add rust-src; the search module will be larger"
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_apt[@]}"
fi

# wasm-bindgen-cli must match the library version exactly.
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$want" != "$have" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none}); this compiles for a few minutes"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  log "installing the browser tests' npm packages"
  (cd tests/browser && npm ci --no-audit --no-fund)
fi
log "setup done"
