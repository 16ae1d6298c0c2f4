"""Column types and SQL functions that behave the same on SQLite and PostgreSQL, for every service."""

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from tukiverkko_common.clock import as_utc


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC; SQLite's naive results come back aware.

    SQLite keeps datetimes as text without an offset, so every value is converted to UTC
    before it is bound: comparisons stay correct whatever offset a caller sent.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


class day_diff(FunctionElement[int]):
    """Whole days from the second date to the first (`a - b`), on both backends."""

    type = Integer()
    inherit_cache = True
    name = "day_diff"


@compiles(day_diff, "sqlite")
def _day_diff_sqlite(element: day_diff, compiler: Any, **kw: Any) -> str:
    a, b = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(ROUND(julianday({a}) - julianday({b})) AS INTEGER)"


@compiles(day_diff)
def _day_diff_default(element: day_diff, compiler: Any, **kw: Any) -> str:
    a, b = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"({a} - {b})"
