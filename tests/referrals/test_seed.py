from io import StringIO

from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from members.models import User
from referrals.models import OneToOne, Referral, ThankYou


def _counts():
    return Referral.objects.count(), ThankYou.objects.count(), OneToOne.objects.count()


def test_the_demo_has_twelve_weeks_of_slips_and_seeding_twice_adds_nothing(db, client):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    referrals, thanks, one_to_ones = first
    assert referrals > 100 and thanks > 20 and one_to_ones > 30
    assert Referral.objects.filter(consent="none", kind="third_party").count() >= 2
    assert Referral.objects.exclude(giver_chapter=F("receiver_chapter")).exists()
    assert ThankYou.objects.filter(thanked__isnull=True).exists()

    member = User.objects.get(email="lid@demo.kring.nl")
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "Femke Mulder" not in page  # contact details stay on the slip itself
    assert page.count('class="list-group-item list-group-item-action px-0"') >= 3
