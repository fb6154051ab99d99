from django.contrib.admin.apps import AdminConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _


class KringAdminConfig(AdminConfig):
    """/django-admin/ with the app's login, code step included (members.two_factor.TwoFactorAdminSite)."""

    default_site = "members.two_factor.TwoFactorAdminSite"

    def ready(self) -> None:
        super().ready()
        # Django 6.1's blank choice of a select ("- Select an option -") has no Dutch yet: ours has.
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
