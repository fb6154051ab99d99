from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chapters.forms.meetings import ChapterSettingsForm
from chapters.models import Chapter
from chapters.services.schedule import chapter_update_schedule, meeting_generate_ahead
from config.cache import changed
from members.access import chapter_view
from members.capabilities import Capability


@chapter_view(capability=Capability.MANAGE_CHAPTER)
def chapter_settings(request: HttpRequest) -> HttpResponse:
    """The weekly schedule and the absence rules. Saving plans the coming weeks' meetings."""
    chapter = Chapter.objects.get(pk=request.chapter.pk)
    old_weekday, old_time = chapter.meeting_weekday, chapter.meeting_time
    form = ChapterSettingsForm(request.POST or None, instance=chapter)
    if request.method == "POST" and form.is_valid():
        chapter = form.save()
        changed(everything=True)  # every cached login carries its chapter's settings
        moved = 0
        if (chapter.meeting_weekday, chapter.meeting_time) != (
            old_weekday,
            old_time,
        ) or "venue" in form.changed_data:
            moved = chapter_update_schedule(chapter=chapter, old_weekday=old_weekday, old_time=old_time)
        planned = meeting_generate_ahead(chapter=chapter)
        messages.success(
            request,
            _(
                "Settings saved. %(moved)s future meetings follow the new schedule, %(planned)s new ones are planned."
            )
            % {"moved": moved, "planned": len(planned)},
        )
        return redirect("chapter_settings", chapter.slug)
    return render(request, "chapters/chapter_settings.html", {"chapter": chapter, "form": form})
