"""standing rules as data: the thresholds of Berkontribusi and Hadir Saja in scoring_weight

Revision ID: 0006_standing
Revises: 0006
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa

from core import reference as ref

revision = "0006_standing"
down_revision = "0006"
branch_labels = None
depends_on = None

weight = sa.table(
    "scoring_weight",
    sa.column("category", sa.String),
    sa.column("key", sa.String),
    sa.column("points", sa.Float),
)


def upgrade() -> None:
    op.bulk_insert(weight, [{"category": "standing", "key": k, "points": float(v)}
                            for k, v in ref.DEFAULT_STANDING_RULES.items()])


def downgrade() -> None:
    op.execute(weight.delete().where(weight.c.category == "standing"))
