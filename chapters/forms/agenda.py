"""Forms for agenda templates and a meeting's agenda."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chapters.forms.meetings import DurationField
from chapters.models import (
    AgendaTemplate,
    AgendaTemplateItem,
    Chapter,
    Meeting,
    MeetingAgendaItem,
)
from members.models import Role


class AgendaTemplateForm(forms.ModelForm):
    class Meta:
        model = AgendaTemplate
        fields = ["name", "is_default"]

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.chapter = chapter

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = self.instance.chapter.agenda_templates.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("There is already an agenda template with this name."))
        return name


def _role_choices(chapter: Chapter):
    return Role.objects.filter(Q(chapter__isnull=True) | Q(chapter=chapter))


class AgendaItemForm(forms.ModelForm):
    planned = DurationField(
        label=_("Duration (m:ss)"),
        help_text=_("For the members' round: the time per member."),
    )

    class Meta:
        fields = ["order", "title", "kind", "planned", "responsible_role"]

    def __init__(self, *args, chapter: Chapter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_role"].queryset = _role_choices(chapter)
        self.fields["order"].widget.attrs["min"] = 0
        if self.instance.pk:
            self.initial["planned"] = self.instance.planned_seconds

    def save(self, commit=True):
        self.instance.planned_seconds = self.cleaned_data["planned"]
        return super().save(commit)


class TemplateItemForm(AgendaItemForm):
    class Meta(AgendaItemForm.Meta):
        model = AgendaTemplateItem


class MeetingItemForm(AgendaItemForm):
    class Meta(AgendaItemForm.Meta):
        model = MeetingAgendaItem


def agenda_formset(model, form, *, extra: int = 2):
    return forms.inlineformset_factory(
        AgendaTemplate if model is AgendaTemplateItem else Meeting,
        model,
        form=form,
        fields=["order", "title", "kind", "responsible_role"],
        extra=extra,
        can_delete=True,
    )


TemplateItemFormSet = agenda_formset(AgendaTemplateItem, TemplateItemForm)


MeetingItemFormSet = agenda_formset(MeetingAgendaItem, MeetingItemForm)
