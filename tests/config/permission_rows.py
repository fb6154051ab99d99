from members.capabilities import Capability
from tests.permissions import ROLES, Row, chapter_page, logged_in, public

ROWS = [
    public("home"),
    public("healthz"),
    public("web_manifest"),
    public("security_txt"),
    public("javascript-catalog", note="the words of static/js/, the same for every role"),
    # Logged-in users are sent on from the login page.
    Row("login", {role: 200 if role == "anonymous" else 302 for role in ROLES}),
    public("logout", ok=405, note="GET is refused; logging out is a POST"),
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
    public("two_factor_login", ok=302, note="without a password step first, back to the login page"),
]
