import re

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories


def _code(device: TOTPDevice, shift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def _turn_on(client: Client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get("/accounts/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/", {"code": _code(device)}, follow=True)
    assert "Inloggen in twee stappen staat aan" in response.content.decode()
    client.logout()
    device.refresh_from_db()
    assert device.confirmed
    return device


def _password_step(client: Client, user, next_url: str = ""):
    data = {"username": user.email, "password": factories.PASSWORD}
    return client.post(f"/accounts/login/{'?next=' + next_url if next_url else ''}", data)


def test_a_president_with_two_factor_on_needs_a_code_after_the_password(client: Client, carol):
    device = _turn_on(client, carol)

    response = _password_step(client, carol, next_url="/accounts/two-factor/")
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/login/code/", {"code": _code(device, shift=1)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"
    assert client.session["_auth_user_id"] == str(carol.pk)


def test_a_wrong_code_keeps_the_door_shut(client: Client, carol):
    _turn_on(client, carol)
    _password_step(client, carol)

    response = client.post("/accounts/login/code/", {"code": "000000"})

    assert response.status_code == 200
    assert "Die code klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_used_code_cannot_be_replayed(client: Client, carol):
    device = _turn_on(client, carol)
    _password_step(client, carol)
    code = _code(device, shift=1)
    client.post("/accounts/login/code/", {"code": code})
    client.logout()

    _password_step(client, carol)
    response = client.post("/accounts/login/code/", {"code": code})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_the_code_page_without_a_password_first_goes_back_to_the_login(client: Client, carol):
    _turn_on(client, carol)
    response = client.post("/accounts/login/code/", {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_members_without_two_factor_log_in_with_just_the_password(client: Client, alice):
    response = _password_step(client, alice)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_turning_it_off_needs_a_current_code(client: Client, carol):
    device = _turn_on(client, carol)
    client.force_login(carol)

    refused = client.post("/accounts/two-factor/disable/", {"code": "000000"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=carol, confirmed=True).exists()

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    response = client.post("/accounts/two-factor/disable/", {"code": _code(device, shift=1)}, follow=True)
    assert "Inloggen in twee stappen staat uit" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=carol, confirmed=True).exists()


def test_the_set_up_page_shows_a_key_to_type_for_those_who_cannot_scan(client: Client, carol):
    client.force_login(carol)
    page = client.get("/accounts/two-factor/").content.decode()
    assert re.search(r"<code[^>]*>([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>", page)
