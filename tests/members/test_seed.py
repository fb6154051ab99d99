import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from members.models import Application, ClassificationLock, DuesLine, Membership, Role, RoleAssignment, User
from members.selectors.memberships import renewals_due


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (User, Membership, Application, Role, RoleAssignment, ClassificationLock, DuesLine)
    }


def test_the_demo_has_applicants_renewals_leave_a_lapsed_member_and_every_role(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first

    sanne = User.objects.get(email="lid@demo.kring.nl")
    assert sanne.gains_networks and sanne.weekly_ask and sanne.offer
    chapter = sanne.memberships.get().chapter
    assert chapter.applications.filter(status=Application.Status.PENDING).count() == 3
    proposed = chapter.applications.get(status=Application.Status.PROPOSED)
    assert proposed.objections_until > timezone.now(), "the demo shows an open objection window"
    assert chapter.dues_lines.count() == chapter.memberships.current().count()
    assert chapter.dues_lines.filter(paid_on__isnull=False).count() == 5
    due = list(renewals_due(chapter=chapter))
    assert len(due) >= 5
    assert any(term.renewal_due_on < timezone.localdate() for term in due), "one renewal is overdue"
    assert chapter.memberships.filter(status=Membership.Status.ON_LEAVE).count() == 1
    assert chapter.wanted_classifications.count() == 2
    assert chapter.renewal_requests.filter(status="pending").count() == 1
    noor = chapter.onboardings.get(membership__user__email="noor@visserinterieur.nl")
    assert noor.mentor is not None and noor.items.filter(done_on__isnull=False).count() == 1
    assert chapter.memberships.filter(status=Membership.Status.LAPSED).count() >= 1
    codes = set(chapter.role_assignments.values_list("role__code", flat=True))
    assert {
        "president",
        "vice_president",
        "secretary_treasurer",
        "membership_committee",
        "visitor_host",
        "education_coordinator",
        "mentor_coordinator",
    } <= codes


def test_the_demo_loads_on_a_day_whose_history_holds_a_leap_day(db, monkeypatch):
    # On 2026-12-03 a member's start date fell on 2024-02-29 and `make run` crashed on its anniversary.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 12, 3))
    call_command("seed_demo", stdout=io.StringIO())
    assert Membership.objects.filter(
        user__email="lid@demo.kring.nl", status=Membership.Status.ACTIVE
    ).exists()
