"""In-app notices for a member."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notice(models.Model):
    """An in-app message ("Bob passed you a referral"), shown as a count in the navigation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", db_index=False
    )  # (user, read_at) below leads with it
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
