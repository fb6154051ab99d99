import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral
from referrals.selectors.board import ROUND_PAGE_SIZE
from referrals.services.thanks import thank_you_create
from tests.referrals.helpers import own_business


def _round(world, count: int) -> None:
    first = own_business(world.alice, world.bob, need="Klus 0")
    Referral.objects.bulk_create(
        Referral(
            giver=world.alice,
            receiver=world.bob,
            giver_chapter=first.giver_chapter,
            receiver_chapter=first.receiver_chapter,
            kind=first.kind,
            need=f"Klus {index}",
            created_at=timezone.now(),
        )
        for index in range(1, count)
    )


def test_the_board_shows_every_slip_of_a_long_round_page_by_page(client, world):
    _round(world, ROUND_PAGE_SIZE + 5)
    client.force_login(world.carol)
    url = reverse("chapter_board", kwargs={"chapter_slug": world.chapter.slug})
    first = client.get(url).content.decode()
    # The heading counts the whole round, not the page: nothing is silently cut.
    assert f"{ROUND_PAGE_SIZE + 5} referrals doorgegeven" in first
    assert first.count(f"{world.alice.full_name}</span> → {world.bob.full_name}") == ROUND_PAGE_SIZE
    next_link = re.search(r'href="(\?page=2)"', first)
    assert next_link, "the first page links to the second"
    second = client.get(url + next_link.group(1)).content.decode()
    assert second.count(f"{world.alice.full_name}</span> → {world.bob.full_name}") == 5
    assert "Pagina 2 van 2" in second


def test_a_page_number_out_of_range_shows_the_last_page(client, world):
    _round(world, 3)
    client.force_login(world.carol)
    url = reverse("chapter_board", kwargs={"chapter_slug": world.chapter.slug})
    for page in ("999", "0", "abc", "-1"):
        response = client.get(url, {"page": page, "thanks_page": page})
        assert response.status_code == 200
        assert "3 referrals doorgegeven" in response.content.decode()


def test_the_thank_you_heading_says_what_its_number_counts(client, world):
    for amount in ("1200", "300"):
        thank_you_create(
            thanked_by=world.bob,
            thanked=world.alice,
            amount=Decimal(amount),
            business_type="new",
            closed_on=timezone.localdate(),
        )
    client.force_login(world.carol)
    page = client.get(reverse("chapter_board", kwargs={"chapter_slug": world.chapter.slug})).content.decode()
    assert "2 bedankjes voor gesloten zaken · € 1.500" in page
