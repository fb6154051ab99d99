import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members.models import Membership, RoleAssignment
from members.services.memberships import (
    membership_drop,
    membership_lapse,
    membership_renew,
    membership_start,
    membership_transfer,
    memberships_end_finished_leave,
)
from tests import factories


def _term(user) -> Membership:
    return user.memberships.current().get()


def _due_in(user, days: int) -> Membership:
    term = _term(user)
    term.renewal_due_on = timezone.localdate() + datetime.timedelta(days=days)
    term.save()
    return term


def test_renewing_opens_the_next_term_and_keeps_the_old_one_as_history(world):
    term = _due_in(world.alice, 10)
    new_term = membership_renew(membership=term)
    term.refresh_from_db()
    assert term.status == Membership.Status.ENDED
    assert new_term.status == Membership.Status.ACTIVE
    assert new_term.starts_on == term.renewal_due_on
    assert new_term.renewal_due_on == term.renewal_due_on.replace(year=term.renewal_due_on.year + 1)
    assert world.alice.memberships.count() == 2


def test_a_renewal_date_before_the_start_is_refused(world):
    term = _due_in(world.alice, 10)
    with pytest.raises(ValidationError) as error:
        membership_renew(membership=term, renewal_due_on=term.renewal_due_on - datetime.timedelta(days=1))
    assert error.value.code == "renewal_before_start"
    assert world.alice.memberships.count() == 1


def test_the_renewals_page_lists_due_and_overdue_members_only(client, world):
    _due_in(world.alice, 20)
    _due_in(world.bob, -5)
    client.force_login(world.carol)
    content = client.get(f"/c/{world.chapter.slug}/renewals/").content.decode()
    assert world.alice.full_name in content
    assert world.bob.full_name in content
    assert "Verlopen" in content
    assert f"/renewals/{_term(world.carol).pk}/" not in content


def test_the_renewals_page_has_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    for index in range(15):
        user = factories.make_member(world.chapter, f"Due{index}")
        _due_in(user, index)
    client.force_login(world.carol)
    # session, user, membership, chapter, role capabilities, count, page, on leave
    with django_assert_max_num_queries(10):
        response = client.get(f"/c/{world.chapter.slug}/renewals/")
    assert response.status_code == 200


def test_the_renew_form_on_the_page_asks_the_vp_and_renews_nothing_yet(client, world):
    term = _due_in(world.alice, 10)
    client.force_login(world.carol)
    response = client.post(
        f"/c/{world.chapter.slug}/renewals/{term.pk}/", {"action": "renew", "renew-renewal_due_on": ""}
    )
    renewal = term.renewal_requests.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/{world.chapter.slug}/renewals/requests/{renewal.pk}/"
    assert renewal.status == "pending" and renewal.requested_by == world.carol
    assert world.alice.memberships.filter(status=Membership.Status.ENDED).count() == 0


def test_medical_leave_is_at_most_eight_weeks(client, world):
    term = _term(world.alice)
    client.force_login(world.carol)
    too_long = timezone.localdate() + datetime.timedelta(days=57)
    response = client.post(
        f"/c/{world.chapter.slug}/renewals/{term.pk}/",
        {"action": "leave", "leave-until": too_long.isoformat(), "leave-reason": "Operatie"},
    )
    assert response.status_code == 200
    assert "hoogstens 8 weken" in response.content.decode()
    term.refresh_from_db()
    assert term.status == Membership.Status.ACTIVE

    ok = timezone.localdate() + datetime.timedelta(days=56)
    client.post(
        f"/c/{world.chapter.slug}/renewals/{term.pk}/",
        {"action": "leave", "leave-until": ok.isoformat(), "leave-reason": "Operatie"},
    )
    term.refresh_from_db()
    assert term.status == Membership.Status.ON_LEAVE
    assert term.leave_approved_by == world.carol


def test_finished_leave_ends_by_itself(world):
    term = _term(world.alice)
    term.status, term.leave_until = (
        Membership.Status.ON_LEAVE,
        timezone.localdate() - datetime.timedelta(days=1),
    )
    term.save()
    assert memberships_end_finished_leave() == 1
    assert memberships_end_finished_leave() == 0
    term.refresh_from_db()
    assert term.status == Membership.Status.ACTIVE


def test_a_lapsed_member_loses_the_member_pages_but_keeps_their_history(client, world):
    factories.give_role(world.alice, world.chapter, "visitor_host")
    membership_lapse(membership=_term(world.alice), reason="Niet verlengd")
    client.force_login(world.alice)
    assert client.get(f"/c/{world.chapter.slug}/directory/").status_code == 403
    assert client.get("/profile/").status_code == 403
    assert world.alice.memberships.get().status == Membership.Status.LAPSED
    assignment = RoleAssignment.objects.get(user=world.alice)
    assert assignment.ends_on == timezone.localdate()


def test_dropping_needs_a_reason_and_frees_the_classification(world):
    term = _term(world.alice)
    with pytest.raises(ValidationError):
        membership_drop(membership=term, reason=" ")
    membership_drop(membership=term, reason="Drie keer afwezig zonder vervanger")
    newcomer = factories.make_user("New")
    membership_start(user=newcomer, chapter=world.chapter, classification=term.classification)


def test_moving_chapters_ends_one_term_and_starts_another(world):
    term = _term(world.alice)
    new_term = membership_transfer(membership=term, to_chapter=world.other_chapter, by=world.rita)
    term.refresh_from_db()
    assert term.status == Membership.Status.ENDED
    assert new_term.chapter == world.other_chapter
    assert new_term.status == Membership.Status.ACTIVE
    assert _term(world.alice) == new_term


def test_moving_into_a_taken_classification_is_refused(world):
    term = _term(world.alice)
    factories.make_member(world.other_chapter, "Taken", classification=term.classification)
    with pytest.raises(ValidationError):
        membership_transfer(membership=term, to_chapter=world.other_chapter, by=world.rita)
    term.refresh_from_db()
    assert term.status == Membership.Status.ACTIVE


@pytest.mark.parametrize("mover", ["carol", "oscar", "dave"])
def test_only_a_region_admin_of_the_members_region_may_move_them(world, mover):
    term = _term(world.alice)
    with pytest.raises(PermissionDenied):
        membership_transfer(membership=term, to_chapter=world.other_chapter, by=getattr(world, mover))
    term.refresh_from_db()
    assert term.status == Membership.Status.ACTIVE
    assert list(Membership.objects.filter(user=world.alice)) == [term]


def test_a_member_cannot_be_moved_to_another_region(world):
    term = _term(world.alice)
    with pytest.raises(ValidationError) as error:
        membership_transfer(membership=term, to_chapter=world.far_chapter, by=world.admin)
    assert error.value.code == "other_region"
    term.refresh_from_db()
    assert term.status == Membership.Status.ACTIVE


def test_a_presidents_move_is_refused_and_changes_nothing(client, world):
    term = _term(world.alice)
    client.force_login(world.carol)
    response = client.post(
        f"/c/{world.chapter.slug}/members/{term.pk}/move/", {"to_chapter": world.other_chapter.pk}
    )
    assert response.status_code == 403
    term.refresh_from_db()
    assert term.status == Membership.Status.ACTIVE
    assert term.chapter == world.chapter
    assert Membership.objects.filter(user=world.alice).count() == 1


def test_a_region_admin_moves_a_member_from_the_edit_page(client, world):
    term = _term(world.alice)
    client.force_login(world.rita)
    response = client.post(
        f"/c/{world.chapter.slug}/members/{term.pk}/move/", {"to_chapter": world.other_chapter.pk}
    )
    assert response.status_code == 302
    assert _term(world.alice).chapter == world.other_chapter


def test_a_person_holds_one_current_membership(world):
    with pytest.raises(ValidationError) as error:
        membership_start(
            user=world.alice, chapter=world.other_chapter, classification=factories.make_classification()
        )
    assert error.value.code == "already_member"


def test_the_daily_command_ends_finished_leave(world):
    import io

    from django.core.management import call_command

    term = _term(world.alice)
    term.status, term.leave_until = (
        Membership.Status.ON_LEAVE,
        timezone.localdate() - datetime.timedelta(days=2),
    )
    term.save()
    out = io.StringIO()
    call_command("end_finished_leave", stdout=out)
    term.refresh_from_db()
    assert term.status == Membership.Status.ACTIVE
