"""PALMS history imported from another system (BNI Connect's PALMS summary), one row per member and
period; it counts in the reports and scores like Kring's own records, anchored on the period's end."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chapters.models.organisation import Chapter


class ImportedPalms(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="imported_palms")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="imported_palms",
        verbose_name=_("member"),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    present = models.PositiveIntegerField(default=0)
    absent = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    medical = models.PositiveIntegerField(default=0)
    substitute = models.PositiveIntegerField(default=0)
    given_inside = models.PositiveIntegerField(default=0)
    given_outside = models.PositiveIntegerField(default=0)
    received_inside = models.PositiveIntegerField(default=0)
    received_outside = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    one_to_ones = models.PositiveIntegerField(default=0)
    tyfcb = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    education = models.PositiveIntegerField(default=0)
    testimonials = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("imported PALMS row")
        verbose_name_plural = _("imported PALMS rows")
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "member", "period_start", "period_end"],
                name="imported_palms_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="imported_palms_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(tyfcb__gte=0), name="imported_palms_tyfcb_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["chapter", "period_end"])]

    def __str__(self) -> str:
        return f"PALMS {self.chapter_id} {self.period_start}–{self.period_end}"


class PalmsImportDraft(models.Model):
    """An uploaded PALMS file between its upload and the leader's confirm: the parsed rows, which
    member each belongs to (matched by the file's email or name, or picked on the review screen),
    and, once confirmed, when it was written.

    Kept on the server rather than in a signed token: the rows hold names and emails, a 500-row
    file is too large to post back and forth, and the confirm locks this row so a double submit
    writes once. The daily retention job deletes drafts a day old (chapters/services/retention.py).
    """

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="palms_import_drafts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    # [{"line": 3, "name": "...", "email": "...", "values": {"present": 4, "tyfcb": "12.50", ...},
    #   "member": 12 | null, "matched": true (by the file) | false (on review), "skip": false}]
    rows = models.JSONField(default=list)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("PALMS import awaiting confirmation")
        verbose_name_plural = _("PALMS imports awaiting confirmation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="palms_import_draft_period_order",
            ),
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"PALMS import {self.chapter_id} {self.period_start}–{self.period_end}"

    @property
    def unresolved(self) -> list[dict]:
        """Rows that match nobody and have no choice yet."""
        return [row for row in self.rows if row["member"] is None and not row.get("skip")]

    @property
    def to_review(self) -> list[dict]:
        return [row for row in self.rows if not row["matched"]]
