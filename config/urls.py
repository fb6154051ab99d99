import time

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from config import views
from members import two_factor
from members.views import audit

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("django-admin/", admin.site.urls),
    # The words of static/js/ in the active language (LocaleMiddleware, then the user's own): the same
    # for everyone speaking it, so cached an hour per language here and in the browser. The server's
    # key carries the process start, so a deploy serves its own translations at once.
    path(
        "jsi18n/",
        cache_page(60 * 60, key_prefix=f"jsi18n-{int(time.time())}")(
            JavaScriptCatalog.as_view(domain="djangojs")
        ),
        name="javascript-catalog",
    ),
    path("c/<slug:chapter_slug>/audit/", audit.audit_log, name="audit_log"),
    path("accounts/login/code/", two_factor.login_code, name="two_factor_login"),
    path("accounts/two-factor/", two_factor.two_factor_settings, name="two_factor"),
    path("accounts/two-factor/disable/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("", include("members.urls")),
    path("", include("chapters.urls")),
    path("", include("referrals.urls")),
]

handler500 = "config.views.server_error"

if settings.BENCH_VIEWS:
    # Load-benchmark references (bench/run.py); never mounted unless KRING_BENCH_VIEWS=true.
    urlpatterns += [
        path("bench/ceiling/", views.bench_ceiling, name="bench_ceiling"),
        path("bench/reference/", views.bench_reference_page, name="bench_reference"),
    ]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
