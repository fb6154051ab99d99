from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.test import Client

from members.models import Membership
from members.services.memberships import membership_drop
from tests import factories


def _drop(member, *, by, reason="Stopt met het bedrijf"):
    with set_actor(by):
        return membership_drop(membership=member.memberships.get(), reason=reason)


def test_dropping_a_member_records_who_changed_the_status_from_what_to_what(world):
    _drop(world.bob, by=world.carol)

    entry = LogEntry.objects.get_for_object(world.bob.memberships.get()).latest("timestamp")
    assert entry.actor == world.carol
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["status"] == [Membership.Status.ACTIVE, Membership.Status.DROPPED]
    assert entry.additional_data == {"chapter_id": world.chapter.pk}


def test_the_president_reads_the_change_on_the_chapters_audit_page(client: Client, world):
    _drop(world.bob, by=world.carol)
    client.force_login(world.carol)

    content = client.get(f"/c/{world.chapter.slug}/audit/").content.decode()

    assert "Bob" in content
    assert "Carol" in content
    assert "<del>Actief</del> → <ins>Beëindigd</ins>" in content


def test_one_record_can_be_followed_through_all_its_changes(client: Client, world):
    _drop(world.bob, by=world.carol)
    _drop(world.alice, by=world.carol)
    membership = world.bob.memberships.get()
    client.force_login(world.carol)

    content = client.get(
        f"/c/{world.chapter.slug}/audit/", {"type": "members.membership", "object": membership.pk}
    ).content.decode()

    assert "Bob" in content
    assert "Alice" not in content


def test_changes_in_another_chapter_stay_out_of_this_chapters_log(client: Client, world):
    _drop(world.dave, by=world.rita)
    client.force_login(world.carol)

    content = client.get(f"/c/{world.chapter.slug}/audit/").content.decode()

    assert "Dave" not in content
    # And the other chapter's log is not even there for this president.
    assert client.get(f"/c/{world.other_chapter.slug}/audit/").status_code == 404


def test_the_password_is_never_written_to_the_audit_log(world):
    world.alice.set_password("Een-nieuw-wachtwoord-2")
    world.alice.first_name = "Alicia"
    world.alice.save()

    entry = LogEntry.objects.get_for_object(world.alice).latest("timestamp")
    assert "first_name" in entry.changes_dict
    assert "password" not in entry.changes_dict


def test_the_audit_page_needs_a_bounded_number_of_queries(
    client: Client, world, django_assert_max_num_queries
):
    for _ in range(12):
        member = factories.make_member(world.chapter, "Extra")
        _drop(member, by=world.carol)
    client.force_login(world.carol)

    # session, user, membership (middleware), chapter, access checks (2), count, page of entries,
    # content types for the filter choices
    with django_assert_max_num_queries(10):
        response = client.get(f"/c/{world.chapter.slug}/audit/")
    assert response.status_code == 200


def test_a_change_made_with_a_conditional_update_is_recorded_by_hand(client: Client, world):
    from members.audit import record_update

    membership = world.bob.memberships.get()
    Membership.objects.filter(pk=membership.pk, status=Membership.Status.ACTIVE).update(
        status=Membership.Status.ON_LEAVE
    )
    with set_actor(world.carol):
        record_update(membership, changes={"status": (Membership.Status.ACTIVE, Membership.Status.ON_LEAVE)})
    client.force_login(world.carol)

    content = client.get(f"/c/{world.chapter.slug}/audit/").content.decode()

    assert "<del>Actief</del> → <ins>Met verlof</ins>" in content
