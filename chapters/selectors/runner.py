"""What the meeting runner shows: the current section, timed; the round's figures come from
`runner_round` (a few rows, never the whole chapter)."""

import datetime
from dataclasses import dataclass

from chapters.models import Meeting, MeetingAgendaItem
from chapters.selectors.agenda import PlannedItem, agenda_plan, scaled_seconds
from chapters.selectors.runner_round import Presenter, round_cards, round_figures
from chapters.selectors.runner_sections import section_data

# The chapter has no seating or power-team order: the round goes by first name (runner_round.ORDER).
ROUND_ORDER = "alphabetical"


def _round_figures(meeting: Meeting, items: list[MeetingAgendaItem], current_id: int | None = None) -> dict:
    """The round's figures, or none without a members' round on the agenda (no query then)."""
    if not any(item.is_member_round for item in items):
        return {"count": 0, "to_confirm": 0}
    return round_figures(meeting, current_id)


@dataclass
class AgendaFit:
    """Does the agenda fit the meeting? The members' round counts with the members expected."""

    total: int  # seconds the agenda plans
    duration: int  # seconds from the meeting's start to its end
    round_seconds: int  # the members' round: per-member time x members in the round
    proposal: list[tuple[MeetingAgendaItem, int]]  # timed sections and their scaled length

    @property
    def overrun(self) -> int:
        return max(0, self.total - self.duration)

    @property
    def scalable(self) -> bool:
        return bool(self.proposal)


def agenda_fit(meeting: Meeting, plan: list[PlannedItem] | None = None) -> AgendaFit:
    """The agenda against the meeting's length, and, when it runs over, the timed sections scaled
    proportionally into what the members' round leaves (its per-member time stays).
    A page that has the plan already passes it."""
    if plan is None:
        items = list(meeting.agenda_items.all())
        plan, _total = agenda_plan(items, _round_figures(meeting, items)["count"])
    total = sum(p.seconds for p in plan)
    duration = int((meeting.ends_at - meeting.starts_at).total_seconds())
    round_seconds = sum(p.seconds for p in plan if p.item.is_member_round)
    timed = [p.item for p in plan if not p.item.is_member_round]
    proposal = []
    if total > duration and timed:
        try:
            scaled = scaled_seconds([item.planned_seconds for item in timed], duration - round_seconds)
        except ValueError:
            scaled = []
        proposal = list(zip(timed, scaled, strict=False))
    return AgendaFit(total=total, duration=duration, round_seconds=round_seconds, proposal=proposal)


def _epoch_ms(moment: datetime.datetime | None) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def runner_state(meeting: Meeting) -> dict:
    """Everything the runner screen shows; timers are computed in the browser from the timestamps.
    Reads the agenda, the round's figures and what the current section shows, nothing more."""
    items = list(meeting.agenda_items.select_related("responsible_role"))
    item = next((item for item in items if item.pk == meeting.runner_item_id), None)
    presenter_id = meeting.runner_presenter_id if item is not None and item.is_member_round else None
    # The closing screen shows the meeting's numbers, nothing of the plan: no round to count.
    closed = meeting.closed_at is not None
    figures = {"count": 0, "to_confirm": 0} if closed else _round_figures(meeting, items, presenter_id)
    plan, total = agenda_plan(items, figures["count"])
    current = next((p for p in plan if p.item.pk == meeting.runner_item_id), None)
    index = plan.index(current) if current else None
    state = {
        "meeting": meeting,
        "plan": plan,
        "total_seconds": total,
        "planned_end": meeting.starts_at + datetime.timedelta(seconds=total),
        "planned_end_ms": _epoch_ms(meeting.starts_at + datetime.timedelta(seconds=total)),
        # The plan runs past the meeting's end by this much (0: it ends in time).
        "meeting_seconds": int((meeting.ends_at - meeting.starts_at).total_seconds()),
        "overrun_seconds": max(0, total - int((meeting.ends_at - meeting.starts_at).total_seconds())),
        "current": current,
        "next": plan[index + 1] if index is not None and index + 1 < len(plan) else None,
        "presenter": None,
        "presenter_number": None,
        "presenter_count": figures["count"],
        "to_confirm_count": figures["to_confirm"],
        "round_order": ROUND_ORDER,
        "next_presenter": None,
        "not_started": meeting.opened_at is None,
        "closed": closed,
        "item_started_ms": _epoch_ms(meeting.runner_item_started_at),
        "unit_started_ms": _epoch_ms(meeting.runner_item_started_at),
        "unit_seconds": current.seconds if current else 0,
        "later_seconds": sum(p.seconds for p in plan[index + 1 :]) if index is not None else total,
        **section_data(meeting, current.item if current else None),
    }
    if presenter_id:
        _time_the_presenter(state, meeting, figures, current)
    elif state.get("guest"):
        _time_the_guest(state, meeting)
    return state


def _time_the_presenter(state: dict, meeting: Meeting, figures: dict, current: PlannedItem) -> None:
    """In the members' round: who is on (recorded absent after "back": still them), who is next,
    and the clock per member."""
    presenter, next_presenter = round_cards(meeting, meeting.runner_presenter_id)
    if presenter is None:  # no longer a member of the chapter: still show who is on
        presenter = Presenter(user=meeting.runner_presenter, membership=None)
    state.update(
        presenter=presenter,
        presenter_number=figures["before"] + 1,
        next_presenter=next_presenter,
        unit_started_ms=_epoch_ms(meeting.runner_presenter_started_at),
        unit_seconds=current.item.planned_seconds,
        later_seconds=state["later_seconds"] + figures["after"] * current.item.planned_seconds,
    )


def _time_the_guest(state: dict, meeting: Meeting) -> None:
    """In the visitors' round: the clock per guest, the section's time shared by the guests who came."""
    remaining = len(state["section_visitors"]) - state["guest_number"]
    state.update(
        unit_started_ms=_epoch_ms(meeting.runner_presenter_started_at),
        unit_seconds=state["per_guest_seconds"],
        later_seconds=state["later_seconds"] + remaining * state["per_guest_seconds"],
    )
