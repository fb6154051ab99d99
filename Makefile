# Kring: the two commands are `make run` and `make test` (see README.md).
.PHONY: run serve test reset setup lint format messages lock backup restore

PY := .venv/bin/python
# `make run PORT=8001`, `make serve HOST=127.0.0.1 PORT=8000 WORKERS=2`
PORT ?= 8000

setup:
	@bash scripts/bootstrap.sh

run: setup
	@$(PY) manage.py devserver --addrport $(or $(HOST),127.0.0.1):$(PORT)

# Production on one machine: gunicorn + worker + periodic jobs; needs SECRET_KEY (README, "Production").
serve: setup
	@$(PY) scripts/serve.py --host $(or $(HOST),0.0.0.0) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

test: setup
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_test_tools.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Wipes the embedded database and uploaded files; the next `make run` starts from the demo data.
reset:
	@bash scripts/bootstrap.sh
	@$(PY) scripts/reset_data.py

lint: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Extracts new strings into locale/*/LC_MESSAGES/django.po (translate them, then `make setup` compiles).
messages: setup
	flock locale/.lock $(PY) manage.py makemessages -l nl -l en --no-obsolete --ignore '.venv/*' --ignore '.data/*' --ignore 'tests/*'
	flock locale/.lock $(PY) manage.py makemessages -d djangojs -l nl -l en --no-obsolete --ignore '.venv/*' --ignore '.data/*' --ignore 'static/vendor/*' --ignore 'staticfiles/*'

# Re-pins requirements.lock from pyproject.toml (needs pip-tools in .venv).
lock: setup
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe -o requirements.lock pyproject.toml

# A consistent dump of the whole database (embedded or DATABASE_URL) into backups/<timestamp>.dump.
backup: setup
	@$(PY) scripts/backup.py

# Restores FILE=backups/....dump into an EMPTY database (`make reset` first for the embedded one).
restore: setup
	@$(PY) scripts/restore.py "$(FILE)"
