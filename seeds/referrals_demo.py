"""Twelve weeks of referrals, thank-yous and one-to-ones in both demo chapters.

Centred on the demo member (lid@demo.kring.nl): their home shows referrals waiting for them, a lead
to ask consent for, a give/take balance and one-to-ones to confirm. Rows are written directly (not
through the services) so seeding sends no emails. Skipped when a chapter already has referrals.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from referrals.models import OneToOne, Referral, ReferralStatusChange, ThankYou
from seeds.people import FIRST_NAMES, LAST_NAMES

WEEKS = 12
CONTACT_COMPANIES = [
    "Bakkerij Van Dam",
    "Tandartspraktijk Oudwijk",
    "Bouwbedrijf Gerritsen",
    "Fysiotherapie Lunetten",
    "Kinderopvang De Vlinder",
    "Restaurant De Zwaan",
    "Autobedrijf Koster",
    "Hoveniersbedrijf Groen",
    "Architectenbureau Linde",
    "Kapsalon Knip",
    "Camping De Eemhoeve",
    "Transportbedrijf Rijnmond",
    "Yogastudio Zen",
    "Drukkerij Domstad",
    "Makelaardij Wittevrouwen",
]
NEEDS = [
    "Zoekt iemand die de jaarrekening en aangifte overneemt",
    "Wil een nieuwe website met online reserveren",
    "Gaat verbouwen en zoekt een betrouwbare aannemer",
    "Heeft hulp nodig bij een arbeidsconflict",
    "Wil de bedrijfspanden laten taxeren",
    "Zoekt een fotograaf voor de nieuwe huisstijl",
    "Wil het wagenpark verduurzamen",
    "Zoekt een verzekering voor nieuwe bedrijfsbus",
    "Wil teamuitje organiseren voor 40 medewerkers",
    "Zoekt advies over financiering van een tweede vestiging",
    "Heeft een nieuwe hypotheek nodig voor een bedrijfspand",
    "Wil de IT-beveiliging laten doorlichten",
    "Zoekt een coach voor het managementteam",
    "Wil drukwerk voor een beurs in maart",
    "Zoekt een notaris voor de overdracht van de zaak",
]
OWN_NEEDS = [
    "Ik wil zelf mijn administratie uitbesteden",
    "Voor ons eigen kantoor: nieuwe bureaustoelen en inrichting",
    "Wij zoeken zelf een nieuwe verzekering voor de zaak",
    "Ik heb een nieuwe laptop en beveiliging nodig",
    "Ons team wil een workshop over timemanagement",
]
LOST_REASONS = [
    "Te duur bevonden",
    "Koos voor een bestaande leverancier",
    "Project uitgesteld tot volgend jaar",
]
GOALS = [
    (
        "Fotografie voor websites en jaarverslagen",
        "Introducties bij marketingbureaus",
        "Jullie klanten vernieuwen vaak hun huisstijl",
    ),
    (
        "Jaarrekeningen en fiscaal advies voor het mkb",
        "Startende ondernemers met groeiplannen",
        "Veel van mijn klanten hebben ook een website nodig",
    ),
    (
        "Verbouwingen en renovaties van bedrijfspanden",
        "Contact met makelaars en architecten",
        "We komen bij dezelfde eigenaren over de vloer",
    ),
]
OUTCOMES = [
    "Goed gesprek: we gaan elkaars klanten wijzen op een gezamenlijke actie.",
    "Afgesproken om over twee weken een introductie te doen bij een klant.",
    "We vormen een power team voor vastgoed en zakelijke dienstverlening.",
]


def _moment(rng: random.Random, now: datetime.datetime, days_ago: float) -> datetime.datetime:
    # Office hours: people log slips during the day, not at 3 a.m.
    moment = timezone.localtime(now - datetime.timedelta(days=days_ago))
    return moment.replace(hour=rng.randint(7, 18), minute=rng.randint(0, 59), second=0, microsecond=0)


def _statuses_for(rng: random.Random, age_days: float) -> list[str]:
    """The pipeline path a referral of this age has taken."""
    if age_days < 3:
        return []
    if age_days < 10:
        return rng.choice([["contacted"], ["contacted"], [], ["contacted", "meeting"]])
    end = rng.choices(["won", "lost", "no_fit", "meeting"], weights=[50, 20, 10, 20])[0]
    if end == "won":
        return rng.choice([["contacted", "meeting", "won"], ["contacted", "won"]])
    if end == "lost":
        return ["contacted", "lost"]
    if end == "no_fit":
        return ["contacted", "no_fit"]
    return ["contacted", "meeting"]


def _seed_chapter(
    rng, now, chapter, members, other_chapter_members, *, per_week: int, demo_member=None
) -> None:
    referrals: list[Referral] = []
    paths: list[list[str]] = []
    for week in range(WEEKS):
        for _ in range(per_week):
            giver, receiver = rng.sample(members, 2)
            if demo_member is not None and rng.random() < 0.3:
                # Centre on the demo member: they give and receive their fair share, and a bit more.
                giver, receiver = (demo_member, receiver) if rng.random() < 0.5 else (giver, demo_member)
                if giver == receiver:
                    continue
            receiver_chapter = chapter
            if other_chapter_members and rng.random() < 0.08:
                receiver, receiver_chapter = (
                    rng.choice(other_chapter_members),
                    other_chapter_members[0]._chapter,
                )
            age = week * 7 + rng.uniform(0, 6.5)
            own = rng.random() < 0.3
            fields = {
                "giver": giver,
                "receiver": receiver,
                "giver_chapter": chapter,
                "receiver_chapter": receiver_chapter,
                "created_at": _moment(rng, now, age),
                "temperature": rng.choices([1, 2, 3, 4, 5], weights=[10, 20, 35, 20, 15])[0],
                "recommendation": rng.choice(["recommend", "recommend", "introduce"]),
            }
            # The demo's recommendations come from experience: the giver was a customer.
            fields["giver_was_customer"] = fields["recommendation"] == "recommend"
            if own:
                fields.update(kind="own_business", need=rng.choice(OWN_NEEDS), consent="none")
            else:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                fields.update(
                    kind="third_party",
                    need=rng.choice(NEEDS),
                    contact_name=f"{first} {last}",
                    contact_company=rng.choice(CONTACT_COMPANIES),
                    contact_phone=f"06-{rng.randint(10000000, 99999999)}",
                    contact_email=f"{first.lower()}@voorbeeld.nl",
                    consent=rng.choice(["told_them", "told_them", "gave_card"]),
                    consent_recorded_at=fields["created_at"],
                )
            path = _statuses_for(rng, age)
            referrals.append(Referral(**fields))
            paths.append(path)

    if demo_member is not None:
        # Two fresh referrals waiting for the demo member, and two introductions they still must ask.
        for days_ago, giver in ((0.5, members[2]), (1.5, members[5])):
            referrals.append(
                Referral(
                    giver=giver,
                    receiver=demo_member,
                    giver_chapter=chapter,
                    receiver_chapter=chapter,
                    created_at=_moment(rng, now, days_ago),
                    kind="third_party",
                    need="Zoekt een fotograaf voor portretten van het hele team",
                    contact_name="Femke Mulder",
                    contact_company="Tandartspraktijk Oudwijk",
                    contact_phone="06-24681357",
                    contact_email="femke@voorbeeld.nl",
                    consent="told_them",
                    consent_recorded_at=_moment(rng, now, days_ago),
                    temperature=4,
                    recommendation="recommend",
                    giver_was_customer=True,
                )
            )
            paths.append([])
        for days_ago, receiver in ((2, members[3]), (6, members[7])):
            referrals.append(
                Referral(
                    giver=demo_member,
                    receiver=receiver,
                    giver_chapter=chapter,
                    receiver_chapter=chapter,
                    created_at=_moment(rng, now, days_ago),
                    kind="third_party",
                    need="Overweegt een nieuwe boekhouder; nog niet gevraagd of je mag bellen",
                    contact_name="Kees de Boer",
                    contact_company="Restaurant De Zwaan",
                    consent="none",
                    temperature=1,
                )
            )
            paths.append([])

    for referral, path in zip(referrals, paths, strict=True):
        if path:
            referral.status = path[-1]
            referral.status_changed_at = referral.created_at + datetime.timedelta(days=len(path) * 2)
            if path[-1] == "lost":
                referral.lost_reason = rng.choice(LOST_REASONS)
    Referral.objects.bulk_create(referrals)

    changes, thanks = [], []
    for referral, path in zip(referrals, paths, strict=True):
        previous = "new"
        for step, status in enumerate(path, start=1):
            changed_at = min(referral.created_at + datetime.timedelta(days=step * 2), now)
            changes.append(
                ReferralStatusChange(
                    referral=referral,
                    from_status=previous,
                    to_status=status,
                    changed_by=referral.receiver,
                    changed_at=changed_at,
                    note=referral.lost_reason if status == "lost" else "",
                )
            )
            previous = status
        if path and path[-1] == "won":
            closed_at = min(referral.created_at + datetime.timedelta(days=len(path) * 2 + 1), now)
            thanks.append(
                ThankYou(
                    thanked_by=referral.receiver,
                    thanked=referral.giver,
                    from_chapter=referral.receiver_chapter,
                    to_chapter=referral.giver_chapter,
                    referral=referral,
                    amount=Decimal(rng.randrange(150, 15000, 5)),
                    business_type=rng.choices(["new", "repeat"], weights=[75, 25])[0],
                    closed_on=timezone.localtime(closed_at).date(),
                    created_at=closed_at,
                )
            )
    # Repeat business that came through a former member: thanks to the chapter in general.
    for week in (2, 7):
        closed_at = _moment(rng, now, week * 7 + 1)
        thanks.append(
            ThankYou(
                thanked_by=rng.choice(members),
                thanked=None,
                from_chapter=chapter,
                to_chapter=chapter,
                amount=Decimal(rng.randrange(300, 4000, 50)),
                business_type="repeat",
                closed_on=closed_at.date(),
                created_at=closed_at,
                note="Via een oud-lid",
            )
        )
    ReferralStatusChange.objects.bulk_create(changes)
    ThankYou.objects.bulk_create(thanks)
    _seed_one_to_ones(rng, now, chapter, members, demo_member)


def _seed_one_to_ones(rng, now, chapter, members, demo_member) -> None:
    meetings: dict[tuple[int, int, datetime.date], OneToOne] = {}
    today = timezone.localdate(now)
    plan = []
    for week in range(WEEKS):
        for _ in range(max(2, len(members) // 8)):
            plan.append((*rng.sample(members, 2), week))
        if demo_member is not None and week % 2 == 0:
            plan.append((demo_member, rng.choice([m for m in members if m != demo_member]), week))
    if demo_member is not None:
        # Two the demo member still has to confirm (logged by the partner).
        plan += [(members[4], demo_member, 0), (members[9], demo_member, 0)]
    for logger, partner, week in plan:
        low, high = sorted((logger, partner), key=lambda user: user.pk)
        met_on = today - datetime.timedelta(days=week * 7 + rng.randint(0, 6))
        if (low.pk, high.pk, met_on) in meetings:
            continue
        offer, need, why = rng.choice(GOALS)
        recent = week == 0
        meetings[(low.pk, high.pk, met_on)] = OneToOne(
            member_low=low,
            member_high=high,
            chapter=chapter,
            logged_by=logger,
            met_on=met_on,
            what_i_offer=logger.offer or offer,
            what_i_need=logger.ideal_referral or need,
            why_this_partner=why,
            how_we_add_value="Elkaars klanten introduceren en samen een workshop geven.",
            outcome="" if recent else rng.choice(OUTCOMES),
            follow_up="" if recent else "Over een maand bellen om de introducties door te nemen.",
            confirmed_at=None
            if recent and partner == demo_member
            else _moment(rng, now, max(week * 7 - 1, 0)),
            created_at=_moment(rng, now, week * 7),
        )
    OneToOne.objects.bulk_create(meetings.values())


def load(ctx: dict) -> None:
    chapters = ctx.get("chapters") or []
    if not chapters or Referral.objects.filter(giver_chapter__in=chapters).exists():
        return
    rng = random.Random(20261201)
    now = timezone.now()
    members = [ctx["members"][chapter.slug] for chapter in chapters]
    for chapter, chapter_members in zip(chapters, members, strict=True):
        for member in chapter_members:
            member._chapter = chapter
    _seed_chapter(
        rng,
        now,
        chapters[0],
        members[0],
        members[1] if len(members) > 1 else [],
        per_week=8,
        demo_member=members[0][0],
    )
    if len(chapters) > 1:
        _seed_chapter(rng, now, chapters[1], members[1], members[0], per_week=5)
