#!/usr/bin/env bash
# Builds the browser search module: search-wasm compiled to wasm32, bound with
# wasm-bindgen (--target web). Output: search-wasm/pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=search-wasm/pkg
target_dir=target/wasm
profile=wasm-release

if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  cargo build --profile "$profile" -p search-wasm --target wasm32-unknown-unknown --target-dir "$target_dir"
elif [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ]; then
  # Debian's rustc-web knows wasm32 but ships no prebuilt std for it: build std too.
  PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --profile "$profile" -p search-wasm \
    --target wasm32-unknown-unknown -Z build-std=std,panic_abort --target-dir "$target_dir"
else
  echo "error: no Rust toolchain that can build wasm32; run scripts/setup.sh (make setup) first" >&2
  exit 1
fi

raw="$target_dir/wasm32-unknown-unknown/$profile/search_wasm.wasm"
rm -rf "$out.tmp"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$out.tmp" "$raw"
# No wasm-opt pass. Measured on this module with Debian's binaryen 108: -Oz and -O1 make the
# raw file smaller but the brotli transfer no smaller (449-479 KB against 454 KB: re-ordered
# code compresses worse) and take over a minute; and any pass, even only --dce --vacuum
# --strip-debug, writes a module that no longer loads in Chromium (wasm-bindgen's externref
# table), for 23 bytes saved.
# Compressed once here, at the highest settings, and carried by atlas beside the module, so
# no build compresses the module again (-n: no name or time in the gzip header).
for f in search_wasm_bg.wasm search_wasm.js; do
  brotli -q 11 -f -o "$out.tmp/$f.br" "$out.tmp/$f"
  gzip -9 -n -k -f "$out.tmp/$f"
done
rm -rf "$out"
mv "$out.tmp" "$out"
printf 'search module: %s (%s bytes, %s brotli)\n' "$out/search_wasm_bg.wasm" \
  "$(stat -c %s "$out/search_wasm_bg.wasm")" "$(stat -c %s "$out/search_wasm_bg.wasm.br")"
