# Notice Atlas: the two commands a newcomer needs are `make serve` and `make test`.
# Both install what the machine lacks first (scripts/setup.sh).

CARGO ?= cargo
ATLAS := target/release/atlas
PORT ?= 8000
TEST_SITE := target/test-site

.PHONY: setup wasm atlas site serve dev test lint unit browser clean

setup:
	scripts/setup.sh

wasm: setup
	scripts/build-wasm.sh

atlas:
	$(CARGO) build --release -p notice-atlas

site: wasm atlas
	$(ATLAS) build --base-url http://127.0.0.1:$(PORT)/

## Build the site from content/ and serve it at http://127.0.0.1:$(PORT)/
serve: site
	scripts/serve.sh public $(PORT)

## Build, serve at http://127.0.0.1:$(PORT), rebuild and reload the browser on every edit
dev: wasm atlas
	$(ATLAS) serve --port $(PORT)

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

unit:
	$(CARGO) test --workspace

browser: wasm atlas
	$(ATLAS) build --out $(TEST_SITE) --base-url http://127.0.0.1/
	cd tests/browser && ATLAS_SITE=../../$(TEST_SITE) node --test --test-concurrency=1

## Everything: formatting, lints, unit and integration tests, the wasm build, browser tests.
test: setup lint unit browser

clean:
	rm -rf public $(TEST_SITE) search-wasm/pkg target/nginx-*
