"""audit trail and weekly snapshots

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)

    op.create_table('snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=10), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('week_end', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('headline_json', sa.Text(), nullable=False),
    sa.Column('evaluation_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('week')
    )
    op.create_table('snapshot_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('organization', sa.String(length=300), nullable=False),
    sa.Column('sector', sa.String(length=100), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('week_score', sa.Float(), nullable=False),
    sa.Column('week_rank', sa.Integer(), nullable=False),
    sa.Column('week_standing', sa.String(length=30), nullable=False),
    sa.Column('week_attendance_rate', sa.Float(), nullable=True),
    sa.Column('week_contributions', sa.Integer(), nullable=False),
    sa.Column('ytd_score', sa.Float(), nullable=False),
    sa.Column('ytd_rank', sa.Integer(), nullable=False),
    sa.Column('ytd_standing', sa.String(length=30), nullable=False),
    sa.Column('ytd_attendance_rate', sa.Float(), nullable=True),
    sa.Column('ytd_contributions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('snapshot_id', 'member_id')
    )
    with op.batch_alter_table('snapshot_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snapshot_member_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_snapshot_member_snapshot_id'), ['snapshot_id'], unique=False)

    op.create_table('snapshot_recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('progress', sa.Float(), nullable=True),
    sa.Column('target', sa.Date(), nullable=True),
    sa.Column('overdue', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('snapshot_id', 'code')
    )
    with op.batch_alter_table('snapshot_recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snapshot_recommendation_snapshot_id'), ['snapshot_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('snapshot_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snapshot_recommendation_snapshot_id'))

    op.drop_table('snapshot_recommendation')
    with op.batch_alter_table('snapshot_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snapshot_member_snapshot_id'))
        batch_op.drop_index(batch_op.f('ix_snapshot_member_member_id'))

    op.drop_table('snapshot_member')
    op.drop_table('snapshot')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
