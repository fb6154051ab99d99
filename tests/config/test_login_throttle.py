from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from tests import factories


def _log_in(client: Client, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_pause_logging_in_even_with_the_right_password(client: Client, alice):
    for _ in range(4):
        assert _log_in(client, alice.email, "wrong-password").status_code == 200

    locked = _log_in(client, alice.email, "wrong-password")
    assert locked.status_code == 429
    assert "Inloggen is even gepauzeerd" in locked.content.decode()

    # The right password does not get through while paused: guessing gains nothing.
    again = _log_in(client, alice.email, factories.PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_counts_the_email_address_in_any_case(client: Client, alice):
    for attempt in range(5):
        _log_in(client, alice.email.upper() if attempt % 2 else alice.email, "wrong-password")
    assert _log_in(client, alice.email, factories.PASSWORD).status_code == 429


def test_a_guesser_elsewhere_does_not_lock_the_member_out_of_their_own_address(client: Client, alice):
    for _ in range(5):
        _log_in(client, alice.email, "wrong-password", ip="198.51.100.66")
    response = _log_in(client, alice.email, factories.PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302


def test_after_an_admin_reset_the_member_logs_in_again(client: Client, alice):
    for _ in range(5):
        _log_in(client, alice.email, "wrong-password")
    assert AccessAttempt.objects.filter(username=alice.email).exists()

    call_command("axes_reset_username", alice.email, stdout=None)

    response = _log_in(client, alice.email, factories.PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_an_admin_sees_lock_outs_in_the_admin_and_can_delete_them(client: Client, world):
    for _ in range(5):
        _log_in(client, world.alice.email, "wrong-password")
    client.force_login(world.admin)
    response = client.get("/django-admin/axes/accessattempt/")
    assert response.status_code == 200
    assert world.alice.email in response.content.decode()
