import dataclasses
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.chapters.permission_rows import ROWS as CHAPTER_ROWS
from tests.config.permission_rows import ROWS as CONFIG_ROWS
from tests.members.permission_rows import ROWS as MEMBER_ROWS
from tests.permissions import LOGIN, ROLES, PermissionWorld, Row
from tests.referrals.permission_rows import ROWS as REFERRAL_ROWS

DECLARED_ROWS: list[Row] = [*CONFIG_ROWS, *MEMBER_ROWS, *CHAPTER_ROWS, *REFERRAL_ROWS]
# Django's own admin is guarded by is_staff and tested by Django; static/media are files.
EXCLUDED_PREFIXES = ("django-admin/",)
METHODS = ("get", "post")  # HEAD follows GET; PUT on Django's form views is POST by another name.
REFUSED = {LOGIN, 400, 403, 404, 405}
# Columns a request may change without anything having been done (logging in touches last_login).
VOLATILE_COLUMNS = {"last_login"}
# Bookkeeping a refused request may write: the public pages' rate-limit counters.
VOLATILE_TABLES = {"kring_rate_limit"}


def _named_url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> dict[str, URLPattern]:
    resolver = resolver or get_resolver()
    names: dict[str, URLPattern] = {}
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            names.update(_named_url_patterns(pattern, route))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names[pattern.name] = pattern
    return names


def accepted_methods(view) -> set[str]:
    """The methods a view answers: from require_http_methods/require_GET/require_POST, or the
    handlers of a class-based view; a function view without such a decorator answers every method."""
    if hasattr(view, "view_class"):
        return {m for m in METHODS if hasattr(view.view_class, m) and m in view.view_class.http_method_names}
    func = view
    while func is not None:
        code, closure = getattr(func, "__code__", None), getattr(func, "__closure__", None)
        if code is not None and closure:
            cells = dict(zip(code.co_freevars, closure, strict=True))
            if "request_method_list" in cells:
                return {m.lower() for m in cells["request_method_list"].cell_contents} & set(METHODS)
        func = getattr(func, "__wrapped__", None)
    return set(METHODS)


def _derived_rows() -> list[Row]:
    """A view that answers POST but has only a GET row gets an empty POST with the GET's table:
    whoever may not see the page may not post to it either (and nothing may change)."""
    patterns = _named_url_patterns()
    declared = {(row.url_name, row.method) for row in DECLARED_ROWS}
    derived = []
    for row in DECLARED_ROWS:
        if row.method != "get" or row.url_name not in patterns:
            continue
        if (
            "post" in accepted_methods(patterns[row.url_name].callback)
            and (row.url_name, "post") not in declared
        ):
            derived.append(
                dataclasses.replace(row, method="post", note="empty POST, derived from the GET row")
            )
            declared.add((row.url_name, "post"))
    return derived


ROWS: list[Row] = [*DECLARED_ROWS, *_derived_rows()]


def test_every_url_has_a_row_in_the_permission_table():
    rows = {row.url_name for row in ROWS}
    missing = sorted(set(_named_url_patterns()) - rows)
    assert missing == [], f"URLs without a row in tests/<app>/permission_rows.py: {missing}"
    stale = sorted(rows - set(_named_url_patterns()))
    assert stale == [], f"rows for URLs that no longer exist: {stale}"


def test_every_method_a_view_accepts_has_a_row():
    patterns = _named_url_patterns()
    rows = {(row.url_name, row.method) for row in ROWS}
    missing = sorted(
        f"{method.upper()} {name}"
        for name, pattern in patterns.items()
        for method in accepted_methods(pattern.callback)
        if (name, method) not in rows
    )
    assert missing == [], f"methods the view accepts without a row: {missing}"
    refused = sorted(
        f"{row.method.upper()} {row.url_name}"
        for row in ROWS
        if row.url_name in patterns
        and row.method not in accepted_methods(patterns[row.url_name].callback)
        and set(row.expect.values()) - {LOGIN, 403, 404, 405}
    )
    assert refused == [], f"rows expecting success for a method the view refuses: {refused}"


def _project_tables() -> dict[str, str]:
    """table -> SQL giving an md5 of all its rows (volatile columns left out)."""
    sql = {}
    for model in apps.get_models():
        if model._meta.app_label not in ("chapters", "members", "referrals") or not model._meta.managed:
            continue
        table, pk = model._meta.db_table, model._meta.pk.column
        if table in VOLATILE_TABLES:
            continue
        columns = [f'"{f.column}"' for f in model._meta.concrete_fields if f.column not in VOLATILE_COLUMNS]
        rows = f"string_agg(ROW({', '.join(columns)})::text, '|' ORDER BY \"{pk}\")"
        sql[table] = f"(SELECT md5(coalesce({rows}, '')) FROM \"{table}\")"
    return sql


def _snapshot() -> dict[str, str]:
    tables = _project_tables()
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(tables.values()))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _check_role(row: Row, world: PermissionWorld, client, url: str, role: str, before: dict) -> str | None:
    """One role's request, inside a savepoint rolled back after, so every role meets the same world
    (`before`, the snapshot taken once for the row)."""
    expected = row.expected(role)
    with transaction.atomic():
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        refused_post = row.method == "post" and expected in REFUSED
        send = getattr(client, row.method)
        response = send(url, row.data(world)) if row.method == "post" else send(url)
        location = urlsplit(response.get("Location", "")).path
        problem = None
        if expected == LOGIN:
            if not (response.status_code == 302 and location.startswith("/accounts/login/")):
                problem = f"expected the login page, got {response.status_code} {location}"
        elif response.status_code != expected:
            problem = f"expected {expected}, got {response.status_code} {location}"
        elif expected == 302:
            if row.redirect is None:
                problem = f"a 302 row must say where it goes (redirect=); it went to {location}"
            else:
                target = row.redirect(world, url, role)
                # "...*": a page made by the POST, whose id the table cannot know.
                hit = location.startswith(target[:-1]) if target.endswith("*") else location == target
                if not hit:
                    problem = f"expected 302 to {target}, got {location}"
        if refused_post:
            after = _snapshot()
            changed_tables = sorted(table for table in before if before[table] != after[table])
            if changed_tables:
                problem = (problem or f"{response.status_code}") + f", but changed {changed_tables}"
        transaction.set_rollback(True)
    return f"{role}: {problem}" if problem else None


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.url_name}-{row.method}")
def test_each_role_gets_the_expected_answer(row: Row, permission_world: PermissionWorld, client):
    url = reverse(row.url_name, kwargs=row.kwargs(permission_world))
    before = _snapshot() if row.method == "post" else {}
    failures = [_check_role(row, permission_world, client, url, role, before) for role in ROLES]
    failures = [failure for failure in failures if failure]
    assert failures == [], f"{row.method.upper()} {url}\n" + "\n".join(failures)


def test_every_expected_redirect_says_where_it_goes():
    vague = sorted(
        f"{row.method.upper()} {row.url_name}"
        for row in DECLARED_ROWS
        if 302 in row.expect.values() and row.redirect is None
    )
    assert vague == [], f"rows expecting a 302 without saying where to: {vague}"


def test_the_standard_roles_have_exactly_the_expected_capabilities():
    """The code's role table against the hand-written one: a capability on the wrong role fails."""
    from members.capabilities import STANDARD_ROLES
    from tests.permissions import EXPECTED_CAPABILITIES

    actual = {
        code: {str(c) for c in capabilities} for code, (_nl, _en, capabilities) in STANDARD_ROLES.items()
    }
    expected = {code: set(capabilities) for code, capabilities in EXPECTED_CAPABILITIES.items()}
    assert actual == expected
