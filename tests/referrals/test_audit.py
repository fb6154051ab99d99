from auditlog.models import LogEntry

from referrals.services.contacts import contact_erase
from referrals.services.status import referral_set_status
from tests.referrals.helpers import third_party


def _entries_for(referral):
    return LogEntry.objects.get_for_object(referral).order_by("timestamp")


def test_a_pipeline_step_is_in_the_chapter_audit_log(world):
    referral = third_party(world.alice, world.bob)
    referral_set_status(referral=referral, by=world.bob, to_status="contacted", expected_status="new")

    step = _entries_for(referral).last()
    assert step.changes_dict["status"] == ["new", "contacted"]
    assert step.additional_data == {"chapter_id": world.chapter.pk}


def test_erasing_a_contact_is_logged_without_keeping_the_contact_data(world):
    referral = third_party(world.alice, world.bob, contact_name="Jan Smit")
    contact_erase(chapter=world.chapter, referrals=[referral], by=world.carol)

    logged = " ".join(str(entry.changes) for entry in _entries_for(referral))
    assert "contact_erased_at" in logged
    assert "Jan Smit" not in logged
