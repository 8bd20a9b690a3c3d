"""member running totals (member_tally), filled from the stored records

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

COUNTS = ('att_hadir', 'att_diwakili', 'att_izin', 'att_tidak_hadir', 'att_tidak_diundang', 'con_tindak_lanjut',
          'con_data_dukung', 'con_paparan', 'con_usulan', 'con_laporan', 'con_publikasi', 'con_lainnya', 'con_total')


def upgrade() -> None:
    op.create_table('member_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    *[sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS],
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id', 'day', name='uq_member_tally_member_day'),
    )
    # Fill it from what is already stored (the same code every upload uses afterwards).
    from core import tally

    tally.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_table('member_tally')
