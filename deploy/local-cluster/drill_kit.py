"""What the drills share: a small browser with cookies, checks, SQL on the primary, the cast."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

import cluster

BASE = f"http://{cluster.HOST}:{cluster.BALANCER}"
PASSWORD = "kring-demo"  # noqa: S105  (the generated dataset's demo logins)
NEED = "Drill slip (local cluster)"
FAILED = []


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies shared across ports (as a browser keeps them for one host name), status codes."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path, data=None, port=cluster.BALANCER, headers=None) -> tuple[int, str]:
        if data is not None:
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.cookie("csrftoken"), **data}).encode()
        url = f"http://{cluster.HOST}:{port}{path}"
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError as error:
            return 0, str(error)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def login(self, email: str) -> "Browser":
        self.request("/accounts/login/")
        status, _ = self.request("/accounts/login/", {"username": email, "password": PASSWORD})
        assert status == 302, f"login of {email}: {status}"
        return self


def check(label: str, ok: bool, detail: str = "") -> None:
    print(f"  [{'ok' if ok else 'FAILED'}] {label} {detail}")
    if not ok:
        FAILED.append(label)


def sql(query: str, port: int = cluster.PRIMARY) -> str:
    return cluster.psql(port, query)


def slip_body(receiver: int, key: str) -> dict:
    return {
        "idempotency_key": key,
        "receiver": receiver,
        "own_business": "on",
        "need": NEED,
        "consent": "none",
        "recommendation": "introduce",
        "temperature": "3",
    }


def cast() -> dict:
    """The chapter of president 1, a member of it without a role, and a receiver for slips."""
    president = "voorzitter.1@gen.kring.test"
    chapter_id, slug = sql(
        "SELECT c.id, c.slug FROM chapters_chapter c JOIN members_membership m ON m.chapter_id = c.id"
        f" JOIN members_user u ON u.id = m.user_id WHERE u.email = '{president}' AND m.status = 'active'"
    ).split("|")
    member_id, member = sql(
        "SELECT u.id, u.email FROM members_user u JOIN members_membership m ON m.user_id = u.id"
        f" WHERE m.chapter_id = {chapter_id} AND m.status = 'active' AND u.email <> '{president}'"
        " AND NOT EXISTS (SELECT 1 FROM members_roleassignment r WHERE r.user_id = u.id) ORDER BY u.id LIMIT 1"
    ).split("|")
    role = sql("SELECT id FROM members_role WHERE code = 'mentor_coordinator' AND chapter_id IS NULL")
    return {"slug": slug, "president": president, "member": member, "member_id": member_id, "role": role}
