"""The mail preferences page: one choice per switchable topic."""

from django import forms

from members.models import SWITCHABLE_TOPICS, Delivery, MailTopic

# The summary is only a mail: "in the app only" would mean nothing.
SUMMARY_CHOICES = [(Delivery.EMAIL.value, Delivery.EMAIL.label), (Delivery.OFF.value, Delivery.OFF.label)]


class MailPreferencesForm(forms.Form):
    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for topic in SWITCHABLE_TOPICS:
            self.fields[topic.value] = forms.ChoiceField(
                label=topic.label,
                choices=SUMMARY_CHOICES if topic == MailTopic.SUMMARY else Delivery.choices,
                initial=current[topic.value],
                widget=forms.RadioSelect,
            )
