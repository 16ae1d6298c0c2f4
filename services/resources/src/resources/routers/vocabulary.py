"""The code lists."""

from fastapi import APIRouter

from resources.schemas.vocabulary import VocabularyRead
from resources.service.vocabulary import vocabulary

router = APIRouter(prefix="/api/v1", tags=["vocabulary"])


@router.get("/resource-codes", summary="Competence taxonomy and the other code lists, fi/sv labels")
async def get_vocabulary() -> VocabularyRead:
    return vocabulary()
