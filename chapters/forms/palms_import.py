from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.forms.fields import BoundedDateField, DateInput


class PalmsImportForm(forms.Form):
    MAX_FILE_BYTES = 2 * 1024 * 1024
    start = BoundedDateField(label=_("Period from"), widget=DateInput())
    end = BoundedDateField(label=_("Period until"), widget=DateInput())
    file = forms.FileField(
        label=_("PALMS summary (XLSX or CSV)"),
        help_text=_(
            "One row per member: the name (or first and last name), optionally the email, and the "
            "columns P, A, L, M, S, RGI, RGO, RRI, RRO, V, 1-2-1, TYFCB, CEU, T."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_FILE_BYTES:
            raise ValidationError(_("The file is too large (at most 2 MB)."))
        return upload


SKIP = "skip"


class PalmsReviewForm(forms.Form):
    """Whose each unmatched row of a PALMS file is: a member of the chapter, or skip the row."""

    def __init__(self, *args, rows: list[dict], candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [("", _("— choose —")), (SKIP, _("Skip this row (do not import it)"))]
        choices += [(str(member.pk), member.full_name) for member in candidates]
        for row in rows:
            initial = SKIP if row.get("skip") else (str(row["member"]) if row["member"] else "")
            self.fields[self.field_name(row)] = forms.ChoiceField(
                label=row["name"] or row["email"],
                choices=choices,
                initial=initial,
                error_messages={"required": _("Choose a member or skip this row.")},
            )

    @staticmethod
    def field_name(row: dict) -> str:
        return f"row_{row['line']}"

    def row_fields(self):
        """(row, bound field) per unmatched row, in the file's order."""
        return [(row, self[self.field_name(row)]) for row in self.rows]

    def clean(self):
        cleaned = super().clean()
        first_row: dict[str, int] = {}
        for row in self.rows:
            name = self.field_name(row)
            value = cleaned.get(name)
            if not value or value == SKIP:
                continue
            if value in first_row:
                self.add_error(
                    name,
                    _("This member is already chosen for row %(line)s.") % {"line": first_row[value]},
                )
            first_row.setdefault(value, row["line"])
        return cleaned

    def choices_by_line(self) -> dict[int, int | None]:
        return {
            row["line"]: None
            if self.cleaned_data[self.field_name(row)] == SKIP
            else int(self.cleaned_data[self.field_name(row)])
            for row in self.rows
        }
