import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from members.models import Application, ClassificationLock, Membership, User
from members.services.applications import application_approve, application_submit
from tests import factories
from tests.members.helpers import make_application, make_ready_application


def _form_fields(html: str) -> set[str]:
    return set(re.findall(r'name="([a-z_]+)"', html))


def test_a_visitor_applies_with_the_form_the_page_renders(client, world, django_capture_on_commit_callbacks):
    classification = factories.make_classification("Notaris")
    page = client.get(f"/chapters/{world.chapter.slug}/apply/")
    assert page.status_code == 200
    data = {
        "first_name": "Vera",
        "last_name": "Visser",
        "email": "Vera@Example.nl",
        "phone": "06-11112222",
        "company": "Visser Notarissen",
        "website": "https://visser.example.nl",
        "classification": classification.pk,
        "references": "Jan de Wit, 06-12345678",
        "motivation": "Meer zakelijke contacten in Utrecht.",
        "consent": "on",
    }
    assert set(data) <= _form_fields(page.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/chapters/{world.chapter.slug}/apply/", data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.email == "vera@example.nl"
    assert application.consent_given_at is not None
    assert mail.outbox[0].to == ["vera@example.nl"]
    assert world.chapter.name in mail.outbox[0].subject


def test_sending_the_application_twice_keeps_one(client, world):
    classification = factories.make_classification()
    data = {
        "first_name": "Vera",
        "last_name": "Visser",
        "email": "vera@example.nl",
        "company": "Visser",
        "classification": classification.pk,
        "references": "Jan",
        "consent": "on",
    }
    client.post(f"/chapters/{world.chapter.slug}/apply/", data)
    client.post(f"/chapters/{world.chapter.slug}/apply/", data)
    assert Application.objects.count() == 1


def test_an_application_without_consent_is_refused_in_dutch(client, world):
    response = client.post(
        f"/chapters/{world.chapter.slug}/apply/",
        {"first_name": "Vera", "last_name": "V", "email": "v@example.nl", "company": "V", "references": "x"},
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Application.objects.exists()


def test_an_applicant_cannot_choose_a_taken_classification(client, world):
    taken = world.alice.memberships.get().classification
    response = client.post(
        f"/chapters/{world.chapter.slug}/apply/",
        {
            "first_name": "Vera",
            "last_name": "V",
            "email": "v@example.nl",
            "company": "V",
            "references": "x",
            "classification": taken.pk,
            "consent": "on",
        },
    )
    assert "heeft al een lid in deze beroepsgroep" in response.content.decode()
    assert not Application.objects.exists()


def test_a_locked_classification_blocks_applicants(world):
    classification = factories.make_classification()
    ClassificationLock.objects.create(chapter=world.chapter, classification=classification)
    with pytest.raises(ValidationError) as error:
        application_submit(
            chapter=world.chapter,
            classification=classification,
            first_name="V",
            last_name="V",
            email="v@example.nl",
            company="V",
            references="x",
        )
    assert error.value.code == "classification_locked"


def test_approval_creates_an_active_member_and_sends_the_set_password_invitation(
    client, world, django_capture_on_commit_callbacks
):
    application = make_ready_application(world.chapter, first_name="Vera")
    client.force_login(world.carol)
    url = f"/c/{world.chapter.slug}/applications/{application.pk}/decide/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"decision": "approve", "reason": "Goed gesprek", "sponsor": world.bob.pk}
        )
    assert response.status_code == 302
    member = User.objects.get(email=application.email)
    membership = member.memberships.get()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.sponsor == world.bob
    assert membership.classification == application.classification
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.member == member
    assert application.decided_by == world.carol
    assert mail.outbox[0].to == [member.email]
    assert "/accounts/invitation/" in mail.outbox[0].body


def test_approval_is_refused_when_the_classification_was_taken_meanwhile(client, world):
    classification = factories.make_classification()
    application = make_ready_application(world.chapter, classification=classification)
    factories.make_member(world.chapter, "Quick", classification=classification)
    client.force_login(world.carol)
    response = client.post(
        f"/c/{world.chapter.slug}/applications/{application.pk}/decide/", {"decision": "approve"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Al bezet door Quick" in page
    assert 'value="approve"' not in page
    assert not User.objects.filter(email=application.email).exists()
    with pytest.raises(ValidationError) as error:
        application_approve(application=application, decided_by=world.carol)
    assert error.value.code == "classification_taken"


def test_a_sponsor_from_another_chapter_is_refused(world):
    application = make_ready_application(world.chapter)
    with pytest.raises(ValidationError) as error:
        application_approve(application=application, decided_by=world.carol, sponsor=world.dave)
    assert error.value.code == "sponsor_other_chapter"
    assert not User.objects.filter(email=application.email).exists()


def test_rejection_needs_a_reason_and_sends_a_polite_email(client, world, django_capture_on_commit_callbacks):
    application = make_application(world.chapter, language="en")
    client.force_login(world.carol)
    url = f"/c/{world.chapter.slug}/applications/{application.pk}/decide/"
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert "Geef een reden" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "reason": "Te weinig overlap met de doelgroep"})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert "Thank you for your interest" in mail.outbox[0].body


def test_the_committee_records_an_interview(client, world):
    application = make_application(world.chapter)
    client.force_login(world.carol)
    client.post(
        f"/c/{world.chapter.slug}/applications/{application.pk}/interview/",
        {"interviewed_on": "2026-11-20", "interview_notes": "Sterke referenties."},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEWED
    assert application.interview_notes == "Sterke referenties."


def test_the_review_pages_show_whether_the_classification_is_free(client, world):
    application = make_application(world.chapter)
    client.force_login(world.carol)
    listing = client.get(f"/c/{world.chapter.slug}/applications/").content.decode()
    assert application.full_name in listing
    detail = client.get(f"/c/{world.chapter.slug}/applications/{application.pk}/").content.decode()
    assert "Vrij in dit chapter" in detail


def test_another_chapters_application_is_not_found(client, world):
    application = make_application(world.other_chapter)
    client.force_login(world.carol)
    assert client.get(f"/c/{world.chapter.slug}/applications/{application.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_committee_members_approving_at_once_create_one_member(world):
    application = make_ready_application(world.chapter)
    outcomes = []
    barrier = threading.Barrier(2)

    def approve(by):
        try:
            barrier.wait()
            application_approve(application=application, decided_by=by)
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (world.carol, world.bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_decided", "approved"]
    assert User.objects.filter(email=application.email).count() == 1
    assert Membership.objects.filter(user__email=application.email).count() == 1
