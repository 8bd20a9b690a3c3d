"""the fourth standing, Belum Diundang: forget the stored periods' groups grouped by the three old standings

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-04

period_group stores each group's standing as computed when it was stored; groups stored before this revision
count members never invited as Belum Berkontribusi. The stored periods are derived data (dashboard/periods.py):
dropping them makes the pages compute live until the next refresh stores them again with the new rule. Frozen
weekly snapshots are facts of their week and keep the standings they were taken with.
"""
from alembic import op


revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute('DELETE FROM period_group')
    op.execute('DELETE FROM period_score')
    op.execute('DELETE FROM score_period')


def downgrade() -> None:
    # Groups stored under the four standings would be read by the old code as they are; drop them the same way.
    upgrade()
