"""API model of the vocabulary: codes with their labels."""

from pydantic import BaseModel, Field


class VocabularyEntry(BaseModel):
    code: str
    labels: dict[str, str] = Field(description="fi, sv and en labels")
