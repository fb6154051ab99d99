"""No way into a session skips the code step of someone with a confirmed authenticator app."""

import ast
from pathlib import Path

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.services.users import invitation_path
from tests import factories

NEW_PASSWORD = "a-long-new-passphrase-42"


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Kring", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _set_password(client: Client, path: str):
    return client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_a_password_reset_token_does_not_open_the_invitation_page(client: Client, carol):
    uidb64 = urlsafe_base64_encode(force_bytes(carol.pk))
    reset_token = default_token_generator.make_token(carol)

    response = _set_password(client, f"/accounts/invitation/{uidb64}/{reset_token}/")

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    carol.refresh_from_db()
    assert not carol.check_password(NEW_PASSWORD)


def test_an_invitation_token_does_not_open_the_password_reset_page(client: Client, carol):
    invitation_token = invitation_path(carol).rstrip("/").split("/")[-1]
    uidb64 = urlsafe_base64_encode(force_bytes(carol.pk))

    response = client.get(f"/accounts/reset/{uidb64}/{invitation_token}/", follow=True)

    assert "new_password1" not in response.content.decode()


def test_an_invitation_still_sets_the_password_and_logs_in(client: Client, db):
    nina = factories.make_user("Nina", password="!")

    response = _set_password(client, invitation_path(nina))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(nina.pk)


def test_an_invitation_for_someone_with_an_authenticator_app_asks_for_the_code(client: Client, carol):
    device = _confirmed_device(carol)

    response = _set_password(client, invitation_path(carol))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/code/", {"code": _code(device)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(carol.pk)


def _is_test_client(func) -> bool:
    return isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("client", "self")


def test_the_only_calls_to_login_are_in_the_two_factor_module():
    """A new flow that logs people in must go through members.two_factor.log_in."""
    root = Path(__file__).resolve().parents[3]
    callers = set()
    for folder in ("config", "members", "chapters", "referrals", "seeds"):
        for source in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text())):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in ("login", "auth_login") and not _is_test_client(func):
                        callers.add(str(source.relative_to(root)))
    assert callers == {"members/two_factor.py"}


def test_the_django_admin_login_goes_through_the_code_step(client: Client, world):
    staff = world.admin
    device = _confirmed_device(staff)

    page = client.get("/django-admin/login/?next=/django-admin/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    response = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": staff.email, "password": factories.PASSWORD, "this_is_the_login_form": "1"},
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/django-admin/").status_code == 302

    response = client.post(
        "/accounts/login/?next=/django-admin/", {"username": staff.email, "password": factories.PASSWORD}
    )
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/code/", {"code": _code(device)})
    assert response["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200


def test_a_staff_user_half_logged_in_without_the_code_does_not_reach_the_admin(client: Client, world):
    _confirmed_device(world.admin)
    client.force_login(world.admin)  # a session without the code step, however it came about

    assert client.get("/django-admin/").status_code == 302


def test_a_password_reset_sets_the_password_but_logs_nobody_in(client: Client, carol):
    _confirmed_device(carol)
    uidb64 = urlsafe_base64_encode(force_bytes(carol.pk))
    page = client.get(f"/accounts/reset/{uidb64}/{default_token_generator.make_token(carol)}/", follow=True)

    response = _set_password(client, page.redirect_chain[-1][0])

    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session


def test_a_staff_user_without_a_device_reaches_the_admin_through_the_app_login(client: Client, world):
    response = client.post(
        "/accounts/login/?next=/django-admin/",
        {"username": world.admin.email, "password": factories.PASSWORD},
    )
    assert response["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200
    assert (
        client.get("/django-admin/login/?next=/django-admin/members/")["Location"] == "/django-admin/members/"
    )
