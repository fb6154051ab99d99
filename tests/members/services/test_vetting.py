"""The objection window and the interview: application -> proposed -> objection -> approval."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Application, Membership, Objection, User
from members.services.applications import (
    application_approve,
    application_propose,
    application_record_interview,
    objection_file,
)
from referrals.models import Notice
from tests import factories
from tests.members.helpers import make_application


def _interviewed(world, **fields) -> Application:
    application = make_application(world.chapter, **fields)
    return application_record_interview(
        application=application, notes="Sterke referenties.", interviewed_on=timezone.localdate()
    )


def _window_passes(application: Application) -> None:
    """Move the window into the past, as if the chapter's days had gone by."""
    Application.objects.filter(pk=application.pk).update(
        proposed_at=timezone.now() - datetime.timedelta(days=8),
        objections_until=timezone.now() - datetime.timedelta(minutes=1),
    )
    application.refresh_from_db()


def test_the_whole_way_application_proposal_objection_approval_after_the_window(client, world):
    world.chapter.objection_window_days = 10
    world.chapter.save()
    application = _interviewed(world, first_name="Vera", last_name="Groen", company="Groen Tuinen")

    proposed = application_propose(application=application, proposed_by=world.carol)
    assert proposed.status == Application.Status.PROPOSED
    window = proposed.objections_until - proposed.proposed_at
    assert window == datetime.timedelta(days=10)

    # Every current member is told (a notice) and finds the page from the directory too.
    notice = Notice.objects.get(user=world.alice)
    assert "Vera Groen" in notice.text and notice.url == f"/c/{world.chapter.slug}/proposed/"
    assert (
        Notice.objects.filter(user=world.bob).exists() and not Notice.objects.filter(user=world.dave).exists()
    )
    assert not Notice.objects.filter(user=world.larry).exists()
    client.force_login(world.alice)
    assert notice.url in client.get(f"/c/{world.chapter.slug}/directory/").content.decode()
    page = client.get(f"/c/{world.chapter.slug}/proposed/").content.decode()
    assert "Vera Groen" in page and "Groen Tuinen" in page and proposed.classification.name_nl in page
    assert proposed.email not in page  # contact details stay with the committee

    response = client.post(
        f"/c/{world.chapter.slug}/proposed/{proposed.pk}/object/",
        {"reason": "Ze betaalde mijn factuur niet."},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.member == world.alice
    assert "Je hebt bezwaar gemaakt" in client.get(f"/c/{world.chapter.slug}/proposed/").content.decode()

    # Another member does not see Alice's reason; the committee does.
    client.force_login(world.bob)
    assert "factuur" not in client.get(f"/c/{world.chapter.slug}/proposed/").content.decode()
    client.force_login(world.carol)
    detail = client.get(f"/c/{world.chapter.slug}/applications/{proposed.pk}/").content.decode()
    assert "Ze betaalde mijn factuur niet." in detail and world.alice.full_name in detail

    _window_passes(proposed)
    member = application_approve(application=proposed, decided_by=world.carol, reason="Bezwaar besproken")
    assert member.memberships.get().status == Membership.Status.ACTIVE
    proposed.refresh_from_db()
    assert proposed.status == Application.Status.APPROVED and proposed.early_approval_reason == ""
    assert "Vera Groen" not in client.get(f"/c/{world.chapter.slug}/proposed/").content.decode()


def test_approval_before_the_window_is_refused_without_a_reason_and_recorded_with_one(client, world):
    application = application_propose(application=_interviewed(world), proposed_by=world.carol)
    with pytest.raises(ValidationError) as error:
        application_approve(application=application, decided_by=world.carol)
    assert error.value.code == "window_open"
    assert not User.objects.filter(email=application.email).exists()

    client.force_login(world.carol)
    url = f"/c/{world.chapter.slug}/applications/{application.pk}/decide/"
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert "bezwaartermijn loopt nog" in response.content.decode()
    assert not User.objects.filter(email=application.email).exists()

    response = client.post(
        url, {"decision": "approve", "early_reason": "Start volgende week, iedereen kent haar"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.early_approval_reason == "Start volgende week, iedereen kent haar"


def test_approval_without_an_interview_is_refused_unless_the_chapter_waives_it(world):
    application = application_propose(application=make_application(world.chapter), proposed_by=world.carol)
    _window_passes(application)
    with pytest.raises(ValidationError) as error:
        application_approve(application=application, decided_by=world.carol)
    assert error.value.code == "interview_required"

    world.chapter.interview_required = False
    world.chapter.save()
    application.refresh_from_db()
    application_approve(application=application, decided_by=world.carol)
    assert User.objects.filter(email=application.email).exists()


def test_approval_without_a_proposal_is_refused_and_not_offered(client, world):
    application = _interviewed(world)
    with pytest.raises(ValidationError) as error:
        application_approve(application=application, decided_by=world.carol, early_reason="haast")
    assert error.value.code == "not_proposed"
    client.force_login(world.carol)
    page = client.get(f"/c/{world.chapter.slug}/applications/{application.pk}/").content.decode()
    assert 'value="approve"' not in page and "Voorstellen ter goedkeuring" in page


def test_an_objection_after_the_window_is_refused_clearly(client, world):
    application = application_propose(
        application=_interviewed(world, first_name="Vera"), proposed_by=world.carol
    )
    _window_passes(application)
    with pytest.raises(ValidationError) as error:
        objection_file(application=application, member=world.alice, reason="Te laat")
    assert error.value.code == "window_closed"

    client.force_login(world.alice)
    response = client.post(
        f"/c/{world.chapter.slug}/proposed/{application.pk}/object/", {"reason": "Te laat"}, follow=True
    )
    assert "De bezwaartermijn voor Vera" in response.content.decode()
    assert not Objection.objects.exists()


def test_only_current_members_object_once_with_a_reason(world):
    application = application_propose(application=_interviewed(world), proposed_by=world.carol)
    for user in (world.dave, world.larry):  # another chapter's member, a lapsed member
        with pytest.raises(ValidationError) as error:
            objection_file(application=application, member=user, reason="Nee")
        assert error.value.code == "not_a_member"
    with pytest.raises(ValidationError) as error:
        objection_file(application=application, member=world.alice, reason="  ")
    assert error.value.code == "reason_required"
    objection_file(application=application, member=world.alice, reason="Nee")
    with pytest.raises(ValidationError) as error:
        objection_file(application=application, member=world.alice, reason="Nog eens")
    assert error.value.code == "already_objected"
    assert Objection.objects.count() == 1


def test_a_taken_seat_cannot_be_proposed(world):
    seat = factories.make_classification()
    application = _interviewed(world, classification=seat)
    factories.make_member(world.chapter, "Quick", classification=seat)
    with pytest.raises(ValidationError) as error:
        application_propose(application=application, proposed_by=world.carol)
    assert error.value.code == "classification_taken"


def test_the_chapter_sets_the_window_and_the_interview_rule(client, world):
    client.force_login(world.carol)
    data = {
        "meeting_weekday": 1,
        "meeting_time": "07:00",
        "meeting_duration_minutes": 90,
        "venue": "",
        "online_url": "",
        "absence_limit": 3,
        "absence_window": world.chapter.absence_window,
        "objection_window_days": 61,
    }
    response = client.post(f"/c/{world.chapter.slug}/settings/", data)
    assert "ten hoogste 60 dagen" in response.content.decode()
    response = client.post(f"/c/{world.chapter.slug}/settings/", {**data, "objection_window_days": 3})
    assert response.status_code == 302
    world.chapter.refresh_from_db()
    assert world.chapter.objection_window_days == 3 and world.chapter.interview_required is False


def test_an_interview_recorded_during_the_window_keeps_the_proposal(world):
    application = application_propose(application=make_application(world.chapter), proposed_by=world.carol)
    application_record_interview(
        application=application, notes="Later gesproken.", interviewed_on=timezone.localdate()
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PROPOSED and application.interviewed_on is not None


def test_the_interview_form_starts_at_today(client, world):
    application = make_application(world.chapter)
    client.force_login(world.carol)
    page = client.get(f"/c/{world.chapter.slug}/applications/{application.pk}/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
