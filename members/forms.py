from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters.models import WEEKDAYS, Chapter
from members import services
from members.capabilities import Capability
from members.csv_io import COLUMNS
from members.models import Application, Classification, Membership, Role, User
from members.photos import process_photo


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("That email address and password do not match. Check both and try again."),
        "inactive": _("This account is inactive."),
    }


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _classification_choices():
    return Classification.objects.select_related("category").order_by("category__name_nl", "name_nl")


class ClassificationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Classification) -> str:
        return f"{obj.name} ({obj.category.name})"


def _current_members(chapter: Chapter):
    return User.objects.filter(
        memberships__chapter=chapter, memberships__status__in=Membership.CURRENT_STATUSES
    ).order_by("first_name", "last_name")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.company})" if obj.company else obj.full_name


# --- My profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = services.PROFILE_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "bio",
                "gains_goals",
                "gains_accomplishments",
                "gains_interests",
                "gains_networks",
                "gains_skills",
                "offer",
                "ideal_referral",
            )
        }
        help_texts = {
            "gains_goals": _("What you want to achieve in business (and outside it) this year."),
            "gains_accomplishments": _("Projects and results you are proud of."),
            "gains_interests": _("Hobbies and what you like to talk about over coffee."),
            "gains_networks": _(
                "Organisations, sectors and clubs where you know people: members search this to find who knows whom."
            ),
            "gains_skills": _("What you are good at."),
            "offer": _("Your products and services in a few sentences."),
            "ideal_referral": _("Who exactly should members introduce you to?"),
        }


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG or WebP image, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self):
        return process_photo(self.cleaned_data["photo"])


class WeeklyAskForm(forms.Form):
    weekly_ask = forms.CharField(
        label=_("My ask this week"),
        max_length=280,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


# --- Applications


class ApplicationForm(forms.ModelForm):
    classification = ClassificationField(queryset=_classification_choices(), label=_("Your profession"))
    consent = forms.BooleanField(
        label=_(
            "I agree that this chapter stores these details to review my application, "
            "and deletes them if I do not become a member."
        ),
        required=True,
    )

    class Meta:
        model = Application
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "company",
            "website",
            "classification",
            "references",
            "motivation",
        ]
        widgets = {
            "references": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.chapter = chapter
        self.fields["classification"].queryset = _classification_choices()
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_classification(self):
        classification = self.cleaned_data["classification"]
        if services.classification_is_locked(chapter=self.chapter, classification=classification):
            raise ValidationError(
                _("This classification is currently closed in this chapter. Please contact the chapter.")
            )
        if services.classification_holder(chapter=self.chapter, classification=classification):
            raise ValidationError(_("This chapter already has a member in this classification."))
        return classification


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["interviewed_on", "interview_notes"]
        widgets = {"interviewed_on": DateInput(), "interview_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewed_on"].required = True
        self.fields["interview_notes"].required = True
        self.initial.setdefault("interviewed_on", timezone.localdate())


class DecisionForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve: make a member")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when rejecting; the applicant receives a polite email without it."),
    )
    sponsor = MemberChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Sponsor"),
        empty_label=_("No sponsor"),
        help_text=_("The member who brought them in."),
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = _current_members(chapter)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for the decision."))
        return cleaned


# --- Member admin


class MemberFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("current", _("Current members")),
        (Membership.Status.ACTIVE, _("Active")),
        (Membership.Status.ON_LEAVE, _("On leave")),
        (Membership.Status.LAPSED, _("Lapsed")),
        (Membership.Status.DROPPED, _("Dropped")),
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
    email = forms.EmailField(label=_("Email address"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    company = forms.CharField(label=_("Company"), max_length=160, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    classification = ClassificationField(queryset=_classification_choices(), label=_("Classification"))
    starts_on = forms.DateField(label=_("Start of this term"), widget=DateInput())
    renewal_due_on = forms.DateField(label=_("Renewal date"), widget=DateInput())
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


# --- Renewals


class RenewForm(forms.Form):
    renewal_due_on = forms.DateField(
        label=_("Next renewal date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for one year after the current renewal date."),
    )


class LeaveForm(forms.Form):
    until = forms.DateField(label=_("On leave until"), widget=DateInput(), help_text=_("At most 8 weeks."))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


# --- Roles


class RoleAssignForm(forms.Form):
    role = forms.ModelChoiceField(queryset=Role.objects.none(), label=_("Role"))
    user = MemberChoiceField(queryset=User.objects.none(), label=_("Member"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(Q(chapter=None) | Q(chapter=chapter)).order_by(
            "sort_order", "name_nl"
        )
        self.fields["user"].queryset = _current_members(chapter)
        self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return cleaned


class RoleCreateForm(forms.Form):
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    capabilities = forms.MultipleChoiceField(
        label=_("May do"), choices=Capability.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


# --- Region: new chapter


class ChapterCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=80,
        help_text=_("Lower case letters, digits and dashes, e.g. zeist-centrum."),
    )
    city = forms.CharField(label=_("City"), max_length=120)
    meeting_weekday = forms.TypedChoiceField(label=_("Meeting day"), choices=WEEKDAYS, coerce=int, initial=1)
    meeting_time = forms.TimeField(
        label=_("Meeting time"), initial="07:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Chapter.objects.filter(slug=slug).exists():
            raise ValidationError(_("This web address is already in use."))
        return slug


class LeaderForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    email = forms.EmailField(label=_("Email address"))
    classification = ClassificationField(queryset=_classification_choices(), label=_("Classification"))

    def __init__(self, *args, role: Role, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.optional = role.code != "president"
        if self.optional:
            for field in self.fields.values():
                field.required = False

    def is_filled(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("first_name", "last_name", "email"))

    def clean_email(self):
        email = self.cleaned_data.get("email", "").lower()
        if (
            email
            and Membership.objects.filter(
                user__email__iexact=email, status__in=Membership.CURRENT_STATUSES
            ).exists()
        ):
            raise ValidationError(_("This person is already a member of a chapter."))
        return email

    def clean(self):
        cleaned = super().clean()
        if self.optional and self.is_filled():
            for name, field in self.fields.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, field.error_messages["required"])
        return cleaned


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    knows = forms.CharField(label=_("Knows people at"), required=False, max_length=100)
    region = forms.BooleanField(label=_("Whole region"), required=False)
