"""Logins hash with Argon2id at measured parameters; older hashes upgrade at the next login."""

import os

from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings

from config.hashers import KringArgon2PasswordHasher
from tests import factories
from tests.config.processes import run_python

PRODUCTION_FIRST = [
    "config.hashers.KringArgon2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",  # stands in for the old PBKDF2 hashes: fast
]


def test_argon2id_is_at_least_owasp_minimum():
    hasher = KringArgon2PasswordHasher()
    assert hasher.memory_cost >= 19 * 1024  # KiB
    assert hasher.time_cost >= 2 or hasher.memory_cost >= 46 * 1024
    encoded = hasher.encode("kring-demo", hasher.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=47104,t=2,p=1$")
    assert hasher.verify("kring-demo", encoded)
    assert not hasher.verify("kring-demo!", encoded)


def test_production_settings_put_argon2_first():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL="postgres://postgres@127.0.0.1:1/unused")
    completed = run_python("-c", "from config import settings; print(settings.PASSWORD_HASHERS[0])", env=env)
    assert completed.stdout.strip() == "config.hashers.KringArgon2PasswordHasher", completed.stderr


@override_settings(PASSWORD_HASHERS=PRODUCTION_FIRST)
def test_an_old_hash_becomes_argon2id_at_the_next_login(client, alice):
    alice.password = make_password(factories.PASSWORD, hasher="md5")
    alice.save(update_fields=["password"])

    response = client.post("/accounts/login/", {"username": alice.email, "password": factories.PASSWORD})

    assert response.status_code == 302
    alice.refresh_from_db()
    assert identify_hasher(alice.password).algorithm == "argon2"
    assert alice.password.startswith("argon2$argon2id$v=19$m=47104,t=2,p=1$")
    assert alice.check_password(factories.PASSWORD)
