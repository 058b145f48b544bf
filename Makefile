# biopolicy-kg: `make all` sets up, builds, validates and queries; `make test` runs the suite.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= graph/build
DOCS   ?= documents
CHROMIUM := /usr/bin/chromium
VIRTUOSO := /usr/bin/virtuoso-t
FUSEKI_DIR := $(HOME)/.cache/biopolicy/fuseki-5.6.0
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup all test stores docs report readme-chart bench bench-quick loadtest fuzz faults serve clean

setup: $(STAMP) $(CJK_FONT)

$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

all: setup
	$(BIN)/biopolicy build --documents $(DOCS) --store $(STORE)
	$(BIN)/biopolicy link --wikidata --offline --store $(STORE)
	$(BIN)/biopolicy check --store $(STORE)
	$(BIN)/biopolicy run-queries --store $(STORE) --out $(STORE)/results
	$(BIN)/biopolicy summary --store $(STORE)

test: setup $(CHROMIUM) stores
	$(BIN)/ruff check loaders graph tests tools
	$(BIN)/pytest -q
	bash tools/wheel_check.sh

# The query page is tested in headless Chromium (Debian's package; no browser download at test time).
$(CHROMIUM):
	@echo "installing Debian's chromium for the browser test of the query page" >&2
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium

# The stores `biopolicy publish` is tested against (tests/test_publish_stores.py, decision 0020):
# Debian's Virtuoso, and Apache Jena Fuseki from Maven Central. Either may be unavailable
# (no sudo, no Maven Central): its tests then skip and say why, so neither step stops `make test`.
stores: $(VIRTUOSO) $(FUSEKI_DIR)/jena-fuseki-main-5.6.0.jar

$(VIRTUOSO):
	@echo "installing Debian's virtuoso-opensource for the publish tests" >&2
	-$(SUDO) apt-get update -qq
	-DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null

$(FUSEKI_DIR)/jena-fuseki-main-5.6.0.jar: deploy/fuseki-pom.xml
	@echo "fetching Apache Jena Fuseki 5.6.0 into $(FUSEKI_DIR) for the publish tests" >&2
	@mkdir -p $(dir $(FUSEKI_DIR))
	@mvn -q -B -f deploy/fuseki-pom.xml dependency:copy-dependencies -DoutputDirectory=$(FUSEKI_DIR) \
	    >$(FUSEKI_DIR).log 2>&1 || echo "Fuseki was not fetched (see $(FUSEKI_DIR).log): its publish tests will skip" >&2

# The report's charts and the browser tests draw Chinese with a real CJK font (Debian's package).
$(CJK_FONT):
	@echo "installing Debian's fonts-wqy-zenhei (Chinese glyphs for the report's charts and the browser)" >&2
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends fonts-wqy-zenhei

# The offline HTML report of cross-city comparisons (STORE/report/index.html); `make all` builds the store.
report: setup
	$(BIN)/biopolicy report --store $(STORE) --out $(STORE)/report

# The chart on the README's first screen, drawn by `biopolicy report` from the plans of documents/.
readme-chart: setup
	$(BIN)/biopolicy build --documents $(DOCS) --store $(STORE)
	$(BIN)/biopolicy report --store $(STORE) --out $(STORE)/report
	cp $(STORE)/report/charts/industry_size.svg docs/images/industry-size-targets.svg

# pyLODE is installed once (pip's resolver output is noise on a second run); the command prints one line.
docs: setup
	@$(PY) -c "import pylode" 2>/dev/null || $(BIN)/pip install --quiet --disable-pip-version-check "pylode==3.3.4"
	@$(BIN)/biopolicy docs --out docs/ontology

serve: setup
	$(BIN)/biopolicy serve --store $(STORE)

# Figures for BENCHMARKS.md (issue #11): 5, 50, 500 and 5,000 synthetic plans (about an hour), or 5 and 50.
bench: setup
	mkdir -p build
	$(BIN)/biopolicy bench --plans 5,50,500,5000 --json build/bench.json

bench-quick: setup
	mkdir -p build
	$(BIN)/biopolicy bench --quick --json build/bench-quick.json

# 50 clients × 60 s against a real `biopolicy serve` on loopback (a synthetic store of 5 plans),
# 5 of them sending runaway queries from 15 s on; a short version runs in `make test`.
loadtest: setup
	$(PY) tools/loadtest.py --clients 50 --seconds 60 --runaways 5 $(LOADTEST_ARGS)

# The Hypothesis fuzz suite with a long budget (make test runs 150 + 10 examples); figures in build/fuzz.json.
fuzz: setup
	mkdir -p build
	HYPOTHESIS_PROFILE=long BIOPOLICY_FUZZ_STATS=build/fuzz.json $(BIN)/pytest -q -s -p no:cacheprovider tests/test_fuzz.py

# 54 writers (build, add, remove) killed with SIGKILL or SIGINT at random moments; make test runs 3.
faults: setup
	$(PY) tools/faults.py --trials 54 $(FAULTS_ARGS)

clean:
	rm -rf $(STORE) .pytest_cache
