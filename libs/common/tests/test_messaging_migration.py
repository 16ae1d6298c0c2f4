"""The initial migrations' messaging tables come from one helper and match the models' tables."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import MetaData, create_engine, inspect

from tukiverkko_common.migrations import (
    add_outbox_parking,
    create_messaging_tables,
    drop_messaging_tables,
)
from tukiverkko_common.tables import define_messaging_tables, service_metadata


def _migrate(step, **options):
    engine = create_engine("sqlite://")
    conn = engine.connect()
    with Operations.context(MigrationContext.configure(conn)):
        step(**options)
    return conn


def _initial_and_later_revisions() -> None:
    create_messaging_tables()
    add_outbox_parking()
    add_outbox_parking()  # idempotent: a second run (or a database that has them) changes nothing


def test_the_helpers_create_exactly_the_tables_the_models_define():
    conn = _migrate(_initial_and_later_revisions)
    models = service_metadata()
    define_messaging_tables(models)
    assert compare_metadata(MigrationContext.configure(conn), models) == []


@pytest.mark.parametrize(
    ("named", "pk", "unique"), [(True, "pk_outbox", "uq_outbox_event_id"), (False, None, None)]
)
def test_constraint_names_follow_the_services_convention_or_are_left_to_the_database(
    named, pk, unique
):
    inspector = inspect(_migrate(create_messaging_tables, named_constraints=named))
    assert inspector.get_pk_constraint("outbox")["name"] == pk
    assert [u["name"] for u in inspector.get_unique_constraints("outbox")] == [unique]
    assert [i["name"] for i in inspector.get_indexes("outbox")] == ["ix_outbox_unsent"]
    assert inspector.get_pk_constraint("inbox")["constrained_columns"] == ["consumer", "event_id"]


def test_the_downgrade_removes_them_again():
    conn = _migrate(create_messaging_tables)
    with Operations.context(MigrationContext.configure(conn)):
        drop_messaging_tables()
    reflected = MetaData()
    reflected.reflect(conn)
    assert list(reflected.tables) == []
