"""Malformed or replayed POSTs are refused without side effects."""

from auditlog.context import set_actor
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.services.memberships import membership_drop
from tests import factories


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)

    response = client.post("/language/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    world.alice.refresh_from_db()
    assert world.alice.language == "nl"


def test_a_login_without_a_csrf_token_does_not_log_in(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": world.alice.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_turning_on_two_factor_without_a_csrf_token_confirms_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.carol)
    client.get("/accounts/two-factor/")

    assert client.post("/accounts/two-factor/", {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=world.carol, confirmed=True).exists()


def test_a_password_reset_link_works_once(client: Client, alice):
    link = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(alice.pk))}/{default_token_generator.make_token(alice)}/"
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    client.post(form_url, {"new_password1": "Ontbijt-om-zeven-7", "new_password2": "Ontbijt-om-zeven-7"})
    alice.refresh_from_db()
    assert alice.check_password("Ontbijt-om-zeven-7")

    replay = Client()
    replay.get(link)
    replay.post(form_url, {"new_password1": "Iemand-anders-99", "new_password2": "Iemand-anders-99"})
    alice.refresh_from_db()
    assert alice.check_password("Ontbijt-om-zeven-7")


def test_the_language_switch_never_sends_anyone_to_another_site(client: Client, alice):
    for foreign in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "home",
    ):
        response = client.post("/language/", {"language": "en", "next": foreign})
        assert response.status_code == 302
        assert response["Location"] == "/", foreign


def test_a_tampered_record_number_cannot_read_another_chapters_audit_entries(client: Client, world):
    from auditlog.context import set_actor

    from members.services.memberships import membership_drop

    with set_actor(world.rita):
        membership_drop(membership=world.dave.memberships.get(), reason="Verhuisd")
    client.force_login(world.carol)

    response = client.get(
        f"/c/{world.chapter.slug}/audit/",
        {"type": "members.membership", "object": world.dave.memberships.get().pk},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Dave" not in content
    assert "Nog geen wijzigingen vastgelegd." in content  # the filter found nothing in this chapter


def test_an_unknown_record_type_in_the_audit_filter_is_ignored(client: Client, world):
    with set_actor(world.carol):
        membership_drop(membership=world.bob.memberships.get(), reason="Verhuisd")
    client.force_login(world.carol)
    response = client.get(f"/c/{world.chapter.slug}/audit/", {"type": "auth.permission", "object": "1"})
    assert response.status_code == 200
    # The filter is dropped: the chapter's whole log shows, bob's drop included.
    content = response.content.decode()
    assert "<del>Actief</del> → <ins>Beëindigd</ins>" in content
    assert world.bob.full_name in content
