# The two commands: `make run` (set up and start the app) and `make test` (set up and test headless).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench fuzz bundle bundle-check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(STAMP)
	$(PY) -m planner.display_check
	$(PY) -m planner

test: $(TEST_STAMP)
	$(PY) -m ruff check planner tests benchmarks
	$(PY) -m mypy planner
	QT_QPA_PLATFORM=offscreen MPLBACKEND=Agg $(PY) -m pytest -q -n auto --dist loadfile --max-worker-restart=0

lint: $(TEST_STAMP)
	$(PY) -m ruff check planner tests benchmarks
	$(PY) -m mypy planner

# Every target (speed, memory, bundle size) in one table; the exit status says whether all held.
# `make bench BENCH=engine,cli` runs some sections (see benchmarks/run.py).
BENCH ?= engine,crypto,cli,gui,optimisers,bundle
# Bytecode first, as an installed app has it (a checkout run with PYTHONDONTWRITEBYTECODE set
# would otherwise compile every module at each CLI start).
bench: $(TEST_STAMP)
	$(PY) -m compileall -q planner
	QT_QPA_PLATFORM=offscreen MPLBACKEND=Agg $(PY) benchmarks/run.py --only $(BENCH)

# Mutated plans through the CLI in this process (benchmarks/fuzz.py); non-zero on any
# traceback, hang, changed input or stray file. `make fuzz FUZZ_CASES=300` for a short run.
FUZZ_CASES ?= 10000
fuzz: $(TEST_STAMP)
	MPLBACKEND=Agg $(PY) benchmarks/fuzz.py --cases $(FUZZ_CASES)

# The one-folder app in dist/planner/, then its check: size limits, the window paints the
# sample plan's results, the CLI writes a report (.ci/check_bundle.py).
bundle: $(STAMP)
	$(PY) -m pip install --quiet -e ".[bundle]"
	$(PY) -m PyInstaller --noconfirm --clean planner.spec
	$(PY) .ci/check_bundle.py dist/planner

# The same check on the bundle already built.
bundle-check:
	$(PY) .ci/check_bundle.py dist/planner

# The bundle, packed with install.sh/uninstall.sh, the menu entry and the icons as
# dist/planner-<version>-linux-<machine>.tar.gz (resources/linux/make_archive.py).
.PHONY: dist
dist: bundle
	$(PY) resources/linux/make_archive.py dist/planner dist

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
