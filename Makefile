# The two commands of the README:
#   make demo   set everything up on a fresh machine and serve the demo village
#   make test   run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1

.PHONY: demo test install migrate messages translations lint benchmarks clean

demo: install migrate messages
	$(PY) manage.py load_demo_village --scale $(SCALE)
	@# Without STRIPE_SECRET_KEY, a fake Stripe (localstripe) runs on loopback beside the site.
	$(PY) -m payments.with_localstripe --site http://$(HOST):$(PORT) -- \
		$(PY) manage.py runserver $(HOST):$(PORT)

test: install messages
	$(VENV)/bin/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

# Compiled catalogues are committed, so a machine without gettext still speaks Chinese;
# where msgfmt exists they are rebuilt from the .po files.
messages: install
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
