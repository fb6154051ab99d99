import datetime

from config.dates import in_year


def test_a_leap_day_moves_to_the_28th_in_a_year_without_one():
    assert in_year(datetime.date(2024, 2, 29), 2026) == datetime.date(2026, 2, 28)
    assert in_year(datetime.date(2024, 2, 29), 2028) == datetime.date(2028, 2, 29)
    assert in_year(datetime.date(2025, 12, 3), 2026) == datetime.date(2026, 12, 3)
