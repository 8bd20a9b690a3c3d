"""the fourth standing, Belum Diundang; each kiosk token's correction list: names or counts only

kiosk_token.corrections: "names" (the default, as before) or "counts": a lobby screen that needs no login shows
how many members need coaching, not who.

The fourth standing: forget the stored periods' groups grouped by the three old standings.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

period_group stores each group's standing as computed when it was stored; groups stored before this revision
count members never invited as Belum Berkontribusi. The stored periods are derived data (core/periods.py):
dropping them makes the pages compute live until the next refresh stores them again with the new rule. Frozen
weekly snapshots are facts of their week and keep the standings they were taken with.
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kiosk_token') as batch:
        batch.add_column(sa.Column('corrections', sa.String(length=10), nullable=False, server_default='names'))
    _forget_stored_periods()


def _forget_stored_periods() -> None:
    op.execute('DELETE FROM period_group')
    op.execute('DELETE FROM period_score')
    op.execute('DELETE FROM score_period')


def downgrade() -> None:
    with op.batch_alter_table('kiosk_token') as batch:
        batch.drop_column('corrections')
    # Groups stored under the four standings would be read by the old code as they are; drop them the same way.
    _forget_stored_periods()
