import datetime

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from chapters.reports.figures import PALMS_KEYS
from chapters.schemes import COLOUR_LABELS
from chapters.selectors.agenda import format_seconds
from chapters.standard_sections import section_title

register = template.Library()
register.filter("section_title", section_title)


@register.filter
def duration(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    try:
        return format_seconds(int(seconds))
    except (TypeError, ValueError):
        return ""


@register.filter
def clock_at(meeting, offset_seconds) -> str:
    """The wall-clock time (chapter's zone) `offset_seconds` after the meeting's start."""
    moment = meeting.starts_at + datetime.timedelta(seconds=int(offset_seconds or 0))
    return timezone.localtime(moment, meeting.chapter.zone).strftime("%H:%M")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def network_cells(cells: list[int]) -> str:
    """A network row's counts as table cells. Built here rather than by a template loop: the matrix
    has members² cells (1,600 at 40 members), which took most of the report's time to render."""
    return mark_safe("".join(_NETWORK_CELLS[min(int(count), 3)].format(count=int(count)) for count in cells))


_NETWORK_CELLS = (
    '<td class="text-center text-body-tertiary">·</td>',
    '<td class="text-center network-cell-1">{count}</td>',
    '<td class="text-center network-cell-2">{count}</td>',
    '<td class="text-center network-cell-3">{count}</td>',
)


@register.filter
def palms_cells(row) -> str:
    """A PALMS row's figures (a member, or the totals as a dict) as table cells, TYFCB in whole euros.

    Built here rather than by 14 template variables a row: rendering the cells was half the report's
    time at 40 members."""
    values = row if isinstance(row, dict) else row.__dict__
    cells = []
    for key in PALMS_KEYS:
        if key == "tyfcb":
            cells.append(f'<td class="text-end text-nowrap">{floatformat(values[key], "0g")}</td>')
        else:
            cells.append(f'<td class="text-end">{number_format(values[key])}</td>')
    return mark_safe("".join(cells))


@register.filter
def colour_badge(colour: str) -> str:
    """A score's colour as a badge (green, amber, red; anything else reads grey)."""
    known = colour if colour in COLOUR_LABELS else "grey"
    return format_html('<span class="badge score-badge score-{}">{}</span>', colour, COLOUR_LABELS[known])
