"""organisation sectors separate from roles; municipalities become producers

The sector now says who an organisation is (wellbeing_region, municipal, third_sector,
private, parish, joint_authority); a municipality no longer holds a region's scopes.
Existing rows get the sector their role implies, and stored scopes outside the role's
new bound are removed from organisations and their API clients.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 04:20:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECTOR_BY_ROLE = {
    "wellbeing_region": "wellbeing_region",
    "dashboard": "wellbeing_region",
    "municipality": "municipal",
    "ngo": "third_sector",
}
PRODUCER = {
    "clients:read",
    "plans:read",
    "plans:write",
    "referrals:read",
    "referrals:answer",
    "realisation:read",
    "resources:read",
    "webhooks:manage",
}
NARROWED = {"municipality": PRODUCER, "ngo": PRODUCER}


def _scopes(value: object) -> list[str]:
    return list(json.loads(value) if isinstance(value, str) else value or [])


def upgrade() -> None:
    bind = op.get_bind()
    orgs = sa.table(
        "organisations",
        sa.column("id"),
        sa.column("role"),
        sa.column("sector"),
        sa.column("scopes", sa.JSON),
    )
    clients = sa.table(
        "api_clients",
        sa.column("client_id"),
        sa.column("organisation_id"),
        sa.column("scopes", sa.JSON),
    )
    for role, sector in SECTOR_BY_ROLE.items():
        bind.execute(orgs.update().where(orgs.c.role == role).values(sector=sector))
    for role, allowed in NARROWED.items():
        rows = bind.execute(sa.select(orgs.c.id, orgs.c.scopes).where(orgs.c.role == role)).all()
        for org_id, scopes in rows:
            kept = sorted(set(_scopes(scopes)) & allowed)
            bind.execute(orgs.update().where(orgs.c.id == org_id).values(scopes=kept))
            for client_id, client_scopes in bind.execute(
                sa.select(clients.c.client_id, clients.c.scopes).where(
                    clients.c.organisation_id == org_id
                )
            ).all():
                narrowed = sorted(set(_scopes(client_scopes)) & allowed)
                bind.execute(
                    clients.update().where(clients.c.client_id == client_id).values(scopes=narrowed)
                )


def downgrade() -> None:
    bind = op.get_bind()
    orgs = sa.table("organisations", sa.column("role"), sa.column("sector"))
    bind.execute(
        orgs.update()
        .where(orgs.c.role.in_(["wellbeing_region", "municipality", "dashboard"]))
        .values(sector="public")
    )
