"""`make serve`: refuse clearly without SECRET_KEY, then start `manage.py serve` with DEBUG off.

SECRET_KEY and the other settings come from the environment or from .env (the environment wins),
exactly as config/settings.py reads them.
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

MISSING_SECRET_KEY = """\
make serve needs a SECRET_KEY: a long random value kept secret and the same on every start.
Create one and put it in .env (or the environment), for example:
    echo "SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env
Also set ALLOWED_HOSTS to the public name, e.g. ALLOWED_HOSTS=kring.example.nl (see README.md, "Production")."""


def main(argv: list[str]) -> None:
    import environ

    if (BASE_DIR / ".env").exists():
        environ.Env.read_env(BASE_DIR / ".env")  # never overrides what the environment already says
    if not os.environ.get("SECRET_KEY", "").strip():
        sys.exit(MISSING_SECRET_KEY)
    # The production settings, whatever a developer's .env says about DEBUG.
    os.environ["DEBUG"] = "false"
    manage = [sys.executable, str(BASE_DIR / "manage.py"), "serve", *argv]
    os.execv(sys.executable, manage)


if __name__ == "__main__":
    main(sys.argv[1:])
