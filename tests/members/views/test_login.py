from django.core import mail
from django.test import Client

from members.services.users import invitation_path, user_invite
from tests import factories


def test_a_member_logs_in_with_email_in_any_case_and_lands_on_the_chapter_home(client: Client, alice):
    response = client.post(
        "/accounts/login/", {"username": alice.email.upper(), "password": factories.PASSWORD}, follow=True
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fijn je te zien, Alice" in content
    assert "Domstad" in content


def test_a_wrong_password_shows_a_clear_dutch_error(client: Client, alice):
    response = client.post("/accounts/login/", {"username": alice.email, "password": "wrong"})
    assert response.status_code == 200
    assert "E-mailadres en wachtwoord horen niet bij elkaar" in response.content.decode()


def test_a_lapsed_member_is_told_their_membership_is_no_longer_active(client: Client, world):
    client.force_login(world.larry)
    response = client.get("/")
    assert response.status_code == 200
    assert "niet meer actief" in response.content.decode()


def test_a_region_admin_without_membership_sees_the_chapters_of_their_region(client: Client, world):
    client.force_login(world.rita)
    content = client.get("/").content.decode()
    assert world.chapter.name in content
    assert world.other_chapter.name in content
    assert world.far_chapter.name not in content


def test_an_invitation_link_sets_the_password_once_and_then_expires(
    client: Client, db, django_capture_on_commit_callbacks
):
    newcomer = factories.make_user("Nina", password="!")
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(user=newcomer)
    assert len(mail.outbox) == 1
    assert "Welkom bij Kring" in mail.outbox[0].subject
    path = invitation_path(newcomer)
    assert path in mail.outbox[0].body

    response = client.post(
        path, {"new_password1": "Ontbijt-om-zeven-7", "new_password2": "Ontbijt-om-zeven-7"}
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password("Ontbijt-om-zeven-7")

    client.logout()
    reused = client.get(path)
    assert reused.status_code == 400
    assert "werkt niet meer" in reused.content.decode()


def test_password_reset_sends_a_link_by_email(client: Client, alice):
    client.post("/accounts/password-reset/", {"email": alice.email})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
