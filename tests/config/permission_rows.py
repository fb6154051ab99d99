from tests.permissions import ROLES, Row, public

ROWS = [
    public("home"),
    public("healthz"),
    public("web_manifest"),
    public("security_txt"),
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
