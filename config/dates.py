"""Calendar arithmetic the standard library leaves out."""

import datetime


def in_year(day: datetime.date, year: int) -> datetime.date:
    """`day` in another year: 29 February becomes the 28th where that year has no leap day."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)
