"""Queries every area uses: load-or-404 and one page of a sync list."""

from typing import Any, Protocol, TypeVar
from uuid import UUID

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from tukiverkko_common.paging import PageParams, apply_page, cut_page
from tukiverkko_common.problems import not_found


class _Identified(Protocol):
    id: Any  # a table model's id column (UUID on instances, a column on the class)


M = TypeVar("M", bound=_Identified)


async def get_or_404(
    session: AsyncSession, model: type[M], ident: UUID, what: str, *, lock: bool = False
) -> M:
    """Return the row with this id or raise a 404 problem; `lock` holds it for the transaction."""
    query = select(model).where(model.id == ident)
    if lock:
        query = query.with_for_update()
    found = (await session.exec(query)).first()
    if found is None:
        raise not_found(what, ident)
    return found


async def page(
    session: AsyncSession, query: SelectOfScalar[Any], model: Any, params: PageParams
) -> tuple[list[Any], str | None]:
    """Return one page of `query` (rows of `model`) and the next cursor."""
    rows = list((await session.exec(apply_page(query, model, params))).all())
    return cut_page(rows, params)
