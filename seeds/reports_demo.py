"""Scoring presets, the region's choice, and 12 weeks of education credits and testimonials.

Deterministic (fixed seed) and idempotent: presets by code, credits and testimonials only when the
chapter has none yet.
"""

import datetime
import random

from django.utils import timezone

from chapters import scoring
from chapters.models import ScoringScheme, ScoringWindow
from referrals.models import EducationCredit, Testimonial

WEEKS = 12
PRESETS = [
    ("traffic_lights", "Ledenstoplicht (100 punten)", ScoringScheme.Kind.BANDS, scoring.TRAFFIC_LIGHTS),
    ("cats", "Weekpunten (CATS)", ScoringScheme.Kind.WEIGHTED, scoring.CATS),
]
LESSONS = [
    "Podcast: de kracht van doorverwijzen",
    "Educatiemoment: de perfecte 60 seconden",
    "Boek: Business by Referral, hoofdstuk 3",
    "Training: een-op-eengesprekken voorbereiden",
    "Webinar: bezoekers uitnodigen",
]


def load(ctx: dict) -> None:
    presets = {}
    for code, name, kind, definition in PRESETS:
        presets[code], _created = ScoringScheme.objects.get_or_create(
            region=None,
            code=code,
            defaults={"name": name, "kind": kind, "window": ScoringWindow.ROLLING, "definition": definition},
        )
    region = ctx.get("region")
    if region is not None and region.scoring_scheme_id is None:
        region.scoring_scheme = presets["traffic_lights"]
        region.save(update_fields=["scoring_scheme"])
    rng = random.Random(20260707)
    today = timezone.localdate()
    for chapter in ctx.get("chapters") or []:
        if EducationCredit.objects.filter(chapter=chapter).exists():
            continue
        members = ctx["members"][chapter.slug]
        meeting_days = list(
            chapter.meetings.filter(
                scheduled_on__lte=today, scheduled_on__gt=today - datetime.timedelta(weeks=WEEKS)
            )
            .exclude(status="cancelled")
            .values_list("pk", "scheduled_on")
        )
        credits, testimonials = [], []
        for member in members:
            for week in range(WEEKS):
                if rng.random() < 0.45:
                    day = today - datetime.timedelta(weeks=week, days=rng.randrange(7))
                    credits.append(
                        EducationCredit(
                            member=member, chapter=chapter, earned_on=day, what=rng.choice(LESSONS)
                        )
                    )
            if meeting_days and rng.random() < 0.6:
                meeting_id, day = rng.choice(meeting_days)
                praised = rng.choice([other for other in members if other.pk != member.pk])
                testimonials.append(
                    Testimonial(
                        given_by=member,
                        given_to=praised,
                        chapter=chapter,
                        meeting_id=meeting_id,
                        given_on=day,
                        text="Snel, betrouwbaar en meedenkend: een aanrader.",
                    )
                )
        EducationCredit.objects.bulk_create(credits, ignore_conflicts=True)
        Testimonial.objects.bulk_create(testimonials, ignore_conflicts=True)
