"""Forms for visitors: the public registration and the host's follow-up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chapters.forms.attendance import MeetingChoiceField, open_meetings
from chapters.models import (
    Chapter,
    Meeting,
    Visitor,
)
from chapters.services.visitors import VisitorDetails
from members.forms.fields import BoundedDateField, DateInput
from members.models import User
from members.selectors.memberships import current_members, current_memberships


class VisitorDetailsForm(forms.Form):
    """Who comes to which meeting: what a visitor's registration and a member's guest share."""

    meeting = MeetingChoiceField(label=_("Which meeting?"), queryset=Meeting.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    company = forms.CharField(label=_("Company"), max_length=160)
    profession = forms.CharField(label=_("Profession"), max_length=160)
    email = forms.EmailField(label=_("Email address"), max_length=Visitor._meta.get_field("email").max_length)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def visitor_details(self) -> VisitorDetails:
        data = self.cleaned_data
        return {name: data[name] for name in VisitorDetails.__annotations__}


class VisitorRegistrationForm(VisitorDetailsForm):
    invited_by = forms.ModelChoiceField(
        label=_("Who invited you?"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody / I found you myself"),
    )
    consent = forms.BooleanField(
        label=_("I agree that the chapter stores these details to welcome me and to follow up my visit."),
    )
    # A field people never see (hidden by CSS); bots fill every field they find.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_meetings(chapter, weeks=8)
        self.fields["invited_by"].queryset = current_members(chapter).order_by("first_name", "last_name")
        # A public page: first name and classification, never a member's full name.
        classifications = {m.user_id: m.classification.name for m in current_memberships([chapter])}
        self.fields["invited_by"].label_from_instance = lambda user: " · ".join(
            filter(None, [user.first_name, classifications.get(user.pk, "")])
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class VisitorUpdateForm(forms.ModelForm):
    class Meta:
        model = Visitor
        fields = ["status", "follow_up_by", "follow_up_due", "notes"]
        field_classes = {"follow_up_due": BoundedDateField}
        widgets = {
            "follow_up_due": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_by"].queryset = current_members(chapter).order_by("first_name", "last_name")


class WalkInForm(forms.Form):
    """At the door, in seconds: a guest nobody registered, or a member's substitute."""

    kind = forms.ChoiceField(
        label=_("Kind of guest"), choices=Visitor.Kind.choices, initial=Visitor.Kind.VISITOR
    )
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=120)
    profession = forms.CharField(label=_("Profession"), max_length=160)
    company = forms.CharField(label=_("Company"), max_length=160, required=False)
    email = forms.EmailField(
        label=_("Email address"), max_length=Visitor._meta.get_field("email").max_length, required=False
    )
    invited_by = forms.ModelChoiceField(
        label=_("Invited by"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    substitute_for = forms.ModelChoiceField(
        label=_("Substitute for"),
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("For a substitute: the member they stand in for (recorded S)."),
    )
    consent = forms.BooleanField(label=_("The guest agrees that the chapter stores these details."))

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        members = current_members(chapter).order_by("first_name", "last_name")
        self.fields["invited_by"].queryset = members
        self.fields["substitute_for"].queryset = members
        for name in ("first_name", "last_name", "profession", "company", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        if data.get("kind") == Visitor.Kind.SUBSTITUTE and not data.get("substitute_for"):
            self.add_error("substitute_for", _("Choose the member this substitute stands in for."))
        return data


class GuestInviteForm(VisitorDetailsForm):
    """A member registers the visitor they invite."""

    consent = forms.BooleanField(
        label=_("My guest agrees that the chapter stores these details and sends them an invitation.")
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_meetings(chapter, weeks=8)
