"""Wanted professions shown to visitors, a visitor turned into an application in one click, and
rejected applications deleted after the retention period."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from chapters.models import Visitor
from chapters.summaries.weekly import summary_for
from members.models import Application, Objection
from members.selectors.classifications import wanted_classifications
from members.services.classifications import wanted_classification_add
from members.services.retention import applications_purge_expired
from referrals.models import Notice
from tests import factories
from tests.chapters.helpers import make_meeting, make_visitor
from tests.members.helpers import make_application


def test_the_committee_adds_a_wanted_profession_that_visitors_see_until_the_seat_is_filled(client, world):
    classification = factories.make_classification("Hovenier")
    client.force_login(world.carol)
    page = client.get(f"/c/{world.chapter.slug}/classifications/")
    assert 'data-testid="wanted"' in page.content.decode()
    response = client.post(
        f"/c/{world.chapter.slug}/classifications/wanted/",
        {"classification": classification.pk, "note": "Voor particuliere tuinen"},
    )
    assert response.status_code == 302
    client.logout()
    for url in (f"/chapters/{world.chapter.slug}/", f"/chapters/{world.chapter.slug}/apply/"):
        html = client.get(url).content.decode()
        assert "We zoeken" in html and "Hovenier" in html and "Voor particuliere tuinen" in html, url

    factories.make_member(world.chapter, "Henk", classification=classification)
    assert wanted_classifications(world.chapter) == []


def test_a_taken_profession_cannot_be_wanted(world):
    taken = world.alice.memberships.get().classification
    with pytest.raises(ValidationError):
        wanted_classification_add(chapter=world.chapter, classification=taken, note="", added_by=world.carol)
    assert not world.chapter.wanted_classifications.exists()


def test_a_visitor_becomes_a_prefilled_application_in_one_click(client, world):
    committee = factories.make_member(world.chapter, "Kees")
    factories.give_role(committee, world.chapter, "membership_committee")
    factories.make_classification("Hovenier")
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=-3))
    visitor = make_visitor(meeting, "Vera", profession="hovenier", company="Groen BV", email="vera@groen.nl")
    client.force_login(world.carol)
    url = f"/c/{world.chapter.slug}/visitors/{visitor.pk}/application/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    application = Application.objects.get()
    assert (application.first_name, application.email, application.company) == (
        "Vera",
        "vera@groen.nl",
        "Groen BV",
    )
    assert application.classification.name_nl == "Hovenier"
    visitor.refresh_from_db()
    assert visitor.status == Visitor.Status.APPLIED
    notices = Notice.objects.filter(user=committee, kind__startswith="application_new")
    assert len(notices) == 1 and "Vera" in notices[0].text


def test_rejected_applications_are_deleted_after_the_retention_period(world):
    old = make_application(
        world.chapter,
        status="rejected",
        email="oud@example.nl",
        decided_at=timezone.now() - datetime.timedelta(days=91),
        decision_reason="Past niet",
    )
    Objection.objects.create(application=old, member=world.alice, reason="Ken ik")
    recent = make_application(world.chapter, status="rejected", decided_at=timezone.now())
    pending = make_application(world.chapter)
    old_name = old.full_name

    call_command("retention_daily", verbosity=0)
    assert applications_purge_expired() == 0  # twice: nothing more
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not Objection.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM auditlog_logentry WHERE object_repr LIKE %s OR changes::text LIKE %s",
            [f"%{old_name}%", "%oud@example.nl%"],
        )
        assert cursor.fetchone()[0] == 0


def test_the_weekly_summary_names_the_wanted_professions(world):
    wanted_classification_add(
        chapter=world.chapter,
        classification=factories.make_classification("Hovenier"),
        note="",
        added_by=world.carol,
    )
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=2))
    summary = summary_for(user=world.alice, meeting=meeting)
    assert any("Hovenier" in item.text and "zoekt" in item.text for item in summary.items)
