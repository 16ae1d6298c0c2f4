"""Rent-ledger (vuokrareskontra) import API models: the landlord's rows, as JSON or CSV."""

from typing import Literal, Self
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from plans.schemas.clients import RegionCode
from tukiverkko_common.fields import Input

MAX_ROWS = 1000
"""Rows per import: a larger ledger goes in several (a file of 1,000 rows stays well inside the
gateway's 256 KiB body limit, so too many rows is a 422, not a 413)."""
CSV_COLUMNS = ("apartment", "client_id", "month", "due", "paid")


class LedgerRow(Input):
    """One apartment's month: rent due and paid (EUR). The apartment is the landlord's code
    recorded on the client (`housing_unit_code`); a row may name the client id instead."""

    model_config = ConfigDict(extra="forbid")

    apartment: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
    client_id: UUID | None = Field(default=None, validate_default=True)
    month: str = Field(pattern=r"^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$")
    # Strict: a JSON amount is a number, as the schema says (the CSV reader converts its text).
    due: float = Field(ge=0, le=100_000, strict=True)
    paid: float = Field(ge=0, le=100_000, strict=True)

    @field_validator("client_id")
    @classmethod
    def _names_the_apartment_or_client(
        cls, value: UUID | None, info: ValidationInfo
    ) -> UUID | None:
        if value is None and info.data.get("apartment") is None and "apartment" in info.data:
            raise ValueError("name the apartment or the client_id")
        return value


class LedgerImport(Input):
    """A rent-ledger file for the caller's region: `rows` as JSON, or `csv` with a header line
    `apartment,month,due,paid` (a `client_id` column may replace or accompany `apartment`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "region": "kymenlaakso",
                    "rows": [
                        {"apartment": "KVA-0042", "month": "2025-03", "due": 540, "paid": 0},
                        {"apartment": "KVA-0043", "month": "2025-03", "due": 610, "paid": 610},
                    ],
                },
                {
                    "region": "kymenlaakso",
                    "csv": "apartment,month,due,paid\nKVA-0042,2025-03,540,200\n",
                },
            ]
        },
    )

    region: RegionCode = Field(description="The region whose clients the rows are about")
    rows: list[LedgerRow] | None = Field(default=None, max_length=MAX_ROWS)
    csv: str | None = Field(
        default=None,
        max_length=40_000,
        description="CSV text, UTF-8 (a larger ledger goes in several imports: the gateway "
        "accepts bodies up to 256 KiB)",
    )

    @model_validator(mode="after")
    def _one_format(self) -> Self:
        if (self.rows is None) == (self.csv is None):
            raise ValueError("rows: send either rows (JSON) or csv, not both or neither")
        return self


class LedgerItem(BaseModel):
    """What one row did: opened a rent task, found the rent paid, or was imported before."""

    row: int = Field(description="0-based row number (CSV: data line, the header not counted)")
    client_id: UUID
    month: str
    outcome: Literal["task_opened", "paid", "already_imported"]
    task_id: UUID | None


class LedgerImported(BaseModel):
    """The import's result; importing the same rows again opens nothing new."""

    rows: int
    tasks_opened: int
    paid: int
    already_imported: int
    items: list[LedgerItem]
