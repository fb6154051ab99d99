"""The chapter's asks this week, each with "I know someone": a slip to the asker, answering the ask."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.access import chapter_view
from referrals.selectors.asks import chapter_asks


@chapter_view()
@require_GET
def asks(request: HttpRequest) -> HttpResponse:
    # Only a current member of this chapter passes slips from here (the slip form is theirs).
    membership = request.membership
    can_answer = (
        membership is not None and membership.is_current and membership.chapter_id == request.chapter.pk
    )
    return render(
        request,
        "referrals/asks.html",
        {
            "chapter": request.chapter,
            "asks": list(chapter_asks(chapter=request.chapter)),
            "can_answer": can_answer,
        },
    )
