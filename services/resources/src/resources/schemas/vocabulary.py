"""The code lists as served."""

from pydantic import BaseModel


class CodeRead(BaseModel):
    """A code with its Finnish and Swedish labels."""

    code: str
    fi: str
    sv: str


class VocabularyRead(BaseModel):
    """Every code list of the resource file."""

    competences: list[CodeRead]
    sectors: list[CodeRead]
    life_areas: list[CodeRead]
    target_groups: list[CodeRead]
    activity_kinds: list[CodeRead]
    network_kinds: list[CodeRead]
