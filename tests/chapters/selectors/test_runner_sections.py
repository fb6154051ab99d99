import datetime
from decimal import Decimal

from django.utils import timezone

from chapters.models import AgendaKind, RotaKind, RotaSlot
from chapters.selectors.runner_sections import meeting_numbers, referral_round, section_data
from chapters.services.attendance import attendance_check_in
from chapters.services.runner import meeting_runner_step
from chapters.services.visitors import visitor_check_in
from referrals.models import Referral, ThankYou
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor
from tests.referrals.helpers import own_business

FULL_AGENDA = [
    ("Welkom", AgendaKind.NORMAL, 3),
    ("Gasten", AgendaKind.VISITOR_INTROS, 3),
    ("Educatie", AgendaKind.EDUCATION, 3),
    ("Hoofdpresentatie", AgendaKind.FEATURE_PRESENTATION, 3),
    ("Referrals", AgendaKind.REFERRALS, 3),
]


def thanks(by, to, amount: str, when=None) -> ThankYou:
    return ThankYou.objects.create(
        thanked_by=by,
        thanked=to,
        from_chapter=by.memberships.get().chapter,
        to_chapter=to.memberships.get().chapter,
        amount=Decimal(amount),
        created_at=when or timezone.now(),
    )


def test_the_referral_round_shows_what_each_member_passed_since_the_last_meeting(world):
    last = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=7))
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    own_business(world.alice, world.bob)
    own_business(world.alice, world.carol)
    own_business(world.bob, world.alice)
    before = own_business(world.carol, world.alice)
    Referral.objects.filter(pk=before.pk).update(created_at=last.starts_at)  # last week's
    thanks(world.carol, world.alice, "1250.00")
    thanks(world.carol, world.alice, "250.50")
    thanks(world.bob, world.alice, "100", when=last.starts_at)  # last week's
    round_ = referral_round(meeting)
    assert [(row.user.first_name, row.slips, row.tyfcb) for row in round_["givers"]] == [
        ("Alice", 2, Decimal()),
        ("Bob", 1, Decimal()),
        ("Carol", 0, Decimal("1500.50")),
    ]
    assert (round_["slip_total"], round_["tyfcb_total"]) == (3, Decimal("1500.50"))


def test_the_sections_show_the_rota_and_the_checked_in_guests(world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    items = {item.kind: item for item in add_agenda(meeting, FULL_AGENDA)}
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.FEATURE, member=world.alice)
    vera = make_visitor(meeting, "Vera", invited_by=world.bob)
    make_visitor(meeting, "Wim")
    visitor_check_in(visitor=vera, kind="visitor", by=carol)
    guests = section_data(meeting, items[AgendaKind.VISITOR_INTROS])
    assert [v.first_name for v in guests["section_visitors"]] == ["Vera"]
    assert guests["visitors_not_arrived"] == 1
    feature = section_data(meeting, items[AgendaKind.FEATURE_PRESENTATION])["feature_speaker"]
    assert feature.user == world.alice and feature.membership.classification is not None
    assert section_data(meeting, items[AgendaKind.EDUCATION])["education_speaker"] is None


def test_the_closing_screen_counts_the_meeting(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=1))
    add_agenda(meeting, FULL_AGENDA)
    attendance_check_in(meeting=meeting, member=world.alice, by=carol)
    visitor_check_in(visitor=make_visitor(meeting, "Vera", invited_by=world.bob), kind="visitor", by=carol)
    own_business(world.alice, world.bob)
    thanks(world.carol, world.alice, "300")
    numbers = meeting_numbers(meeting)
    assert (numbers["present"], numbers["visitors"], numbers["slips"], numbers["tyfcb"]) == (1, 1, 1, 300)

    client.force_login(carol)
    url = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/run/"
    for _step in range(len(FULL_AGENDA) + 1):
        meeting.refresh_from_db()
        meeting_runner_step(
            meeting=meeting,
            action="start" if meeting.opened_at is None else "skip",
            version=meeting.runner_version,
            by=carol,
        )
    html = client.get(url).content.decode()
    assert 'data-testid="meeting-numbers"' in html and "€ 300" in html
