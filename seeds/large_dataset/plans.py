"""What the generator's steps pass on: who holds which seat when, and the meetings held; the logins
the benchmark uses."""

import datetime
from dataclasses import dataclass, field

EMAIL_DOMAIN = "gen.kring.test"


def president_email(chapter_number: int) -> str:
    """The login of chapter N's president (1-based), e.g. for the benchmark."""
    return f"voorzitter.{chapter_number}@{EMAIL_DOMAIN}"


def member_email(chapter_number: int) -> str:
    """A plain member of chapter N (1-based)."""
    return f"lid.{chapter_number}@{EMAIL_DOMAIN}"


@dataclass
class Tenure:
    user_id: int
    starts_on: datetime.date
    ends_on: datetime.date | None  # None: the current holder


@dataclass
class ChapterPlan:
    pk: int
    number: int
    region_pk: int
    slug: str
    weekday: int
    seats: list[list[Tenure]] = field(default_factory=list)  # per classification, oldest first

    def roster(self, day: datetime.date) -> list[int]:
        ids = []
        for tenures in self.seats:
            for tenure in tenures:
                if tenure.starts_on <= day and (tenure.ends_on is None or day < tenure.ends_on):
                    ids.append(tenure.user_id)
                    break
        return ids


@dataclass
class MeetingRow:
    pk: int
    plan: ChapterPlan
    day: datetime.date
    starts_at: datetime.datetime
    cancelled: bool
