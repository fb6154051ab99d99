"""Managing a chapter's members: filter, edit, import, transfer, renew, leave and close."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from members.csv_io import COLUMNS
from members.forms.fields import (
    BoundedDateField,
    ClassificationField,
    DateInput,
    MemberChoiceField,
    _classification_choices,
    _current_members,
)
from members.models import Membership, User


class MemberFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("current", _("Current members")),
        (Membership.Status.ACTIVE, _("Active")),
        (Membership.Status.ON_LEAVE, _("On leave")),
        (Membership.Status.LAPSED, _("Lapsed")),
        (Membership.Status.DROPPED, _("Dropped")),
        (Membership.Status.LEFT, _("Left the chapter")),
        (Membership.Status.ENDED, _("Earlier terms")),
    ]
    q = forms.CharField(label=_("Name, company or email"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    renewal = forms.ChoiceField(
        label=_("Renewal"),
        choices=[("", _("Any")), ("due", _("Due within 60 days")), ("overdue", _("Overdue"))],
        required=False,
    )
    classification = ClassificationField(
        queryset=_classification_choices(), required=False, label=_("Classification"), empty_label=_("Any")
    )


class MemberEditForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    email = forms.EmailField(label=_("Email address"), max_length=User._meta.get_field("email").max_length)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    company = forms.CharField(label=_("Company"), max_length=160, required=False)
    website = forms.URLField(
        label=_("Website"),
        max_length=User._meta.get_field("website").max_length,
        required=False,
        assume_scheme="https",
    )
    classification = ClassificationField(queryset=_classification_choices(), label=_("Classification"))
    starts_on = BoundedDateField(label=_("Start of this term"), widget=DateInput())
    renewal_due_on = BoundedDateField(label=_("Renewal date"), widget=DateInput())
    sponsor = MemberChoiceField(
        queryset=User.objects.none(), required=False, label=_("Sponsor"), empty_label=_("No sponsor")
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        user = membership.user
        initial = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone": user.phone,
            "company": user.company,
            "website": user.website,
            "classification": membership.classification_id,
            "starts_on": membership.starts_on,
            "renewal_due_on": membership.renewal_due_on,
            "sponsor": membership.sponsor_id,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.membership = membership
        self.fields["sponsor"].queryset = _current_members(membership.chapter).exclude(pk=user.pk)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.membership.user_id).exists():
            raise ValidationError(_("Another account already uses this email address."))
        return email

    def clean(self):
        cleaned = super().clean()
        starts_on, renewal_due_on = cleaned.get("starts_on"), cleaned.get("renewal_due_on")
        if starts_on and renewal_due_on and renewal_due_on <= starts_on:
            self.add_error("renewal_due_on", _("The renewal date must be after the start date."))
        return cleaned


class ImportForm(forms.Form):
    MAX_FILE_BYTES = 2 * 1024 * 1024
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("First line: the column names %(columns)s.") % {"columns": ", ".join(COLUMNS)},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_FILE_BYTES:
            raise ValidationError(_("The file is too large (at most 2 MB, about 2,000 members)."))
        return upload


class TransferForm(forms.Form):
    to_chapter = forms.ModelChoiceField(queryset=Chapter.objects.none(), label=_("Move to chapter"))

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chapter"].queryset = chapter.region.chapters.exclude(pk=chapter.pk).order_by("name")


class RenewForm(forms.Form):
    renewal_due_on = BoundedDateField(
        label=_("Next renewal date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for one year after the current renewal date."),
    )


class LeaveForm(forms.Form):
    until = BoundedDateField(label=_("On leave until"), widget=DateInput(), help_text=_("At most 8 weeks."))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
