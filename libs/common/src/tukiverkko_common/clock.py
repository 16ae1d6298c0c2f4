"""UTC for storage, Europe/Helsinki for calendar logic."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime (as SQLite returns them) as UTC; convert aware ones."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def month_bounds_utc(year: int, month: int) -> tuple[datetime, datetime]:
    """Return the UTC instants where a Helsinki calendar month starts and ends."""
    start_local = datetime.combine(date(year, month, 1), time.min, HELSINKI)
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    end_local = datetime.combine(next_month, time.min, HELSINKI)
    return start_local.astimezone(UTC), end_local.astimezone(UTC)


def helsinki_date(value: datetime) -> date:
    """Return the Helsinki calendar date of an instant."""
    return as_utc(value).astimezone(HELSINKI).date()


__all__ = ["HELSINKI", "as_utc", "helsinki_date", "month_bounds_utc", "timedelta", "utcnow"]
