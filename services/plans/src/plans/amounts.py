"""The one conversion of agreed amounts to a month: per day, over the Helsinki month's days.

A week-based amount is hours × 60 / 7 a day, so a month plans hours × 60 × days / 7 (2 h/week
is 8 h in a 28-day February and 8.86 h in a 31-day March). A month-based amount is spread
evenly over the month's days. The realisation and every read model use these functions, and
show the rule they used (CONVERSION) with the month it was applied to.
"""

from datetime import date

CONVERSION = "days_in_month/7"


def days_in_month(first: date) -> int:
    """Return the number of days of the calendar month that starts on `first`."""
    next_first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return (next_first - first).days


def minutes_per_day(hours: float, per: str, month_days: int) -> float:
    """Return an agreed amount's minutes for one day of a month with `month_days` days."""
    return hours * 60.0 / 7.0 if per == "week" else hours * 60.0 / month_days


def monthly_minutes(hours: float, per: str, first: date) -> int:
    """Return an agreed amount as minutes for the whole month starting on `first`."""
    month_days = days_in_month(first)
    return round(minutes_per_day(hours, per, month_days) * month_days)
