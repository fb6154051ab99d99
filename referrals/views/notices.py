from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.access import member_required
from referrals.services.notices import notices_mark_read
from referrals.views.slips import PAGE_SIZE


@member_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(request.user.notices.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    # Render first with the unread ones marked, then mark them read.
    notices = list(page.object_list)
    notices_mark_read(user=request.user)
    context = {"page_obj": page, "notices": notices, "unread_notice_count": 0}
    return render(request, "referrals/notice_list.html", context)
