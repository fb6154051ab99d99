"""Visitor registrations of guests who never became members are erased 90 days after the visit."""

import datetime

from auditlog.models import LogEntry
from django.utils import timezone

from chapters.models import Visitor
from chapters.services.retention import visitors_erase_expired
from members.models import Application
from tests.chapters.helpers import make_meeting, make_visitor
from tests.members.helpers import make_application


def _old_meeting(world, days: int = 91):
    return make_meeting(world.chapter, starts_in=-datetime.timedelta(days=days))


def test_a_visit_older_than_90_days_is_erased_but_still_counts(world):
    meeting = _old_meeting(world)
    visitor = make_visitor(meeting, "Vera", invited_by=world.alice, gives_visitor_credit=True, phone="0612")
    second = make_visitor(meeting, "Wim")
    recent = make_visitor(_old_meeting(world, days=80), "Xandra")

    assert visitors_erase_expired() == 2

    visitor.refresh_from_db()
    assert (visitor.first_name, visitor.last_name, visitor.email, visitor.phone, visitor.company) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert visitor.erased_at and visitor.gives_visitor_credit and visitor.invited_by == world.alice
    assert Visitor.objects.get(pk=second.pk).erased_at is not None
    assert Visitor.objects.get(pk=recent.pk).first_name == "Xandra"
    entry = LogEntry.objects.filter(additional_data__chapter_id=world.chapter.pk).latest("pk")
    assert entry.changes["visitors_erased"] == ["0", "2"]


def test_the_log_no_longer_names_the_erased_visitor(world):
    visitor = make_visitor(_old_meeting(world), "Quirina", last_name="Zwartvoet")
    visitor.status = Visitor.Status.NOT_NOW
    visitor.save()
    assert LogEntry.objects.get_for_object(visitor).filter(object_repr__contains="Zwartvoet").exists()

    visitors_erase_expired()

    assert not LogEntry.objects.filter(object_repr__contains="Zwartvoet").exists()


def test_a_guest_who_became_a_member_or_still_applies_is_kept(world):
    meeting = _old_meeting(world)
    member = make_visitor(meeting, "Alice", email=world.alice.email.upper())
    applying = make_visitor(meeting, "Petra", email="petra@example.nl")
    make_application(world.chapter, email="petra@example.nl")
    rejected_lately = make_visitor(meeting, "Rob", email="rob@example.nl")
    make_application(
        world.chapter,
        email="rob@example.nl",
        status=Application.Status.REJECTED,
        decided_at=timezone.now() - datetime.timedelta(days=10),
    )

    assert visitors_erase_expired() == 0
    for visitor in (member, applying, rejected_lately):
        visitor.refresh_from_db()
        assert visitor.erased_at is None


def test_a_second_run_erases_nothing_twice(world):
    make_visitor(_old_meeting(world), "Vera")
    assert visitors_erase_expired() == 1
    assert visitors_erase_expired() == 0
