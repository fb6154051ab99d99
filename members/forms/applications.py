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
from members.selectors.classifications import lockable_classifications, open_classifications
from members.services.classifications import classification_holder, classification_is_locked


class ApplicationForm(forms.ModelForm):
    """Only open seats are offered; a taken or locked one that is posted anyway is refused by name.

    "None of these fits" is the empty choice: the applicant then describes their profession and the
    committee maps it to a classification later.
    """

    classification = ClassificationField(
        queryset=_classification_choices(),
        label=_("Your profession"),
        required=False,
        empty_label=_("None of these fits: I describe my profession below"),
    )
    profession = forms.CharField(
        label=_("Your profession in your own words"),
        max_length=160,
        required=False,
        help_text=_(
            "Only if your profession is not in the list; the membership committee finds the right seat."
        ),
    )
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
            "profession",
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
        field = self.fields["classification"]
        field.queryset = _classification_choices()  # what a post may name; refused below if not open
        field.widget.choices = [("", field.empty_label)] + [
            (classification.pk, field.label_from_instance(classification))
            for classification in open_classifications(chapter)
        ]
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_classification(self):
        classification = self.cleaned_data["classification"]
        if classification is None:
            return None
        if classification_is_locked(chapter=self.chapter, classification=classification):
            raise ValidationError(
                _("This classification is currently closed in this chapter. Please contact the chapter.")
            )
        if classification_holder(chapter=self.chapter, classification=classification):
            raise ValidationError(_("This chapter already has a member in this classification."))
        return classification

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("classification"):
            cleaned["profession"] = ""
        elif "classification" not in self.errors and not cleaned.get("profession", "").strip():
            self.add_error(
                "profession",
                _("Choose your profession from the list, or describe it here if none of them fits."),
            )
        return cleaned


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
        if not self.initial.get("interviewed_on"):
            self.initial["interviewed_on"] = timezone.localdate()


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

    early_reason = forms.CharField(
        label=_("Reason to approve before the objection window closes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only when approving early; it is recorded with the decision."),
    )

    def __init__(self, *args, chapter: Chapter, approvable: bool = True, window_open: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = _current_members(chapter)
        self.window_open = window_open
        if not approvable:
            # "Approve" is neither offered nor accepted while the seat is taken, locked or unknown,
            # or before the applicant was proposed to the members.
            self.fields["decision"].choices = [(self.REJECT, _("Reject"))]
            self.fields["decision"].initial = self.REJECT
        if not (approvable and window_open):
            del self.fields["early_reason"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == self.APPROVE
            and self.window_open
            and not cleaned.get("early_reason", "").strip()
        ):
            self.add_error(
                "early_reason", _("The objection window is still open: give the reason for approving now.")
            )
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for the decision."))
        return cleaned


class ClassifyForm(forms.Form):
    """The committee picks the seat for an applicant whose profession was not in the list."""

    classification = ClassificationField(
        queryset=_classification_choices(),
        label=_("Classification"),
        empty_label=_("Choose a classification"),
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classification"].queryset = open_classifications(chapter)


class ClassificationLockForm(forms.Form):
    classification = ClassificationField(
        queryset=_classification_choices(),
        label=_("Classification"),
        empty_label=_("Choose a classification"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=250,
        help_text=_("For example: reserved for a member who returns after leave."),
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classification"].queryset = lockable_classifications(chapter)


class ClassificationUnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for unlocking"), max_length=250, required=False)


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Your objection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the membership committee reads this; the applicant does not see who objected."),
    )


class WantedClassificationForm(forms.Form):
    classification = ClassificationField(
        queryset=_classification_choices(),
        label=_("Profession we look for"),
        empty_label=_("Choose an open classification"),
    )
    note = forms.CharField(
        label=_("Note for visitors"),
        max_length=200,
        required=False,
        help_text=_("For example: a bookkeeper for small businesses in the region."),
    )

    def __init__(self, *args, chapter: Chapter, **kwargs):
        # Its own ids: it shares the seats page with the lock form, whose field has the same name.
        kwargs.setdefault("auto_id", "wanted_%s")
        super().__init__(*args, **kwargs)
        self.fields["classification"].queryset = open_classifications(chapter)
