"""A small service built only on the shared library, to exercise the event backbone.

It records numbered entries per client (producer side) and applies them to a
projection (consumer side), remembering the order in which they arrived.
"""

from typing import ClassVar

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, Integer, MetaData, String, Table, select

from tukiverkko_common.app import RuntimeDep, UowDep, build_app
from tukiverkko_common.consumer import PermanentError
from tukiverkko_common.events import CloudEvent, EventData
from tukiverkko_common.runtime import ServiceSpec
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.tables import define_messaging_tables
from tukiverkko_common.uow import UnitOfWork

metadata = MetaData()
tables = define_messaging_tables(metadata)
entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client", String(50), nullable=False),
    Column("n", Integer, nullable=False),
)
applied = Table(
    "applied",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client", String(50), nullable=False),
    Column("n", Integer, nullable=False),
)


def entry_contract(topic_name: str) -> type[EventData]:
    """Return a contract class bound to a per-test topic (not registered globally)."""

    class EntryRecorded(EventData):
        event_type: ClassVar[str] = "fi.tukiverkko.test.entry_recorded.v1"
        topic: ClassVar[str] = topic_name
        client: str
        n: int
        poison: bool = False

    return EntryRecorded


class EntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client: str
    n: int
    poison: bool = False


def build_ledger(settings: ServiceSettings, topic: str, *, consume: bool = True):
    """Return (app, contract) for a ledger on `topic`."""
    spec, contract = ledger_spec(settings, topic, consume=consume)
    return build_app(spec), contract


def ledger_spec(settings: ServiceSettings, topic: str, *, consume: bool = True):
    """Return (spec, contract) for a ledger on `topic` (a worker process runs the spec alone)."""
    contract = entry_contract(topic)
    router = APIRouter()

    @router.post("/entries", status_code=201)
    async def record(body: EntryIn, uow: UowDep) -> dict:
        await record_entry(uow, contract, body.client, body.n, body.poison)
        return {"client": body.client, "n": body.n}

    @router.get("/applied/{client}")
    async def applied_for(client: str, runtime: RuntimeDep) -> list[int]:
        async with runtime.sessions() as s:
            rows = await s.execute(
                select(applied.c.n).where(applied.c.client == client).order_by(applied.c.id)
            )
            return [r.n for r in rows]

    spec = ServiceSpec(
        name=settings.service_name,
        title="ledger",
        description="test service",
        settings=settings,
        metadata=metadata,
        tables=tables,
        routers=[router],
        handlers={contract.event_type: apply_entry} if consume else {},
        topics=[topic] if consume else [],
        internal=False,
    )
    return spec, contract


async def record_entry(
    uow: UnitOfWork, contract: type[EventData], client: str, n: int, poison: bool = False
) -> None:
    """Insert an entry and stage its event in one transaction."""
    await uow.session.execute(entries.insert().values(client=client, n=n))
    uow.stage(contract(client=client, n=n, poison=poison), key=client)
    await uow.commit()


async def apply_entry(uow: UnitOfWork, event: CloudEvent) -> None:
    """Project an entry; a poison entry fails every time."""
    if event.data.get("poison"):
        raise PermanentError(f"entry {event.data['n']} is marked poison")
    await uow.session.execute(
        applied.insert().values(client=event.data["client"], n=event.data["n"])
    )
