# Engagement Planner: `make serve` and `make test`.
#
# Both first install whatever is missing, and nothing else: a second run
# installs nothing. Tools go where their installers put them (rustup,
# ~/.cargo/bin, Debian packages) except wasm-opt, which lives in .tools/.
# Trunk never downloads anything (Trunk.toml pins the tools it must find).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
TOOLS := $(ROOT)/.tools
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin

# The npm wasm-opt comes first: Debian's binaryen (wasm-opt 108) silently
# breaks release builds.
export PATH := $(TOOLS)/node_modules/.bin:$(CARGO_BIN):$(PATH)

TRUNK_VERSION := 0.21.14
# The exact version Cargo.lock resolved for the `wasm-bindgen = "=…"` pin.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' $(ROOT)/Cargo.lock)
BINARYEN_VERSION := 132.0.0
WASM_OPT_VERSION := $(firstword $(subst ., ,$(BINARYEN_VERSION)))

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# wasm-bindgen-test-runner: drive Debian's headless Chromium through
# chromedriver; webdriver.json adds the flags needed as root.
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON := $(ROOT)/webdriver.json
export TRUNK_SKIP_VERSION_CHECK := true

# CI builds once from a clean clone: incremental caches would only cost
# disk (gigabytes for the wasm test binaries) and time.
ifdef CI
export CARGO_INCREMENTAL := 0
endif

TRUNK_FLAGS := --release --offline

.PHONY: help serve test dist tools browser build test-native test-wasm test-e2e figures \
        tool-wasm-target tool-trunk tool-wasm-bindgen tool-wasm-opt tool-python

help:
	@echo "make serve   build the app and serve it on http://127.0.0.1:8080"
	@echo "make test    run every test layer: native, wasm in Chromium, end-to-end"
	@echo "make dist    release build of the app into dist/"
	@echo "make tools   install the build tools only (idempotent)"

serve: tools
	cd $(ROOT) && trunk serve $(TRUNK_FLAGS) --no-autoreload --address 127.0.0.1 --port 8080

test: tools browser
	@$(MAKE) test-native
	@$(MAKE) test-wasm
	@$(MAKE) test-e2e

dist: tools
	@$(MAKE) build

# The targets below assume the tools are installed (`make tools`).

build:
	cd $(ROOT) && trunk build $(TRUNK_FLAGS)

# --- test layers -----------------------------------------------------------

# 1. Native: the engine and the app's pure logic (e2e needs the build: 3.).
test-native:
	cd $(ROOT) && cargo test --workspace --exclude engagement-e2e

# 2. The app's component tests in headless Chromium (wasm-bindgen-test).
test-wasm:
	cd $(ROOT) && cargo test --target wasm32-unknown-unknown -p engagement-planner

# 3. End-to-end: the release build, served locally, driven over WebDriver.
test-e2e: build
	cd $(ROOT) && cargo test -p engagement-e2e --tests

# Performance figures of the release build (printed, not asserted): gzipped
# wasm per entry, time to interactive, and the 100,000-person benchmark in
# the worker with the longest main-thread task meanwhile (BENCH_PEOPLE=N).
figures: build
	cd $(ROOT) && cargo test -p engagement-e2e --test simulation figures -- --nocapture --exact

# --- installation (each step skips when already done) ----------------------

tools: tool-wasm-target tool-trunk tool-wasm-bindgen tool-wasm-opt tool-python

tool-wasm-target:
	@if rustup target list --installed | grep -qx wasm32-unknown-unknown; then \
	  echo "ok: rust target wasm32-unknown-unknown"; \
	else \
	  rustup target add wasm32-unknown-unknown; \
	fi

# trunk 0.21.14: 0.22 needs a newer rustc than the one we build with.
tool-trunk:
	@if [ "$$(trunk --version 2>/dev/null)" = "trunk $(TRUNK_VERSION)" ]; then \
	  echo "ok: trunk $(TRUNK_VERSION)"; \
	else \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; \
	fi

tool-wasm-bindgen:
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }
	@grep -q '^wasm_bindgen = "$(WASM_BINDGEN_VERSION)"' $(ROOT)/Trunk.toml || { \
	  echo "Trunk.toml [tools] wasm_bindgen must be $(WASM_BINDGEN_VERSION) (Cargo.lock)" >&2; exit 1; }
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
	    && [ "$$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "ok: wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	else \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --locked \
	    || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

tool-wasm-opt:
	@grep -q '^wasm_opt = "version_$(WASM_OPT_VERSION)"' $(ROOT)/Trunk.toml || { \
	  echo "Trunk.toml [tools] wasm_opt must be version_$(WASM_OPT_VERSION)" >&2; exit 1; }
	@if [ "$$($(TOOLS)/node_modules/.bin/wasm-opt --version 2>/dev/null)" = "wasm-opt version $(WASM_OPT_VERSION) (version_$(WASM_OPT_VERSION))" ]; then \
	  echo "ok: wasm-opt $(WASM_OPT_VERSION) (npm binaryen)"; \
	else \
	  npm install --prefix $(TOOLS) --no-audit --no-fund binaryen@$(BINARYEN_VERSION); \
	fi

# Trunk's post-build hook (tools/post_build.py: CSP hash, service worker).
tool-python:
	@if command -v python3 >/dev/null; then \
	  echo "ok: $$(python3 --version)"; \
	else \
	  $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3; \
	fi

# Debian's Chromium and its chromedriver (never a downloaded browser).
browser:
	@if [ -x /usr/bin/chromium ] && [ -x "$(CHROMEDRIVER)" ]; then \
	  echo "ok: chromium, $$($(CHROMEDRIVER) --version | cut -d' ' -f1-2)"; \
	else \
	  $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver; \
	fi
