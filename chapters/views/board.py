"""The chapter board for leaders: what passed since the last meeting (the referrals round) and totals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from config.cache import cached
from members.access import chapter_view
from members.capabilities import Capability
from referrals.selectors.board import board_context
from referrals.views.slips import PERIODS


@chapter_view(capability=Capability.VIEW_REPORTS)
@require_GET
def chapter_board(request: HttpRequest) -> HttpResponse:
    chapter, show_contacts = request.chapter, request.access.is_leader
    pages = _page_number(request, "page"), _page_number(request, "thanks_page")
    # Six months of the chapter's figures on every view: cached until the chapter's data changes.
    board = cached(
        f"board:{chapter.pk}:{int(show_contacts)}:{pages[0]}:{pages[1]}",
        chapters=[chapter.pk],
        build=lambda: _board_body(request, show_contacts, pages),
    )
    return render(request, "chapters/board.html", {"chapter": chapter, "board": board})


def _page_number(request: HttpRequest, name: str) -> int:
    """A positive page number; anything else is the first page (the paginator clamps the top)."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and 0 < int(value) < 10_000 else 1


def _board_body(request: HttpRequest, show_contacts: bool, pages: tuple[int, int]) -> str:
    context = board_context(chapter=request.chapter, referrals_page=pages[0], thanks_page=pages[1])
    context.update(chapter=request.chapter, periods=PERIODS, show_contacts=show_contacts)
    return render_to_string("chapters/partials/board_body.html", context, request=request)
