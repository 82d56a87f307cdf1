# Every target creates and fills .venv when it is missing, so a fresh clone needs only Python 3.11+.
# What goes into each environment is pinned, with hashes, in pins/ (`make lock` rewrites them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
RUN_STAMP := $(VENV)/.installed-run
# `make test-lowest`: the test suite on the lowest versions pyproject.toml's ranges allow.
LOWEST := .venv-lowest
# `make test-werkzeug-newest`: the test suite on Werkzeug's newest release.
NEWEST := .venv-werkzeug-newest
# `make docs`: the documentation site's tools (pins/docs.txt), in a venv of their own.
DOCS_VENV := .venv-docs
# `make run PROTOCOL=asgi` serves the example over ASGI with uvicorn instead of over WSGI.
PROTOCOL ?= wsgi
PORT ?= 5000

# Debian packages a check needs are installed when missing (as root, or through sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: run run-blog test lint types pytest test-lowest test-werkzeug-newest compat services \
	test-new scale-test scale-bench browser test-browser coverage bench bench-guard lock clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The development tools (pins/dev.txt), then demijohn itself, editable. dev pins what run pins,
# at the same versions, so it fills the run environment too. The stubs of the Flask layer
# (stubs/flask) go in editable as well, so that mypy checks the typed Flask sample through them;
# in "compat" mode, whose path entry mypy follows to find a stub-only package.
$(STAMP): $(BIN)/python pins/dev.txt pyproject.toml stubs/flask/pyproject.toml
	$(BIN)/python -m pins install dev $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation \
		--config-settings editable_mode=compat -e stubs/flask
	touch $(STAMP) $(RUN_STAMP)

# Only what serving the example needs (pins/run.txt): no test or lint tools.
$(RUN_STAMP): $(BIN)/python pins/run.txt pyproject.toml
	$(BIN)/python -m pins install run $(BIN)/python
	touch $(RUN_STAMP)

# The flagship example, in its development settings: the first start makes its SQLite database
# (migrated, with sample products) and compiles its catalogues, in examples/shop/.
run: export SHOP_ENVIRONMENT ?= development
run: $(RUN_STAMP)
ifeq ($(PROTOCOL),wsgi)
	$(BIN)/demijohn --app examples/shop/wsgi.py run --host 127.0.0.1 --port $(PORT)
else ifeq ($(PROTOCOL),asgi)
	$(BIN)/uvicorn examples.shop.asgi:app --host 127.0.0.1 --port $(PORT)
else
	$(error PROTOCOL must be wsgi or asgi, not '$(PROTOCOL)')
endif

# The example blog, a plain Flask application, on demijohn's Flask layer (its own environment,
# with the extensions installed without Flask). The database is created and seeded once.
BLOG_PYTHON = compat/.venvs/blog/venv/bin/python
run-blog: $(RUN_STAMP)
	$(BIN)/python compat/run_extension_suites.py --prepare blog >/dev/null
	cd examples/blog && test -f instance/blog.sqlite \
		|| { ../../$(BLOG_PYTHON) -m demijohn --flask-compat --app blog init-db \
		&& ../../$(BLOG_PYTHON) -m demijohn --flask-compat --app blog seed; }
ifeq ($(PROTOCOL),wsgi)
	cd examples/blog && ../../$(BLOG_PYTHON) -m demijohn --flask-compat --app blog run --host 127.0.0.1 --port $(PORT)
else
	cd examples/blog && ../../$(BLOG_PYTHON) -m uvicorn asgi:app.asgi --host 127.0.0.1 --port $(PORT)
endif

lint: $(STAMP)
	$(BIN)/python -m pins check
	$(BIN)/ruff check src tests examples benchmarks compat pins docs/griffe_rest.py
	$(BIN)/ruff format --check src tests examples benchmarks compat pins docs/griffe_rest.py

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) services browser
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report --fail-under=90

# The same tests, without coverage, in a venv of the lowest versions the ranges allow.
$(LOWEST)/.installed: pins/lowest.txt pyproject.toml
	test -x $(LOWEST)/bin/python || $(PYTHON) -m venv $(LOWEST)
	$(PYTHON) -m pins install lowest $(LOWEST)/bin/python
	touch $@

# Without the example's browser tests, whose Playwright needs a newer greenlet than the lowest
# (pins/project.py, NOT_IN_LOWEST); `make pytest` runs them.
test-lowest: $(LOWEST)/.installed services
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider --ignore=examples/shop/tests/browser

# The same tests in a venv of dev's locked versions, but with Werkzeug upgraded to its newest
# release on PyPI (past the range in pyproject.toml, if there is a newer major). Not part of
# `make test`, which installs only what pins/ holds, so that an upstream release never turns
# it red overnight: run it before `make lock`, and on a schedule. Every run installs afresh.
test-werkzeug-newest:
	test -x $(NEWEST)/bin/python || $(PYTHON) -m venv $(NEWEST)
	$(PYTHON) -m pins install dev $(NEWEST)/bin/python
	$(NEWEST)/bin/python -m pip install --disable-pip-version-check -q --upgrade werkzeug
	@$(NEWEST)/bin/python -c 'import importlib.metadata as m; print("Werkzeug", m.version("werkzeug"))'
	$(NEWEST)/bin/python -m pytest -q -p no:cacheprovider

# Flask's own suite and real extensions' suites through the Flask layer, over WSGI and ASGI,
# and the behaviour tests against the real Flask 3.1. The first run makes their environments
# (a few minutes).
compat: $(STAMP) services
	$(BIN)/python compat/run_extension_suites.py
	$(BIN)/python compat/check_behaviour.py

# The servers the Flask-Caching suite talks to (the runner starts and stops them), and PostgreSQL
# for the database tests (their fixture makes a cluster in a temporary folder, starts it on a
# free port and stops it; Debian keeps initdb and pg_ctl off the PATH, in its versioned folder).
services:
	@command -v redis-server >/dev/null && command -v memcached >/dev/null \
		|| { $(APT_INSTALL) redis-server memcached >/dev/null; }
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| { $(APT_INSTALL) postgresql >/dev/null; }

# The documentation site, from docs/ into site/ (mkdocs.yml). --strict makes every warning an
# error: a broken link to a page or to a heading in one, a page left out of the nav, and a
# docstring the API reference cannot read.
$(DOCS_VENV)/.installed: pins/docs.txt pyproject.toml
	test -x $(DOCS_VENV)/bin/python || $(PYTHON) -m venv $(DOCS_VENV)
	$(PYTHON) -m pins install docs $(DOCS_VENV)/bin/python
	touch $@

docs: $(DOCS_VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(DOCS_VENV)/bin/mkdocs build --strict --clean

# The whole system across hosts (tests/scale/run.py): network namespaces joined by a bridge,
# nginx balancing over gunicorn and uvicorn, PostgreSQL and Redis, a Celery worker; one
# application host stopped mid-run. Needs root for the namespaces; about half a minute.
scale-test: $(STAMP) services
	@command -v nginx >/dev/null || { $(APT_INSTALL) nginx-light >/dev/null; }
	@command -v ip >/dev/null || { $(APT_INSTALL) iproute2 >/dev/null; }
	$(SUDO) $(BIN)/python tests/scale/run.py

# Throughput of one worker against two, demijohn against Flask, on the same set-up (wrk makes
# the load); prints a table with the core count and the load average. Not part of `make test`.
scale-bench: $(STAMP) services
	@command -v nginx >/dev/null || { $(APT_INSTALL) nginx-light >/dev/null; }
	@command -v wrk >/dev/null || { $(APT_INSTALL) wrk >/dev/null; }
	$(SUDO) env PYTHONPATH=. $(BIN)/python tests/scale/bench.py

test: lint types pytest test-lowest compat test-new scale-test docs

# Projects made by `demijohn new`, with every battery and with none, each passing its own
# `make test`, `make check` and `make run` against a wheel of this checkout
# (tests/scaffolding/end_to_end.py). Their environments come from the package index or pip's cache.
test-new: $(STAMP)
	$(BIN)/python tests/scaffolding/end_to_end.py

# Debian's Chromium, which the flagship's browser tests drive with Playwright (whose own browser
# download is not used).
browser:
	@command -v chromium >/dev/null || { $(APT_INSTALL) chromium >/dev/null; }

# Only the browser tests: the flagship under gunicorn and uvicorn, screenshots in
# build/screenshots/<protocol>/.
test-browser: $(STAMP) browser
	$(BIN)/python -m pytest -p no:cacheprovider examples/shop/tests/browser


# Resolve every environment's requirements again and rewrite pins/ (an ordinary commit: its CI
# run shows whether the new versions pass). Needs the package index; uv does the resolving.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv$$(v=$$($(PYTHON) -m pins version uv); [ -n "$$v" ] && echo "==$$v")"
	$(BIN)/python -m pins.refresh

# Every case and mode against the peers; writes docs/benchmarks.md (`make bench BENCH_ARGS=--quick`).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# Fails when demijohn's instructions per request rose more than 10 % over benchmarks/baseline.json.
bench-guard: $(STAMP)
	$(BIN)/python benchmarks/guard.py

clean:
	rm -rf $(VENV) $(LOWEST) $(NEWEST) $(DOCS_VENV) site .coverage .mypy_cache .pytest_cache .ruff_cache
