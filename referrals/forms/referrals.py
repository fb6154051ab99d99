"""Forms for referral slips: new, edit, status, consent and withdraw."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Membership
from referrals.models import Referral
from referrals.services.referrals import ReferralData

TEMPERATURE_CHOICES = [
    (1, _("1 · contact details of someone expecting your call")),
    (2, _("2 · plus background about what they need")),
    (3, _("3 · plus my testimonial about you")),
    (4, _("4 · plus a call from me arranging a meeting")),
    (5, _("5 · an in-person introduction")),
]


# What the giver may choose on a new slip; the contact's own yes (through Kring) is never a choice here.
CONSENT_CHOICES = [
    (Referral.Consent.TOLD_THEM, Referral.Consent.TOLD_THEM.label),
    (Referral.Consent.GAVE_CARD, Referral.Consent.GAVE_CARD.label),
    (Referral.Consent.ASK, _("Ask them for me: Kring emails them “Mag ik je doorgeven?”")),
    (Referral.Consent.NONE, Referral.Consent.NONE.label),
]
ASK_LANGUAGE_CHOICES = [("nl", _("Dutch")), ("en", _("English"))]


class IdempotentForm(forms.Form):
    """Carries a token made when the form is rendered, so a double submit creates one row."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and "idempotency_key" in self.errors:
            # The hidden token was missing or changed: say so above the form, and render a fresh
            # token so the next send can go through (the field itself is never shown).
            del self.errors["idempotency_key"]
            self.add_error(
                None, _("This form could not be sent as it was. Check your entries and send it again.")
            )
            self.data = self.data.copy()
            self.data[self.add_prefix("idempotency_key")] = str(uuid.uuid4())
        return cleaned


class ReferralForm(IdempotentForm):
    # The receiver's current membership, posted as their user id: its chapter comes along.
    receiver = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        to_field_name="user_id",
        label=_("To"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the member you pass the referral to."),
            "invalid_choice": _("Choose a current member of your region."),
        },
    )
    # The common case is a referral for someone else; "for my own business" is one tap.
    own_business = forms.BooleanField(label=_("For my own business (I am the customer)"), required=False)
    need = forms.CharField(
        label=_("What is needed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_name = forms.CharField(label=_("Name"), max_length=160, required=False)
    contact_company = forms.CharField(label=_("Company"), max_length=160, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_email = forms.EmailField(
        label=_("Email"), max_length=Referral._meta.get_field("contact_email").max_length, required=False
    )
    # Consent first: nothing is pre-selected, the giver says it with a tap (checked in clean()).
    consent = forms.ChoiceField(
        label=_("Does the contact expect the call?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    ask_language = forms.ChoiceField(
        label=_("Language of Kring's email to the contact"),
        choices=ASK_LANGUAGE_CHOICES,
        initial="nl",
        required=False,
    )
    recommendation = forms.ChoiceField(
        label=_("Recommend or introduce"),
        choices=Referral.Recommendation.choices,
        widget=forms.RadioSelect,
        initial=Referral.Recommendation.INTRODUCE,
        help_text=_(
            "Recommend only from your own experience: a thank-you you gave this member, a testimonial "
            "you wrote, or tick “I was a customer myself”. Otherwise the slip is an introduction."
        ),
    )
    giver_was_customer = forms.BooleanField(label=_("I was a customer myself"), required=False)
    # "I know someone" on an ask: the slip answers the receiver's current weekly ask.
    # The asker's user id, from the "I know someone" link.
    answers_ask = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    temperature = forms.TypedChoiceField(
        label=_("Temperature"),
        choices=TEMPERATURE_CHOICES,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text=_(
            "How much effort you put in, not the chance of a sale. Each level includes the ones before."
        ),
    )

    def __init__(self, *args, receivers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = receivers if receivers is not None else Membership.objects.none()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("own_business"):
            if not (cleaned.get("contact_name") or "").strip():
                self.add_error("contact_name", _("Who is the contact? Enter their name."))
            if not (cleaned.get("contact_phone") or cleaned.get("contact_email")):
                self.add_error("contact_phone", _("Give a phone number or an email address of the contact."))
            if not cleaned.get("consent"):
                self.add_error("consent", _("Choose whether the contact knows you pass on their details."))
            elif cleaned["consent"] == Referral.Consent.ASK and not cleaned.get("contact_email"):
                self.add_error(
                    "contact_email", _("Kring asks the contact by email: enter their email address.")
                )
        return cleaned

    def referral_data(self):
        data = self.cleaned_data
        own = data["own_business"]
        return ReferralData(
            need=data["need"],
            kind=Referral.Kind.OWN_BUSINESS if own else Referral.Kind.THIRD_PARTY,
            contact_name=data.get("contact_name", ""),
            contact_company=data.get("contact_company", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
            consent=data.get("consent") or Referral.Consent.NONE,
            recommendation=data["recommendation"],
            giver_was_customer=data.get("giver_was_customer", False),
            temperature=data["temperature"],
            ask_language=data.get("ask_language") or "nl",
            answers_ask_of=data.get("answers_ask"),
        )


class ReferralEditForm(ReferralForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        required=False,
        help_text=_("This week's record is completed: a change is kept as a correction."),
    )

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["receiver"]
        del self.fields["idempotency_key"]
        del self.fields["answers_ask"]
        if self.initial.get("consent") == Referral.Consent.CONTACT_YES:
            # The contact's own yes stays a choice on the slip it was given for, never on another.
            self.fields["consent"].choices = [
                (Referral.Consent.CONTACT_YES, Referral.Consent.CONTACT_YES.label),
                *CONSENT_CHOICES,
            ]
        if not locked:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True

    @classmethod
    def initial_for(cls, referral: Referral) -> dict:
        return {
            "own_business": referral.kind == Referral.Kind.OWN_BUSINESS,
            "need": referral.need,
            "contact_name": referral.contact_name,
            "contact_company": referral.contact_company,
            "contact_phone": referral.contact_phone,
            "contact_email": referral.contact_email,
            "consent": referral.consent,
            "recommendation": referral.recommendation,
            "giver_was_customer": referral.giver_was_customer,
            "temperature": referral.temperature,
        }


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=Referral.Status.choices)
    expected_status = forms.ChoiceField(choices=Referral.Status.choices)
    note = forms.CharField(max_length=500, required=False)


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("How did the contact agree?"),
        choices=[
            (Referral.Consent.TOLD_THEM, Referral.Consent.TOLD_THEM.label),
            (Referral.Consent.GAVE_CARD, Referral.Consent.GAVE_CARD.label),
            CONSENT_CHOICES[2],
        ],
        widget=forms.RadioSelect,
    )
    ask_language = forms.ChoiceField(
        label=_("Language of Kring's email to the contact"),
        choices=ASK_LANGUAGE_CHOICES,
        initial="nl",
        required=False,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
