"""The rate limits of the public forms: one store shared by every process, counting accepted posts."""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from config import rate_limits
from members.models import RateLimitCount
from tests.config.processes import run_python


def _request(ip: str = "203.0.113.7"):
    return RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.1, {ip}")


def _post(limits) -> bool:
    try:
        with rate_limits.counted(limits):
            return True
    except rate_limits.RateLimited:
        return False


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "visit_per_ip": (3, 3600)}


def test_the_table_the_core_writes_is_the_models_table():
    assert RateLimitCount._meta.db_table == rate_limits.TABLE


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["database", "cache"])
def test_a_client_is_limited_after_n_accepted_posts_and_another_client_is_not(settings, behind_proxy, store):
    settings.RATE_LIMIT_STORE = store
    limits = rate_limits.limits_for(_request("203.0.113.7"), "visit")

    assert [_post(limits) for _ in range(4)] == [True, True, True, False]
    assert _post(rate_limits.limits_for(_request("203.0.113.8"), "visit"))


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["database", "cache"])
def test_a_post_that_fails_inside_the_block_does_not_count(settings, behind_proxy, store):
    settings.RATE_LIMIT_STORE = store
    limits = rate_limits.limits_for(_request(), "visit")
    for _ in range(5):
        with pytest.raises(ValueError), rate_limits.counted(limits):
            raise ValueError("the form was refused after all")

    assert [_post(limits) for _ in range(4)] == [True, True, True, False]


@pytest.mark.django_db
def test_the_database_store_holds_across_processes(settings, behind_proxy):
    """Without Redis every process has its own memory cache; the count lives in PostgreSQL."""
    settings.RATE_LIMIT_STORE = "database"
    limits = rate_limits.limits_for(_request(), "visit")
    for _ in range(3):
        assert _post(limits)
        cache.clear()  # another process: nothing in memory

    assert not _post(limits)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hits FROM {rate_limits.TABLE}")
        assert cursor.fetchall() == [(3,)]  # the refused post is not counted


@pytest.mark.django_db
def test_a_window_that_has_passed_starts_a_new_count(settings, behind_proxy):
    settings.RATE_LIMIT_STORE = "database"
    limits = rate_limits.limits_for(_request(), "visit")
    for _ in range(3):
        _post(limits)
    RateLimitCount.objects.update(expires_at="2000-01-01T00:00:00Z")

    assert _post(limits)


def test_the_stored_key_does_not_hold_the_address_or_email(settings):
    settings.BEHIND_PROXY = True
    (ip_limit, email_limit) = rate_limits.limits_for(_request(), "reset", email=" Vera@Example.NL ")
    assert "203.0.113.7" not in ip_limit.key and "vera" not in email_limit.key.lower()
    assert email_limit.key == rate_limits.limits_for(_request(), "reset", email="vera@example.nl")[1].key


def _store_chosen_with(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "RATE_LIMIT_STORE"}}
    environment.update(
        env, DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@127.0.0.1:1/unused"
    )
    code = "from config import settings; print(settings.RATE_LIMIT_STORE)"
    completed = run_python("-c", code, env=environment)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_production_counts_in_redis_or_else_in_the_database_never_in_a_process_memory():
    assert _store_chosen_with() == "database"  # a memory cache per process
    assert _store_chosen_with(CACHE_URL="filecache:///tmp/kring-cache") == "database"
    assert _store_chosen_with(CACHE_URL="redis://127.0.0.1:6379/0") == "cache"
