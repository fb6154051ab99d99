"""Every URL of the chapters app x every role (see tests/permissions.py)."""

from chapters.models import AgendaTemplate, Meeting, PalmsImportDraft, Visitor
from chapters.reports.figures import PALMS_KEYS
from chapters.selectors.check_in_codes import check_in_code
from chapters.services.calendar_tokens import calendar_token_for
from members.capabilities import Capability
from tests.chapters.helpers import add_agenda, make_meeting, make_template, make_visitor
from tests.permissions import (
    LEADER_ROLES,
    LOGIN,
    Row,
    chapter_page,
    chapter_post,
    custom,
    fixed,
    member_page,
    public,
    same,
    up,
)

RUN = Capability.RUN_MEETING
AGENDA = Capability.EDIT_AGENDA
ATTENDANCE = Capability.RECORD_ATTENDANCE
HOSTS = Capability.HOST_VISITORS


def _chapter(world) -> dict:
    return {"chapter_slug": world.chapter.slug}


def _meeting_obj(world) -> Meeting:
    meeting = world.chapter.meetings.first()
    if meeting is None:
        meeting = make_meeting(world.chapter)
        add_agenda(meeting)
    return meeting


def _meeting(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "pk": _meeting_obj(world).pk}


def _meeting_member(world) -> dict:
    return {**_meeting(world), "member_id": world.alice.pk}


def _meeting_visitor(world) -> dict:
    meeting = _meeting_obj(world)
    visitor = Visitor.objects.filter(meeting=meeting).first() or make_visitor(meeting)
    return {**_meeting(world), "visitor_id": visitor.pk}


def _visitor(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "pk": _meeting_visitor(world)["visitor_id"]}


def _self_check_in(world) -> dict:
    return {**_meeting(world), "code": check_in_code(_meeting_obj(world))}


def _template(world) -> dict:
    template = AgendaTemplate.objects.filter(chapter=world.chapter).first() or make_template(world.chapter)
    return {"chapter_slug": world.chapter.slug, "pk": template.pk}


def _with_meeting(world) -> dict:
    """The chapter, with a meeting to come (the summary previews the next one)."""
    _meeting_obj(world)
    return {"chapter_slug": world.chapter.slug}


def _rota(world) -> dict:
    return {"chapter_slug": world.chapter.slug, "meeting_id": _meeting_obj(world).pk, "kind": "feature"}


def _step(world) -> dict:
    return {"action": "start", "version": str(_meeting_obj(world).runner_version)}


def _palms_draft(world, *, matched: bool) -> dict:
    """A PALMS file awaiting the leader: one row to review, or one matched row ready to confirm."""
    row = {
        "line": 2,
        "name": "Onbekend Lid",
        "email": "",
        "values": dict.fromkeys(PALMS_KEYS, 0),
        "member": world.alice.pk if matched else None,
        "matched": matched,
        "skip": False,
    }
    today = world.chapter.created_at.date()
    draft = PalmsImportDraft.objects.create(
        chapter=world.chapter, filename="palms.csv", period_start=today, period_end=today, rows=[row]
    )
    return {"chapter_slug": world.chapter.slug, "pk": draft.pk}


def _public(world) -> dict:
    return {"chapter_slug": world.chapter.slug}


def _region(world) -> dict:
    return {"region_slug": world.chapter.region.slug}


def _chapter_feed(world) -> dict:
    return {"token": calendar_token_for(user=world.alice, chapter=world.chapter).token}


def _member_feed(world) -> dict:
    return {"token": calendar_token_for(user=world.alice).token}


def _future_meeting(world) -> dict:
    import datetime

    from django.utils import timezone

    return {
        "date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "time": "07:00",
        "duration_minutes": "90",
        "venue": "Zaal 2",
        "online_url": "",
        "reason": "Zaal bezet",
    }


def _settings(world) -> dict:
    return {
        "meeting_weekday": "3",
        "meeting_time": "07:30",
        "meeting_duration_minutes": "100",
        "venue": "Nieuwe zaal",
        "online_url": "",
        "absence_limit": "4",
        "absence_window": world.chapter.absence_window,
        "objection_window_days": "7",
        "interview_required": "on",
    }


def _meeting_page(world, url, role) -> str:
    return url.rsplit("/", 2)[0] + "/"


ROWS: list[Row] = [
    chapter_page("meeting_list", kwargs=_chapter),
    chapter_page("meeting_create", RUN, kwargs=_chapter),
    chapter_post(
        "meeting_create",
        RUN,
        _chapter,
        lambda world, url, role: f"/c/{world.chapter.slug}/meetings/*",
        data=_future_meeting,
    ),
    chapter_page("meeting_detail", kwargs=_meeting),
    chapter_page("meeting_agenda_edit", AGENDA, kwargs=_meeting),
    chapter_page("meeting_agenda_print", kwargs=_meeting),
    chapter_page("meeting_move", RUN, kwargs=_meeting),
    chapter_post("meeting_move", RUN, _meeting, up(1), data=_future_meeting),
    chapter_page("meeting_cancel", RUN, kwargs=_meeting),
    chapter_post("meeting_cancel", RUN, _meeting, up(1), data=lambda world: {"reason": "Kerstvakantie"}),
    chapter_post("meeting_restore", RUN, _meeting, up(1)),
    chapter_post("meeting_notes", RUN, _meeting, up(1), data=lambda w: {"notes": "x"}),
    chapter_post(
        "meeting_goals",
        RUN,
        _meeting,
        up(1),
        data=lambda w: {"goal_visitors": "2", "goal_referrals": "10", "goal_one_to_ones": "5"},
    ),
    chapter_page("meeting_runner", RUN, kwargs=_meeting),
    chapter_post("meeting_runner_step", RUN, _meeting, up(1), data=_step),
    chapter_page("meeting_check_in", ATTENDANCE, kwargs=_meeting),
    chapter_post("meeting_check_in_member", ATTENDANCE, _meeting_member, up(1)),
    chapter_post(
        "meeting_check_in_visitor", HOSTS, _meeting_visitor, up(2), data=lambda w: {"kind": "visitor"}
    ),
    chapter_page("meeting_attendance_edit", ATTENDANCE, kwargs=_meeting_member),
    chapter_page(
        "meeting_check_in_walk_in",
        HOSTS,
        kwargs=_meeting,
        method="post",
        data=lambda w: {
            "kind": "visitor",
            "first_name": "Wim",
            "last_name": "B",
            "profession": "X",
            "consent": "on",
        },
        note="the meeting is not today: the form comes back with the refusal",
    ),
    custom(
        "meeting_check_in_qr",
        kwargs=_meeting,
        note="run_meeting or record_attendance",
        anonymous=LOGIN,
        member=403,
        other_chapter_member=404,
        lapsed=403,
        president=200,
        vice_president=200,
        secretary_treasurer=403,
        membership_committee=403,
        visitor_host=200,
        education_coordinator=403,
        mentor_coordinator=403,
        region_admin=200,
        other_region_admin=404,
        superuser=200,
    ),
    chapter_page("meeting_self_check_in", kwargs=_self_check_in, note="any member; the meeting is not today"),
    chapter_page("meeting_record_complete", ATTENDANCE, kwargs=_meeting, note="the preview"),
    chapter_post("meeting_agenda_scale", AGENDA, _meeting, up(2), data=lambda w: {"confirm": "yes"}),
    chapter_post("meeting_record_complete", ATTENDANCE, _meeting, up(1), data=lambda w: {"confirm": "yes"}),
    chapter_page("attendance_overview", ATTENDANCE, kwargs=_chapter),
    member_page("my_absences"),
    member_page("my_guests"),
    member_page(
        "my_absence_withdraw", ok=302, kwargs=lambda w: {"notice_id": 0}, redirect=up(2), method="post"
    ),
    chapter_page("agenda_template_list", AGENDA, kwargs=_chapter),
    chapter_page("agenda_template_create", AGENDA, kwargs=_chapter),
    chapter_page("agenda_template_edit", AGENDA, kwargs=_template),
    chapter_page("rota_list", kwargs=_chapter),
    chapter_post("rota_fill", AGENDA, _chapter, up(1), data=lambda w: {"kind": "feature"}),
    chapter_post("rota_swap", AGENDA, _chapter, up(1)),
    chapter_post("rota_assign", AGENDA, _rota, up(2)),
    chapter_page("visitor_list", HOSTS, kwargs=_chapter),
    chapter_page("visitor_detail", HOSTS, kwargs=_visitor),
    chapter_page("chapter_settings", Capability.MANAGE_CHAPTER, kwargs=_chapter),
    chapter_post("chapter_settings", Capability.MANAGE_CHAPTER, _chapter, same, data=_settings),
    chapter_page("summary_preview", Capability.MANAGE_CHAPTER, kwargs=_with_meeting),
    # Without "confirm": the confirmation page, nothing sent.
    chapter_page(
        "summary_test",
        Capability.MANAGE_CHAPTER,
        kwargs=_with_meeting,
        method="post",
        data=lambda w: {"member": str(w.alice.pk)},
    ),
    public("public_chapter", kwargs=_public),
    public("public_visit", kwargs=_public),
    public("ical_chapter", kwargs=_chapter_feed),
    public("ical_member", kwargs=_member_feed),
    member_page("calendar_renew", ok=302, method="post", redirect=fixed("/me/absences/")),
    # Reports and scoring
    chapter_page("report_palms", Capability.VIEW_REPORTS, kwargs=_chapter),
    chapter_page("palms_history_import", Capability.MANAGE_MEMBERS, kwargs=_chapter),
    chapter_page(
        "palms_import_review", Capability.MANAGE_MEMBERS, kwargs=lambda w: _palms_draft(w, matched=False)
    ),
    chapter_page(
        "palms_import_confirm", Capability.MANAGE_MEMBERS, kwargs=lambda w: _palms_draft(w, matched=True)
    ),
    chapter_page(
        "palms_import_confirm",
        Capability.MANAGE_MEMBERS,
        ok=302,
        kwargs=lambda w: _palms_draft(w, matched=True),
        method="post",
        redirect=up(3),  # imported: to the PALMS report
    ),
    chapter_page("report_overview", Capability.VIEW_REPORTS, kwargs=_chapter),
    chapter_page("report_chapter_light", Capability.VIEW_REPORTS, kwargs=_chapter),
    chapter_page("report_network", Capability.VIEW_REPORTS, kwargs=_chapter),
    chapter_page("report_scores", Capability.VIEW_REPORTS, kwargs=_chapter),
    member_page("my_score"),
    *[
        custom(
            name,
            kwargs=_region,
            anonymous=LOGIN,
            member=404,
            other_chapter_member=404,
            lapsed=404,
            **dict.fromkeys(LEADER_ROLES, 404),
            region_admin=200,
            other_region_admin=404,
            superuser=200,
        )
        for name in ("region_reports", "region_scoring")
    ],
]
