"""Calendar arithmetic the standard library leaves out."""

import calendar
import datetime


def in_year(day: datetime.date, year: int) -> datetime.date:
    """`day` in another year: 29 February becomes the 28th where that year has no leap day."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def months_before[Moment: (datetime.date, datetime.datetime)](moment: Moment, months: int) -> Moment:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))
