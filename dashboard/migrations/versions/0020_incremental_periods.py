"""stored periods without ranks and groups: both follow from the stored scores at read time

A change to a few members now recomputes only their rows of the day's stored periods (core/derived.py); a
stored rank or group would make every row depend on every other. period_group goes, and period_score loses its
rank column. Both are derived data: the stored periods are emptied and stored again in the background.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _period_score(with_rank: bool) -> None:
    op.create_table(
        "period_score",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("contributions", sa.Integer(), nullable=False),
        *([sa.Column("rank", sa.Integer(), nullable=False)] if with_rank else []),
        sa.ForeignKeyConstraint(["period_id"], ["score_period.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("period_id", "member_id"),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    op.drop_index("ix_period_group_period_id", table_name="period_group")
    op.drop_table("period_group")
    op.drop_table("period_score")
    op.execute("DELETE FROM score_period")
    _period_score(with_rank=False)


def downgrade() -> None:
    op.drop_table("period_score")
    op.execute("DELETE FROM score_period")
    _period_score(with_rank=True)
    op.create_table(
        "period_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("sector_id", sa.Integer(), nullable=False),
        sa.Column("standing", sa.String(length=40), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["score_period.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_period_group_period_id", "period_group", ["period_id"])
