"""Request checks that hold for every URL, before any view or form sees the input."""

from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils.translation import gettext as _

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
