"""the board's groups of the stored periods (period_group)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23

Derived data (core/periods.py), like period_score: filled when the data version is bumped. Empty after this
migration: until then board_groups groups live.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('period_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.Column('standing', sa.String(length=40), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('attended', sa.Integer(), nullable=False),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['score_period.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_period_group_period_id', 'period_group', ['period_id'])


def downgrade() -> None:
    op.drop_index('ix_period_group_period_id', table_name='period_group')
    op.drop_table('period_group')
