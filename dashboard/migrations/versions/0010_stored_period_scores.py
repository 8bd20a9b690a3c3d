"""stored per-member scores of the day's standard periods (score_period, period_score)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23

Derived data (core/periods.py): filled in the transaction that bumps the data version, and after a day
change by the first page that misses it. Empty after this migration: until then the pages compute live.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('score_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('data_version', 'start', 'end', name='uq_score_period_version_range'),
    )
    op.create_table('period_score',
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('attended', sa.Integer(), nullable=False),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.Column('contributions', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['score_period.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('period_id', 'member_id'),
    sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table('period_score')
    op.drop_table('score_period')
