"""Request checks that hold for every URL, before any view or form sees the input."""

import time

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils.translation import gettext as _

from config import db_router

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists()
    )


class RejectNulBytesMiddleware:
    """A NUL character in any GET or POST name or value is answered with a friendly 400 page.

    PostgreSQL cannot store or compare text with NUL in it, so one stray byte in ?q= would
    otherwise be a 500 in whichever view reads it; no form or view has to remember this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nul = _has_nul(request.GET) or "\x00" in request.path
        if not nul and request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            nul = _has_nul(request.POST)
        if nul:
            return HttpResponseBadRequest(
                loader.render_to_string(
                    "400.html", {"reason": _("The request contained a character that cannot be used (NUL).")}
                )
            )
        return self.get_response(request)


class ReplicaReadsMiddleware:
    """The report views' GETs read from the replica (config/db_router.py); a POST marks its author.

    The recent-write cookie holds the time of the author's last POST: their reads stay on the primary
    for REPLICA_READ_YOUR_WRITES_SECONDS after it, whichever app server they land on. A report whose
    replica query fails (the replica just went away) is run once more on the primary.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with db_router.replica_reads(wanted=False):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS and db_router.replica_configured():
            response.set_cookie(
                db_router.RECENT_WRITE_COOKIE,
                f"{time.time():.3f}",
                max_age=settings.REPLICA_READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method in SAFE_METHODS
            and request.resolver_match.url_name in db_router.REPLICA_READ_VIEWS
            and not db_router.wrote_recently(request.COOKIES)
        ):
            db_router.want_replica(True)
            request.replica_view = (view_func, view_args, view_kwargs)
        return None

    def process_exception(self, request, exception):
        if not (isinstance(exception, OperationalError) and db_router.replica_wanted()):
            return None
        db_router.mark_replica_down()
        db_router.want_replica(False)
        view_func, view_args, view_kwargs = request.replica_view
        return view_func(request, *view_args, **view_kwargs)
