"""stream regions: dashboard records and subject areas carry the wellbeing region

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tukiverkko_common.area_codes import area_codes

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stream_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=50), nullable=True))
        batch_op.create_index("ix_stream_records_region_seq", ["region", "seq"], unique=False)
    with op.batch_alter_table("subject_areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=50), nullable=True))
    _fill_regions_from_municipalities()


def _fill_regions_from_municipalities() -> None:
    # Records stored before this revision stay visible to their own region's dashboards.
    for table in ("stream_records", "subject_areas"):
        for code, municipality in area_codes().municipalities.items():
            op.execute(
                sa.text(
                    f"UPDATE {table} SET region = :region WHERE municipality = :code"
                ).bindparams(region=municipality.region, code=code)
            )


def downgrade() -> None:
    with op.batch_alter_table("subject_areas", schema=None) as batch_op:
        batch_op.drop_column("region")
    with op.batch_alter_table("stream_records", schema=None) as batch_op:
        batch_op.drop_index("ix_stream_records_region_seq")
        batch_op.drop_column("region")
