"""The input rules and the cursor every service shares: a breach is a 422 naming the field."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from pydantic import BaseModel, Field, ValidationError

from tukiverkko_common.fields import EARLIEST, LATEST, Input, Instant, Text
from tukiverkko_common.paging import decode_cursor, encode_cursor
from tukiverkko_common.problems import Problem


class Visit(Input):
    at: Instant
    note: str | None = None
    tags: list[str] = Field(default_factory=list)


class Notice(BaseModel):
    text: Text


def _refused_field(**body: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Visit.model_validate(body)
    return [".".join(str(p) for p in e["loc"]) for e in caught.value.errors()]


@pytest.mark.parametrize(
    "written",
    [
        "0001-01-01T00:00:00+02:00",
        "0001-01-01T12:00:00Z",
        "9999-12-31T23:30:00-01:00",
        "9999-12-31T12:00:00Z",
        1_700_000_000,
        "1700000000",
        "2025-03-14T10:00:00",
        "14.3.2025 10:00",
    ],
)
def test_an_instant_that_is_no_rfc_3339_text_or_beyond_the_calendar_is_refused(written):
    assert _refused_field(at=written) == ["at"]


def test_an_instant_keeps_the_offset_it_was_written_with():
    visit = Visit.model_validate({"at": "2025-03-14T10:00:00+02:00"})
    assert visit.at.utcoffset() == timedelta(hours=2)
    assert visit.at.astimezone(UTC) == datetime(2025, 3, 14, 8, tzinfo=UTC)


def test_the_edges_of_the_accepted_range_are_accepted():
    for edge in (EARLIEST, LATEST):
        assert Visit.model_validate({"at": edge.isoformat()}).at == edge


def test_control_characters_are_refused_anywhere_in_an_input_but_line_breaks_pass():
    assert _refused_field(at="2025-03-14T10:00:00Z", note="nimi\x00") == ["note"]
    assert _refused_field(at="2025-03-14T10:00:00Z", tags=["ok", "\x1b[31m"]) == ["tags"]
    kept = Visit.model_validate({"at": "2025-03-14T10:00:00Z", "note": "rivi 1\n\trivi 2\r\n"})
    assert kept.note == "rivi 1\n\trivi 2\r\n"
    with pytest.raises(ValidationError):
        Notice(text="\x07")
    assert Notice(text="a\tb\nc").text == "a\tb\nc"


def test_unknown_fields_are_refused():
    assert _refused_field(at="2025-03-14T10:00:00Z", extra="x") == ["extra"]


def test_a_cursor_resumes_after_the_row_it_was_made_from():
    ident = UUID("01900000-0000-7000-8000-000000000001")
    at = datetime(2025, 3, 14, 10, 0, tzinfo=UTC) + timedelta(microseconds=7)
    assert decode_cursor(encode_cursor(at, ident)) == (at, ident)


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "bm9wZQ",
        encode_cursor(datetime(2025, 1, 1, tzinfo=UTC), UUID(int=1))[:-3],
        # A well-formed cursor whose instant lies beyond what UTC can hold.
        "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzAyOjAwIiwgIjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMSJd",
    ],
)
def test_a_cursor_this_service_did_not_issue_is_a_422_naming_cursor(cursor):
    with pytest.raises(Problem) as caught:
        decode_cursor(cursor)
    assert caught.value.status == 422
    assert [e["field"] for e in caught.value.extra["errors"]] == ["cursor"]
