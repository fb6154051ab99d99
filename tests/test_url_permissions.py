import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories
from tests.chapters.permission_rows import ROWS as CHAPTER_ROWS
from tests.config.permission_rows import ROWS as CONFIG_ROWS
from tests.members.permission_rows import ROWS as MEMBER_ROWS
from tests.permissions import LEADER_ROLES, LOGIN, ROLES, PermissionWorld, Row
from tests.referrals.permission_rows import ROWS as REFERRAL_ROWS

ROWS: list[Row] = [*CONFIG_ROWS, *MEMBER_ROWS, *CHAPTER_ROWS, *REFERRAL_ROWS]
# Django's own admin is guarded by is_staff and tested by Django; static/media are files.
EXCLUDED_PREFIXES = ("django-admin/",)


def _named_url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> dict[str, str]:
    resolver = resolver or get_resolver()
    names: dict[str, str] = {}
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            names.update(_named_url_patterns(pattern, route))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names[pattern.name] = route
    return names


def test_every_url_has_a_row_in_the_permission_table():
    rows = {row.url_name for row in ROWS}
    missing = sorted(set(_named_url_patterns()) - rows)
    assert missing == [], f"URLs without a row in tests/<app>/permission_rows.py: {missing}"
    stale = sorted(rows - set(_named_url_patterns()))
    assert stale == [], f"rows for URLs that no longer exist: {stale}"


@pytest.fixture
def permission_world(world) -> PermissionWorld:
    users = {
        "member": world.alice,
        "other_chapter_member": world.dave,
        "lapsed": world.larry,
        "region_admin": world.rita,
        "other_region_admin": world.oscar,
        "superuser": world.admin,
    }
    for code in LEADER_ROLES:
        if code == "president":
            users[code] = world.carol
            continue
        leader = factories.make_member(world.chapter, code.replace("_", " ").title().replace(" ", ""))
        factories.give_role(leader, world.chapter, code)
        users[code] = leader
    return PermissionWorld(base=world, users=users)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.url_name)
def test_each_role_gets_the_expected_answer(row: Row, permission_world: PermissionWorld, client):
    from django.urls import reverse

    url = reverse(row.url_name, kwargs=row.kwargs(permission_world))
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(permission_world.users[role])
        send = getattr(client, row.method)
        response = send(url, row.data(permission_world)) if row.method == "post" else send(url)
        expected = row.expected(role)
        if expected == LOGIN:
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert failures == [], f"{row.method.upper()} {url}\n" + "\n".join(failures)


def test_the_standard_roles_have_exactly_the_expected_capabilities():
    """The code's role table against the hand-written one: a capability on the wrong role fails."""
    from members.capabilities import STANDARD_ROLES
    from tests.permissions import EXPECTED_CAPABILITIES

    actual = {
        code: {str(c) for c in capabilities} for code, (_nl, _en, capabilities) in STANDARD_ROLES.items()
    }
    expected = {code: set(capabilities) for code, capabilities in EXPECTED_CAPABILITIES.items()}
    assert actual == expected
