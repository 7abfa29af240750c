#!/usr/bin/env bash
# Benchmarks Notice Atlas against its peers on the same synthetic corpus, one line per
# figure: build wall time and peak memory, output bytes and files, index bytes, wasm bytes
# (raw, gzip, brotli), and in headless Chromium through nginx the bytes, requests and time of
# the page load, the first query and later queries, and warm query latency. Hugo (Debian
# package) builds the same Markdown; Pagefind (npm) indexes our built HTML.
#
#   scripts/bench.sh [SIZE ...]     SIZE is ORGSxNOTICES; default: 5x5 100x10 500x20
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5x5 100x10 500x20)
out=target/bench
mkdir -p "$out"

command -v hugo >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hugo; }
command -v brotli >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q brotli; }
pagefind=tests/bench/node_modules/.bin/pagefind
# npm install, not ci: Pagefind's lock entries for other platforms' binaries do not resolve
# on every registry mirror.
[ -x "$pagefind" ] || (cd tests/bench && npm install --no-audit --no-fund)

say() { printf '%s\t%s\t%s\n' "$1" "$2" "$3"; }

# Runs a command under GNU time; prints "<wall seconds> <peak KB>".
measure() {
  /usr/bin/time -f '%e %M' -o "$out/time.txt" "$@" > "$out/cmd.log" 2>&1 || { cat "$out/cmd.log" >&2; return 1; }
  cat "$out/time.txt"
}

wasm=search-wasm/pkg/search_wasm_bg.wasm
say wasm "raw bytes" "$(stat -c %s "$wasm")"
say wasm "gzip -9 bytes" "$(gzip -9 -c "$wasm" | wc -c)"
say wasm "brotli -q 11 bytes" "$(brotli -q 11 -c "$wasm" | wc -c)"

for size in "${sizes[@]}"; do
  orgs=${size%x*}
  notices=${size#*x}
  src="$out/$size/src"
  site="$out/$size/atlas"
  target/release/atlas-corpus --orgs "$orgs" --notices "$notices" --seed 1 --out "$src" > /dev/null
  say "$size" "corpus Markdown bytes" "$(du -sb "$src/content" | cut -f1)"

  # Cold build: empty cache, fresh output folder (what the Hugo ratio compares).
  rm -rf "$site" "$src/.atlas-cache"
  read -r secs kb < <(measure target/release/atlas build --root "$src" --out "$site")
  say "$size atlas" "build wall time (cold: empty cache, new folder)" "$secs s"
  say "$size atlas" "build peak memory (cold)" "$((kb / 1024)) MB"
  stages() {
    grep -E '^ +[a-z]+ +[0-9.]+ ms' "$out/cmd.log" | while read -r stage ms _; do
      say "$size atlas" "$1 stage $stage" "$ms ms"
    done
  }
  stages "cold build"
  # The same content again into the same folder: everything comes from the cache and the
  # published site.
  read -r usecs ukb < <(measure target/release/atlas build --root "$src" --out "$site")
  say "$size atlas" "rebuild, nothing changed" "$usecs s"
  say "$size atlas" "rebuild, nothing changed: $(grep -o 'reused:.*' "$out/cmd.log")" ""
  # One notice edited (a sentence stating a lawful basis appended), then built again.
  edited=$(find "$src/content" -name '*.md' -not -path '*.versions*' | sort | sed -n 1p)
  printf '\n## Our legal basis\n\nWe rely on Article 6(1)(c) UK GDPR to keep these records.\n' >> "$edited"
  read -r esecs ekb < <(measure target/release/atlas build --root "$src" --out "$site")
  say "$size atlas" "rebuild after one edit" "$esecs s"
  say "$size atlas" "rebuild after one edit: peak memory" "$((ekb / 1024)) MB"
  say "$size atlas" "rebuild after one edit: $(grep -o 'reused:.*' "$out/cmd.log")" ""
  stages "rebuild after one edit"
  say "$size atlas" "output bytes" "$(du -sb "$site" | cut -f1)"
  say "$size atlas" "output files" "$(find "$site" -type f | wc -l)"
  idx=$(ls -d "$site"/search/index-*)
  say "$size atlas" "index bytes" "$(du -sb "$idx" | cut -f1)"
  say "$size atlas" "hot bundle bytes" "$(stat -c %s "$idx/hot.bin")"

  # Page weight: the largest HTML page the build wrote (by gzip -9 size), overall and per
  # family of comparison pages, as "gzip -9 bytes / raw bytes / page".
  largest_page() {
    find "$site/$1" -name '*.html' -print0 \
      | xargs -0 -n 500 sh -c 'for f; do printf "%s %s %s\n" "$(gzip -9 -c "$f" | wc -c)" "$(stat -c %s "$f")" "$f"; done' _ \
      | sort -n | tail -1 | awk -v site="$site/" '{ sub(site, "", $3); printf "%d B gzip -9 / %d B / %s", $1, $2, $3 }'
  }
  say "$size atlas" "HTML pages" "$(find "$site" -name '*.html' | wc -l)"
  say "$size atlas" "largest page" "$(largest_page "")"
  for family in compare facets; do
    say "$size atlas" "largest $family/ page" "$(largest_page "$family")"
  done
  say "$size atlas" "largest peer report" "$(find "$site/orgs" -path '*/peers/index.html' -printf '%s %p\n' | sort -n | tail -1 | awk '{ print $1 " B / " $2 }')"
  say "$size atlas" "data/orgs/*.json files, largest" "$(find "$site/data/orgs" -name '*.json' | wc -l), $(find "$site/data/orgs" -name '*.json' -printf '%s\n' | sort -n | tail -1) B"

  # Hugo builds the same Markdown with a minimal theme (no search index).
  hugo_src="$out/$size/hugo-src"
  rm -rf "$hugo_src" "$out/$size/hugo"
  mkdir -p "$hugo_src/layouts/_default"
  ln -s "$repo/$src/content" "$hugo_src/content"
  printf 'baseURL = "http://127.0.0.1/"\ntitle = "Hugo %s"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n' "$size" > "$hugo_src/hugo.toml"
  printf '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>\n' > "$hugo_src/layouts/_default/baseof.html"
  printf '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ end }}\n' > "$hugo_src/layouts/_default/single.html"
  printf '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n' > "$hugo_src/layouts/_default/list.html"
  read -r hsecs hkb < <(measure hugo --source "$hugo_src" --destination "$repo/$out/$size/hugo" --quiet)
  say "$size hugo" "build wall time" "$hsecs s"
  say "$size hugo" "build peak memory" "$((hkb / 1024)) MB"
  say "$size hugo" "output files" "$(find "$out/$size/hugo" -type f | wc -l)"
  say "$size ratio" "atlas/hugo build time (cold)" "$(awk -v a="$secs" -v b="$hsecs" 'BEGIN { printf "%.2f", a / b }')"
  say "$size ratio" "atlas rebuild after one edit / hugo build" "$(awk -v a="$esecs" -v b="$hsecs" 'BEGIN { printf "%.2f", a / b }')"
  say "$size ratio" "atlas/hugo peak memory" "$(awk -v a="$kb" -v b="$hkb" 'BEGIN { printf "%.2f", a / b }')"

  # Pagefind indexes our built HTML (notice pages' <main>).
  rm -rf "$site/pagefind"
  read -r psecs pkb < <(measure "$pagefind" --site "$site" --root-selector main)
  say "$size pagefind" "index wall time" "$psecs s"
  say "$size pagefind" "index peak memory" "$((pkb / 1024)) MB"
  say "$size pagefind" "index bytes" "$(du -sb "$site/pagefind" | cut -f1)"

  (cd tests/browser && node bench-search.mjs "$repo/$site" "$size") | tee "$out/$size/atlas-browser.tsv"
  (cd tests/browser && node bench-search.mjs "$repo/$site" "$size" --pagefind) | tee "$out/$size/pagefind-browser.tsv"
  first() { awk -F'\t' -v k="$2" 'index($2, k) { print $3 + 0; exit }' "$1"; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
  for figure in "load + first query: index bytes" "load + first query: all bytes" "warm query latency p95"; do
    ours=$(first "$out/$size/atlas-browser.tsv" "$figure")
    theirs=$(first "$out/$size/pagefind-browser.tsv" "$figure")
    say "$size ratio" "atlas/pagefind $figure" "$(ratio "$ours" "$theirs")"
  done
done
