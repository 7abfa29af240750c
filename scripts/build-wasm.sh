#!/usr/bin/env bash
# Builds the browser search module: search-wasm compiled to wasm32, bound with
# wasm-bindgen (--target web). Output: search-wasm/pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=search-wasm/pkg
target_dir=target/wasm
profile=wasm-release

# Size: the standard library is built for the module (-Z build-std, with its size-over-speed
# algorithms), and a panic stops the module at once (panic=immediate-abort: no message
# formatting, unwinding or panic hook), Debug output is empty (-Z fmt-debug=none: every Debug
# impl, and the code only they reach, such as tantivy's regex for facet paths, is dropped) and
# panics record no source locations. The page script already treats a trap as a failure and
# starts a fresh instance. These need a nightly feature set (RUSTC_BOOTSTRAP=1) and the
# library's source: Debian's rustc-web with rust-web-src, or rustup's rust-src component.
small=(-Z build-std=std,panic_abort -Z build-std-features=optimize_for_size
  -Z panic-immediate-abort --config "profile.$profile.panic=\"immediate-abort\""
  --config 'target.wasm32-unknown-unknown.rustflags=["-Zfmt-debug=none", "-Zlocation-detail=none"]')
if [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ] \
  && /usr/bin/rustc --print target-list | grep -qx wasm32-unknown-unknown; then
  # Debian's rustc-web knows wasm32 but ships no prebuilt std for it: std is built anyway.
  PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --profile "$profile" -p search-wasm \
    --target wasm32-unknown-unknown --target-dir "$target_dir" "${small[@]}"
elif command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  if rustup component list --installed 2>/dev/null | grep -q '^rust-src' \
    && RUSTC_BOOTSTRAP=1 cargo -Z help 2>/dev/null | grep -q panic-immediate-abort; then
    RUSTC_BOOTSTRAP=1 cargo build --profile "$profile" -p search-wasm \
      --target wasm32-unknown-unknown --target-dir "$target_dir" "${small[@]}"
  else
    # The prebuilt std (no rust-src, or a Rust older than panic=immediate-abort): a working
    # module, but a larger one.
    echo "note: building with the prebuilt std and panic=abort (a larger module)" >&2
    cargo build --profile "$profile" -p search-wasm --target wasm32-unknown-unknown --target-dir "$target_dir"
  fi
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
# table), for 23 bytes saved. binaryen 132 (npm) on the module built as above: -Oz 305,710 ->
# 304,640 B brotli, -Os 305,361 B, each in 100-160 s: not worth a tool and the wait.
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
# The module's budget (BENCHMARKS.md): 300,000 bytes brotli, as built above with -Z build-std.
budget=300000
brotli_bytes=$(stat -c %s "$out/search_wasm_bg.wasm.br")
if [ "$brotli_bytes" -gt "$budget" ]; then
  echo "warning: the search module is $brotli_bytes bytes brotli, over its budget of $budget" \
    "(a prebuilt std makes it larger; otherwise see the wasm-release profile in Cargo.toml)" >&2
fi
