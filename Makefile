# The two commands of the README: `make demo` and `make test`. Everything installs from this
# repository's own files: Python packages into .venv (pyproject.toml), browser assets from the
# npm registry (package.json + package-lock.json), and, for the browser tests and PDFs,
# Debian's chromium, CJK fonts, HarfBuzz subsetting (fast PDFs) and poppler-utils when missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
INSTALLED := $(VENV)/.installed
VENDOR := src/shuangtan/web/static/vendor
APT_PACKAGES := chromium fonts-noto-cjk libharfbuzz-subset0 poppler-utils

.PHONY: install assets system-deps demo serve test lint check benchmark clean

install: $(INSTALLED) assets

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# Jiaxing's county boundaries for the dashboard map (ECharts). The package does not build in
	# pip's isolated environment, so its build requirements come first (docs/data-sources.md).
	$(BIN)/python -m pip install --quiet setuptools wheel pyecharts-jupyter-installer
	$(BIN)/python -m pip install --quiet --no-build-isolation 'echarts-china-cities-pypkg==0.0.9'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

assets: $(VENDOR)/.copied

$(VENDOR)/.copied: node_modules/.installed
	mkdir -p $(VENDOR)/swagger-ui
	cp node_modules/echarts/dist/echarts.min.js node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/swagger-ui/
	cp node_modules/echarts/LICENSE $(VENDOR)/LICENSE.echarts
	cp node_modules/htmx.org/LICENSE $(VENDOR)/LICENSE.htmx
	cp node_modules/swagger-ui-dist/LICENSE $(VENDOR)/LICENSE.swagger-ui
	touch $@

system-deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Please install the Debian packages:$$missing (sudo apt-get install $(APT_PACKAGES))"; exit 1; \
	  fi; \
	fi

demo: install
	$(BIN)/shuangtan demo --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/shuangtan serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy --strict src
	$(BIN)/lint-imports

# The suite runs in TEST_WORKERS processes (pytest-xdist), a test file per worker at a time so
# that module-scoped worlds are built once; each worker has its own template databases.
TEST_WORKERS ?= 2

test: install system-deps lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

benchmark: install
	$(BIN)/python benchmarks/accounting.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache
