"""mapping profiles (mapping_profile): a clerk's confirmed reading of a sheet layout, found by its header signature

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

One row per layout: its name ("format Bappeda"), kind, the SHA-256 of its header keys by column, and the mapping
(`pokja inspect`'s header_rows, columns and invited) used by itself for the next sheet of that layout (issue 16).
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mapping_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('mapping_json', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('signature')
    )
    op.create_index(op.f('ix_mapping_profile_name'), 'mapping_profile', ['name'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_mapping_profile_name'), table_name='mapping_profile')
    op.drop_table('mapping_profile')
