import hashlib
import json
import sys
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from chapters.models import Chapter, Region
from members.models import Classification, User


def _render_error_page(template_name: str, fallback: str) -> str:
    # Rendered without the request: context processors would ask the (maybe lost) database again.
    # An error page must never fail itself, so a plain text page stands in if rendering does.
    try:
        return loader.get_template(template_name).render({})
    except Exception:  # noqa: BLE001
        return f"<!doctype html><title>Kring</title><h1>{fallback}</h1>"


def server_error(request):
    """handler500: a lost database is a 503 'try again shortly', anything else a friendly 500."""
    if isinstance(sys.exc_info()[1], OperationalError):
        response = HttpResponse(_render_error_page("503.html", _("Kring is briefly unavailable")), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(_render_error_page("500.html", _("Something went wrong on our side")))


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except OperationalError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
@cache_control(max_age=86400, public=True)
def web_manifest(request):
    manifest = {
        "name": "Kring",
        "short_name": "Kring",
        "description": _("Referrals, thank-yous and meetings of your networking chapter"),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f5c4d",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    lines = [
        "Contact: mailto:security@kring.example",
        "Expires: 2027-12-31T23:00:00.000Z",
        "Preferred-Languages: nl, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# The app shell: what every page loads. The service worker keeps it, so the slip forms open offline.
SHELL_FILES = [
    "vendor/bootstrap.min.css",
    "css/kring.css",
    "vendor/bootstrap.bundle.min.js",
    "vendor/htmx.min.js",
    "js/kring.js",
    "js/outbox.js",
    "js/offline.js",
    "img/favicon.png",
    "img/icon-192.png",
]
# The forms a member can send offline: kept in the browser and sent when the connection returns.
OFFLINE_FORMS = ["referral_create", "thank_you_create", "one_to_one_create"]


@cache
def _service_worker_source() -> tuple[str, str]:
    """static/js/sw.js and a version that changes with it and with every file of the shell."""
    digest = hashlib.sha256()
    for name in ["js/sw.js", *SHELL_FILES]:
        digest.update(Path(finders.find(name)).read_bytes())
    return Path(finders.find("js/sw.js")).read_text(encoding="utf-8"), digest.hexdigest()[:16]


@require_GET
@never_cache
def service_worker(request):
    """/sw.js: served from the root so it may look after every page (scope "/"), never cached."""
    source, version = _service_worker_source()
    forms = [reverse(name) for name in OFFLINE_FORMS]
    config = {
        "version": version,
        "shell": [static(name) for name in SHELL_FILES],
        "outbox": static("js/outbox.js"),
        "static": static(""),
        "catalogue": reverse("javascript-catalog"),
        "login": reverse("login"),
        "offline": reverse("offline"),
        "forms": forms,
        # Personal pages kept for offline use, dropped at logout.
        "pages": [reverse("home"), reverse("offline"), *forms],
    }
    body = f"self.KRING_OFFLINE = {json.dumps(config)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    """What the service worker shows for a page it does not keep while the connection is gone."""
    return render(request, "offline.html")


# --- Benchmark references (mounted only with KRING_BENCH_VIEWS=true; see bench/run.py)


def bench_ceiling(request):
    """The ceiling: the cheapest response the same server, settings and middleware can give."""
    return HttpResponse("ok", content_type="text/plain")


def bench_reference_page(request):
    """The least a real page of ours can cost: five simple queries and a 30-row table in base.html."""
    chapter = Chapter.objects.order_by("pk").first()
    region = Region.objects.get(pk=chapter.region_id)
    member_count = chapter.memberships.filter(status="active").count()
    users = list(User.objects.order_by("pk")[:30])
    classifications = list(Classification.objects.order_by("pk")[:30])
    context = {
        "chapter": chapter,
        "region": region,
        "member_count": member_count,
        "users": users,
        "classifications": classifications,
    }
    return render(request, "bench/reference_page.html", context)
