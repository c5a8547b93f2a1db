# İletişim: the two commands of the Quick start are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py

.PHONY: install run test test-fast check format messages test-deps gettext-tools clean

$(PY):
	@python=$$(scripts/find-python) && $$python -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PIP) install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)  ## install Python and Debian packages (quick when nothing changed), compile translations
	@scripts/system-deps.sh runtime
	@mkdir -p var
	@$(PY) scripts/i18n.py compile

run: install  ## migrate the SQLite database, add demo data, start web + worker + scheduler
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) run_all

test-deps:  ## Debian packages the tests drive: chromium, dovecot (poppler-utils comes with runtime)
	@scripts/system-deps.sh test

test: install test-deps  ## the whole suite, browser tests included (SQLite unless DATABASE_URL)
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install  ## everything except the browser tests
	$(VENV)/bin/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

gettext-tools:  ## xgettext for makemessages (developers and `make check` only)
	@command -v xgettext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

check: install gettext-tools  ## ruff, mypy, migrations, translations, OpenAPI schema, deploy checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy iletisim config benchmarks scripts
	$(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/i18n.py check
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null
	ILETISIM_ENV=production SECRET_KEY=check-only-$$RANDOM$$RANDOM-not-a-real-key-0123456789abcdefghij \
	  ALLOWED_HOSTS=iletisim.example DATABASE_URL=sqlite:///var/check.sqlite3 \
	  $(MANAGE) check --deploy --fail-level WARNING

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install gettext-tools  ## update the .po files after changing user-facing strings
	$(PY) scripts/i18n.py update

clean:
	rm -rf $(VENV) var
