from django.core.management import call_command
from django.urls import reverse

from chapters.models import Region, ScoringScheme
from referrals import models as slips

EducationCredit = slips.EducationCredit


def test_a_member_records_an_education_credit_once_even_when_submitting_twice(world, client):
    client.force_login(world.alice)
    data = {"what": "Podcast over doorverwijzen", "earned_on": "2026-01-05"}
    for _ in range(2):
        response = client.post(reverse("education_credits"), data)
        assert response.status_code == 302
    assert EducationCredit.objects.filter(member=world.alice, chapter=world.chapter).count() == 1


def test_a_future_education_credit_is_a_form_error(world, client):
    client.force_login(world.alice)
    response = client.post(reverse("education_credits"), {"what": "Cursus", "earned_on": "2999-01-01"})
    assert response.status_code == 200
    assert not EducationCredit.objects.exists()


def test_a_member_records_a_testimonial_for_a_chapter_member_only(world, client):
    client.force_login(world.alice)
    url = reverse("testimonials")
    assert client.post(url, {"given_to": world.bob.pk, "given_on": "2026-01-05"}).status_code == 302
    assert client.post(url, {"given_to": world.bob.pk, "given_on": "2026-01-05"}).status_code == 302
    assert client.post(url, {"given_to": world.dave.pk, "given_on": "2026-01-05"}).status_code == 200
    assert client.post(url, {"given_to": world.alice.pk, "given_on": "2026-01-05"}).status_code == 200
    assert list(slips.Testimonial.objects.values_list("given_to", flat=True)) == [world.bob.pk]


def test_demo_scoring_and_credits_load_once(db):
    call_command("seed_demo", verbosity=0)
    from seeds import reports_demo
    from seeds.management.commands.seed_demo import LOADERS

    if "seeds.reports_demo" not in LOADERS:  # until the coordinator adds it to the loader list
        ctx = _demo_ctx()
        reports_demo.load(ctx)
        reports_demo.load(ctx)
    counts = (
        ScoringScheme.objects.count(),
        EducationCredit.objects.count(),
        slips.Testimonial.objects.count(),
    )
    assert counts[0] == 2 and counts[1] > 100 and counts[2] > 10
    assert Region.objects.get(name="Midden-Nederland").scoring_scheme.code == "traffic_lights"
    call_command("seed_demo", verbosity=0)
    if "seeds.reports_demo" not in LOADERS:
        reports_demo.load(_demo_ctx())
    assert (
        ScoringScheme.objects.count(),
        EducationCredit.objects.count(),
        slips.Testimonial.objects.count(),
    ) == counts


def _demo_ctx() -> dict:
    from chapters.models import Chapter
    from members.models import User

    chapters = list(
        Chapter.objects.filter(region__name="Midden-Nederland").order_by("-memberships__pk").distinct()
    )
    chapters = sorted(chapters, key=lambda chapter: -chapter.memberships.count())
    return {
        "region": Region.objects.get(name="Midden-Nederland"),
        "chapters": chapters,
        "members": {
            chapter.slug: list(
                User.objects.filter(memberships__chapter=chapter, memberships__status="active").order_by("pk")
            )
            for chapter in chapters
        },
    }
