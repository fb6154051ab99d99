"""The URL x role table: every named URL must have a row, every role an expected status.

Each app lists its rows in tests/<app>/permission_rows.py; tests/test_url_permissions.py walks the
URL resolver and fails when a URL has no row, so a new page cannot ship unchecked.

Roles (users in `PermissionWorld`):
- anonymous; member (alice); other_chapter_member (dave, same region); lapsed (larry);
- one user per standard leadership role of alice's chapter (president, vice_president, ...);
- region_admin (rita, region of alice's chapter, no membership); other_region_admin (oscar);
- superuser (admin, no membership).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# What each standard leadership role may do, written out by hand: deliberately NOT read from
# members.capabilities.STANDARD_ROLES (the table the code under test loads into Role rows), so a
# capability given to the wrong role turns the matrix red. Plain strings, not Capability members,
# for the same reason. Changing a role's rights means changing both tables, on purpose.
EXPECTED_CAPABILITIES: dict[str, frozenset[str]] = {
    "president": frozenset(
        {
            "manage_members",
            "review_applications",
            "manage_roles",
            "run_meeting",
            "edit_agenda",
            "record_attendance",
            "host_visitors",
            "view_reports",
            "view_contact_data",
            "manage_chapter",
            "manage_dues",
            "manage_onboarding",
        }
    ),
    "vice_president": frozenset(
        {
            "manage_members",
            "review_applications",
            "run_meeting",
            "edit_agenda",
            "record_attendance",
            "host_visitors",
            "view_reports",
            "view_contact_data",
        }
    ),
    "secretary_treasurer": frozenset(
        {"manage_members", "manage_dues", "edit_agenda", "view_reports", "view_contact_data"}
    ),
    "membership_committee": frozenset({"review_applications", "manage_members", "view_reports"}),
    "visitor_host": frozenset({"host_visitors", "record_attendance"}),
    "education_coordinator": frozenset({"edit_agenda"}),
    "mentor_coordinator": frozenset({"view_reports", "manage_onboarding"}),
}
LEADER_ROLES = list(EXPECTED_CAPABILITIES)
ROLES = [
    "anonymous",
    "member",
    "other_chapter_member",
    "lapsed",
    *LEADER_ROLES,
    "region_admin",
    "other_region_admin",
    "superuser",
]

LOGIN = "login"  # expected: 302 to the login page


@dataclass
class Row:
    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable[[object], dict] = lambda world: {}
    method: str = "get"
    data: Callable[[object], dict] = lambda world: {}
    note: str = ""
    # Where an expected 302 (other than LOGIN) must go: a path, from the world, the row's URL and
    # the role (see `fixed`, `up`, `same`).
    redirect: Callable[[object, str, str], str] | None = None

    def expected(self, role: str) -> int | str:
        return self.expect[role]


def fixed(path: str) -> Callable[[object, str, str], str]:
    """A redirect to one fixed path."""
    return lambda world, url, role: path


def up(levels: int = 1, then: str = "") -> Callable[[object, str, str], str]:
    """A redirect to the row's URL with `levels` path segments taken off (then `then` added)."""
    return lambda world, url, role: url.rstrip("/").rsplit("/", levels)[0] + "/" + then


def starting(path: str) -> Callable[[object, str, str], str]:
    """A redirect to a page under `path` (a new object's page)."""
    return lambda world, url, role: path + "*"


def same(world, url: str, role: str) -> str:
    """A redirect back to the row's own URL (a form that saved)."""
    return url


def _table(**overrides) -> dict[str, int | str]:
    missing = set(ROLES) - set(overrides)
    assert not missing, f"expectation missing for {sorted(missing)}"
    return overrides


def public(url_name: str, ok: int = 200, **row_fields) -> Row:
    """Anyone, logged in or not."""
    return Row(url_name, dict.fromkeys(ROLES, ok), **row_fields)


def logged_in(url_name: str, ok: int = 200, **row_fields) -> Row:
    """Any logged-in user (own account pages)."""
    return Row(url_name, {role: LOGIN if role == "anonymous" else ok for role in ROLES}, **row_fields)


def member_page(url_name: str, ok: int = 200, **row_fields) -> Row:
    """A page for people with a current membership (personal pages, not tied to a chapter in the URL)."""
    expect = dict.fromkeys(ROLES, ok)
    expect.update(anonymous=LOGIN, lapsed=403, region_admin=403, other_region_admin=403, superuser=403)
    return Row(url_name, expect, **row_fields)


def chapter_page(url_name: str, capability: str | None = None, ok: int = 200, **row_fields) -> Row:
    """A page of alice's chapter (URL with chapter_slug), optionally needing a capability."""
    expect: dict[str, int | str] = {
        "anonymous": LOGIN,
        "member": ok if capability is None else 403,
        "other_chapter_member": 404,
        "lapsed": 403,
        "region_admin": ok,
        "other_region_admin": 404,
        "superuser": ok,
    }
    for code, capabilities in EXPECTED_CAPABILITIES.items():
        expect[code] = ok if capability is None or str(capability) in capabilities else 403
    return Row(url_name, expect, **row_fields)


def chapter_post(
    url_name: str,
    capability: str | None,
    kwargs: Callable[[object], dict],
    redirect: Callable[[object, str, str], str],
    **row_fields,
) -> Row:
    """A button on a page of alice's chapter: a POST that, where allowed, redirects to `redirect`."""
    return chapter_page(
        url_name, capability, ok=302, kwargs=kwargs, method="post", redirect=redirect, **row_fields
    )


def custom(url_name: str, **row_fields_and_expectations) -> Row:
    expectations = {role: row_fields_and_expectations.pop(role) for role in ROLES}
    return Row(url_name, _table(**expectations), **row_fields_and_expectations)


@dataclass
class PermissionWorld:
    """The cast of tests/conftest.py plus one member per leadership role of alice's chapter."""

    base: object
    users: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        return getattr(self.base, name)
