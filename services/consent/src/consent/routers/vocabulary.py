"""Vocabulary route: the codes the service speaks with their labels."""

from fastapi import APIRouter

from consent.codes import LABELS, VOCABULARY_ENUMS
from consent.routers.common import problems
from consent.schemas.vocabulary import VocabularyEntry

router = APIRouter(prefix="/api/v1", responses=problems(400, 401, 422))


@router.get(
    "/vocabulary", tags=["vocabulary"], summary="Codes with Finnish, Swedish and English labels"
)
async def vocabulary() -> dict[str, list[VocabularyEntry]]:
    return {
        group: [VocabularyEntry(code=code.value, labels=LABELS[group][code.value]) for code in enum]
        for group, enum in VOCABULARY_ENUMS.items()
    }
