# Notice Atlas: the two commands a newcomer needs are `make serve` and `make test`.
# Both install what the machine lacks first (scripts/setup.sh).

CARGO ?= cargo
ATLAS := target/release/atlas
PORT ?= 8000
TEST_SITE := target/test-site

.PHONY: setup wasm atlas install site serve dev test lint unit browser test-site bench-pages bench clean

setup:
	scripts/setup.sh

wasm: setup
	scripts/build-wasm.sh

## The atlas command (carrying the search module) and the benchmark corpus tool.
atlas: wasm
	$(CARGO) build --release --workspace

## Installs atlas into ~/.cargo/bin, search module included: then `atlas build` in any site folder.
install: wasm
	$(CARGO) install --locked --path generator

site: atlas
	$(ATLAS) build --base-url http://127.0.0.1:$(PORT)/

## Build the site from content/ and serve it at http://127.0.0.1:$(PORT)/
serve: site
	scripts/serve.sh public $(PORT)

## Build, serve at http://127.0.0.1:$(PORT), rebuild and reload the browser on every edit
dev: atlas
	$(ATLAS) serve --port $(PORT)

lint: wasm
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## Unit and integration tests; then bitpacking's unrolled codecs (what atlas writes indexes
## with) against their format, as the debug run checks its loop variant (what the browser reads with).
unit: wasm
	$(CARGO) test --workspace
	$(CARGO) test --release -p search-wasm --test bitpacking_format

test-site: atlas
	$(ATLAS) build --out $(TEST_SITE) --base-url http://127.0.0.1/

## Browser tests; screenshots of the main pages land in target/screenshots/.
browser: test-site
	cd tests/browser && ATLAS_SITE=../../$(TEST_SITE) node --test --test-concurrency=1

## Page weights (bytes transferred) and layout shift, printed.
bench-pages: test-site
	cd tests/browser && ATLAS_SITE=../../$(TEST_SITE) node bench-pages.mjs

## Everything: formatting, lints, unit and integration tests, the wasm build, browser tests.
test: setup lint unit browser

clean:
	rm -rf public $(TEST_SITE) search-wasm/pkg target/nginx-* target/screenshots target/bench

## Benchmarks against Hugo and Pagefind on synthetic corpora (SIZES="5x5 100x10 500x20").
bench: atlas
	scripts/bench.sh $(SIZES)
