"""The code lists (static: they change with a release, not at run time)."""

from resources.codes import VOCABULARY
from resources.schemas.vocabulary import CodeRead, VocabularyRead


def vocabulary() -> VocabularyRead:
    """Return every code list with its labels."""
    lists = {
        name: [CodeRead(code=code, **labels) for code, labels in codes.items()]
        for name, codes in VOCABULARY.items()
    }
    return VocabularyRead(**lists)
