"""Member scores (traffic lights or cats) and the cheapest way to the next colour."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from chapters import scoring
from chapters.models import (
    Chapter,
    ScoringWindow,
)
from chapters.reports.figures import figures_over_periods, scoring_values
from chapters.reports.periods import (
    WINDOW_MEETINGS,
    Period,
    held_meetings,
    month_ends,
    period_with_weeks,
    previous_half_year,
    scoring_period,
)
from chapters.schemes import COLOUR_LABELS, scheme_for
from config.amounts import eur
from config.exports import Exporter
from members.models import User
from members.selectors.memberships import current_members

METRIC_LABELS = {
    "referrals_given": _("Referrals given"),
    "referrals_third_party": _("Referrals for a third party"),
    "referrals_own_business": _("Referrals for your own business"),
    "visitors": _("Visitors brought"),
    "one_to_ones": _("One-to-ones"),
    "education_credits": _("Education credits"),
    "testimonials": _("Testimonials given"),
    "tyfcb_given": _("TYFCB given (EUR)"),
    "absences": _("Absences"),
    "late": _("Times late"),
}


# One step of the way to the next colour, for `count` more events of a metric (TYFCB reads as an amount).
SUGGESTION_STEPS = {
    "referrals_given": ngettext_lazy("%(count)s referral", "%(count)s referrals", "count"),
    "referrals_third_party": ngettext_lazy(
        "%(count)s referral for a third party", "%(count)s referrals for a third party", "count"
    ),
    "referrals_own_business": ngettext_lazy(
        "%(count)s referral for your own business", "%(count)s referrals for your own business", "count"
    ),
    "visitors": ngettext_lazy("%(count)s visitor", "%(count)s visitors", "count"),
    "one_to_ones": ngettext_lazy("%(count)s one-to-one", "%(count)s one-to-ones", "count"),
    "education_credits": ngettext_lazy("%(count)s education credit", "%(count)s education credits", "count"),
    "testimonials": ngettext_lazy("%(count)s testimonial", "%(count)s testimonials", "count"),
}


@dataclass
class MemberScore:
    member: User
    score: scoring.Score
    suggestion: scoring.Suggestion | None = None
    trend: list = field(default_factory=list)


def explain_suggestion(suggestion: scoring.Suggestion | None, definition: dict) -> list[str]:
    """The suggestion's steps in words: "2 referrals", "give EUR 2,000 more TYFCB" (in the active language)."""
    if suggestion is None:
        return []
    steps = []
    for metric, count in suggestion.events.items():
        if metric == "tyfcb_given":
            amount = count * scoring._step_for(metric, definition)
            steps.append(gettext("give %(amount)s more TYFCB") % {"amount": eur(amount, 0)})
        else:
            steps.append(SUGGESTION_STEPS[metric] % {"count": count})
    return steps


def member_score(user: User, chapter: Chapter, today: datetime.date | None = None) -> dict:
    """My score explained: scheme and window, points per metric, the cheapest way to the next colour."""
    scheme = scheme_for(chapter)
    period = scoring_period(chapter, scheme.window, today)
    values = scoring_values(figures_over_periods(chapter, [period], [user.pk])[user.pk][0])
    definition = scoring.prepared(scheme.definition)
    result = scoring.score(values, period.weeks, definition)
    suggestion = scoring.cheapest_way_to_next_colour(values, period.weeks, definition)
    return {
        "scheme": scheme,
        "period": period,
        "score": result,
        "suggestion": suggestion,
        "suggestion_steps": explain_suggestion(suggestion, scheme.definition),
        "metric_labels": METRIC_LABELS,
        "colour_labels": COLOUR_LABELS,
    }


def member_score_summary(user: User, chapter: Chapter) -> dict:
    """For the member home's score card. Three queries: scheme, window, figures."""
    return member_score(user, chapter)


def chapter_scores(chapter: Chapter, today: datetime.date | None = None, months: int = 4) -> dict:
    """Every member's score, best first, with the total at the end of each of the last `months` months.

    Four queries: the scheme, the meeting days, the members, and every month's figures at once.
    """
    today = today or timezone.localdate()
    scheme = scheme_for(chapter)
    ends = month_ends(today, months)
    if scheme.window == ScoringWindow.PREVIOUS_HALF_YEAR:
        periods = [period_with_weeks(chapter, *previous_half_year(end)) for end in ends]
    else:
        days = list(
            held_meetings(chapter)
            .filter(scheduled_on__lte=today)
            .order_by("-scheduled_on")
            .values_list("scheduled_on", flat=True)[: WINDOW_MEETINGS + 6 * months]
        )
        periods = []
        for end in ends:
            held = [day for day in days if day <= end][:WINDOW_MEETINGS]
            start = held[-1] if held else end - datetime.timedelta(weeks=WINDOW_MEETINGS)
            periods.append(Period(start, end, len(held)))
    members = list(current_members(chapter))
    by_member = figures_over_periods(chapter, periods, [member.pk for member in members])
    definition = scoring.prepared(scheme.definition)
    scores = []
    for member in members:
        trend = [
            scoring.score(scoring_values(figures), period.weeks, definition)
            for figures, period in zip(by_member[member.pk], periods, strict=True)
        ]
        scores.append(MemberScore(member, trend[-1], trend=[result.total for result in trend]))
    ranked = sorted(scores, key=lambda entry: (-entry.score.total, entry.member.full_name))
    return {"scheme": scheme, "period": periods[-1], "scores": ranked, "months": ends}


class ScoresExporter(Exporter):
    """Every member's colour and monthly trend as a sheet."""

    def __init__(self, chapter: Chapter, result: dict):
        self.filename = f"Scores {chapter.name}"
        self.result = result

    def headers(self) -> list:
        months = [end.strftime("%Y-%m") for end in self.result["months"]]
        return [gettext("Member"), gettext("Colour"), *months]

    def rows(self) -> list[list]:
        return [
            [
                entry.member.full_name,
                str(COLOUR_LABELS.get(entry.score.colour, entry.score.colour)),
                *entry.trend,
            ]
            for entry in self.result["scores"]
        ]
