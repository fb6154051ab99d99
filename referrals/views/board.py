"""The chapter board for leaders: what passed since the last meeting (the referrals round) and totals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.access import chapter_view
from members.capabilities import Capability
from referrals import selectors
from referrals.views.slips import PERIODS


@chapter_view(capability=Capability.VIEW_REPORTS)
def chapter_board(request: HttpRequest) -> HttpResponse:
    context = selectors.board_context(chapter=request.chapter)
    context.update(chapter=request.chapter, periods=PERIODS, show_contacts=request.access.is_leader)
    return render(request, "referrals/chapter_board.html", context)
