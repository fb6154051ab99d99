from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChaptersConfig(AppConfig):
    name = "chapters"
    verbose_name = _("Chapters")

    def ready(self) -> None:
        from chapters import audit  # noqa: F401 - registers the audited models
