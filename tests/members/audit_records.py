"""One audited record of every type the audit log registers, for the audit page's tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from chapters.models import Attendance, AttendanceCorrection, AttendanceStatus, Meeting, Visitor
from members.models import (
    Application,
    ClassificationLock,
    DuesLine,
    DuesRate,
    Membership,
    Objection,
    RegionAdmin,
    RenewalRequest,
    Role,
    RoleAssignment,
    User,
)
from members.services.roles import role_create
from referrals.models import Referral, ThankYou
from tests import factories
from tests.chapters.helpers import make_meeting, make_visitor
from tests.members.helpers import make_application
from tests.referrals.helpers import own_business


def audited_user(world):
    world.alice.first_name = "Alicia"
    world.alice.save()
    return world.alice


def audited_membership(world):
    membership = world.bob.memberships.get()
    membership.status = Membership.Status.ON_LEAVE
    membership.save()
    return membership


def audited_role(world):
    # A custom role with capabilities: its ArrayField used to break the page.
    return role_create(
        chapter=world.chapter,
        name_nl="Evenementen",
        name_en="Events",
        capabilities=["manage_chapter", "run_meeting"],  # as the role form gives them
    )


def audited_role_assignment(world):
    return factories.give_role(world.alice, world.chapter, "vice_president")


def audited_application(world):
    return make_application(world.chapter)


def audited_classification_lock(world):
    return ClassificationLock.objects.create(
        chapter=world.chapter, classification=factories.make_classification("Notaris"), reason="Gereserveerd"
    )


def audited_objection(world):
    return Objection.objects.create(
        application=make_application(world.chapter), member=world.alice, reason="Slechte ervaring"
    )


def audited_dues_rate(world):
    return DuesRate.objects.create(
        chapter=world.chapter, term_months=12, amount=Decimal("595.00"), vat_rate=21
    )


def audited_dues_line(world):
    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    return DuesLine.objects.create(
        chapter=world.chapter,
        membership=term,
        amount=Decimal("595.00"),
        vat_rate=Decimal("21.00"),
        vat_amount=Decimal("124.95"),
        total=Decimal("719.95"),
        due_on=term.starts_on,
    )


def audited_renewal_request(world):
    term = Membership.objects.get(user=world.alice, status=Membership.Status.ACTIVE)
    return RenewalRequest.objects.create(chapter=world.chapter, membership=term, requested_by=world.alice)


def _meeting_on_a_free_day(world, *, past: bool = False):
    taken = set(world.chapter.meetings.values_list("scheduled_on", flat=True))
    days = 1
    while (timezone.localdate() + datetime.timedelta(days=-days if past else days)) in taken:
        days += 1
    return make_meeting(world.chapter, starts_in=datetime.timedelta(days=-days if past else days))


def audited_meeting(world):
    return _meeting_on_a_free_day(world)


def audited_attendance(world):
    return Attendance.objects.create(
        meeting=_meeting_on_a_free_day(world, past=True),
        member=world.alice,
        status=AttendanceStatus.PRESENT,
        arrived_at=timezone.now(),
    )


def audited_attendance_correction(world):
    return AttendanceCorrection.objects.create(
        attendance=audited_attendance(world),
        changed_by=world.carol,
        reason="Toch te laat",
        status_before=AttendanceStatus.PRESENT,
        status_after=AttendanceStatus.LATE,
    )


def audited_visitor(world):
    return make_visitor(_meeting_on_a_free_day(world))


def audited_referral(world):
    return own_business(world.alice, world.bob)


def audited_thank_you(world):
    return ThankYou.objects.create(
        thanked_by=world.bob,
        thanked=world.alice,
        from_chapter=world.chapter,
        to_chapter=world.chapter,
        amount=Decimal("1250.00"),
    )


BUILDERS = {
    User: audited_user,
    Membership: audited_membership,
    Role: audited_role,
    RoleAssignment: audited_role_assignment,
    Application: audited_application,
    ClassificationLock: audited_classification_lock,
    Objection: audited_objection,
    DuesRate: audited_dues_rate,
    DuesLine: audited_dues_line,
    RenewalRequest: audited_renewal_request,
    Meeting: audited_meeting,
    Attendance: audited_attendance,
    AttendanceCorrection: audited_attendance_correction,
    Visitor: audited_visitor,
    Referral: audited_referral,
    ThankYou: audited_thank_you,
}
# Entries without a chapter are only in the Django admin.
ADMIN_ONLY = {RegionAdmin}


def make_one_of_each(world) -> dict:
    """model -> one record of it, each with an audit entry in world.chapter's log."""
    return {model: build(world) for model, build in BUILDERS.items()}
