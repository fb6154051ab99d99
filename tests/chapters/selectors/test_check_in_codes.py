import datetime

from chapters.selectors.check_in_codes import SLOT_SECONDS, check_in_code, code_refusal, qr_refusal
from tests.chapters.helpers import make_meeting

SLOT = datetime.timedelta(seconds=SLOT_SECONDS)


def test_the_code_shown_now_checks_in(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=20))
    assert code_refusal(meeting, check_in_code(meeting)) == ""


def test_the_code_rotates_and_the_previous_one_still_works_for_one_slot(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=50))
    shown_at = meeting.starts_at - datetime.timedelta(minutes=30)
    code = check_in_code(meeting, shown_at)
    assert check_in_code(meeting, shown_at + SLOT) != code
    assert code_refusal(meeting, code, shown_at + SLOT) == ""
    assert "verlopen" in code_refusal(meeting, code, shown_at + 2 * SLOT)


def test_a_photo_of_last_weeks_code_does_not_work(world):
    last_week = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=7))
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    old = check_in_code(meeting, last_week.starts_at)
    assert "verlopen" in code_refusal(meeting, old)
    # Nor does last week's meeting's code of that moment, in this meeting's link.
    assert "niet geldig" in code_refusal(meeting, check_in_code(last_week))


def test_a_code_of_another_meeting_or_a_made_up_one_is_refused(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    other = make_meeting(world.other_chapter, starts_in=datetime.timedelta(minutes=10))
    assert "niet geldig" in code_refusal(meeting, check_in_code(other))
    slot = check_in_code(meeting).split("-")[0]
    for forged in (f"{slot}-{'0' * 20}", "", "12-ab", f"{slot}-{'g' * 20}", "x" * 300):
        assert "niet geldig" in code_refusal(meeting, forged)


def test_the_code_checks_in_from_an_hour_before_the_start_until_the_end(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(hours=3))
    opens = meeting.starts_at - datetime.timedelta(minutes=60)
    too_early = opens - datetime.timedelta(minutes=1)
    assert "een uur voor" in code_refusal(meeting, check_in_code(meeting, too_early), too_early)
    assert code_refusal(meeting, check_in_code(meeting, opens), opens) == ""
    assert code_refusal(meeting, check_in_code(meeting, meeting.ends_at), meeting.ends_at) == ""
    after = meeting.ends_at + datetime.timedelta(minutes=1)
    assert "voorbij" in code_refusal(meeting, check_in_code(meeting, after), after)
    assert qr_refusal(meeting, too_early) and qr_refusal(meeting, after)
    assert qr_refusal(meeting, opens) == ""
