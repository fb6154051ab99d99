from members.capabilities import Capability
from tests.permissions import ROLES, Row, chapter_page, fixed, logged_in, public

ROWS = [
    public("home"),
    public("healthz"),
    public("web_manifest"),
    public("service_worker", note="the offline worker: the same script for every role"),
    public("offline", note="what the worker shows offline; the offline forms only for the logged in"),
    public("security_txt"),
    public("javascript-catalog", note="the words of static/js/, the same for every role"),
    # Logged-in users are sent on from the login page.
    Row("login", {role: 200 if role == "anonymous" else 302 for role in ROLES}, redirect=fixed("/")),
    public("logout", ok=405, note="GET is refused; logging out is a POST"),
    public("logout", ok=302, method="post", redirect=fixed("/accounts/login/")),
    public("password_reset"),
    public("password_reset_done"),
    public("password_reset_complete"),
    public(
        "password_reset_confirm",
        kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"},
        note="an invalid link shows 'this link no longer works'",
    ),
    public("invitation_accept", ok=400, kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}),
    public("set_language", ok=405, note="GET is refused; switching is a POST"),
    public(
        "set_language",
        ok=302,
        method="post",
        data=lambda world: {"language": "nl", "next": "/"},
        redirect=fixed("/"),
    ),
]
ROWS += [
    chapter_page(
        "audit_log",
        capability=Capability.MANAGE_CHAPTER,
        kwargs=lambda world: {"chapter_slug": world.chapter.slug},
    ),
]
ROWS += [
    logged_in("two_factor"),
    logged_in("two_factor_disable", ok=405, note="GET is refused; turning it off is a POST with a code"),
    logged_in(
        "two_factor_disable",
        ok=302,
        method="post",
        note="without a right code nothing changes: back to the page",
        redirect=fixed("/accounts/two-factor/"),
    ),
    public(
        "two_factor_login",
        ok=302,
        note="without a password step first, back to the login page",
        redirect=fixed("/accounts/login/"),
    ),
]
