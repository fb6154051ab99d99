"""Applications and password resets: limited per client (behind the proxy) and per email address."""

import pytest
from django.core import mail
from django.test import Client

from members.models import Application
from tests import factories


@pytest.fixture(autouse=True)
def _behind_proxy(settings):
    settings.BEHIND_PROXY = True


def _client(ip: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=ip)


def _application(classification, email: str, **overrides) -> dict:
    return {
        "first_name": "Vera",
        "last_name": "Visser",
        "email": email,
        "company": "Visser",
        "classification": classification.pk,
        "references": "Jan",
        "consent": "on",
        **overrides,
    }


def _to_applicants(world) -> list:
    """What went to applicants; the committee's notice of each application is left out."""
    return [message for message in mail.outbox if message.to != [world.carol.email]]


@pytest.fixture
def apply(world, django_capture_on_commit_callbacks):
    """Post an application from `client`, its mails sent as after the commit."""

    def post(client: Client, classification, email: str, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            data = _application(classification, email, **overrides)
            return client.post(f"/chapters/{world.chapter.slug}/apply/", data)

    return post


def test_applications_are_limited_per_client(world, apply):
    classification = factories.make_classification()
    sender = _client("203.0.113.7")
    for n in range(3):
        response = apply(sender, classification, f"v{n}@example.nl")
        assert response.status_code == 302

    response = apply(sender, classification, "v9@example.nl")
    assert response.status_code == 429
    assert "Te veel" in response.content.decode() and 'name="email"' in response.content.decode()
    assert Application.objects.count() == 3 and len(_to_applicants(world)) == 3

    other = _client("203.0.113.8")
    response = apply(other, classification, "w@example.nl")
    assert response.status_code == 302


def test_a_refused_application_does_not_count(world, apply):
    classification = factories.make_classification()
    sender = _client("203.0.113.7")
    for n in range(5):
        response = apply(sender, classification, f"v{n}@example.nl", consent="")
        assert response.status_code == 200
    taken = world.alice.memberships.get().classification
    response = apply(sender, taken, "t@example.nl")
    assert response.status_code == 200 and not Application.objects.exists()

    response = apply(sender, classification, "v@example.nl")
    assert response.status_code == 302


def test_applications_mailing_one_address_are_limited_per_day(world, apply):
    target = "victim@example.nl"
    for n in range(2):
        apply(_client(f"203.0.113.{n}"), factories.make_classification(), target)
        Application.objects.update(status=Application.Status.REJECTED)  # not an open duplicate

    response = apply(_client("203.0.113.99"), factories.make_classification(), "Victim@Example.nl")
    assert response.status_code == 429
    assert [m.to for m in _to_applicants(world)] == [[target], [target]]


def _reset(client: Client, email: str):
    return client.post("/accounts/password-reset/", {"email": email})


def test_password_resets_are_limited_per_email_address(world):
    for n in range(3):
        assert _reset(_client(f"203.0.113.{n}"), world.alice.email).status_code == 302

    response = _reset(_client("203.0.113.99"), world.alice.email.upper())
    assert response.status_code == 429
    assert "Te veel" in response.content.decode() and 'name="email"' in response.content.decode()
    assert len(mail.outbox) == 3


def test_password_resets_are_limited_per_client(world):
    sender = _client("203.0.113.7")
    for n in range(5):
        assert _reset(sender, f"nobody{n}@example.nl").status_code == 302
        assert _reset(sender, "not an address").status_code == 200  # refused: not counted

    assert _reset(sender, world.alice.email).status_code == 429
    assert len(mail.outbox) == 0
    assert _reset(_client("203.0.113.8"), world.alice.email).status_code == 302
    assert len(mail.outbox) == 1
