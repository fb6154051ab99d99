"""The counts behind the public forms' rate limits, shared by every process (config/rate_limits.py)."""

from django.db import models


class RateLimitCount(models.Model):
    """Accepted posts of one public form for one client or email address in the current window.

    config/rate_limits.py writes it with one atomic upsert (it may not import app code, so it names
    the table); the key is a hash, never the address itself.
    """

    key = models.CharField(primary_key=True, max_length=100)
    hits = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "kring_rate_limit"

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
