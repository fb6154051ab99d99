import datetime

from chapters.models import RotaSlot
from chapters.services.rotas import rota_fill, rota_swap
from tests.chapters.helpers import make_meeting


def test_rota_fill_gives_turns_to_who_waited_longest(world):
    past = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=7))
    RotaSlot.objects.create(meeting=past, kind="feature", member=world.alice)
    upcoming = [make_meeting(world.chapter, starts_in=datetime.timedelta(weeks=w, days=1)) for w in range(3)]
    assert rota_fill(chapter=world.chapter, kind="feature", weeks=3) == 3
    order = [m.rota_slots.get(kind="feature").member for m in upcoming]
    assert order == [world.bob, world.carol, world.alice]  # never had a turn first, alice last


def test_two_turns_can_be_swapped(world):
    first, second = (
        make_meeting(world.chapter, starts_in=datetime.timedelta(weeks=w, days=1)) for w in range(2)
    )
    a = RotaSlot.objects.create(meeting=first, kind="feature", member=world.alice)
    b = RotaSlot.objects.create(meeting=second, kind="feature", member=world.bob)
    rota_swap(chapter=world.chapter, first_slot_id=a.pk, second_slot_id=b.pk)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.member, b.member) == (world.bob, world.alice)
