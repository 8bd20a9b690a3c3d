"""kiosk tokens for the big screen

Revision ID: 0006_kiosk
Revises: 0006_standing
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_kiosk'
down_revision = '0006_standing'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kiosk_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )


def downgrade() -> None:
    op.drop_table('kiosk_token')
