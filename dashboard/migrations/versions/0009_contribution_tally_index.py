"""one covering index for a member's contributions instead of two single-column ones

Revision ID: 0009
Revises: 0006_kiosk
Create Date: 2026-11-23

The running totals (core/tally.py) group verified contributions by member and day. With an index on
(member_id, date, verification, kind) that grouping reads the index in order, without a sort and without
visiting the table rows; the member detail's "this member, this period" lookup uses it too. The index on
``date`` alone served no query, and every bulk upload paid for rebuilding it.
"""
from alembic import op


revision = '0009'
down_revision = '0006_kiosk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index('ix_contribution_member_id')
        batch_op.drop_index('ix_contribution_date')
        batch_op.create_index('ix_contribution_member_day', ['member_id', 'date', 'verification', 'kind'])


def downgrade() -> None:
    with op.batch_alter_table('contribution', schema=None) as batch_op:
        batch_op.drop_index('ix_contribution_member_day')
        batch_op.create_index('ix_contribution_date', ['date'])
        batch_op.create_index('ix_contribution_member_id', ['member_id'])
