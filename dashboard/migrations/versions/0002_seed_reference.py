"""seed reference data: sectors, dimensions, default scoring weights

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

from core import reference as ref

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

sector = sa.table(
    "sector",
    sa.column("name", sa.String),
    sa.column("internal", sa.Boolean),
    sa.column("aliases", sa.Text),
    sa.column("sort_order", sa.Integer),
)
dimension = sa.table(
    "dimension",
    sa.column("name", sa.String),
    sa.column("aliases", sa.Text),
    sa.column("sort_order", sa.Integer),
    sa.column("cross_cutting", sa.Boolean),
)
weight = sa.table(
    "scoring_weight",
    sa.column("category", sa.String),
    sa.column("key", sa.String),
    sa.column("points", sa.Float),
)


def upgrade() -> None:
    op.bulk_insert(
        sa.table("app_state", sa.column("key", sa.String), sa.column("value", sa.Text)),
        [{"key": "data_version", "value": "0"}],
    )
    op.bulk_insert(
        sector,
        [
            {"name": s.name, "internal": s.internal, "aliases": "|".join(s.aliases), "sort_order": i}
            for i, s in enumerate(ref.SECTORS)
        ],
    )
    rows = []
    for i, name in enumerate(ref.DIMENSIONS):
        short = name.removeprefix("Smart ").strip()
        rows.append({"name": name, "aliases": short, "sort_order": i, "cross_cutting": False})
    rows.append(
        {"name": ref.CROSS_DIMENSION, "aliases": "Lintas|Semua Dimensi", "sort_order": 99, "cross_cutting": True}
    )
    op.bulk_insert(dimension, rows)
    op.bulk_insert(
        weight,
        [{"category": "attendance", "key": k, "points": v} for k, v in ref.DEFAULT_ATTENDANCE_POINTS.items()]
        + [{"category": "contribution", "key": k, "points": v} for k, v in ref.DEFAULT_CONTRIBUTION_POINTS.items()],
    )


def downgrade() -> None:
    op.execute("DELETE FROM app_state WHERE key = 'data_version'")
    op.execute(weight.delete())
    op.execute(dimension.delete())
    op.execute(sector.delete())
