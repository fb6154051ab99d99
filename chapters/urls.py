from django.urls import path

from chapters.views import (
    agenda_templates,
    attendance,
    board,
    guests,
    meetings,
    palms_import,
    public,
    region,
    rotas,
    runner,
    self_check_in,
    summaries,
    visitors,
)
from chapters.views import reports as report_views
from chapters.views import settings as chapter_settings

C = "c/<slug:chapter_slug>/"
M = C + "meetings/<int:pk>/"

urlpatterns = [
    # Meetings
    path(C + "meetings/", meetings.meeting_list, name="meeting_list"),
    path(C + "meetings/new/", meetings.meeting_create, name="meeting_create"),
    path(M, meetings.meeting_detail, name="meeting_detail"),
    path(M + "agenda/", meetings.meeting_agenda_edit, name="meeting_agenda_edit"),
    path(M + "agenda/print/", meetings.meeting_agenda_print, name="meeting_agenda_print"),
    path(M + "agenda/scale/", meetings.meeting_agenda_scale, name="meeting_agenda_scale"),
    path(M + "move/", meetings.meeting_move, name="meeting_move"),
    path(M + "cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path(M + "restore/", meetings.meeting_restore, name="meeting_restore"),
    path(M + "notes/", meetings.meeting_notes, name="meeting_notes"),
    path(M + "goals/", meetings.meeting_goals, name="meeting_goals"),
    # Live runner
    path(M + "run/", runner.runner, name="meeting_runner"),
    path(M + "run/step/", runner.runner_step, name="meeting_runner_step"),
    # Attendance
    path(M + "check-in/", attendance.check_in, name="meeting_check_in"),
    path(M + "check-in/<int:member_id>/", attendance.check_in_member, name="meeting_check_in_member"),
    path(
        M + "check-in/guests/<int:visitor_id>/", attendance.check_in_visitor, name="meeting_check_in_visitor"
    ),
    path(M + "check-in/walk-in/", attendance.check_in_walk_in, name="meeting_check_in_walk_in"),
    path(M + "check-in/qr/", self_check_in.check_in_qr, name="meeting_check_in_qr"),
    path(M + "here/<str:code>/", self_check_in.self_check_in, name="meeting_self_check_in"),
    path(M + "attendance/<int:member_id>/", attendance.attendance_edit, name="meeting_attendance_edit"),
    path(M + "complete/", attendance.record_complete, name="meeting_record_complete"),
    path(C + "attendance/", attendance.absences_overview, name="attendance_overview"),
    path("me/absences/", attendance.my_absences, name="my_absences"),
    path("me/guests/", guests.my_guests, name="my_guests"),
    path("me/absences/<int:notice_id>/withdraw/", attendance.my_absence_withdraw, name="my_absence_withdraw"),
    # Agenda templates
    path(C + "agenda-templates/", agenda_templates.template_list, name="agenda_template_list"),
    path(C + "agenda-templates/new/", agenda_templates.template_create, name="agenda_template_create"),
    path(C + "agenda-templates/<int:pk>/", agenda_templates.template_edit, name="agenda_template_edit"),
    # Rotas
    path(C + "rotas/", rotas.rota_list, name="rota_list"),
    path(C + "rotas/fill/", rotas.rota_fill, name="rota_fill"),
    path(C + "rotas/swap/", rotas.rota_swap, name="rota_swap"),
    path(C + "rotas/<int:meeting_id>/<str:kind>/", rotas.rota_assign, name="rota_assign"),
    # Visitors (host pipeline)
    path(C + "visitors/", visitors.visitor_list, name="visitor_list"),
    path(C + "visitors/<int:pk>/", visitors.visitor_detail, name="visitor_detail"),
    # Chapter settings
    path(C + "settings/", chapter_settings.chapter_settings, name="chapter_settings"),
    path(C + "summary/", summaries.summary_preview, name="summary_preview"),
    path(C + "summary/test/", summaries.summary_test, name="summary_test"),
    # Public
    path("chapters/<slug:chapter_slug>/", public.public_chapter, name="public_chapter"),
    path("chapters/<slug:chapter_slug>/visit/", public.visit_register, name="public_visit"),
    path("ical/chapter/<str:token>.ics", public.chapter_feed, name="ical_chapter"),
    path("ical/member/<str:token>.ics", public.member_feed, name="ical_member"),
    path("me/calendar/renew/", public.calendar_renew, name="calendar_renew"),
    # Reports and scoring
    path(C + "reports/", report_views.palms_report, name="report_palms"),
    path(C + "reports/import/", palms_import.palms_history_import, name="palms_history_import"),
    path(C + "reports/import/<int:pk>/", palms_import.palms_import_review, name="palms_import_review"),
    path(
        C + "reports/import/<int:pk>/confirm/", palms_import.palms_import_confirm, name="palms_import_confirm"
    ),
    path(C + "reports/overview/", report_views.chapter_overview, name="report_overview"),
    path(C + "reports/traffic-light/", report_views.chapter_light, name="report_chapter_light"),
    path(C + "reports/network/", report_views.network, name="report_network"),
    path(C + "reports/scores/", report_views.chapter_scores, name="report_scores"),
    path("me/score/", report_views.my_score, name="my_score"),
    path(C + "board/", board.chapter_board, name="chapter_board"),
    # Region admins
    path("region/", region.region_home, name="region_home"),
    path("region/<slug:region_slug>/", region.region_chapters, name="region_chapters"),
    path(
        "region/<slug:region_slug>/chapters/new/", region.region_chapter_create, name="region_chapter_create"
    ),
    path("region/<slug:region_slug>/reports/", region.region_reports, name="region_reports"),
    path("region/<slug:region_slug>/scoring/", region.region_scoring, name="region_scoring"),
]
