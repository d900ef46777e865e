# The two commands of the README:
#   make demo   set everything up on a fresh machine and serve the demo village
#   make test   run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1

.PHONY: demo test install install-demo migrate messages translations lint benchmarks clean

# The demo needs the site and localstripe only, not the test tools (a lighter install).
demo: install-demo migrate messages
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py load_demo_village --scale $(SCALE)
	@echo "Serving the demo village at http://$(HOST):$(PORT)/ (English: http://$(HOST):$(PORT)/en/," \
		"admin: http://$(HOST):$(PORT)/admin/). Stop it with Ctrl+C."
	@# Without STRIPE_SECRET_KEY, a fake Stripe (localstripe) runs on loopback beside the site.
	$(PY) -m payments.with_localstripe --site http://$(HOST):$(PORT) -- \
		$(PY) manage.py runserver $(HOST):$(PORT)

test: install messages
	$(VENV)/bin/pytest

install: $(VENV)/.installed
install-demo: $(VENV)/.installed-demo

# uv (from PyPI) installs in seconds what pip takes minutes for; pip is the fallback.
PIP_INSTALL = ($(PY) -m pip install --quiet uv && $(VENV)/bin/uv pip install --quiet \
	--python $(PY) -e '.[$(1)]') || $(PY) -m pip install --quiet -e '.[$(1)]'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(call PIP_INSTALL,dev)
	touch $@ $(VENV)/.installed-demo

$(VENV)/.installed-demo: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(call PIP_INSTALL,demo)
	touch $@

migrate: install-demo
	$(PY) manage.py migrate --noinput

# Compiled catalogues are committed, so a machine without gettext still speaks Chinese;
# where msgfmt exists they are rebuilt from the .po files.
messages: install-demo
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore '.venv' -v0; \
	else echo "msgfmt not found: using the committed .mo catalogues"; fi

# Re-extract every UI string into both catalogues (under a lock: several people may run it).
translations: install
	flock locale/.lock $(PY) manage.py makemessages -l zh_Hans -l en --ignore '.venv/*' \
		--ignore 'collected-static/*' --ignore 'media/*' --no-obsolete --add-location file

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

benchmarks: install migrate
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) db.sqlite3 media collected-static
