"""The chapter board for leaders: what passed since the last meeting (the referrals round) and totals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from config.cache import cached
from members.access import chapter_view
from members.capabilities import Capability
from referrals.selectors.board import board_context
from referrals.views.slips import PERIODS


@chapter_view(capability=Capability.VIEW_REPORTS)
def chapter_board(request: HttpRequest) -> HttpResponse:
    chapter, show_contacts = request.chapter, request.access.is_leader
    # Six months of the chapter's figures on every view: cached until the chapter's data changes.
    board = cached(
        f"board:{chapter.pk}:{int(show_contacts)}",
        chapters=[chapter.pk],
        build=lambda: _board_body(request, show_contacts),
    )
    return render(request, "chapters/board.html", {"chapter": chapter, "board": board})


def _board_body(request: HttpRequest, show_contacts: bool) -> str:
    context = board_context(chapter=request.chapter)
    context.update(chapter=request.chapter, periods=PERIODS, show_contacts=show_contacts)
    return render_to_string("chapters/partials/board_body.html", context, request=request)
