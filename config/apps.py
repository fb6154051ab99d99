from django.contrib.admin.apps import AdminConfig


class KringAdminConfig(AdminConfig):
    """/django-admin/ with the app's login, code step included (members.two_factor.TwoFactorAdminSite)."""

    default_site = "members.two_factor.TwoFactorAdminSite"
