# The two commands of the README: `make run` and `make test`. Both create the
# virtualenv and install litclaims into it on first use.

# The first interpreter that runs and is 3.11 or 3.12 (pyproject's range). 3.12 first:
# spaCy's 3.11 wheels carry Cython's profiling hooks, which make the NER heads take the
# GIL on every call; on 3.12 the whole extractor does about 30% more words per CPU
# second with identical output (docs/benchmarks.md, "Issue 13/14 headroom").
# With none, plain python3, so that pip says which versions the project needs.
PYTHON ?= $(or $(shell for p in python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' >/dev/null 2>&1 \
	&& command -v $$p && break; done),python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Install, process corpus/ into litclaims.duckdb, print what was found.
run: install
	$(BIN)/litclaims run

## Install and run the test suite, one pytest worker per core (pytest-xdist). Each test
## file stays on one worker (--dist loadfile), so a module's Prefect run is made once; the
## end-to-end tests mostly wait on servers and subprocesses, which overlap across workers.
test: install
	$(BIN)/python -m pytest -n auto --dist loadfile

## Benchmarks (print numbers; see docs/benchmarks.md). They read ../shared/pdfs and ../shared/civic.
bench: install
	OMP_NUM_THREADS=1 $(BIN)/python bench/bench_ingest.py --repeat 3
	OMP_NUM_THREADS=1 $(BIN)/python bench/bench_pipeline.py --repeat 3
	OMP_NUM_THREADS=1 $(BIN)/python bench/bench_tagging.py
	OMP_NUM_THREADS=1 $(BIN)/python bench/bench_corpus.py --texts 1000 --rss-texts 10000

clean:
	rm -rf $(VENV) litclaims.duckdb .pytest_cache
