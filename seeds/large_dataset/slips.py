"""What members pass each other in the week before a meeting: referrals (with their thank-yous and
notices), repeat business thanked without a slip, and one-to-ones."""

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from referrals.models import Notice, OneToOne, Referral, ThankYou
from seeds.large_dataset.copy_table import CopyTable, next_id
from seeds.large_dataset.plans import ChapterPlan, MeetingRow
from seeds.people import FIRST_NAMES, LAST_NAMES
from seeds.referrals_demo import CONTACT_COMPANIES, LOST_REASONS, NEEDS, OUTCOMES, OWN_NEEDS


def copy_slips(rng, plans, meetings, today, now, *, target_referrals: int) -> dict:
    by_region: dict[int, list[ChapterPlan]] = {}
    for plan in plans:
        by_region.setdefault(plan.region_pk, []).append(plan)
    active_meetings = [m for m in meetings if m.day <= today and not m.cancelled]
    per_meeting = target_referrals / max(len(active_meetings), 1)
    slips = _SlipTables(rng, today, now)
    for meeting in active_meetings:
        plan = meeting.plan
        members = slips.roster(plan, meeting.day)
        if len(members) < 2:
            continue
        neighbours = [p for p in by_region[plan.region_pk] if p is not plan]
        # Slips of the week before the meeting: passed on the days leading up to it.
        for _ in range(max(0, round(rng.gauss(per_meeting, per_meeting / 4)))):
            slips.referral(meeting, members, neighbours)
        # Repeat business, thanked without a slip.
        for _ in range(max(0, round(rng.gauss(per_meeting * 0.06, 1)))):
            slips.repeat_business(meeting, members)
        # One-to-ones: 0.4 per referral; a pair meets at most once per week here, so never twice a day.
        pairs = set()
        for _ in range(max(0, round(rng.gauss(per_meeting * 0.4, per_meeting / 10)))):
            slips.one_to_one(meeting, members, pairs)
    return slips.flush()


def _referral_status(rng, age_days: int) -> str:
    if age_days < 7:
        return rng.choice(["new", "new", "contacted"])
    if age_days < 42:
        return rng.choices(["new", "contacted", "meeting", "won", "lost", "no_fit"], [10, 25, 25, 25, 10, 5])[
            0
        ]
    return rng.choices(["won", "lost", "no_fit", "withdrawn", "contacted"], [42, 30, 20, 3, 5])[0]


class _SlipTables:
    """The four tables the slips go into, and the rosters of the days they are passed on."""

    def __init__(self, rng, today, now):
        self.rng, self.today, self.now = rng, today, now
        self.tz = timezone.get_current_timezone()
        self.referrals = CopyTable(
            Referral,
            ["id", "giver_id", "receiver_id", "giver_chapter_id", "receiver_chapter_id", "kind", "need",
             "contact_name", "contact_company", "consent", "recommendation", "temperature", "status",
             "lost_reason", "status_changed_at", "idempotency_key", "created_at"],
            now=now,
        )  # fmt: skip
        self.thanks = CopyTable(
            ThankYou,
            ["thanked_by_id", "thanked_id", "from_chapter_id", "to_chapter_id", "referral_id", "amount",
             "business_type", "closed_on", "idempotency_key", "created_at"],
            now=now,
        )  # fmt: skip
        self.one_to_ones = CopyTable(
            OneToOne,
            ["member_low_id", "member_high_id", "chapter_id", "logged_by_id", "met_on", "outcome", "confirmed_at",
             "idempotency_key", "created_at"],
            now=now,
        )  # fmt: skip
        self.notices = CopyTable(
            Notice, ["user_id", "kind", "params", "url", "created_at", "read_at"], now=now
        )
        self.referral_pk = next_id(Referral)
        self.rosters: dict[tuple[int, datetime.date], list[int]] = {}

    def key(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def roster(self, plan: ChapterPlan, day: datetime.date) -> list[int]:
        cache_key = (plan.pk, day)
        if cache_key not in self.rosters:
            self.rosters[cache_key] = plan.roster(day)
        return self.rosters[cache_key]

    def referral(self, meeting: MeetingRow, members: list[int], neighbours: list[ChapterPlan]) -> None:
        """One slip from a member, a tenth of them to a member of a neighbouring chapter."""
        rng, plan = self.rng, meeting.plan
        giver = rng.choice(members)
        receiver_chapter = plan
        if neighbours and rng.random() < 0.1:
            receiver_chapter = rng.choice(neighbours)
            others = self.roster(receiver_chapter, meeting.day)
            receiver = rng.choice(others) if others else rng.choice(members)
            if not others:
                receiver_chapter = plan
        else:
            receiver = rng.choice(members)
        if receiver == giver:
            return
        created = datetime.datetime.combine(
            meeting.day - datetime.timedelta(days=rng.randint(0, 6)), datetime.time(rng.randint(7, 18), rng.randint(0, 59)), tzinfo=self.tz
        )  # fmt: skip
        self._referral_rows(plan, giver, receiver, receiver_chapter, created)
        self.referral_pk += 1

    def _referral_rows(self, plan, giver, receiver, receiver_chapter, created) -> None:
        """The slip, the thank-you for two thirds of the won ones, a notice for some recent ones."""
        rng, referral_pk = self.rng, self.referral_pk
        age = (self.today - created.date()).days
        status = _referral_status(rng, age)
        third_party = rng.random() < 0.7
        changed = created + datetime.timedelta(days=rng.randint(1, 30)) if status != "new" else None
        if changed and changed > self.now:
            changed = self.now
        self.referrals.add(
            referral_pk, giver, receiver, plan.pk, receiver_chapter.pk,
            "third_party" if third_party else "own_business",
            rng.choice(NEEDS) if third_party else rng.choice(OWN_NEEDS),
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if third_party else "",
            rng.choice(CONTACT_COMPANIES) if third_party else "",
            rng.choice(["told_them", "gave_card"]) if third_party else "none",
            rng.choice(["recommend", "introduce"]), rng.randint(1, 5), status,
            rng.choice(LOST_REASONS) if status == "lost" else "", changed, self.key(), created,
        )  # fmt: skip
        if status == "won" and rng.random() < 0.65:
            closed = (changed or created).date()
            self.thanks.add(
                receiver, giver, receiver_chapter.pk, plan.pk, referral_pk,
                Decimal(rng.choice([250, 500, 750, 1200, 2500, 4000, 8000, 15000])), "new", closed, self.key(), changed or created,
            )  # fmt: skip
        if age < 14 and rng.random() < 0.3:
            self.notices.add(
                receiver,
                "referral_received",
                "{}",
                f"/referrals/{referral_pk}/",
                created,
                None,
            )

    def repeat_business(self, meeting: MeetingRow, members: list[int]) -> None:
        rng, plan = self.rng, meeting.plan
        by, to = rng.sample(members, 2)
        day = meeting.day - datetime.timedelta(days=rng.randint(0, 6))
        created = datetime.datetime.combine(day, datetime.time(12), tzinfo=self.tz)
        self.thanks.add(
            by,
            to,
            plan.pk,
            plan.pk,
            None,
            Decimal(rng.choice([150, 300, 600, 900])),
            "repeat",
            day,
            self.key(),
            created,
        )

    def one_to_one(self, meeting: MeetingRow, members: list[int], pairs: set) -> None:
        rng = self.rng
        low, high = sorted(rng.sample(members, 2))
        if (low, high) in pairs:
            return
        pairs.add((low, high))
        met_on = meeting.day - datetime.timedelta(days=rng.randint(0, 6))
        created = datetime.datetime.combine(met_on, datetime.time(16), tzinfo=self.tz)
        confirmed = (
            None
            if (self.today - met_on).days < 10 and rng.random() < 0.5
            else created + datetime.timedelta(days=1)
        )
        self.one_to_ones.add(
            low,
            high,
            meeting.plan.pk,
            rng.choice((low, high)),
            met_on,
            rng.choice(OUTCOMES),
            confirmed,
            self.key(),
            created,
        )

    def flush(self) -> dict:
        for table in (self.referrals, self.thanks, self.one_to_ones, self.notices):
            table.flush()
        return {
            "referrals": self.referrals.count,
            "thank_yous": self.thanks.count,
            "one_to_ones": self.one_to_ones.count,
            "notices": self.notices.count,
        }
