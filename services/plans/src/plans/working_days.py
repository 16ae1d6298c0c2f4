"""Finnish working days and the due time of a follow-up task.

A working day is Monday to Friday and not a public holiday in Finland (the `holidays`
package's calendar, which includes Midsummer Eve and Christmas Eve, the days offices close).
"Same working day" is the observation day itself when it is a working day, else the next one.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from tukiverkko_common.clock import HELSINKI, as_utc


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: date) -> bool:
    """Return whether `day` is a working day in Finland."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_day(start: date, after: int) -> date:
    """Return the working day `after` working days from `start` (0: `start` or the next one)."""
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    for _ in range(after):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def due_at(observed_on: date, working_days: int, ends_at: time) -> datetime:
    """Return the UTC instant a task is due: the end of the working day it falls on (Helsinki)."""
    return as_utc(datetime.combine(working_day(observed_on, working_days), ends_at, HELSINKI))
