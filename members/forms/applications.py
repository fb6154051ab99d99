"""Applying for membership and deciding on an application."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from members.forms.fields import (
    BoundedDateField,
    ClassificationField,
    DateInput,
    MemberChoiceField,
    _classification_choices,
    _current_members,
)
from members.models import Application, User
from members.services.classifications import classification_holder, classification_is_locked


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
        if classification_is_locked(chapter=self.chapter, classification=classification):
            raise ValidationError(
                _("This classification is currently closed in this chapter. Please contact the chapter.")
            )
        if classification_holder(chapter=self.chapter, classification=classification):
            raise ValidationError(_("This chapter already has a member in this classification."))
        return classification


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["interviewed_on", "interview_notes"]
        field_classes = {"interviewed_on": BoundedDateField}
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
